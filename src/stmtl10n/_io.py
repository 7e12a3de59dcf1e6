"""Reading statements safely and writing every output atomically."""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from stmtl10n.errors import FormatError, LayoutError, OutputError, Stmtl10nError

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
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"{path}: cannot write it ({file_in_the_way(path)} is a file, not a folder); move or rename that file"
        ) from None
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
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
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

    A UTF-8 byte order mark is dropped (build puts it back). UTF-16 text, a binary
    file (an executable, a PDF, a Word document), bytes that are not UTF-8, and text
    with a control character other than tab, LF and CR are each refused in one line
    that names the byte offset (and line) and the fix.
    """
    # In this order: a known binary signature, then UTF-16 (a BOM, or NULs on one
    # side of every byte pair), then NULs in bytes that are not UTF-8 (binary).
    kind = _binary_kind(raw)
    if kind is None:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
            raise FormatError(
                f"{path}: the file is UTF-16; save it as UTF-8 "
                f"(for example: iconv -f UTF-16 -t UTF-8 {path} > {path}.utf8 && mv {path}.utf8 {path})"
            )
        kind = _nul_in_binary(raw)
    if kind is not None:
        raise FormatError(f"{path}: a binary file, not text ({kind}); save the statement as plain text (UTF-8) instead")
    text = decode_utf8(raw, display=path, fix="save the file as UTF-8", error=FormatError)
    control = _CONTROL.search(text)
    if control is not None:
        index = control.start()
        offset = len(raw) - len(text.encode("utf-8")) + len(text[:index].encode("utf-8"))  # a BOM counts
        line = text.count("\n", 0, index) + 1
        raise FormatError(
            f"{path}:{line}: control character U+{ord(control.group()):04X} at byte offset {offset}; remove it "
            "(statements are plain text: only tab, line feed and carriage return)"
        )
    if not text.strip():
        raise FormatError(f"{path}: the statement is empty; write its text or remove the file")
    return text


def read_statement(path: Path, *, display: str | None = None) -> str:
    """Read a statement file as text (see :func:`decode_statement`)."""
    shown = display or str(path)
    return decode_statement(_statement_file(path, shown), path=shown)


def read_statement_bytes(path: Path, *, display: str | None = None) -> bytes:
    """Read a binary statement (a ``.docx`` or ``.odt`` document) as bytes, with :func:`read_statement`'s errors.

    :raises FormatError: for a missing, unreadable or empty file; the format's
        reader says whether the bytes are the document they should be.
    """
    shown = display or str(path)
    raw = _statement_file(path, shown)
    if not raw:
        raise FormatError(f"{shown}: the statement is empty; save the document again or remove the file")
    return raw


def _statement_file(path: Path, shown: str) -> bytes:
    return read_user_file(
        path, display=shown, kind="statement", missing="check the name or add the file to statements/", error=FormatError
    )


def file_digest(path: Path, *, display: str | None = None) -> str | None:
    """The SHA-256 of a file's content, or None when there is no file.

    Writers compare it to tell whether someone else wrote a catalog since they
    read it. Size and modification time cannot tell: two same-size writes
    within one clock tick look alike, and inode numbers are reused.
    """
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise LayoutError(f"{display or path}: a folder where a file should be; move or rename the folder") from None
    except NotADirectoryError:
        raise LayoutError(f"{file_in_the_way(path)}: a file where a folder should be; move or rename the file") from None
    except OSError as exc:
        raise OutputError(f"{display or path}: cannot read it ({exc.strerror}); check its permissions") from None


def file_in_the_way(path: Path) -> Path:
    """The nearest parent of ``path`` that exists and is no folder (``path`` itself if none)."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return path


def has_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(3) == UTF8_BOM


# The C0 controls but tab, LF and CR, then DEL and the C1 controls (U+0080-U+009F, mojibake mostly).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# What a binary file put where a statement belongs usually is, by its first bytes.
_MAGIC = (
    (b"\x7fELF", "an ELF executable"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, such as a .docx or .odt document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document, such as a .doc"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b\x08", "a gzip archive"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
)


def _binary_kind(raw: bytes) -> str | None:
    """The kind of binary file ``raw`` is by its signature, or None."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    return None


def _nul_in_binary(raw: bytes) -> str | None:
    """NUL bytes in bytes that are not UTF-8 make a binary file; NULs in valid UTF-8
    are text with a stray control character, which the caller reports with its offset."""
    nul = raw.find(b"\0")
    if nul < 0:
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"NUL bytes, the first at byte offset {nul}"
    return None


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: NULs on one side of every byte pair (ASCII-range
    text), hardly any on the other. A binary file has NULs on both sides."""
    sample = raw[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    high, low = max(even, odd), min(even, odd)
    return high >= pairs // 3 and low <= pairs // 20


@contextmanager
def file_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock (``flock``) on ``lock_path`` for the ``with`` block.

    Every writer of a catalog (extract, pretranslate, the review server) takes
    the catalog's lock and re-reads the file under it, so concurrent writers
    never lose each other's work. The lock file itself holds nothing.
    """
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("a")
    except (FileExistsError, NotADirectoryError):
        raise LayoutError(
            f"{file_in_the_way(lock_path)}: a file where a folder should be; move or rename the file"
        ) from None
    except OSError as exc:
        raise OutputError(f"{lock_path}: cannot create the lock file ({exc.strerror}); check the folder and its permissions") from None
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
