"""Fault injection: which wrong translations ``stmtl10n check`` finds and ``build`` keeps from being published.

Run: .venv/bin/python benchmarks/fault_injection.py [--keep DIR] [--pofilter PATH] [--pofilter-details]

What it does, with the real command line as a user runs it:

1. Makes a throwaway project: the four statements of ``statements/`` (copied
   unchanged), ``stmtl10n.toml`` (copied, with ``min-translated = 0`` so build
   writes every statement), and one Markdown statement written for this
   benchmark (``fault_injection/allforpalestine-online-action.md``): the
   ``.txt`` statements have no link, URL, domain name, e-mail address nor
   emphasis, so faults of those kinds need a source that has them.
   ``stmtl10n extract`` writes the catalogs.
2. Fills the es, fr and ar catalogs with reviewed (not fuzzy) translations from
   ``fault_injection/translations.<lang>.json``: correct translations, checked
   by hand. Entries with none stay untranslated (neither a fault nor a false
   alarm; build falls back to the source for them).
3. Injects the faults of ``fault_injection/faults.json``: each replaces the
   correct translation of one entry by a copy with exactly one fault (a
   dropped URL, a changed number, a wrong month, a translated domain name,
   Spanish in the French catalog …). Every other translated entry is correct.
4. Runs ``stmtl10n check --format json`` and ``stmtl10n build`` on it, and
   Translate Toolkit's ``pofilter`` (every default test, ``--language`` set) on
   the same catalogs, and prints side by side: faults reported, false alarms
   on the correct entries, faults published by build (each faulty msgstr
   looked for in what build wrote: the language's statement file, and that
   language's cells of the aligned documents), exit codes; a table per kind of
   fault; every miss, published fault and false alarm, with its message.

A fault counts as found by a tool when the tool reports something on the faulty
entry that it does not also report on that entry's correct translation: a
second project, the same but with no fault injected, is checked for that.

Deterministic (fixed data, no network, no machine engine); about ten seconds. The
projects live in a temporary folder removed at the end; ``--keep DIR`` writes
them to ``DIR/faulty`` and ``DIR/correct`` (and pofilter's output beside them)
and leaves them there.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "fault_injection"
BENCHMARK_STATEMENTS = ("allforpalestine-online-action.md",)
BIN = Path(sys.executable).parent  # the venv's stmtl10n and pofilter
LANGS = ("es", "fr", "ar")
KINDS = ("dropped-url", "dropped-link", "changed-number", "wrong-date", "translated-domain", "changed-hashtag",
         "changed-name", "wrong-language", "lost-emphasis", "machine-mark")

Key = tuple[str, str, str, str]  # (lang, statement, msgctxt or "", msgid)


class BenchmarkError(Exception):
    """The data or a tool is not as this benchmark expects; the message says what."""


def require(condition: object, message: str) -> None:
    if not condition:
        raise BenchmarkError(message)


@dataclass(frozen=True)
class Fault:
    """One injected fault: the entry it is in, its kind, what was changed, and the faulty translation."""

    ident: str
    lang: str
    statement: str
    msgid: str
    kind: str
    variant: str
    what: str
    change: str  # "«x» → «y»", or how the whole translation was replaced
    msgstr: str

    @property
    def key(self) -> Key:
        return (self.lang, self.statement, "", self.msgid)


@dataclass(frozen=True)
class Finding:
    """One thing a tool reported on an entry: a check's problem or a pofilter test that failed."""

    name: str
    message: str
    severity: str = ""
    reference: str = ""

    def label(self) -> str:
        return f"{self.name}{'/' + self.severity if self.severity else ''}: {self.message}"


@dataclass
class Run:
    """What the tools said about one project's catalogs."""

    check: dict[Key, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    pofilter: dict[Key, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    check_rc: int = 0
    pofilter_rc: int = 0


# --- data -------------------------------------------------------------------------------------------------------


def load_translations() -> dict[Key, str]:
    """The correct translations, by (lang, statement, "", msgid)."""
    correct: dict[Key, str] = {}
    for lang in LANGS:
        path = DATA / f"translations.{lang}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        require(data["language"] == lang, f"{path.name} is for {data['language']!r}, not {lang!r}")
        for entry in data["entries"]:
            key = (lang, entry["statement"], "", entry["msgid"])
            require(key not in correct, f"{path.name}: {entry['msgid'][:60]!r} is there twice")
            require(entry["msgstr"], f"{path.name}: {entry['msgid'][:60]!r} has an empty translation")
            correct[key] = entry["msgstr"]
    return correct


def load_faults(correct: dict[Key, str]) -> list[Fault]:
    """The faults of faults.json, each applied to a copy of the correct translation of the entry it names."""
    faults: list[Fault] = []
    taken: dict[Key, str] = {}
    for item in json.loads((DATA / "faults.json").read_text(encoding="utf-8"))["faults"]:
        ident, lang, slug = item["id"], item["lang"], item["statement"]
        require(item["kind"] in KINDS, f"{ident}: unknown kind {item['kind']!r}")
        keys = [k for k in correct if k[:2] == (lang, slug) and k[3].startswith(item["msgid_start"])]
        require(len(keys) == 1, f"{ident}: {len(keys)} translated entries start with {item['msgid_start']!r}")
        key = keys[0]
        require(key not in taken, f"{ident}: the entry already has fault {taken.get(key)}; one fault per entry")
        taken[key] = ident
        good = correct[key]
        if "find" in item:
            require(good.count(item["find"]) == 1, f"{ident}: {item['find']!r} is not once in the correct translation")
            bad = good.replace(item["find"], item["replace"])
            change = f"«{item['find'].strip()}» → «{item['replace'].strip()}»"
        elif "msgstr_from" in item:
            source = (item["msgstr_from"], *key[1:])
            require(source in correct, f"{ident}: no {item['msgstr_from']} translation to take")
            bad = correct[source]
            change = f"the translation replaced by the correct {item['msgstr_from']} one"
        else:
            bad = item["msgstr"]
            change = "the translation replaced as a whole"
        require(bad != good, f"{ident}: the faulty translation is the correct one")
        faults.append(Fault(ident, lang, slug, key[3], item["kind"], item["variant"], item["what"], change, bad))
    # A faulty msgstr found in build/ must be that entry: no other translation of the language may contain it.
    for fault in faults:
        for key, text in correct.items():
            require(key[0] != fault.lang or key == fault.key or _flat(fault.msgstr) not in _flat(text),
                    f"{fault.ident}: its faulty text is part of another entry's translation")
    return faults


# --- the projects and the tools ---------------------------------------------------------------------------------


def stmtl10n(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "stmtl10n"), "-C", str(root), *args], capture_output=True, text=True,
                          encoding="utf-8", check=False)


def make_project(root: Path) -> tuple[str, str]:
    """Statements and settings in ``root``, catalogs extracted; returns its locales and build folders."""
    statements = root / "statements"
    statements.mkdir(parents=True)
    for path in sorted((REPO / "statements").glob("*.txt")):
        shutil.copy(path, statements / path.name)
    for name in BENCHMARK_STATEMENTS:
        shutil.copy(DATA / name, statements / name)
    config = (REPO / "stmtl10n.toml").read_text(encoding="utf-8")
    config, replaced = re.subn(r"(?m)^min-translated\s*=.*$", "min-translated = 0", config)
    if not replaced:
        config += "\nmin-translated = 0\n"
    (root / "stmtl10n.toml").write_text(config, encoding="utf-8")
    settings = tomllib.loads(config)
    require(settings.get("statements-dir", "statements") == "statements",
            "stmtl10n.toml: the benchmark expects statements-dir = \"statements\"")
    require(set(LANGS) <= set(settings["languages"]), f"stmtl10n.toml: languages must include {', '.join(LANGS)}")
    done = stmtl10n(root, "extract")
    require(done.returncode == 0, f"stmtl10n extract failed with {done.returncode}: {done.stderr}")
    return settings.get("locales-dir", "locales"), settings.get("build-dir", "build")


def fill_catalogs(root: Path, locales: str, translations: dict[Key, str]) -> dict[tuple[str, str], Path]:
    """Write ``translations`` into the extracted catalogs as reviewed entries; returns the catalogs by (lang, slug)."""
    catalogs: dict[tuple[str, str], Path] = {}
    placed: set[Key] = set()
    for lang in LANGS:
        for path in sorted((root / locales / lang / "LC_MESSAGES").glob("*.po")):
            catalogs[(lang, path.stem)] = path
            po = polib.pofile(str(path), wrapwidth=79)
            for entry in po:
                key = (lang, path.stem, entry.msgctxt or "", entry.msgid)
                if key in translations and not entry.obsolete:
                    entry.msgstr = translations[key]
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
                    placed.add(key)
            po.save(str(path))
    missing = [k for k in translations if k not in placed]
    require(not missing, f"{len(missing)} translations match no extracted entry, the first: "
                         f"{missing[0][0]} {missing[0][1]} {missing[0][3][:60]!r}" if missing else "")
    return catalogs


def signatory_keys(catalogs: dict[tuple[str, str], Path]) -> set[Key]:
    """The signatory lines (``#. flags: signatory``, or a ``#, signatory`` flag)."""
    keys: set[Key] = set()
    for (lang, slug), path in catalogs.items():
        for entry in polib.pofile(str(path)):
            if "signatory" in entry.flags or re.search(r"(?m)^flags:.*\bsignatory\b", entry.comment or ""):
                keys.add((lang, slug, entry.msgctxt or "", entry.msgid))
    return keys


def run_tools(root: Path, catalogs: dict[tuple[str, str], Path], pofilter: str, out: Path) -> Run:
    """``stmtl10n check --format json`` on the project, pofilter on each of its catalogs (untranslated left aside)."""
    run = Run()
    done = stmtl10n(root, "check", "--format", "json")
    run.check_rc = done.returncode
    require(done.returncode in (0, 3), f"stmtl10n check failed with {done.returncode}: {done.stderr}")
    for p in json.loads(done.stdout or "[]"):
        if p["check"] != "untranslated":
            key = (p["lang"], p["statement"], p["msgctxt"] or "", p["msgid"])
            run.check[key].append(Finding(p["check"], p["message"], p["severity"], p["reference"]))
    out.mkdir(parents=True, exist_ok=True)
    for (lang, slug), path in sorted(catalogs.items()):
        result = out / f"{lang}.{slug}.po"
        done = subprocess.run([pofilter, f"--language={lang}", "--progress=none", "-i", str(path), "-o", str(result)],
                              capture_output=True, text=True, check=False)
        run.pofilter_rc = max(run.pofilter_rc, done.returncode)
        require(done.returncode == 0, f"pofilter failed with {done.returncode} on {path}: {done.stderr}")
        if not result.exists() or not result.read_text(encoding="utf-8").strip():
            continue  # nothing failed
        for entry in polib.pofile(str(result)):
            key = (lang, slug, entry.msgctxt or "", entry.msgid)
            for line in entry.tcomment.splitlines():
                match = re.match(r"\(pofilter\)\s*([\w-]+):\s*(.*)", line)
                if match and match.group(1) != "untranslated":
                    run.pofilter[key].append(Finding(match.group(1), match.group(2)))
    return run


def build(root: Path) -> subprocess.CompletedProcess[str]:
    done = stmtl10n(root, "build")
    require(done.returncode in (0, 3), f"stmtl10n build failed with {done.returncode}: {done.stderr}")
    return done


def _flat(text: str) -> str:
    return " ".join(text.split())


def published_in(build_dir: Path, fault: Fault) -> list[str]:
    """The files build wrote that publish the fault's msgstr in its language (whitespace-insensitive).

    The language's statement file as a whole; of the aligned documents, that
    language's cells only (another column may rightly hold the same text: the
    source, or the French translation a fault put in the Spanish catalog).
    """
    wanted = _flat(fault.msgstr)
    found = [path for path in sorted((build_dir / fault.lang).glob(f"{fault.statement}.*"))
             if wanted in _flat(path.read_text(encoding="utf-8"))]
    found += [path for path in sorted((build_dir / "aligned").glob(f"{fault.statement}.*"))
              if wanted in _flat(_aligned_cells(path, fault.lang))]
    return [str(path.relative_to(build_dir.parent)) for path in found]


def _aligned_cells(path: Path, lang: str) -> str:
    """One language's cells of an aligned document: HTML ``<td lang=…>``, or Markdown ``> **lang**`` quotes."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        cells = re.findall(rf'<td lang="{re.escape(lang)}"[^>]*>(.*?)</td>', text, flags=re.S)
        return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in cells)
    label = f"> **{lang}**"
    lines: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith(label):
            inside = True
            lines.append(line[len(label):].removeprefix(":"))
        elif inside and line.startswith(">"):
            lines.append(line[1:])
        else:
            inside = False
    return "\n".join(lines)


# --- the report -------------------------------------------------------------------------------------------------


@dataclass
class Results:
    """Everything the report prints, worked out once."""

    faults: list[Fault]
    correct: dict[Key, str]
    correct_keys: list[Key]  # the translated entries with no fault
    signatories: set[Key]
    by_check: dict[str, list[Finding]]  # per fault: what check says on it and not on its correct translation
    by_pofilter: dict[str, list[Finding]]
    check_alarms: dict[Key, list[Finding]]  # per correct entry with something reported
    pofilter_alarms: dict[Key, list[Finding]]
    clean_alarms: dict[Key, list[Finding]]  # check's problems on the correct translations of the faulted entries
    published: dict[str, list[str]]  # per fault: the built files that publish it
    written: dict[tuple[str, str], bool]  # (lang, slug): whether build wrote the statement
    faulty: Run
    build_rc: int


def results(faults: list[Fault], correct: dict[Key, str], signatories: set[Key], faulty: Run, clean: Run,
            build_rc: int, build_dir: Path) -> Results:
    fault_keys = {f.key for f in faults}
    correct_keys = sorted(k for k in correct if k not in fault_keys)

    def new(tool: dict[Key, list[Finding]], baseline: dict[Key, list[Finding]], key: Key) -> list[Finding]:
        before = {(f.name, f.message) for f in baseline.get(key, [])}
        return [f for f in tool.get(key, []) if (f.name, f.message) not in before]

    return Results(
        faults=faults, correct=correct, correct_keys=correct_keys, signatories=signatories,
        by_check={f.ident: new(faulty.check, clean.check, f.key) for f in faults},
        by_pofilter={f.ident: new(faulty.pofilter, clean.pofilter, f.key) for f in faults},
        check_alarms={k: faulty.check[k] for k in correct_keys if faulty.check.get(k)},
        pofilter_alarms={k: faulty.pofilter[k] for k in correct_keys if faulty.pofilter.get(k)},
        clean_alarms={f.key: clean.check[f.key] for f in faults if clean.check.get(f.key)},
        published={f.ident: published_in(build_dir, f) for f in faults},
        written={(lang, slug): any((build_dir / lang).glob(f"{slug}.*"))
                 for lang in LANGS for slug in sorted({k[1] for k in correct})},
        faulty=faulty, build_rc=build_rc,
    )


def short(text: str, width: int = 160) -> str:
    text = _flat(text)
    return text if len(text) <= width else text[:width - 1] + "…"


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def report(r: Results, pofilter_version: str, *, pofilter_details: bool) -> None:
    n_faults, n_correct = len(r.faults), len(r.correct_keys)
    found_check = sum(bool(v) for v in r.by_check.values())
    found_pofilter = sum(bool(v) for v in r.by_pofilter.values())
    n_published = sum(bool(v) for v in r.published.values())
    prose = sum(k not in r.signatories for k in r.correct_keys)

    def per_lang(items: list[Key] | list[Fault], lang: str) -> int:
        return sum((i.lang if isinstance(i, Fault) else i[0]) == lang for i in items)

    def found_per_lang(found: dict[str, list[Finding]]) -> str:
        return " / ".join(f"{sum(bool(found[f.ident]) for f in r.faults if f.lang == lang)}/{per_lang(r.faults, lang)}"
                          for lang in LANGS)

    def split(alarms: dict[Key, list[Finding]]) -> str:
        return f"{sum(k not in r.signatories for k in alarms)} / {sum(k in r.signatories for k in alarms)}"

    print("Fault injection: stmtl10n check and build beside Translate Toolkit's pofilter")
    print(f"Project: the {len(list((REPO / 'statements').glob('*.txt')))} statements of statements/ and the Markdown "
          f"statement of benchmarks/fault_injection/; es, fr, ar; min-translated = 0")
    print(f"Reviewed entries: {n_faults} with one injected fault each ({len({f.kind for f in r.faults})} kinds; "
          + ", ".join(f"{lang} {per_lang(r.faults, lang)}" for lang in LANGS) + f"), {n_correct} correct ("
          + ", ".join(f"{lang} {per_lang(r.correct_keys, lang)}" for lang in LANGS)
          + f"; {prose} prose, {n_correct - prose} signatory lines)")
    print(f"stmtl10n: {code_version()}, the project's checks; {pofilter_version}: its default tests, --language set")
    print()

    errors = sum(any(f.severity == "error" for f in v) for v in r.check_alarms.values())
    rows = [
        ("Faults reported (target: all)", ratio(found_check, n_faults), ratio(found_pofilter, n_faults)),
        ("  es / fr / ar", found_per_lang(r.by_check), found_per_lang(r.by_pofilter)),
        ("False alarms on correct entries (target: 0)", ratio(len(r.check_alarms), n_correct),
         ratio(len(r.pofilter_alarms), n_correct)),
        ("  on prose / on signatory lines", split(r.check_alarms), split(r.pofilter_alarms)),
        ("  with an error (blocks build)", str(errors), "-"),
        ("Faults published by build (target: 0)", ratio(n_published, n_faults), "- (no build)"),
        ("Exit codes", f"check {r.faulty.check_rc}, build {r.build_rc}", f"pofilter {r.faulty.pofilter_rc}"),
    ]
    print(f"{'':<46} {'stmtl10n':<24} {'pofilter':<24}")
    for label, ours, theirs in rows:
        print(f"{label:<46} {ours:<24} {theirs:<24}")
    print()

    print(f"{'kind':<20} {'injected':>8} {'check':>7} {'pofilter':>9} {'published':>10}")
    for kind in KINDS:
        group = [f for f in r.faults if f.kind == kind]
        if group:
            print(f"{kind:<20} {len(group):>8} {sum(bool(r.by_check[f.ident]) for f in group):>7} "
                  f"{sum(bool(r.by_pofilter[f.ident]) for f in group):>9} "
                  f"{sum(bool(r.published[f.ident]) for f in group):>10}")
    print(f"{'total':<20} {n_faults:>8} {found_check:>7} {found_pofilter:>9} {n_published:>10}")
    print()

    print("Statements build wrote (blocked: an error kept it from being published):")
    for lang in LANGS:
        states = [f"{slug} {'written' if done else 'blocked'}" for (code, slug), done in r.written.items()
                  if code == lang]
        print(f"  {lang}: " + ", ".join(states))
    print()

    misses = [f for f in r.faults if not r.by_check[f.ident]]
    print(f"Misses of stmtl10n check ({len(misses)}):")
    for fault in misses:
        print(f"  {fault.ident} {fault.kind} ({fault.variant}) [{fault.lang}] {fault.statement}: {fault.what}")
        print(f"      change: {fault.change}")
        print(f"      msgid:  {short(fault.msgid)}")
        print(f"      msgstr: {short(fault.msgstr)}")
        also = r.faulty.check.get(fault.key, [])
        if also:
            print("      check says only what it says on the correct translation too: "
                  + "; ".join(f.label() for f in also))
        print(f"      pofilter: {', '.join(sorted({f.name for f in r.by_pofilter[fault.ident]})) or '-'}; "
              f"published: {', '.join(r.published[fault.ident]) or 'no'}")
    if not misses:
        print("  none")
    print()

    out = [f for f in r.faults if r.published[f.ident]]
    print(f"Faults published by build ({len(out)}):")
    for fault in out:
        said = "; ".join(f.label() for f in r.by_check[fault.ident]) or "nothing"
        print(f"  {fault.ident} {fault.kind} [{fault.lang}] in {', '.join(r.published[fault.ident])}")
        print(f"      check said: {said}")
    if not out:
        print("  none")
    print()

    print(f"False alarms of stmtl10n check on correct entries ({len(r.check_alarms)}):")
    for key in sorted(r.check_alarms):
        findings = r.check_alarms[key]
        print(f"  {key[0]} {findings[0].reference or key[1]}{' (signatory)' if key in r.signatories else ''}")
        for finding in findings:
            print(f"      {finding.label()}")
        print(f"      msgid:  {short(key[3])}")
        print(f"      msgstr: {short(r.correct[key])}")
    if not r.check_alarms:
        print("  none")
    print(f"  and on the correct translations of the {n_faults} faulted entries (the project without faults): "
          f"{len(r.clean_alarms)}")
    for key in sorted(r.clean_alarms):
        findings = r.clean_alarms[key]
        print(f"  {key[0]} {findings[0].reference or key[1]}{' (signatory)' if key in r.signatories else ''}")
        for finding in findings:
            print(f"      {finding.label()}")
        print(f"      msgstr: {short(r.correct[key])}")
    print()

    tests = Counter(name for v in r.pofilter_alarms.values() for name in {f.name for f in v})
    print("False alarms of pofilter, entries per test: "
          + (", ".join(f"{name} {count}" for name, count in tests.most_common()) or "none"))
    only_pofilter = [f.ident for f in r.faults if r.by_pofilter[f.ident] and not r.by_check[f.ident]]
    print(f"Faults pofilter reports and check misses: {len(only_pofilter)}"
          + (f" ({', '.join(only_pofilter)})" if only_pofilter else ""))
    if pofilter_details:
        print()
        print(f"pofilter on each fault ({found_pofilter} found):")
        for fault in r.faults:
            said = "; ".join(f.label() for f in r.by_pofilter[fault.ident]) or "-"
            print(f"  {fault.ident} {fault.kind} [{fault.lang}]: {said}")
        print()
        print(f"False alarms of pofilter on correct entries ({len(r.pofilter_alarms)}):")
        for key in sorted(r.pofilter_alarms):
            print(f"  {key[0]} {key[1]}{' (signatory)' if key in r.signatories else ''}: "
                  + "; ".join(f.label() for f in r.pofilter_alarms[key]))
            print(f"      msgstr: {short(r.correct[key])}")


def code_version() -> str:
    """The commit measured, and whether src/ has uncommitted changes (the checks are being worked on)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "not a git checkout"
    return f"commit {commit}" + (" + uncommitted changes in src/" if git("status", "--porcelain", "--", "src") else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="write the projects to DIR (DIR/faulty, DIR/correct) and leave them for inspection")
    parser.add_argument("--pofilter", default=str(BIN / "pofilter"), help="the pofilter to run (default: the venv's)")
    parser.add_argument("--pofilter-details", action="store_true",
                        help="also list what pofilter says on each fault and each of its false alarms")
    args = parser.parse_args()

    try:
        correct = load_translations()
        faults = load_faults(correct)
        version = subprocess.run([args.pofilter, "--version"], capture_output=True, text=True, check=False)
        require(version.returncode == 0, f"{args.pofilter} --version failed: {version.stderr}")
        if args.keep:
            require(not args.keep.exists() or not any(args.keep.iterdir()), f"--keep {args.keep}: not an empty folder")
            args.keep.mkdir(parents=True, exist_ok=True)
            measure(args.keep.resolve(), correct, faults, version.stdout.strip(), args)
            print(f"\nKept in {args.keep}: faulty/ (checked and built), correct/ (no fault: what is reported there "
                  "does not count as finding a fault), pofilter-faulty/ and pofilter-correct/ (pofilter's output)")
        else:
            with tempfile.TemporaryDirectory(prefix="stmtl10n-fault-injection-") as temp:
                measure(Path(temp), correct, faults, version.stdout.strip(), args)
    except BenchmarkError as error:
        print(f"fault_injection: {error}", file=sys.stderr)
        return 1
    return 0


def measure(base: Path, correct: dict[Key, str], faults: list[Fault], pofilter_version: str,
            args: argparse.Namespace) -> None:
    faulty_root, clean_root = base / "faulty", base / "correct"
    locales, build_dir = make_project(faulty_root)
    shutil.copytree(faulty_root, clean_root)
    faulty_catalogs = fill_catalogs(faulty_root, locales, {**correct, **{f.key: f.msgstr for f in faults}})
    clean_catalogs = fill_catalogs(clean_root, locales, correct)
    faulty = run_tools(faulty_root, faulty_catalogs, args.pofilter, base / "pofilter-faulty")
    clean = run_tools(clean_root, clean_catalogs, args.pofilter, base / "pofilter-correct")
    built = build(faulty_root)
    r = results(faults, correct, signatory_keys(faulty_catalogs), faulty, clean, built.returncode,
                faulty_root / build_dir)
    report(r, pofilter_version, pofilter_details=args.pofilter_details)


if __name__ == "__main__":
    sys.exit(main())
