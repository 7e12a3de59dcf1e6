"""Commands for the core workflow: init, extract, build, status."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from stmtl10n.cli._group import LOCALE, cli, format_option, lang_option, project_from

if TYPE_CHECKING:
    from stmtl10n.build import BuildResult


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--source-lang", type=LOCALE, default="en", show_default=True, help="Language the statements are written in.")
@click.option("--lang", "-l", "languages", multiple=True, type=LOCALE, help="Target language (repeatable); default es, ar, fr.")
def init(directory: Path, source_lang: str, languages: tuple[str, ...]) -> None:
    """Create a project: stmtl10n.toml, statements/ and locales/.

    \b
    Example:
      stmtl10n init my-project --source-lang en --lang es --lang ar --lang fr
    """
    from stmtl10n.project import init_project

    config = init_project(directory, source_lang=source_lang, languages=languages)
    click.echo(f"Created {config}")
    click.echo(f"Put statements (.md or .txt) in {directory / 'statements'}, then run `stmtl10n extract`.")


@cli.command()
@click.argument("statements", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; list the catalogs that are out of date and exit 1 if any is (for CI).")
@click.pass_context
def extract(ctx: click.Context, statements: tuple[str, ...], check_only: bool) -> None:
    """Segment statements into the template and catalogs, keeping translations.

    With --check nothing is written: each template or catalog extract would
    change is listed, and the exit code is 1 when there is one, 0 when all are
    up to date (a CI gate and a pre-commit hook; docs/ci.md).

    \b
    Example:
      stmtl10n extract
      stmtl10n extract statements/solidarity-day-call.txt
      stmtl10n extract --check
    """
    from stmtl10n.extract import extract as run_extract

    results = run_extract(project_from(ctx), names=statements, dry_run=check_only)
    out_of_date = 0
    for result in results:
        for warning in result.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if not check_only:
            click.echo(f"{result.statement.path}: {result.segments} segments")
        for change in result.changes:
            details = []
            if change.new:
                details.append(f"{change.new} new")
            if change.fuzzy:
                details.append(f"{change.fuzzy} changed (fuzzy)")
            if change.obsolete > 0:
                details.append(f"{change.obsolete} obsolete")
            suffix = f" ({', '.join(details)})" if details else ""
            if not check_only:
                click.echo(f"  {change.action:9} {change.path}{suffix}")
            elif change.action != "unchanged":
                out_of_date += 1
                verb = "would be created" if change.action == "created" else "would change"
                click.echo(f"{change.path}: {verb}{suffix}")
    if check_only:
        _check_verdict(ctx, out_of_date, "file", "run `stmtl10n extract` and commit the result",
                       done="catalogs are up to date with the statements")


def _check_verdict(ctx: click.Context, count: int, noun: str, fix: str, *, done: str) -> None:
    """The last line of a --check run, on stderr, and its exit code: 1 when something would change."""
    if not count:
        click.echo(f"Nothing would change: {done}.", err=True)
        return
    click.echo(f"{_count(count, noun)} would change; {fix}.", err=True)
    ctx.exit(1)


@cli.command()
@lang_option
@click.option("--statement", "-s", "names", multiple=True, help="Only this statement (slug or path; repeatable).")
@click.option("--min-translated", type=click.FloatRange(0, 100), default=None,
              help="Skip a statement/language below this percent translated [default: from config, 80].")
@click.option("--include-fuzzy", is_flag=True, help="Publish fuzzy entries (machine drafts) too.")
@click.option("--width", type=click.IntRange(20, None), default=None, help="Wrap plain-text paragraphs at this column.")
@click.option("--reviewed-only", is_flag=True,
              help="In the aligned documents (build/aligned/), leave drafts and untranslated cells blank.")
@click.option("--allow-problems", is_flag=True,
              help="Publish translations with errors the checks found (a broken link, a changed number) anyway.")
@click.option("--check", "check_only", is_flag=True,
              help="Write and remove nothing; list the outputs that would change and exit 1 if any would (for CI).")
@click.option("--format", "output_formats", multiple=True, type=click.Choice(["pdf", "docx"], case_sensitive=False),
              help="Also write build/<lang>/<slug>.pdf or .docx for circulation (repeatable; pdf: build/aligned/ too).")
@click.pass_context
def build(ctx: click.Context, languages: tuple[str, ...], names: tuple[str, ...], min_translated: float | None,
          include_fuzzy: bool, width: int | None, reviewed_only: bool, allow_problems: bool, check_only: bool,
          output_formats: tuple[str, ...]) -> None:
    """Write translated statements to build/<lang>/, and aligned ones to build/aligned/.

    A statement is not written in a language while a translation it would
    publish has an error that `stmtl10n check` finds (each is listed, and the
    exit code is 3); --allow-problems publishes it anyway. Earlier output that
    is not built now is removed, so build/ always matches the catalogs.

    With --check nothing is written or removed: each output that a build with
    the same options would write with other content, or remove, is listed, and
    the exit code is 1 when there is one, 0 when build/ is up to date (for a
    project that commits build/; docs/ci.md).

    \b
    Example:
      stmtl10n build --lang es --include-fuzzy
      stmtl10n build --min-translated 0
      stmtl10n build --reviewed-only
      stmtl10n build --check
      stmtl10n build --format pdf --format docx
    """
    from stmtl10n.build import build as run_build
    from stmtl10n.errors import CheckFailed

    project = project_from(ctx)
    results = run_build(project, languages=languages, names=names, include_fuzzy=include_fuzzy,
                        min_translated=min_translated, width=width, reviewed_only=reviewed_only,
                        allow_problems=allow_problems, dry_run=check_only, formats=output_formats)
    if check_only:
        _report_build_check(ctx, results, root=project.root)
        return
    for result in results:
        if result.path and result.aligned:
            withheld = f"; {_count(result.withheld, 'translation')} withheld: problems" if result.withheld else ""
            click.echo(f"wrote {result.path} ({', '.join(result.languages)}; {result.percent:.0f}% reviewed{withheld})")
        elif result.path:
            click.echo(f"wrote {result.path} ({result.percent:.0f}% translated)")
        elif result.stale:
            click.echo(f"removed {result.removed}: {result.skipped}", err=True)
        else:
            if result.problems:  # one write for them all: a big project's report holds thousands
                click.echo("\n".join(map(str, result.problems)), err=True)
            click.echo(f"skipped {result.statement} [{result.lang}]: {result.skipped}", err=True)
            if result.removed:
                click.echo(f"removed {result.removed}: {result.skipped}", err=True)
    published = [result for result in results if result.path and result.problems]
    if published:
        count = sum(len(result.problems) for result in published)
        click.echo(f"published {_count(count, 'problem')} in {_count(len(published), 'file')} anyway "
                   "(--allow-problems); `stmtl10n check` lists them", err=True)
    blocked = [result for result in results if result.blocked]
    if blocked:
        count = sum(len(result.problems) for result in blocked)
        raise CheckFailed(f"{_count(count, 'problem')} kept {_count(len(blocked), 'file')} from being published; "
                          f"fix {'it' if count == 1 else 'them'}, or build with --allow-problems to publish anyway.")


def _report_build_check(ctx: click.Context, results: list[BuildResult], *, root: Path) -> None:
    """One line per output a build would write or remove; blocked statements are named on stderr, as build names them."""
    changes = 0
    for result in results:
        if result.path and not result.unchanged:
            verb = "would change" if (root / result.path).exists() else "would be written"
            click.echo(f"{result.path}: {verb}")
        elif result.removed:
            click.echo(f"{result.removed}: would be removed ({result.skipped})")
        else:
            if result.blocked:
                click.echo(f"{result.statement} [{result.lang}]: {result.skipped}", err=True)
            continue
        changes += 1
    _check_verdict(ctx, changes, "output", "run `stmtl10n build` and commit the result",
                   done="build/ matches the catalogs")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@cli.command()
@lang_option
@click.option("--statement", "-s", "names", multiple=True, help="Only this statement (slug or path; repeatable).")
@format_option
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a one-page progress dashboard (standalone HTML) to this file.")
@click.option("--no-checks", is_flag=True, help="Skip counting problems (faster on large projects).")
@click.pass_context
def status(ctx: click.Context, languages: tuple[str, ...], names: tuple[str, ...], output_format: str,
           html_path: Path | None, no_checks: bool) -> None:
    """Show progress per statement and language, and problems.

    Entries are reviewed, machine drafts (fuzzy, written by pretranslate),
    changed source (fuzzy with the previous source kept), other drafts, or
    untranslated; problems are what `stmtl10n check` would report.

    \b
    Example:
      stmtl10n status
      stmtl10n status --lang ar --format json
      stmtl10n status --html progress.html
    """
    from stmtl10n.catalog import EntryState
    from stmtl10n.documents.dashboard import write_dashboard
    from stmtl10n.status import project_status

    project = project_from(ctx)
    rows = project_status(project, languages=languages, names=names, with_problems=not no_checks)
    if html_path is not None:
        write_dashboard(html_path, rows, title=f"Translation progress: {project.root.name}")
    if output_format == "json":
        click.echo(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2))
        if html_path is not None:
            click.echo(f"wrote {html_path}", err=True)
        return
    for row in rows:
        if not row.exists:
            click.echo(f"{row.statement} [{row.lang}]: no catalog yet (run `stmtl10n extract`)")
            continue
        counts = "; ".join(
            f"{name} {getattr(row.entries, name)} ({row.entries.percent(name):.0f}%), "
            f"{getattr(row.words, name)} words ({row.words.percent(name):.0f}%)"
            for name in ("translated", "fuzzy", "untranslated")
        )
        click.echo(f"{row.statement} [{row.lang}]: {row.entries.total} entries, {row.words.total} words: {counts}")
        parts = ", ".join(f"{state.label} {row.entries[state]}" for state in EntryState)
        problems = "" if no_checks else f"; problems {row.problem_count} ({row.problem_errors} errors)"
        click.echo(f"  {parts}{problems}")
    if html_path is not None:
        click.echo(f"wrote {html_path}")
