"""The ``check`` command: run every quality check and report problems for volunteers."""

from __future__ import annotations

import json
from itertools import groupby

import click

from stmtl10n.cli._group import cli, format_option, lang_option, project_from
from stmtl10n.errors import CheckFailed
from stmtl10n.model import excerpt


@cli.command()
@lang_option
@click.option("--statement", "-s", "names", multiple=True, help="Only this statement (slug or path; repeatable).")
@format_option
@click.pass_context
def check(ctx: click.Context, languages: tuple[str, ...], names: tuple[str, ...], output_format: str) -> None:
    """Find likely mistakes in translations (links, numbers, language…).

    \b
    Checks: markup, identifiers, numbers, dates, names, punctuation,
    wrong-language, untranslated, unchanged, length, machine-marks,
    consistency (docs/checks.md says what each finds).

    Exit codes: 0 no problems, 3 problems found, 1 error, 2 usage.
    An entry opts out of one check with the flag no-check-<name>
    (e.g. "#, no-check-numbers"); [checks] disabled = [...] in
    stmtl10n.toml turns checks off for the project.

    \b
    Example:
      stmtl10n check
      stmtl10n check --lang ar --statement solidarity-day-call --format json
    """
    from stmtl10n.checks import problems_to_dicts, run_checks

    problems = run_checks(project_from(ctx), languages=languages, statements=names)
    if output_format == "json":
        click.echo(json.dumps(problems_to_dicts(problems), ensure_ascii=False, indent=2))
    else:
        for (statement, lang), group in groupby(problems, key=lambda p: (p.statement, p.lang)):
            found = list(group)
            click.echo(f"{statement} [{lang}] {found[0].extra.get('catalog', '')}".rstrip())
            for problem in found:
                click.echo(f"  {problem.reference}: {problem.severity}: {problem.check}: {problem.message}")
                click.echo(f"      source: “{excerpt(problem.msgid)}”")
    if not problems:
        click.echo("No problems found.", err=True)
        return
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    catalogs = len({(p.statement, p.lang) for p in problems})
    # The summary goes to stderr through the group's error boundary, with exit code 3.
    raise CheckFailed(
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} ({errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}) in {catalogs} catalog{'s' if catalogs != 1 else ''}."
    )
