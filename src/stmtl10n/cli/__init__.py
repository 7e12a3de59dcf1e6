"""The ``stmtl10n`` command: each command parses arguments, calls one library function, prints the result.

Commands live in one module per workflow step; importing a module registers its commands.
"""

from __future__ import annotations

# Further command modules register themselves here, one import per line:
from stmtl10n.cli import (
    check,  # noqa: F401
    core,  # noqa: F401  (registers init, extract, build, status)
    exchange,  # noqa: F401
    pretranslate,  # noqa: F401
    review,  # noqa: F401
    signatories,  # noqa: F401
)
from stmtl10n.cli._group import cli

# (end of command modules)


def main() -> None:
    cli(prog_name="stmtl10n")


__all__ = ["cli", "main"]
