"""The ``stmtl10n`` command: each command parses arguments, calls one library function, prints the result.

Commands live in one module per workflow step; importing a module registers its commands.
"""

from __future__ import annotations

from stmtl10n.cli._group import cli
from stmtl10n.cli import core  # noqa: F401  (registers init, extract, build, status)

# Further command modules register themselves here, one import per line:
from stmtl10n.cli import pretranslate  # noqa: F401
from stmtl10n.cli import review  # noqa: F401
from stmtl10n.cli import exchange  # noqa: F401
from stmtl10n.cli import check  # noqa: F401
# (end of command modules)


def main() -> None:
    cli(prog_name="stmtl10n")


__all__ = ["cli", "main"]
