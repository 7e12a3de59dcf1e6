"""Reading statements safely and writing every output atomically."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from stmtl10n.errors import FormatError, OutputError, Stmtl10nError

UTF8_BOM = b"\xef\xbb\xbf"


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A crash or a kill at any moment leaves either the old file or the new one,
    never a half-written catalog. Text is written as UTF-8 with no newline
    translation, so CRLF statements stay CRLF.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it ({exc.strerror}); check the folder and its permissions") from None
    try:
        # No fsync: the rename is what makes a kill at any moment safe, and like
        # msgmerge and babel we leave power-loss durability to the filesystem
        # (an fsync per catalog made extract of a large project several times slower).
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(payload)
        if path.exists():
            os.chmod(tmp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write it ({exc.strerror}); check free space and permissions") from None
        raise


def read_user_file(path: Path, *, display: str, kind: str, missing: str, error: type[Stmtl10nError]) -> bytes:
    """The bytes of a file the user named, every OS error turned into one line of ``error``.

    :param kind: what the file is, for messages ("statement", "catalog", "glossary file").
    :param missing: the fix to suggest when the file does not exist.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{display}: no such {kind}; {missing}") from None
    except IsADirectoryError:
        raise error(f"{display}: is a folder, not a {kind}") from None
    except OSError as exc:
        raise error(f"{display}: cannot read it ({exc.strerror})") from None


def decode_utf8(raw: bytes, *, display: str, fix: str, error: type[Stmtl10nError]) -> str:
    r"""Decode UTF-8 (a byte order mark is dropped), naming the line and byte of the first bad byte.

    >>> decode_utf8(b"caf\xc3\xa9\n", display="x.txt", fix="", error=FormatError)
    'café\n'
    """
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(
            f"{display}:{line}: not valid UTF-8 at byte offset {exc.start} (byte 0x{raw[exc.start]:02x}); {fix}"
        ) from None


def decode_statement(raw: bytes, *, path: str) -> str:
    """Decode a statement's bytes as UTF-8, explaining exactly what is wrong when it is not.

    A UTF-8 byte order mark is dropped (build puts it back).
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise FormatError(
            f"{path}: the file is UTF-16; save it as UTF-8 "
            f"(for example: iconv -f UTF-16 -t UTF-8 {path} > {path}.utf8 && mv {path}.utf8 {path})"
        )
    text = decode_utf8(raw, display=path, fix="save the file as UTF-8", error=FormatError)
    if not text.strip():
        raise FormatError(f"{path}: the statement is empty; write its text or remove the file")
    return text


def read_statement(path: Path, *, display: str | None = None) -> str:
    """Read a statement file as text (see :func:`decode_statement`)."""
    shown = display or str(path)
    raw = read_user_file(
        path, display=shown, kind="statement", missing="check the name or add the file to statements/", error=FormatError
    )
    return decode_statement(raw, path=shown)


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's content, or None when there is no file.

    Writers compare it to tell whether someone else wrote a catalog since they
    read it. Size and modification time cannot tell: two same-size writes
    within one clock tick look alike, and inode numbers are reused.
    """
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def has_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(3) == UTF8_BOM


def _looks_like_utf16(raw: bytes) -> bool:
    # UTF-16 without a byte order mark: every other byte of ASCII text is NUL.
    sample = raw[:200]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3


@contextmanager
def file_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock (``flock``) on ``lock_path`` for the ``with`` block.

    Every writer of a catalog (extract, pretranslate, the review server) takes
    the catalog's lock and re-reads the file under it, so concurrent writers
    never lose each other's work. The lock file itself holds nothing.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
