"""stmtl10n: statements to gettext catalogs to per-language statements.

The package is in layers; a module imports only from its own layer and those
below it (``tests/test_architecture.py`` holds the list and checks it, with no
import cycle anywhere):

1. foundation: ``errors``, ``_io``, ``model``, ``choices``, ``patterns``, ``similarity``;
2. project model: ``config`` (settings), ``project``, ``locales``, ``catalog``
   (the entry and its state), ``formats/`` (a reader and writer per statement
   format), ``countries``, ``glossary``, ``detect``;
3. services: ``checks/``, ``engines/``, ``memory``, ``status``, ``documents/``
   (what readers get: side-by-side documents, the dashboard, TMX);
4. workflow verbs: ``extract``, ``pretranslate``, ``build``, ``import_translation``;
5. front ends: ``cli/`` and ``review/``.

Imports go at the top of a module. Start-up time has one documented exception,
marked ``# lazy:`` where it is used: a CLI command imports the library inside
its function, so ``stmtl10n --help`` loads none of it, and a library function
imports a heavy optional part (an engine's client, the checks) only on the
path that needs it.
"""

from __future__ import annotations

__version__ = "0.1.0"
