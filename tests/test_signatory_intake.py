"""Intake from sign-up forms: reading the CSV export, appending in the list's own format, and the CLI.

The names are real, from real lists: statements/solidarity-day-call.txt, the lists in
tests/data/signatories/, an Arabic statement of Hebron's university presidents
(https://fatehmedia.eu/2017/12/14/ : عبد القادر الدراويش of جامعة القدس المفتوحة, عماد الخطيب of
جامعة بوليتكنك فلسطين) and a Chinese scholars' letter (https://p2.ttnews.xyz/a/5e878c0fdc9b5e2ff7a213d5 :
崔曉靜 of 武漢大學法學院, 陳東曉 of 上海國際問題研究院).
"""

from __future__ import annotations

import csv
import doctest
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import stmtl10n.signatory_intake
from stmtl10n.catalog import read_catalog
from stmtl10n.cli import cli
from stmtl10n.errors import ConfigError, FormatError
from stmtl10n.extract import extract
from stmtl10n.formats import format_for
from stmtl10n.formats.signatories import parse_signatory
from stmtl10n.project import Project, find_project, init_project
from stmtl10n.signatory_intake import (
    add_signatories,
    compose_signatory,
    read_form,
    read_signatory_lists,
    render_signatories,
    suggest_countries,
)

REPO = Path(__file__).resolve().parent.parent
SOLIDARITY = REPO / "statements" / "solidarity-day-call.txt"
LISTS = REPO / "tests" / "data" / "signatories"

# A form export as Google Forms writes it: a timestamp, an e-mail, headers in their own words.
FORM = (
    "Timestamp,Full name,Email address,Organisation (if any),Country\n"
    "2024/11/20 10:02:11,Anam El-Jabali,anam@example.org,Palestinian American Council,United States\n"
    "2024/11/20 10:05:40,عبد القادر الدراويش,,جامعة القدس المفتوحة,Palestine\n"
    "2024/11/20 11:17:03,崔曉靜,,武漢大學法學院,China\n"
    "2024/11/21 08:00:00,Omnia  El\u00a0Sharkiy ,,University of California,United States\n"
)


def test_doctests() -> None:
    assert doctest.testmod(stmtl10n.signatory_intake).failed == 0


def _project(tmp_path: Path, *statements: tuple[str, str | bytes]) -> Project:
    init_project(tmp_path, source_lang="en", languages=("es", "ar", "fr"))
    for name, content in statements:
        path = tmp_path / "statements" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return find_project(tmp_path)


def _csv(tmp_path: Path, text: str, name: str = "form.csv", *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _solidarity(tmp_path: Path) -> Project:
    return _project(tmp_path, ("solidarity-day-call.txt", SOLIDARITY.read_bytes()))


# -- reading the form ------------------------------------------------------


def test_form_headers_in_any_order_case_and_spacing(tmp_path: Path) -> None:
    path = _csv(tmp_path, "COUNTRY ; Role;  last NAME ;First name;E-mail\nMorocco;;نورالدين;رياضي;x@y\n"
                          "China;;胡;星宇;\nTunisia;Secretary General;Belgasmi;Jihene;\n")
    form = read_form(path)
    assert [(row.row, row.name, row.country, row.role) for row in form.rows] == [
        (2, "رياضي نورالدين", "Morocco", ""), (3, "胡星宇", "China", ""), (4, "Jihene Belgasmi", "Tunisia", "Secretary General"),
    ]
    assert form.columns == {"country": "COUNTRY", "role": "Role", "last-name": "last NAME", "first-name": "First name"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_form_delimiter_is_sniffed_and_bom_dropped(tmp_path: Path, delimiter: str, bom: bool) -> None:
    rows = [["Name", "Affiliation", "Country"], ["J. Otto Pohl", "University of Ghana, Legon", "Ghana"],
            ["Ellen Schrecker", "Yeshiva University", "United States"]]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    form = read_form(_csv(tmp_path, out.getvalue(), bom=bom))
    assert [(r.name, r.organization, r.country) for r in form.rows] == [tuple(row) for row in rows[1:]]


def test_form_white_space_is_normalised_in_every_field(tmp_path: Path) -> None:
    form = read_form(_csv(tmp_path, 'Name,Institution,Title\n" Omnia\u00a0 El Sharkiy\n",'
                                    '"University of\u202fCalifornia,  Davis ",\tProfessor \n'))
    (row,) = form.rows
    assert (row.name, row.organization, row.role) == ("Omnia El Sharkiy", "University of California, Davis", "Professor")


def test_form_column_option_maps_other_headers(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Your union or party,Signer,Where do you live?\nNUMSA,Irvin Jim,South Africa\n")
    form = read_form(path, columns={"organization": "your union or party", "name": "Signer", "country": "Where do you live?"})
    assert [(r.name, r.organization, r.country) for r in form.rows] == [("Irvin Jim", "NUMSA", "South Africa")]
    with pytest.raises(ConfigError, match=r"--column country=Land: .* has no column 'Land' \(its headers: "):
        read_form(path, columns={"country": "Land"})


def test_form_without_names_or_organizations_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"form.csv: no column of names or organizations \(its headers: "
                                          r"Timestamp, Email\); name one with --column"):
        read_form(_csv(tmp_path, "Timestamp,Email\n2024,a@b.c\n"))


def test_form_that_is_not_utf8_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Name,Country\nXosé Luís,Spain\n".encode("latin-1"))
    with pytest.raises(FormatError, match=r"latin1.csv:2: not valid UTF-8 .*export the form as UTF-8 CSV"):
        read_form(path)


def test_misspelt_countries_get_the_closest_names() -> None:
    assert suggest_countries("Frnace") == ("France",)
    assert suggest_countries("Palestne") == ("Palestine",)
    assert suggest_countries("Untied States") == ("United States",)
    assert suggest_countries("Galiza") == ()


# -- the statement's lists -------------------------------------------------


def test_lists_of_the_solidarity_call_as_parsed() -> None:
    lists = read_signatory_lists(SOLIDARITY.read_text(encoding="utf-8"), path="solidarity-day-call.txt")
    assert [(lst.number, len(lst.signatories), lst.heading) for lst in lists] == [
        (1, 56, "Signing Parties and Organizations:"), (2, 38, None),
    ]
    last = lists[1].signatories[-1]
    assert (last.list_number, last.line, last.text, last.name, last.country, last.country_code) == (
        2, 126, "胡星宇, China", "胡星宇", "China", "CN")
    arabic = lists[1].signatories[-2]
    assert (arabic.name, arabic.organization, arabic.country_code) == ("رياضي نورالدين", "النهج الديمقراطي العمالي", "MA")


def test_list_renders_as_csv_json_and_text() -> None:
    lists = read_signatory_lists(SOLIDARITY.read_text(encoding="utf-8"), path="solidarity-day-call.txt")
    rows = list(csv.DictReader(io.StringIO(render_signatories(lists, "csv"))))
    assert len(rows) == 94 and list(rows[0]) == ["list", "line", "text", "name", "organization", "role", "country",
                                                  "country_code"]
    assert rows[-1] == {"list": "2", "line": "126", "text": "胡星宇, China", "name": "胡星宇", "organization": "",
                        "role": "", "country": "China", "country_code": "CN"}
    objects = json.loads(render_signatories(lists, "json"))
    assert objects[0]["list"] == 1 and objects[0]["country_code"] == "ZA" and objects[-1]["list"] == 2
    text = render_signatories(lists, "text")
    assert text.startswith("list 1: 56 signatories, after 'Signing Parties and Organizations:'\n")
    assert "\nlist 2: 38 signatories\n" in text and "China (CN)" in text


# -- appending -------------------------------------------------------------


def test_intake_continues_the_individuals_numbering_and_leaves_every_other_byte(tmp_path: Path) -> None:
    project = _solidarity(tmp_path)
    result = add_signatories(project, "solidarity-day-call", _csv(tmp_path, FORM))
    # Anam El-Jabali is already in the list: a duplicate. The list has no heading, so it is the last list.
    assert (result.list_number, result.added, result.duplicates, result.written) == (2, 3, 1, True)
    assert result.lines == (
        "39. عبد القادر الدراويش, جامعة القدس المفتوحة, Palestine",
        "40. 崔曉靜, 武漢大學法學院, China",
        "41. Omnia El Sharkiy, University of California, United States",
    )
    before = SOLIDARITY.read_text(encoding="utf-8")
    after = (tmp_path / "statements" / "solidarity-day-call.txt").read_text(encoding="utf-8")
    anchor = "  38. 胡星宇, China"
    assert after == before.replace(anchor, anchor + "".join(f"\n  {line}" for line in result.lines))


def test_intake_to_another_list_and_in_its_shape(tmp_path: Path) -> None:
    project = _solidarity(tmp_path)
    form = _csv(tmp_path, "Organization,Country\nBDS Chile,chile\nSamidoun Palestinian Prisoner Solidarity Network,Palestine\n"
                          "Congress of South African Trade Unions (COSATU),South Africa\n")
    result = add_signatories(project, "solidarity-day-call", form, list_number=1)
    assert (result.list_number, result.duplicates) == (1, 2)
    assert result.lines == ("60. Congress of South African Trade Unions (COSATU), South Africa",)
    text = (tmp_path / "statements" / "solidarity-day-call.txt").read_text(encoding="utf-8")
    assert "  59. مبادرة بي دي آس المغرب , Morocco\n  60. Congress of South African Trade Unions (COSATU), South Africa\n\n\n  1." in text
    with pytest.raises(ConfigError, match=r"--list 3: statements/solidarity-day-call.txt has 2 signatory lists; "
                                          r"`stmtl10n signatories list solidarity-day-call` numbers them"):
        add_signatories(project, "solidarity-day-call", form, list_number=3)


def test_duplicates_ignore_case_accents_and_spacing_within_the_form_too(tmp_path: Path) -> None:
    project = _solidarity(tmp_path)
    form = _csv(tmp_path, "Name,Organization,Country\n"
                          "Xose Luis Rivera Jacome,\"si. responsable de relaciones internacionales de cig, galiza\",Spain\n"
                          "Rosa  Bartiromo,Potere al Popolo,Italy\n"
                          "Matt Karush,George Mason University,United States\n"
                          "MATT KARUSH,George  Mason University,United States\n"
                          "Angelica Zavala,,United States\n"
                          "Anson Foster,,United States\n"
                          ",,Chile\n")
    result = add_signatories(project, "solidarity-day-call", form, dry_run=True)
    # "Anson Foster, Party for Socialism and Liberation, …" is listed: another organization, another person.
    assert result.lines == ("39. Matt Karush, George Mason University, United States", "40. Anson Foster, United States")
    assert result.duplicates == 4
    assert result.without_name == (8,)


def test_unknown_countries_stop_the_import_before_anything_is_written(tmp_path: Path) -> None:
    project = _solidarity(tmp_path)
    form = _csv(tmp_path, "Name,Country\nJ. Otto Pohl,Ghana\nSai Englert,Netherlnds\nMarina Calculli,Frnace\n"
                          "Greg Grandin,United States\n")
    with pytest.raises(FormatError) as caught:
        add_signatories(project, "solidarity-day-call", form)
    assert str(caught.value).split("\n") == [
        f'{form}:3: unknown country "Netherlnds"; did you mean Netherlands?',
        f'{form}:4: unknown country "Frnace"; did you mean France?',
        f"2 unknown countries: correct them in {form}, or run again with --keep-unknown to keep them as written; "
        "nothing was added",
    ]
    assert (tmp_path / "statements" / "solidarity-day-call.txt").read_bytes() == SOLIDARITY.read_bytes()
    kept = add_signatories(project, "solidarity-day-call", form, keep_unknown=True)
    assert [u.country for u in kept.kept_unknown] == ["Netherlnds", "Frnace"]
    assert kept.lines[1] == "40. Sai Englert, Netherlnds"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    project = _solidarity(tmp_path)
    result = add_signatories(project, "solidarity-day-call", _csv(tmp_path, FORM), dry_run=True)
    assert result.added == 3 and not result.written
    assert (tmp_path / "statements" / "solidarity-day-call.txt").read_bytes() == SOLIDARITY.read_bytes()


def test_line_endings_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    crlf = b"\xef\xbb\xbf" + SOLIDARITY.read_bytes().replace(b"\n", b"\r\n")
    project = _project(tmp_path, ("solidarity-day-call.txt", crlf))
    result = add_signatories(project, "solidarity-day-call", _csv(tmp_path, FORM))
    after = (tmp_path / "statements" / "solidarity-day-call.txt").read_bytes()
    anchor = "  38. 胡星宇, China".encode()
    added = b"".join(b"\r\n  " + line.encode() for line in result.lines)
    assert after == crlf.replace(anchor, anchor + added)


def test_individuals_heading_chooses_the_list(tmp_path: Path) -> None:
    statement = (
        "# Stop the genocide in Gaza\n\nWe call for an immediate ceasefire.\n\n## Organisations\n\n"
        "- ATE Capital, Argentina\n- BDS Chile, Chile\n- Lebanese Communist Party, Lebanon\n\n"
        "## Individual signatories\n\n"
        "- Angelica Zavala, United States\n- Ashraf Mtaweh, Lebanon\n- Caio Piccarelli, Brazil\n\n"
        "## Trade unions\n\n"
        "- National Union of Metalworkers of South Africa (NUMSA), South Africa\n"
        "- Central de Trabajadores de Cuba, Cuba\n- Central de Trabajadores de la Argentina Autónoma, Argentina\n"
    )
    project = _project(tmp_path, ("gaza.md", statement))
    lists = read_signatory_lists(statement, path="gaza.md")
    assert [(lst.heading, lst.is_individuals) for lst in lists] == [
        ("Organisations", False), ("Individual signatories", True), ("Trade unions", False),
    ]
    result = add_signatories(project, "gaza", _csv(tmp_path, "Name,Country\nFaizan Haider,Pakistan\n"))
    assert result.list_number == 2
    text = (tmp_path / "statements" / "gaza.md").read_text(encoding="utf-8")
    assert "- Caio Piccarelli, Brazil\n- Faizan Haider, Pakistan\n\n## Trade unions" in text


def test_a_field_the_form_lacks_is_left_out_with_its_separator(tmp_path: Path) -> None:
    text = (LISTS / "signed-marked-name-organization.md").read_text(encoding="utf-8")
    project = _project(tmp_path, ("rms.md", text))
    form = _csv(tmp_path, "First name,Last name,Affiliation\nKaren,Sandler,Software Freedom Conservancy\n"
                          "Bradley,Kuhn,\n")
    # The letter's list goes on after an HTML comment as a "1." list (list 2): the last list, and its numbering.
    result = add_signatories(project, "rms", form)
    assert result.list_number == 2
    assert result.lines == ("1. Karen Sandler (Software Freedom Conservancy)", "1. Bradley Kuhn")
    after = (tmp_path / "statements" / "rms.md").read_text(encoding="utf-8")
    assert after == text + "1. Karen Sandler (Software Freedom Conservancy)\n1. Bradley Kuhn\n"

    form = _csv(tmp_path, "First name,Last name,Affiliation\nMolly,Adams,\n")
    first = add_signatories(project, "rms", form, list_number=1)
    assert first.lines == ("- Molly Adams",)


def test_compose_in_each_shape() -> None:
    values = {"name": "J. Otto Pohl", "organization": "University of Ghana", "country": "Ghana"}
    assert compose_signatory(parse_signatory("Greg Grandin – New York University"), values) == "J. Otto Pohl – University of Ghana"
    assert compose_signatory(parse_signatory("Jane Doe (Birzeit University, Palestine)"), values) == (
        "J. Otto Pohl (University of Ghana, Ghana)")
    assert compose_signatory(parse_signatory("Jane Doe (Birzeit University, Palestine)"),
                             {"name": "J. Otto Pohl", "country": "Ghana"}) == "J. Otto Pohl (Ghana)"
    assert compose_signatory(parse_signatory("Ehab Idris Ali , الحزب الشيوعي السوداني , South Sudan"),
                             {"name": "عماد الخطيب", "organization": "جامعة بوليتكنك فلسطين", "country": "Palestine"}) == (
        "عماد الخطيب , جامعة بوليتكنك فلسطين , Palestine")


_SHAPES = {
    # blank-line separated "Name - Place, Country" (tests/data/signatories/blank-separated-name-place.txt)
    "blank-separated": (
        "Signatories:\n\nMs. Anna Tardy - Budapest, Hungary\n\nDr. Bo G. Ekelund - Stockholm, Sweden\n\n"
        "Dr. Per Erik Ljung - Lund, Sweden\n\nDr. Tjeerd de Graaf - Paterswolde, Netherlands\n",
        "Dr. Tjeerd de Graaf - Paterswolde, Netherlands\n",
        "Dr. Tjeerd de Graaf - Paterswolde, Netherlands\n\nSai Englert - Leiden University, Netherlands\n\n"
        "崔曉靜 - 武漢大學法學院, China\n",
    ),
    # a descending "and counting" list, no final newline
    "descending": (
        "Signed:\n\n1504) Greg Grandin, New York University\n1503) Ben Alpers, University of Oklahoma\n"
        "1502) Jesse Lemisch, CUNY",
        "1502) Jesse Lemisch, CUNY",
        "1502) Jesse Lemisch, CUNY\n1501) Sai Englert, Leiden University\n1500) 崔曉靜, 武漢大學法學院",
    ),
    # "*" bullets, indented, in a list that shows no organizations: none is written
    "star-bullets": (
        "Endorsed by:\n\n   * Eric Patel, United States\n   * Faizan Haider, Pakistan\n"
        "   * Gloria Eadeh, United States\n\nEnd.\n",
        "   * Gloria Eadeh, United States\n",
        "   * Gloria Eadeh, United States\n   * Sai Englert, Netherlands\n   * 崔曉靜, China\n",
    ),
}


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_new_items_follow_the_lists_markers_spacing_and_shape(tmp_path: Path, shape: str) -> None:
    statement, last, expected = _SHAPES[shape]
    project = _project(tmp_path, ("call.txt", "Open letter\n\nWe stand with the people of Palestine.\n\n" + statement))
    form = _csv(tmp_path, "Last name,First name,Organization,Country\nEnglert,Sai,Leiden University,Netherlands\n"
                          "崔,曉靜,武漢大學法學院,China\n")
    add_signatories(project, "call", form)
    after = (tmp_path / "statements" / "call.txt").read_text(encoding="utf-8")
    assert after == "Open letter\n\nWe stand with the people of Palestine.\n\n" + statement.replace(last, expected)


def test_a_markdown_table_gets_a_row_with_the_same_columns(tmp_path: Path) -> None:
    statement = (
        "# Letter\n\nWe refuse to participate in any events on its campus.\n\n"
        "| # | Name | Position | Institution |\n|---|------|----------|-------------|\n"
        "| 1 | Ellen Schrecker | Professor | Yeshiva University |\n"
        "| 2 | Matt Karush | Associate Professor | George Mason University |\n"
        "| 3 | Osman Khalil | Assistant Professor | Syracuse University |\n"
        "\nMore to come.\n"
    )
    project = _project(tmp_path, ("letter.md", statement))
    (lst,) = read_signatory_lists(statement, path="letter.md")
    first = lst.signatories[0]
    assert (first.name, first.role, first.organization) == ("Ellen Schrecker", "Professor", "Yeshiva University")
    form = _csv(tmp_path, "Name,Title,Institution,Country\nHussein Omar,Lecturer,Oxford University,United Kingdom\n"
                          "陳東曉,,上海國際問題研究院|SIIS,China\n")
    result = add_signatories(project, "letter", form)
    assert result.lines == ("| 4 | Hussein Omar | Lecturer | Oxford University |", "| 5 | 陳東曉 | | 上海國際問題研究院\\|SIIS |")
    after = (tmp_path / "statements" / "letter.md").read_text(encoding="utf-8")
    assert after == statement.replace("Syracuse University |\n", "Syracuse University |\n" + "\n".join(result.lines) + "\n")


def test_a_statement_without_a_signatory_list_says_how_to_start_one(tmp_path: Path) -> None:
    project = _project(tmp_path, ("call.txt", "Call for solidarity\n\nWe stand with the people of Palestine.\n"))
    with pytest.raises(FormatError, match=r"^statements/call.txt: no signatory list to add to; write the first few "
                                          r"signatories by hand"):
        add_signatories(project, "call", _csv(tmp_path, FORM))


def test_a_statement_that_does_not_exist_is_the_projects_error(tmp_path: Path) -> None:
    project = _solidarity(tmp_path)
    with pytest.raises(FormatError, match=r"^solidarity: no such statement in statements/ \(statements: solidarity-day-call\)"):
        add_signatories(project, "solidarity", _csv(tmp_path, FORM))


# -- the whole chain: form, add, extract -------------------------------------

_PEOPLE_FORM = (
    "Name,Organization,Country\n"
    "J. Otto Pohl,University of Ghana,Ghana\n"
    "عماد الخطيب,جامعة بوليتكنك فلسطين,Palestine\n"
    "崔曉靜,武漢大學法學院,China\n"
    "Jesse Lemisch,John Jay College of Criminal Justice,United States\n"
)
_BULLETS = (
    "Signatories:\n\n"
    "- Anam El-Jabali, Palestinian American Council, United States\n"
    "- Anson Foster, Party for Socialism and Liberation, United States\n"
    "- Bobbi Siegelbaum, JVP, United States\n"
    "- Kameron Hurt, International People’s Assembly, United States\n"
    "- رياضي نورالدين, النهج الديمقراطي العمالي, Morocco\n"
)
_NUMBERED = (
    "Signed:\n\n"
    "10. Karen Miller – LeGuardia Community College\n"
    "11. David Gutman – Manhattenville College\n"
    "12. Ellen Schrecker – Yeshiva University\n"
    "13. Matt Karush – George Mason University\n"
)
_UNMARKED = (
    "Signatories:\n"
    "Professor Gilbert Achcar, SOAS University of London\n"
    "Professor Talal Asad, City University of New York\n"
    "Haim Bresheeth, SOAS University of London\n"
    "Marina Calculli, Sciences Po\n"
    "Mike Cushman, LSE\n"
)
_INTRO = ("An open letter\n\nWe refuse to participate in any events on its campus, including academic conferences, "
          "until the decision is reversed.\n\n")


@pytest.mark.parametrize("ext", [".txt", ".md"])
@pytest.mark.parametrize("shape", ["bullets", "numbered", "unmarked"])
def test_extract_reads_every_added_line_as_a_signatory(tmp_path: Path, shape: str, ext: str) -> None:
    body = {"bullets": _BULLETS, "numbered": _NUMBERED, "unmarked": _UNMARKED}[shape]
    if shape == "unmarked" and ext == ".md":
        body = body.replace("\n", "  \n").replace("Signatories:  \n", "Signatories:\n\n")  # hard breaks
    project = _project(tmp_path, (f"letter{ext}", _INTRO + body))
    path = project.root / "statements" / f"letter{ext}"
    blocks = format_for(path).blocks(path.read_text(encoding="utf-8"), path=path.name)
    assert sum(b.segment.is_signatory for b in blocks) == {"bullets": 5, "numbered": 4, "unmarked": 5}[shape]
    result = add_signatories(project, "letter", _csv(tmp_path, _PEOPLE_FORM))
    assert result.added == 4
    extract(project)
    template = read_catalog(project.template_path("letter"))
    signatories = {entry.msgid for entry in template.active() if "signatory" in entry.flags}
    new = {entry.msgid for entry in template.active()} - {b.segment.text for b in blocks}
    assert len(new) == 4 and new <= signatories, f"not read as signatories: {sorted(new - signatories)}"


# -- the command line ------------------------------------------------------


def _invoke(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def test_cli_add_prints_the_summary(tmp_path: Path) -> None:
    _solidarity(tmp_path)
    form = _csv(tmp_path, FORM)
    result = _invoke(tmp_path, "signatories", "add", "solidarity-day-call", "--from-csv", str(form), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "39. عبد القادر الدراويش, جامعة القدس المفتوحة, Palestine",
        "40. 崔曉靜, 武漢大學法學院, China",
        "41. Omnia El Sharkiy, University of California, United States",
        "Would add 3 signatories to statements/solidarity-day-call.txt (list 2), skipping 1 duplicate.",
    ]
    result = _invoke(tmp_path, "signatories", "add", "solidarity-day-call", "--from-csv", str(form))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added 3 signatories to statements/solidarity-day-call.txt (list 2), skipped 1 duplicate.\n"
    again = _invoke(tmp_path, "signatories", "add", "solidarity-day-call.txt", "--from-csv", str(form))
    assert again.stdout == "Added 0 signatories to statements/solidarity-day-call.txt (list 2), skipped 4 duplicates.\n"


def test_cli_unknown_country_is_exit_code_1_with_a_line_per_row(tmp_path: Path) -> None:
    _solidarity(tmp_path)
    form = _csv(tmp_path, "Name;Country\nIlan Pappe;Untied Kingdom\n")
    result = _invoke(tmp_path, "signatories", "add", "solidarity-day-call", "--from-csv", str(form))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'Error: {form}:2: unknown country "Untied Kingdom"; did you mean United Kingdom?',
        f"1 unknown country: correct it in {form}, or run again with --keep-unknown to keep it as written; "
        "nothing was added",
    ]
    kept = _invoke(tmp_path, "signatories", "add", "solidarity-day-call", "--from-csv", str(form), "--keep-unknown")
    assert kept.exit_code == 0
    assert kept.stderr == f'{form}:2: unknown country "Untied Kingdom"; did you mean United Kingdom?; kept as written\n'


def test_cli_column_option_and_rows_left_out(tmp_path: Path) -> None:
    _solidarity(tmp_path)
    form = _csv(tmp_path, "Signer\tUnion or party\tWhere\nIrvin Jim\tNUMSA\tSouth Africa\n\t\tChile\n")
    result = _invoke(tmp_path, "signatories", "add", "solidarity-day-call", "--from-csv", str(form),
                     "--column", "name=Signer", "--column", "organization=Union or party", "--column", "country=where")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added 1 signatory to statements/solidarity-day-call.txt (list 2), skipped 0 duplicates.\n"
    assert result.stderr == f"{form}:3: neither a name nor an organization; left out\n"
    after = (tmp_path / "statements" / "solidarity-day-call.txt").read_text(encoding="utf-8")
    assert after.endswith("  38. 胡星宇, China\n  39. Irvin Jim, NUMSA, South Africa")  # no final newline, as before


@pytest.mark.parametrize("args", [["--column", "nickname=Alias"], ["--column", "name"], ["--list", "0"]],
                         ids=["unknown-field", "no-header", "list-zero"])
def test_cli_usage_errors_are_exit_code_2(tmp_path: Path, args: list[str]) -> None:
    _solidarity(tmp_path)
    result = _invoke(tmp_path, "signatories", "add", "solidarity-day-call", "--from-csv", str(_csv(tmp_path, FORM)), *args)
    assert result.exit_code == 2, result.output


def test_cli_list_formats(tmp_path: Path) -> None:
    _solidarity(tmp_path)
    as_json = _invoke(tmp_path, "signatories", "list", "solidarity-day-call", "--format", "json")
    assert as_json.exit_code == 0
    objects = json.loads(as_json.stdout)
    assert len(objects) == 94 and set(objects[0]) == {"list", "line", "text", "name", "organization", "role", "country",
                                                      "country_code"}
    as_csv = _invoke(tmp_path, "signatories", "list", "solidarity-day-call", "--format", "csv")
    assert as_csv.stdout.startswith("list,line,text,name,organization,role,country,country_code\n1,31,")
    text = _invoke(tmp_path, "signatories", "list", "solidarity-day-call")
    assert text.stdout.startswith("list 1: 56 signatories")
    missing = _invoke(tmp_path, "signatories", "list", "nope")
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: nope: no such statement in statements/")


def test_cli_knows_the_librarys_fields() -> None:
    from stmtl10n.cli.signatories import _FIELDS

    assert _FIELDS == stmtl10n.signatory_intake.FIELDS


@pytest.mark.parametrize("command", [["signatories", "add"], ["signatories", "list"]], ids=["add", "list"])
def test_cli_commands_have_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout
