"""``python -m stmtl10n``."""

from stmtl10n.cli import main

if __name__ == "__main__":
    main()
