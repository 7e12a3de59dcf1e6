"""The ``pretranslate`` command: machine drafts for empty entries, from memory, signatories and an engine."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

import click

from stmtl10n.choices import ENGINE_NAMES  # not stmtl10n.engines: --help must not load the engines
from stmtl10n.cli._group import cli, lang_option, project_from

if TYPE_CHECKING:
    from stmtl10n.pretranslate import LanguageResult


class _ProgressLine:
    """One status line on stderr, ``es 40/105  fr 20/105``, redrawn as languages finish batches."""

    def __init__(self) -> None:
        self._done: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()  # languages report from their own threads
        self._drawn = False

    def __call__(self, lang: str, done: int, total: int) -> None:
        with self._lock:
            self._done[lang] = (done, total)
            parts = "  ".join(f"{code} {d}/{t}" for code, (d, t) in self._done.items())
            click.echo(f"\rpretranslate: {parts} segments ", nl=False, err=True)
            self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            click.echo("", err=True)


@cli.command()
@lang_option
@click.option("--statement", "-s", "names", multiple=True, help="Only this statement (slug or path; repeatable).")
@click.option("--engine", "engine_name", type=click.Choice(ENGINE_NAMES), default=None,
              help="Machine engine for every language "
                   "[default: the project's engines setting, else deepl when DEEPL_AUTH_KEY is set, else apertium].")
@click.option("--dry-run", is_flag=True, help="Print what would be sent and billed per language; write nothing, call nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line on stderr.")
@click.pass_context
def pretranslate(ctx: click.Context, languages: tuple[str, ...], names: tuple[str, ...], engine_name: str | None,
                 dry_run: bool, quiet: bool) -> None:
    """Fill empty entries with drafts: memory, signatories, machine.

    Every entry someone translated, reviewed or drafted is left alone. Drafts
    are fuzzy and say where they come from in a `# stmtl10n:` comment; exact
    matches of reviewed translations are reused as translated. A language with
    no engine (Arabic offline) is reported on stderr and the others proceed.
    An engine fault (quota, key, network) stops the run with exit code 1;
    what was translated is saved, and running again continues.

    \b
    Example:
      stmtl10n pretranslate --dry-run
      stmtl10n pretranslate --lang es --lang fr --engine apertium
      DEEPL_AUTH_KEY=... stmtl10n pretranslate
    """
    from stmtl10n.pretranslate import pretranslate as run_pretranslate

    show_progress = not quiet and not dry_run and sys.stderr.isatty()
    progress = _ProgressLine() if show_progress else None
    try:
        result = run_pretranslate(project_from(ctx), languages=languages, names=names, engine_name=engine_name,
                                  dry_run=dry_run, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    for note in result.notes:
        click.echo(note, err=True)
    for lang in result.languages:
        if lang.note:
            click.echo(lang.note, err=True)
        click.echo(_dry_run_line(lang) if dry_run else _summary_line(lang))


def _local_counts(lang: LanguageResult) -> str:
    parts = [
        (lang.memory_exact, "from memory"),
        (lang.memory_close, "close memory matches"),
        (lang.signatories, "signatories"),
        (lang.copied, "copied"),
    ]
    return ", ".join(f"{count} {label}" for count, label in parts if count)


def _summary_line(lang: LanguageResult) -> str:
    parts = []
    local = _local_counts(lang)
    if local:
        parts.append(local)
    if lang.machine or lang.batches:
        parts.append(f"{lang.machine} by {lang.engine} ({lang.segments} segments, {lang.characters:,} characters)")
    if lang.left:
        parts.append(f"{lang.left} left empty")
    return f"{lang.lang}: {lang.filled} entries filled" + (f": {'; '.join(parts)}" if parts else "")


def _dry_run_line(lang: LanguageResult) -> str:
    if lang.left and not lang.segments:
        what = f"{lang.left} entries have no engine"
    elif lang.billed_characters:
        what = f"{lang.segments} segments, {lang.billed_characters:,} characters would be billed by {lang.engine}"
    elif lang.segments:
        what = f"{lang.segments} segments, {lang.characters:,} characters for {lang.engine}, not billed"
    else:
        what = "nothing for the engine"
    local = _local_counts(lang)
    return f"{lang.lang}: {what}" + (f"; {local} need no engine" if local else "")
