"""Copies of built statements for circulation: PDF (headless Chromium) and Word (LibreOffice), per language.

A built statement, whatever its format, becomes a standalone HTML page with
its language and direction set and fonts that cover Arabic and CJK (Debian's
fonts-noto-core and fonts-noto-cjk); headless Chromium prints that page to
PDF, and LibreOffice turns it into a ``.docx``.  A Word or OpenDocument
statement goes to LibreOffice directly.

Chromium, rather than WeasyPrint: it is a Debian package the project already
installs (the review server's browser tests), it shapes Arabic and CJK with
HarfBuzz and lays out right-to-left text as browsers do, and it needs no
Python dependency with native libraries of its own.  The ``.docx`` comes from
LibreOffice's HTML import, rather than python-docx: the page's headings,
lists, tables, links and direction become Word styles and ``w:bidi``
paragraphs without a second writer of our own to keep in step with the HTML.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from stmtl10n._io import atomic_write
from stmtl10n.errors import ConfigError, OutputError
from stmtl10n.formats import format_for
from stmtl10n.locales import text_direction
from stmtl10n.project import Project

#: The formats ``build --format`` writes besides a statement's own.
CIRCULATION_FORMATS = ("pdf", "docx")

# The Debian package each program comes in, for the one line a missing program gets.
_PROGRAMS = {"chromium": "chromium", "soffice": "libreoffice-writer"}
# Chromium prints a statement in a second or two; a hung one is killed.
_TIMEOUT = 180
# Body fonts: Noto for Latin, Greek and Cyrillic, then the Arabic and CJK faces (fontconfig
# picks each character's face from the list in this order).
_ARABIC_FONTS = '"Noto Naskh Arabic", "Noto Sans Arabic"'
_CJK_FONTS = {"ja": '"Noto Sans CJK JP"', "ko": '"Noto Sans CJK KR"', "zh_Hant": '"Noto Sans CJK TC"'}
_DEFAULT_CJK = '"Noto Sans CJK SC"'
_OFFICE_SUFFIXES = (".docx", ".odt")
# What each copy was made from (a digest of its statement and of how it is made), under the
# cache folder: a copy is made again only when that changed, for PDFs are not byte-reproducible.
_MADE_FROM = "circulation.json"
# Bump when circulation_page or the conversions change, so every copy is made again.
_RECIPE = "1"


class _Output(Protocol):
    """What circulation reads of a build result (build.BuildResult, a layer above): a dataclass."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def statement(self) -> str: ...
    @property
    def languages(self) -> tuple[str, ...]: ...
    @property
    def path(self) -> str | None: ...
    @property
    def aligned(self) -> bool: ...
    @property
    def stale(self) -> bool: ...
    @property
    def unchanged(self) -> bool: ...
    @property
    def skipped(self) -> str | None: ...


Result = TypeVar("Result", bound=_Output)


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The circulation formats asked for, each once.

    :raises ConfigError: for a format that is none of :data:`CIRCULATION_FORMATS`.
    """
    wanted = tuple(dict.fromkeys(name.lower() for name in formats))
    for name in wanted:
        if name not in CIRCULATION_FORMATS:
            raise ConfigError(f"--format: unknown output format {name!r}; use pdf or docx")
    return wanted


def planned_copies(slugs: Iterable[str], languages: Iterable[str], formats: Sequence[str], *,
                   aligned_dir: str = "aligned") -> list[str]:
    """The copies a build with ``formats`` writes, as ``<folder>/<name>`` under the build folder.

    >>> planned_copies(["call"], ["es", "ar"], ["pdf"])
    ['es/call.pdf', 'ar/call.pdf', 'aligned/call.pdf']
    """
    names = [f"{lang}/{slug}.{fmt}" for slug in slugs for fmt in formats for lang in languages]
    if "pdf" in formats:
        names += [f"{aligned_dir}/{slug}.pdf" for slug in slugs]
    return names


def write_copies(project: Project, results: Sequence[Result], recorded: Iterable[str], *, formats: Sequence[str],
                 dry_run: bool = False) -> list[Result]:
    """Write a PDF and/or ``.docx`` copy beside each statement a build wrote, and a PDF of each aligned HTML document.

    A copy is made again when what it is made from changed (its statement,
    its language, the way it is made) or it is missing; otherwise it is
    ``unchanged`` (Chromium's PDFs differ from run to run, so the bytes
    cannot tell). A
    copy of a statement that is not written now (skipped, blocked), and a
    recorded copy of a format not asked for now, is removed. Each result is
    the statement's own result with the copy's ``path`` (or ``removed``).

    :param results: the build's results so far (statements and aligned documents).
    :param recorded: the files the last builds recorded writing (``<folder>/<name>``).
    :param formats: ``pdf``, ``docx``, or both.
    :raises OutputError: when Chromium or LibreOffice is missing or fails.
    """
    build_dir = project.build_dir
    wanted = check_formats(formats)
    out: list[Result] = []
    made: set[Path] = set()
    record_path = project.cache_dir / _MADE_FROM
    made_from = _read_made_from(record_path)
    before = dict(made_from)
    for result in results:
        if result.stale:
            continue
        for fmt in wanted:
            if result.aligned and (fmt != "pdf" or not (result.path or "").endswith(".html")):
                continue
            if result.path is None:
                if result.aligned:
                    continue
                target = build_dir / result.languages[0] / f"{result.statement}.{fmt}"
                if target.is_file() and not target.is_symlink():
                    if not dry_run:
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(target)
                    out.append(_removed(result, project.relative(target), result.skipped or "not built now"))
                    made.add(target)
                continue
            source = project.root / result.path
            if source.suffix.lower() == f".{fmt}":
                continue  # the statement itself is that format
            target = source.with_name(f"{result.statement}.{fmt}")
            made.add(target)
            lang = None if result.aligned else result.languages[0]
            key = project.relative(target)
            digest = _digest(source, fmt, lang) if source.is_file() else None
            unchanged = (result.unchanged and digest is not None and made_from.get(key) == digest
                         and target.is_file() and not target.is_symlink())
            if not dry_run and not unchanged:
                write_copy(source, target, lang=lang, title=result.statement)
                if digest is not None:
                    made_from[key] = digest
            # the statement's problems are counted once, on the statement
            out.append(dataclasses.replace(result, path=project.relative(target),
                                           unchanged=unchanged, problems=()))
    # copies of a format not asked for now
    for relative in recorded:
        folder, _, name = relative.partition("/")
        path = build_dir / folder / name
        if Path(name).suffix.lstrip(".") in CIRCULATION_FORMATS and path not in made and path.is_file() \
                and not path.is_symlink() and Path(name).suffix.lstrip(".") not in wanted:
            statement = next((r for r in results if r.statement == Path(name).stem), None)
            if statement is None:
                continue  # its statement is gone: build's own clean-up says so
            if not dry_run:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
            reason = f"not asked for (--format {Path(name).suffix.lstrip('.')})"
            out.append(_removed(statement, project.relative(path), reason))
    if not dry_run and made_from != before:
        atomic_write(record_path, json.dumps(made_from, indent=1, sort_keys=True) + "\n")
    return out


def _digest(source: Path, fmt: str, lang: str | None) -> str:
    recipe = f"{_RECIPE}\0{fmt}\0{lang or ''}\0".encode()
    return hashlib.sha256(recipe + source.read_bytes()).hexdigest()


def _read_made_from(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(key, str) and isinstance(value, str)}


def _removed(result: Result, removed: str, reason: str) -> Result:
    """A copy removed: reported as build reports an earlier file it removes."""
    return dataclasses.replace(result, path=None, removed=removed, skipped=reason,
                               stale=True, unchanged=False, problems=())


def write_copy(source: Path, target: Path, *, lang: str | None, title: str) -> None:
    """Write ``target`` (``.pdf`` or ``.docx``) from the built statement or aligned page ``source``.

    :param lang: the statement's language (None: the page says it, as an aligned document does).
    :raises OutputError: when the program that makes it is missing or fails.
    """
    kind = target.suffix.lower()
    with tempfile.TemporaryDirectory(prefix="stmtl10n-print-") as scratch:
        work = Path(scratch)
        if source.suffix.lower() in _OFFICE_SUFFIXES:
            data = _office_convert(source, kind.lstrip("."), work)
        else:
            page = work / "page.html"
            if source.suffix.lower() in (".html", ".htm"):
                page.write_bytes(source.read_bytes())
            else:
                text = source.read_text(encoding="utf-8-sig")
                page.write_text(circulation_page(text, path=source.name, lang=lang, title=title), encoding="utf-8")
            data = print_pdf(page, work) if kind == ".pdf" else _office_convert(page, "docx", work)
    atomic_write(target, data)


def circulation_page(text: str, *, path: str, lang: str | None, title: str) -> str:
    """A standalone, printable HTML page of a built statement, with ``lang``, ``dir`` and fonts for every script.

    Markdown is rendered with the project's markdown-it parser (raw HTML in it
    kept), plain text is one paragraph per blank-line separated block, its line
    breaks kept.

    >>> page = circulation_page("# Gaza\\n\\nنص", path="x.md", lang="ar", title="x")
    >>> '<html lang="ar" dir="rtl">' in page and "<h1>Gaza</h1>" in page
    True
    """
    name = format_for(path).name
    if name == "markdown":
        from stmtl10n.formats.markdown import make_markdown_parser  # lazy: only a PDF of a Markdown statement needs it

        body = make_markdown_parser({"html": True}).render(text)
    else:
        blocks = [block.strip("\r\n") for block in text.replace("\r\n", "\n").split("\n\n")]
        body = "\n".join(f"<p>{html.escape(block)}</p>" for block in blocks if block.strip())
    code = (lang or "und").replace("_", "-")
    direction = text_direction(lang) if lang else "auto"
    fonts = f'"Noto Sans", {_ARABIC_FONTS}, {_cjk_fonts(lang)}, sans-serif'
    if lang and lang.split("_")[0] in ("ar", "fa", "ur"):
        fonts = f'{_ARABIC_FONTS}, "Noto Sans", {_cjk_fonts(lang)}, sans-serif'
    style = (
        "@page { size: A4; margin: 2cm; }\n"
        f"body {{ font-family: {fonts}; font-size: 11pt; line-height: 1.45; }}\n"
        "table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.2em 0.5em; }\n"
    )
    if name != "markdown":
        style += "p { white-space: pre-line; }\n"  # plain text's line breaks are its own (one name a line)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{code}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{style}</style>\n</head>\n"
        f'<body dir="{direction}">\n{body}\n</body>\n</html>\n'
    )


def _cjk_fonts(lang: str | None) -> str:
    if lang in _CJK_FONTS:
        return f"{_CJK_FONTS[lang]}, {_DEFAULT_CJK}"
    if lang is not None and lang.split("_")[0] in _CJK_FONTS and lang.split("_")[0] != "zh":
        return f"{_CJK_FONTS[lang.split('_')[0]]}, {_DEFAULT_CJK}"
    return _DEFAULT_CJK


def print_pdf(page: Path, work: Path) -> bytes:
    """The PDF headless Chromium prints of the HTML file ``page`` (A4, no header or footer).

    :param work: a scratch folder for Chromium's profile and the PDF.
    :raises OutputError: when Chromium is missing or prints nothing.
    """
    chromium = _program("chromium")
    pdf = work / "page.pdf"
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--user-data-dir={work / 'profile'}",
        f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.resolve().as_uri(),
    ]
    _run(command, what="chromium", display=page.name)
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise OutputError(f"{page.name}: chromium printed no PDF; run it by hand to see why: {' '.join(command)}")
    return pdf.read_bytes()


def _office_convert(source: Path, kind: str, work: Path) -> bytes:
    """``source`` converted by headless LibreOffice to ``kind`` (``pdf`` or ``docx``)."""
    soffice = _program("soffice")
    outdir = work / "out"
    command = [soffice, f"-env:UserInstallation={(work / 'lo-profile').resolve().as_uri()}", "--headless"]
    if source.suffix.lower() in (".html", ".htm"):
        # Read as a Writer document, not a web page, so it saves as Word.
        command += ["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML"]
    else:
        command += ["--convert-to", kind]
    command += ["--outdir", str(outdir), str(source)]
    _run(command, what="soffice", display=source.name)
    made = outdir / f"{source.stem}.{kind}"
    if not made.is_file():
        raise OutputError(f"{source.name}: LibreOffice wrote no .{kind}; run it by hand to see why: {' '.join(command)}")
    return made.read_bytes()


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise OutputError(f"{name} not found: install Debian's {_PROGRAMS[name]} (apt-get install {_PROGRAMS[name]}) "
                          "to build --format pdf or docx")
    return found


def _run(command: list[str], *, what: str, display: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise OutputError(f"{display}: {what} did not finish in {_TIMEOUT} s; try again, or run it by hand") from None
    except OSError as exc:
        raise OutputError(f"{display}: cannot run {what} ({exc.strerror}); reinstall Debian's {_PROGRAMS[what]}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise OutputError(f"{display}: {what} failed (exit {done.returncode}: {last}); run it by hand to see why")
