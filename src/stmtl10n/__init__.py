"""stmtl10n: statements to gettext catalogs to per-language statements."""

from __future__ import annotations

__version__ = "0.1.0"
