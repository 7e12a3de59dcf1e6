"""Shared by the .docx and .odt tests and the benchmark: the test documents and LibreOffice headless."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

DOCUMENTS = Path(__file__).parent / "data" / "docx"
_PROFILE = tempfile.mkdtemp(prefix="stmtl10n-lo-")  # one fresh LibreOffice profile per session


def upper_text(text: str) -> str:
    """A msgid with its words upper-cased and its tags kept."""
    return re.sub(r"(<[^>]*>)|([^<]+)", lambda m: m.group(1) or m.group(2).upper(), text)


def convert(path: Path, kind: str, outdir: Path) -> Path:
    """``soffice --headless --convert-to kind``: the converted file."""
    filters = {"txt": "txt:Text (encoded):UTF8", "pdf": "pdf"}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{_PROFILE}", "--headless", "--convert-to",
                    filters[kind], "--outdir", str(outdir), str(path)], check=True, capture_output=True, timeout=180)
    return outdir / f"{path.stem}.{kind}"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def parts(data: bytes) -> dict[str, bytes]:
    """A zip document's parts by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
