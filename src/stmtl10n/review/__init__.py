"""Volunteer review in the browser: accounts, the web application and the actions it performs on catalogs."""

from __future__ import annotations

from stmtl10n.review.accounts import (
    Reviewer,
    add_reviewer,
    load_reviewers,
    login_link,
    remove_reviewer,
)
from stmtl10n.review.app import ReviewApp
from stmtl10n.review.server import make_review_server

__all__ = [
    "ReviewApp", "Reviewer", "add_reviewer", "load_reviewers", "login_link", "make_review_server", "remove_reviewer",
]
