"""The real signatory lists in tests/data/signatories/ are well-formed: truth files match their statements, SOURCE.md names every file.

The recognition figures themselves are benchmarks/signatories.py's; these tests
only keep the data set honest as it is edited.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "signatories"
STATEMENTS = sorted(p for p in DATA.iterdir()
                    if p.suffix in {".txt", ".md"} and not p.name.endswith(".truth.txt") and p.name != "SOURCE.md")
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    # A published item may wrap over two lines ("président de" / "l’Association…")
    # or be separated from its role by a run of spaces; the truth line reads it as one.
    return _SPACES.sub(" ", text).strip()


def _truth_path(statement: Path) -> Path:
    return statement.with_name(statement.name.rsplit(".", 1)[0] + ".truth.txt")


def test_the_data_set_has_enough_real_signatories_and_shapes() -> None:
    lines = [line for s in STATEMENTS for line in _truth_path(s).read_text(encoding="utf-8").splitlines()]
    with_list = [s for s in STATEMENTS if _truth_path(s).read_text(encoding="utf-8").strip()]
    assert len(lines) >= 300
    assert len(with_list) >= 8
    text = "\n".join(lines)
    assert re.search(r"[\u0600-\u06ff]", text), "no Arabic names"
    assert re.search(r"[\u4e00-\u9fff]", text), "no CJK names"
    assert len(STATEMENTS) - len(with_list) >= 2, "fewer than two negative files"


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda p: p.name)
def test_every_truth_line_occurs_in_its_statement_in_order(statement: Path) -> None:
    truth = _truth_path(statement)
    assert truth.exists(), f"{statement.name} has no {truth.name}"
    text = _normal(statement.read_text(encoding="utf-8"))
    position = 0
    for number, line in enumerate(truth.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip() and line == line.strip(), f"{truth.name}:{number}: blank or padded line"
        found = text.find(_normal(line), position)
        assert found >= 0, f"{truth.name}:{number}: {line!r} is not in {statement.name} after the previous line"
        position = found + len(_normal(line))


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda p: p.name)
def test_source_md_names_every_statement_with_its_source(statement: Path) -> None:
    rows = [line for line in (DATA / "SOURCE.md").read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `{statement.name}` |")]
    assert len(rows) == 1, f"SOURCE.md has no row for {statement.name}"
    assert re.search(r"https?://|commit [0-9a-f]{40}", rows[0]), f"{statement.name}: no URL or commit in SOURCE.md"


def test_every_file_belongs_to_a_statement() -> None:
    names = {s.name for s in STATEMENTS} | {_truth_path(s).name for s in STATEMENTS} | {"SOURCE.md"}
    assert sorted(p.name for p in DATA.iterdir() if p.name not in names) == []
