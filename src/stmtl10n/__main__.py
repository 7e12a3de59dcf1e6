from stmtl10n.cli import main

main()
