"""Compare ``stmtl10n check`` with Translate Toolkit's ``pofilter`` on the project's statements with injected faults.

Run: .venv/bin/python benchmarks/pofilter_compare.py

Setup (automatic): a virtual environment in ``benchmarks/.work/tt-venv`` with
translate-toolkit==3.20.4 from PyPI (``--pofilter PATH`` uses another pofilter,
Debian's ``/usr/bin/pofilter`` for example).

What it does: copies the project's statements into ``benchmarks/.work/pofilter-compare``
(the short action statement as Markdown, with one link, so a link can be lost),
extracts them, and writes es, fr and ar catalogs holding correct human
translations of a few segments (written for this benchmark) and, beside each,
copies carrying one injected fault each (told apart by msgctxt). Then it runs
pofilter (all its default tests, ``--language`` set) and ``stmtl10n check``
on the same catalogs and prints, per fault, which tool reported it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from stmtl10n.catalog import Catalog, Entry, read_catalog, write_catalog
from stmtl10n.extract import extract
from stmtl10n.project import find_project

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
VENV = WORK / "tt-venv"
TT_VERSION = "3.20.4"
LANGS = ("es", "fr", "ar")
NNBSP = "\u202f"

LINK_URL = "https://example.org/masar-badil-letter"
# The action statement's "Please see" line, as a Markdown link (the .txt statements have no URLs).
LINK_LINE = (
    "Please see: the letter of the Masar Badil (Palestinian Alternative Revolutionary Path) to UN Secretary-General "
    "Antonio Guterres, declaring that:"
)
LINK_MARKDOWN = (
    f"Please see: [the letter of the Masar Badil (Palestinian Alternative Revolutionary Path)]({LINK_URL}) to UN "
    "Secretary-General Antonio Guterres, declaring that:"
)
# A sentence of the international week declaration, added to the Markdown copy so counts with group separators are tested.
COUNTS_LINE = ("More than 40,000 Palestinians have been murdered, including women and children, and more than "
               "100,000 have been injured.")

# Correct translations, written for this benchmark: key -> (source prefix, {lang: msgstr}).
SEGMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "link": ("Please see: [the letter", {
        "es": f"Véase: [la carta de Masar Badil (Vía Revolucionaria Palestina Alternativa)]({LINK_URL}) al "
              "secretario general de la ONU, Antonio Guterres, en la que declara que:",
        "fr": f"Voir{NNBSP}: [la lettre de Masar Badil (Voie révolutionnaire palestinienne alternative)]({LINK_URL}) "
              f"au secrétaire général de l’ONU, Antonio Guterres, qui déclare que{NNBSP}:",
        "ar": f"انظروا: [رسالة مسار بديل (مسار الثورة الفلسطينية البديل)]({LINK_URL}) إلى الأمين العام للأمم المتحدة "
              "أنطونيو غوتيريش، التي تعلن فيها:",
    }),
    "dates": ("On 29th of November every year", {
        "es": "Cada 29 de noviembre, quienes defienden la libertad en todo el mundo conmemoran el Día Internacional de "
              "Solidaridad con el Pueblo Palestino. Esta fecha, aprobada por las Naciones Unidas en 1977, coincide con "
              "la injusta Resolución n.º 181 del 29 de noviembre de 1947, que dividió Palestina entre su pueblo y sus "
              "colonizadores.",
        "fr": "Chaque année, le 29 novembre, les partisans de la liberté du monde entier commémorent la Journée "
              "internationale de solidarité avec le peuple palestinien. Cette date, approuvée par les Nations unies en "
              "1977, coïncide avec l’injuste résolution n° 181 du 29 novembre 1947, qui partageait la Palestine entre "
              "son peuple et ses colonisateurs.",
        "ar": "في 29 نوفمبر من كل عام، يحيي أنصار الحرية في العالم اليوم الدولي للتضامن مع الشعب الفلسطيني. ويتزامن "
              "هذا التاريخ، الذي أقرته الأمم المتحدة عام 1977، مع صدور قرار التقسيم الجائر رقم 181 في 29 نوفمبر 1947، "
              "الذي قسّم فلسطين بين شعبها ومستعمريها.",
    }),
    "counts": ("More than 40,000 Palestinians", {
        "es": "Más de 40.000 palestinos han sido asesinados, entre ellos mujeres y niños, y más de 100.000 han resultado "
              "heridos.",
        "fr": f"Plus de 40{NNBSP}000 Palestiniens ont été assassinés, dont des femmes et des enfants, et plus de "
              f"100{NNBSP}000 ont été blessés.",
        "ar": "قُتل أكثر من ٤٠٬٠٠٠ فلسطيني، بينهم نساء وأطفال، وأصيب أكثر من ١٠٠٬٠٠٠ آخرين.",
    }),
    "apartheid": ("The apartheid state of Israel", {
        "es": "El Estado de apartheid de Israel forma parte del sistema imperialista occidental dirigido por los Estados "
              "Unidos de América y es su base militar. Su agresión contra el pueblo palestino forma parte de una agenda "
              "imperialista en curso contra los pueblos de Oriente Medio, de África y todas las voces antiimperialistas.",
        "fr": "L’État d’apartheid d’Israël fait partie du système impérialiste occidental dirigé par les États-Unis "
              "d’Amérique et en est la base militaire. Son agression contre le peuple palestinien s’inscrit dans un "
              "programme impérialiste en cours qui vise les peuples du Moyen-Orient, d’Afrique et toutes les voix "
              "anti-impérialistes.",
        "ar": "إن دولة الفصل العنصري إسرائيل جزء من المنظومة الإمبريالية الغربية التي تقودها الولايات المتحدة "
              "الأمريكية، وهي قاعدتها العسكرية. وعدوانها على الشعب الفلسطيني جزء من أجندة إمبريالية مستمرة تستهدف "
              "شعوب الشرق الأوسط وأفريقيا وكل الأصوات المناهضة للإمبريالية.",
    }),
    "slogan": ("Down with the occupation!", {
        "es": "¡Abajo la ocupación!",
        "fr": f"À bas l’occupation{NNBSP}!",
        "ar": "يسقط الاحتلال!",
    }),
    "glory": ("Glory to the Resistance!", {
        "es": "¡Gloria a la Resistencia!",
        "fr": f"Gloire à la Résistance{NNBSP}!",
        "ar": "المجد للمقاومة!",
    }),
}

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# English left in the catalog but edited (so it is not a plain copy of the source).
EDITED_ENGLISH = ("The apartheid State of Israel is part of the Western imperialist system led by the USA and is its "
                  "military base. Its aggression against the Palestinian people belongs to an ongoing imperialist "
                  "agenda that targets the peoples of the Middle East, of Africa and all anti-imperialist voices.")


@dataclass(frozen=True)
class Case:
    """One catalog entry to test: a fault (should be reported) or a correct translation (should not)."""

    ident: str
    lang: str
    segment: str
    msgstr: str
    description: str
    should_report: bool


def _cases() -> list[Case]:
    cases: list[Case] = []
    other = {"es": "fr", "fr": "es", "ar": "es"}
    for lang in LANGS:
        good = {key: texts[lang] for key, (_, texts) in SEGMENTS.items()}
        cases += [
            Case("lost-link", lang, "link", _drop_link(good["link"]), "lost link", True),
            Case("changed-number", lang, "dates", good["dates"].replace("1947", "1948"), "changed number (1947 → 1948)",
                 True),
            Case("missing-end-punct", lang, "apartheid", good["apartheid"].rstrip(".。"), "missing end punctuation",
                 True),
            Case("doubled-space", lang, "apartheid", _double_third_space(good["apartheid"]), "doubled space", True),
            Case("untranslated", lang, "glory", "", "untranslated", True),
            Case("wrong-language", lang, "apartheid", SEGMENTS["apartheid"][1][other[lang]],
                 f"wrong language ({other[lang]} text)", True),
            Case("english-left", lang, "apartheid", EDITED_ENGLISH, "left in English (edited copy)", True),
            Case("copied-source", lang, "slogan", "Down with the occupation!", "source copied unchanged", True),
        ]
    cases += [
        Case("no-inverted-mark", "es", "slogan", "Abajo la ocupación!", "Spanish “¡” missing", True),
        Case("no-french-space", "fr", "slogan", "À bas l’occupation!", "French space before “!” missing", True),
        Case("latin-question-mark", "ar", "glory", "المجد للمقاومة?", "Arabic with “?” for “!”", True),
        Case("arabic-digits", "ar", "dates", SEGMENTS["dates"][1]["ar"].translate(ARABIC_INDIC),
             "correct: Arabic-Indic digits", False),
    ]
    for lang in LANGS:
        for key, (_, texts) in SEGMENTS.items():
            what = {"counts": "correct: CLDR group separators", "slogan": "correct: target punctuation"}.get(
                key, f"correct: {key}")
            cases.append(Case(f"clean-{key}", lang, key, texts[lang], what, False))
    return cases


def _drop_link(text: str) -> str:
    # "[words](url)" -> "words": the link is lost, the words stay.
    start = text.index("[")
    middle = text.index("](", start)
    end = text.index(")", middle + 2)
    return text[:start] + text[start + 1:middle] + text[end + 1:]


def _double_third_space(text: str) -> str:
    words = text.split(" ")
    return " ".join(words[:3]) + "  " + " ".join(words[3:])


def _pofilter(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    binary = VENV / "bin" / "pofilter"
    if not binary.exists():
        print(f"Setting up {VENV} with translate-toolkit=={TT_VERSION} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", f"translate-toolkit=={TT_VERSION}"], check=True)
    return [str(binary)]


def _make_project(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "statements").mkdir(parents=True)
    (root / "stmtl10n.toml").write_text('source-lang = "en"\nlanguages = ["es", "fr", "ar"]\n', encoding="utf-8")
    for path in sorted((REPO / "statements").iterdir()):
        text = path.read_text(encoding="utf-8")
        if path.stem == "allforpalestine-action":
            assert LINK_LINE in text, "the action statement changed: update LINK_LINE"
            text = text.replace(LINK_LINE, LINK_MARKDOWN)
            text = text.rstrip("\n") + f"\n\n{COUNTS_LINE}\n"
            (root / "statements" / f"{path.stem}.md").write_text(text, encoding="utf-8")
        else:
            shutil.copy(path, root / "statements" / path.name)


def _write_catalogs(root: Path, cases: list[Case]) -> dict[tuple[str, str], Path]:
    project = find_project(root)
    extract(project)
    templates = {slug.stem: read_catalog(slug) for slug in (root / "locales").glob("*.pot")}
    where: dict[str, tuple[str, Entry]] = {}
    for key, (prefix, _) in SEGMENTS.items():
        found = [(slug, e) for slug, t in templates.items() for e in t.active() if e.msgid.startswith(prefix)]
        assert len(found) >= 1, f"no segment starts with {prefix!r}"
        where[key] = found[0]
    paths: dict[tuple[str, str], Path] = {}
    for lang in LANGS:
        by_slug: dict[str, list[Entry]] = {}
        for case in (c for c in cases if c.lang == lang):
            slug, template = where[case.segment]
            by_slug.setdefault(slug, []).append(Entry(
                msgid=template.msgid, msgstr=case.msgstr, msgctxt=case.ident,
                extracted_comments=list(template.extracted_comments), references=list(template.references),
            ))
        for slug, entries in by_slug.items():
            path = project.catalog_path(slug, lang)
            header = {"Project-Id-Version": slug, "Language": lang, "MIME-Version": "1.0",
                      "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
            write_catalog(path, Catalog(locale=lang, header=header, entries=entries))
            paths[(slug, lang)] = path
    for stale in (root / "locales").glob("*/LC_MESSAGES/*.po"):
        if stale not in paths.values():
            stale.unlink()  # catalogs of statements with no case: nothing to compare there
    return paths


def _run_pofilter(command: list[str], paths: dict[tuple[str, str], Path], out_dir: Path) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for (slug, lang), path in paths.items():
        out = out_dir / f"{slug}.{lang}.po"
        subprocess.run([*command, f"--language={lang}", "--progress=none", "-i", str(path), "-o", str(out)],
                       check=True, capture_output=True)
        if not out.exists() or not out.read_text(encoding="utf-8").strip():
            continue
        for entry in read_catalog(out).active():
            tests = [c.split(")", 1)[1].split(":", 1)[0].strip() for c in entry.translator_comments
                     if c.startswith("(pofilter)")]
            if tests:
                found.setdefault((lang, entry.msgctxt or ""), []).extend(tests)
    return found


def _run_check(root: Path) -> dict[tuple[str, str], list[str]]:
    done = subprocess.run([sys.executable, "-m", "stmtl10n", "-C", str(root), "check", "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode in (0, 3), done.stderr
    found: dict[tuple[str, str], list[str]] = {}
    for problem in json.loads(done.stdout):
        found.setdefault((problem["lang"], problem["msgctxt"] or ""), []).append(problem["check"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pofilter", help="pofilter to run (default: the benchmark's own venv)")
    args = parser.parse_args()
    command = _pofilter(args.pofilter)
    version = subprocess.run([*command, "--version"], capture_output=True, text=True).stdout.strip()

    root = WORK / "pofilter-compare"
    _make_project(root)
    cases = _cases()
    paths = _write_catalogs(root, cases)
    by_pofilter = _run_pofilter(command, paths, WORK / "pofilter-out")
    by_check = _run_check(root)

    print(f"pofilter: {version} ({command[0]}); stmtl10n check: every check, default settings")
    print(f"Catalogs: {len(paths)} in {root.relative_to(REPO)} ({len(cases)} entries)\n")
    header = f"{'case':<36} {'lang':<4} {'should':<6} {'pofilter':<34} {'stmtl10n check':<30}"
    print(header)
    print("-" * len(header))
    tally = {"faults": 0, "pofilter": 0, "check": 0, "pofilter_only": 0, "pofilter_false": 0, "check_false": 0}
    for case in cases:
        pof = sorted(set(by_pofilter.get((case.lang, case.ident), [])))
        chk = sorted(set(by_check.get((case.lang, case.ident), [])))
        mark = "yes" if case.should_report else "no"
        print(f"{case.description:<36} {case.lang:<4} {mark:<6} {(', '.join(pof) or '-'):<34} {(', '.join(chk) or '-'):<30}")
        if case.should_report:
            tally["faults"] += 1
            tally["pofilter"] += bool(pof)
            tally["check"] += bool(chk)
            tally["pofilter_only"] += bool(pof) and not chk
        else:
            tally["pofilter_false"] += bool(pof)
            tally["check_false"] += bool(chk)
    clean = sum(1 for c in cases if not c.should_report)
    print(f"\nFaults reported: pofilter {tally['pofilter']}/{tally['faults']}, stmtl10n check {tally['check']}/{tally['faults']}")
    print(f"Faults pofilter reports that check misses: {tally['pofilter_only']}")
    print(f"False alarms on correct translations: pofilter {tally['pofilter_false']}/{clean}, "
          f"stmtl10n check {tally['check_false']}/{clean}")


if __name__ == "__main__":
    main()
