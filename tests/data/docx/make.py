"""Make the test documents from the project's statements, in LibreOffice (headless).

Each statement of ../../../statements/*.txt becomes an HTML page: its first line
a heading, numbered lines an ordered list (LibreOffice writes a numbering
definition for it), the first sentence of every paragraph bold, a link, a
footnote (LibreOffice's own HTML footnote markup), a superscript and a
signatory table; then `soffice --headless --convert-to docx` and `odt`.

Run from the project root: python tests/data/docx/make.py
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATEMENTS = HERE.parents[2] / "statements"
SIGNATORIES = [("Name", "Organization", "Country"), ("Leila Haddad", "Palestine Solidarity Campaign", "United Kingdom"),
               ("Juan Pérez", "Comité de Solidaridad", "Chile"), ("Amal Nasser", "Al-Haq", "Palestine")]


def page(lines: list[str]) -> str:
    body = [f"<h1>{html.escape(lines[0])}</h1>"]
    items: list[str] = []
    footnote_done = link_done = False
    for line in lines[1:]:
        number = re.match(r"\d+\.\s+", line)
        if number:
            items.append(f"<li>{html.escape(line[number.end():])}</li>")
            continue
        if items:
            body.append("<ol>" + "".join(items) + "</ol>")
            items = []
        text = html.escape(line)
        first, dot, rest = text.partition(". ")
        if dot and len(first) < 200:
            text = f"<b>{first}.</b> {rest}"
        if not link_done and len(line) > 80:
            text = text.replace(" the ", ' the <a href="https://example.org/statement">solidarity</a> ', 1)
            link_done = True
        elif not footnote_done and len(line) > 80:
            text += ('<a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>1</sup></a>'
                     " It was 10<sup>th</sup> in a row.")
            footnote_done = True
        tag = "h2" if len(line) < 60 and line.endswith(":") else "p"
        body.append(f"<{tag}>{text}</{tag}>")
    if items:
        body.append("<ol>" + "".join(items) + "</ol>")
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in SIGNATORIES)
    body.append(f"<h2>Signatories</h2><table border=1>{rows}</table>")
    body.append('<div id="sdfootnote1"><p><a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>'
                "United Nations General Assembly, <i>resolution 32/40 B</i>.</p></div>")
    return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>s</title></head><body>" + "".join(body) + "</body></html>"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pages = []
        for statement in sorted(STATEMENTS.glob("*.txt")):
            lines = [line.strip() for line in statement.read_text(encoding="utf-8").splitlines() if line.strip()]
            target = Path(tmp) / f"{statement.stem}.html"
            target.write_text(page(lines), encoding="utf-8")
            pages.append(str(target))
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        for kind, filt in (("docx", "docx:MS Word 2007 XML"), ("odt", "odt:writer8")):
            subprocess.run(["soffice", profile, "--headless", "--infilter=HTML (StarWriter)", "--convert-to", filt,
                            "--outdir", str(HERE), *pages], check=True, capture_output=True, timeout=300)


if __name__ == "__main__":
    main()
