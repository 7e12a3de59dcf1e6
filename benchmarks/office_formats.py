"""Word and OpenDocument statements: segments, inline tags, identity and upper-case builds, time per file.

Run: .venv/bin/python benchmarks/office_formats.py [--png DIR]

For each document in tests/data/docx/ (made by LibreOffice from the project's
statements, see its SOURCE.md) it prints:

- segments, and inline tags per segment (mean and most);
- identity build: every msgstr its msgid; "parts" is how many of the zip's
  parts are byte for byte the source's, "LO text" and "PDF text" whether
  LibreOffice's text export and pdftotext of its PDF export equal the
  source's;
- upper-case build: every msgstr the msgid with its words upper-cased and
  its tags kept; "structure" whether reading the build back gives the same
  segment kinds, levels and tags, "LO text" whether LibreOffice's text of the
  build is the source's upper-cased;
- CPU and wall time of extract + render (LibreOffice's conversions are not
  counted).

With ``--png DIR`` the first page of each upper-case build's PDF is written
as a PNG there (pdftoppm), to be looked at.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from office_support import DOCUMENTS, convert, pdf_text, upper_text
from stmtl10n.formats import binary_format_for
from stmtl10n.model import Segment

_TAG = re.compile(r"<(?!/)[a-z]+\d*/?>")


def _parts_equal(before: bytes, after: bytes) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(before)) as a, zipfile.ZipFile(io.BytesIO(after)) as b:
        names = a.namelist()
        same = sum(1 for name in names if name in b.namelist() and a.read(name) == b.read(name))
    return same, len(names)


def _shape(segments: list[Segment]) -> list[tuple[str, int | None, tuple[str, ...]]]:
    return [(s.kind, s.level, tuple(_TAG.findall(s.text))) for s in segments]


def _lo_text(path: Path, outdir: Path) -> str:
    return convert(path, "txt", outdir).read_text(encoding="utf-8-sig")


def measure(path: Path, tmp: Path, png_dir: Path | None) -> str:
    fmt = binary_format_for(path)
    data = path.read_bytes()
    cpu, wall = time.process_time(), time.perf_counter()
    segments = fmt.extract(data, path=path.name)
    identity = fmt.render(data, lambda s: s.text, path=path.name)
    upper = fmt.render(data, lambda s: upper_text(s.text), path=path.name, lang="en")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    tags = [len(_TAG.findall(s.text)) for s in segments]

    same, total = _parts_equal(data, identity)
    built = {}
    for name, content in (("identity", identity), ("upper", upper)):
        folder = tmp / name
        folder.mkdir(exist_ok=True)
        built[name] = folder / path.name
        built[name].write_bytes(content)
    source_dir = tmp / "source"
    source_dir.mkdir(exist_ok=True)
    source_text = _lo_text(path, source_dir)
    identity_text = _lo_text(built["identity"], tmp / "identity")
    pdf_same = pdf_text(convert(path, "pdf", source_dir)) == pdf_text(convert(built["identity"], "pdf", tmp / "identity"))
    upper_text_lo = _lo_text(built["upper"], tmp / "upper")
    structure = _shape(fmt.extract(upper, path=path.name)) == _shape(segments)
    if png_dir is not None:
        pdf = convert(built["upper"], "pdf", tmp / "upper")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(png_dir / f"{path.stem}{path.suffix.replace('.', '-')}")], check=True)
    return (f"{path.name:38} {len(segments):>8} {sum(tags) / len(tags):>9.2f} {max(tags):>5} "
            f"{same:>3}/{total:<3} {_yes(identity_text == source_text):>7} {_yes(pdf_same):>8} "
            f"{_yes(structure):>9} {_yes(upper_text_lo == source_text.upper()):>7} {cpu:>7.3f} {wall:>7.3f}")


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", type=Path, help="write the first page of each upper-case build here as PNG")
    args = parser.parse_args()
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    print(f"{'':38} {'':>8} {'tags/seg':>9} {'':>5} {'identity build':^24} {'upper-case build':^17} {'extract+render s':^15}")
    print(f"{'document':38} {'segments':>8} {'mean':>9} {'most':>5} {'parts':>7} {'LO text':>7} {'PDF text':>8} "
          f"{'structure':>9} {'LO text':>7} {'CPU':>7} {'wall':>7}")
    for path in sorted(DOCUMENTS.glob("*.docx")) + sorted(DOCUMENTS.glob("*.odt")):
        with tempfile.TemporaryDirectory(prefix="stmtl10n-office-") as tmp:
            print(measure(path, Path(tmp), args.png), flush=True)


if __name__ == "__main__":
    main()
