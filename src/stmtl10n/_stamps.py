"""What made a kept result: the package's code and a library's install, for the keys of kept records.

A record kept under ``.stmtl10n-cache/`` (a check's problems, a statement's
reading) must not be answered from by other code than the one that wrote it:
its key holds these stamps, which change with every edit of the package's
files and every reinstall of the library.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import cache
from pathlib import Path

from stmtl10n import __version__


@cache
def code_stamp() -> str:
    """The package's version and its source files (size and modification time), digested."""
    root = Path(__file__).resolve().parent
    stamp = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*.py")):
        info = path.stat()
        stamp.update(f"{path.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return stamp.hexdigest()


def library_stamp(module: str) -> str:
    """Which install of a library would be used, without importing it (``status`` with kept results
    loads neither babel nor markdown-it): its package file's path, size and modification time."""
    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    if origin is None:
        return ""
    try:
        stat = os.stat(origin)
    except OSError:
        return origin
    return f"{origin}:{stat.st_size}:{stat.st_mtime_ns}"
