"""Machine engines behind one small protocol (see :mod:`stmtl10n.engines.base`)."""
