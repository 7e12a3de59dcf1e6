"""Read and build real saved web pages (tests/data/html/) with the HTML format, and print them as PDFs.

Usage: .venv/bin/python benchmarks/html_format.py [--pdf] [--repeat 20]

Per page:
  segments        how many segments extract finds (signat.: of them signatories)
  tags/segment    inline tags kept in the msgids (a, b, br, font …), per segment
  identity        the build with every msgstr = msgid, in Spanish, equals the page but
                  for lang and dir on <html>, and without a language it is the page itself
  upper           an upper-case build (the words of every msgid in capitals, tags and
                  references as written) has the page's element tree: the same start and end
                  tags with the same attributes (lang, dir and the translated description aside),
                  the same script and style text, and reads back as the capitalised segments
  ms              extract and render, the best of --repeat runs
With --pdf, each page's upper-case Arabic build is printed with headless Chromium, as
`build --format pdf` prints an HTML statement, and pdftotext checks the capitalised words are in it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from stmtl10n.documents.circulation import write_copy
from stmtl10n.formats import html as html_module
from stmtl10n.formats.html import HtmlFormat
from test_formats_html import _shape, upper_text

_TAGS = re.compile(r"<[^<>]*>")


def _figures(page: Path, fmt: HtmlFormat, repeat: int) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    best = float("inf")
    for _ in range(repeat):
        html_module._read.cache_clear()  # the reading is cached by text: time it, not the cache
        started = time.perf_counter()
        segments = fmt.extract(text, path=page.name)
        fmt.render(text, lambda segment: segment.text, path=page.name, lang="es")
        best = min(best, time.perf_counter() - started)
    tags = sum(len(_TAGS.findall(segment.text)) for segment in segments)
    built = fmt.render(text, lambda segment: segment.text, path=page.name, lang="es")
    start = re.search(r"<html[^>]*>", text, re.IGNORECASE)
    assert start is not None
    end = built.index(">", start.start()) + 1
    identity = (fmt.render(text, lambda segment: None, path=page.name) == text
                and built[:start.start()] == text[:start.start()] and built[end:] == text[start.end():]
                and re.sub(r' (?:lang|dir)="[^"]*"', "", built[start.start():end])
                == re.sub(r' (?:lang|dir)="[^"]*"', "", start.group()))
    upper = fmt.render(text, lambda segment: upper_text(segment.text), path=page.name, lang="ar")
    source_shape, upper_shape = _shape(text), _shape(upper)
    reread = [segment.text for segment in fmt.extract(upper, path=page.name)]
    structure = (source_shape.events == upper_shape.events and source_shape.code == upper_shape.code
                 and reread == [upper_text(segment.text) for segment in segments])
    return {"segments": len(segments), "signatories": sum(segment.is_signatory for segment in segments), "tags": tags / max(len(segments), 1), "identity": identity,
            "upper": structure, "ms": best * 1000, "built": upper, "texts": reread}


def _pdf(page: Path, built: str, texts: list[str]) -> tuple[float, int, int]:
    """Seconds to print the built page, and how many of its segments' first words pdftotext finds."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / page.name
        source.write_text(built, encoding="utf-8")
        target = Path(scratch) / "page.pdf"
        started = time.perf_counter()
        write_copy(source, target, lang="ar", title=page.stem)
        seconds = time.perf_counter() - started
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    words = [re.sub(r"&[#A-Za-z0-9]+;", " ", _TAGS.sub(" ", segment)).split() for segment in texts]
    firsts = [w[0] for w in words if w and w[0].isalpha() and w[0].isascii()]
    return seconds, sum(first in text for first in firsts), len(firsts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf", action="store_true", help="also print each page to PDF with Chromium")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    fmt = HtmlFormat()
    header = f"{'page':<28} {'bytes':>6} {'segments':>8} {'signat.':>7} {'tags/seg':>8} {'identity':>8} {'upper':>6} {'ms':>7}"
    print(header + ("   pdf s  words found" if args.pdf else ""))
    for page in sorted((ROOT / "tests" / "data" / "html").glob("*.html")):
        figures = _figures(page, fmt, args.repeat)
        line = (f"{page.name:<28} {page.stat().st_size:>6} {figures['segments']:>8} {figures['signatories']:>7} {figures['tags']:>8.2f} "
                f"{'yes' if figures['identity'] else 'NO':>8} {'yes' if figures['upper'] else 'NO':>6} "
                f"{figures['ms']:>7.2f}")
        if args.pdf:
            built, texts = figures["built"], figures["texts"]
            assert isinstance(built, str) and isinstance(texts, list)
            seconds, found, total = _pdf(page, built, texts)
            line += f"   {seconds:>5.2f}  {found}/{total}"
        print(line)


if __name__ == "__main__":
    main()
