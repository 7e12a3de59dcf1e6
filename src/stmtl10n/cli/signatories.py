"""Commands for a statement's signatories: ``signatories add`` from a sign-up form, ``signatories list``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import click

from stmtl10n.cli._group import cli, project_from

# signatory_intake.FIELDS, written out so that --help need not load the library.
_FIELDS = ("name", "first-name", "last-name", "organization", "role", "country")


@cli.group(context_settings={"help_option_names": ["-h", "--help"]})
def signatories() -> None:
    """Add signatories from a sign-up form, list them as parsed."""


def _parse_columns(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for value in values:
        field, sep, header = value.partition("=")
        field = field.strip().lower()
        if not sep or not header.strip():
            raise click.BadParameter(f"{value!r}: expected FIELD=HEADER, such as organization=Union", ctx, param)
        if field not in _FIELDS:
            raise click.BadParameter(f"{value!r}: unknown field {field!r}; use one of {', '.join(_FIELDS)}", ctx, param)
        columns[field] = header.strip()
    return columns


@signatories.command("add")
@click.argument("statement")
@click.option("--from-csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="The form's export: a header row, then one signatory per row.")
@click.option("--column", "columns", multiple=True, callback=_parse_columns, metavar="FIELD=HEADER",
              help=f"Read FIELD ({', '.join(_FIELDS)}) from the column HEADER (repeatable).")
@click.option("--list", "list_number", type=click.IntRange(min=1), default=None, metavar="N",
              help="Add to list N (as `signatories list` numbers them); default: the individuals' list, else the last.")
@click.option("--keep-unknown", is_flag=True, help="Keep countries CLDR does not know as written, instead of stopping.")
@click.option("--dry-run", is_flag=True, help="Print the lines that would be added; write nothing.")
@click.pass_context
def add(ctx: click.Context, statement: str, csv_file: Path, columns: dict[str, str], list_number: int | None,
        keep_unknown: bool, dry_run: bool) -> None:
    """Append the signatories of a sign-up form to a statement's list.

    Each is written in the list's own format (markers, numbering, the shape of
    its items); duplicates (same name and organization) are skipped, and every
    country is checked against CLDR before anything is written.

    \b
    Example:
      stmtl10n signatories add solidarity-day-call --from-csv responses.csv --dry-run
      stmtl10n signatories add call.md --from-csv form.csv --column organization="Union or party" --list 1
    """
    from stmtl10n.signatory_intake import add_signatories

    result = add_signatories(project_from(ctx), statement, csv_file, columns=columns, list_number=list_number,
                             keep_unknown=keep_unknown, dry_run=dry_run)
    for unknown in result.kept_unknown:
        click.echo(f"{unknown.message(str(csv_file))}; kept as written", err=True)
    for row in result.without_name:
        click.echo(f"{csv_file}:{row}: neither a name nor an organization; left out", err=True)
    if dry_run:
        for line in result.lines:
            click.echo(line)
    added = f"{result.added} {'signatory' if result.added == 1 else 'signatories'}"
    duplicates = f"{result.duplicates} {'duplicate' if result.duplicates == 1 else 'duplicates'}"
    where = f"{result.statement.path} (list {result.list_number})"
    if dry_run:
        click.echo(f"Would add {added} to {where}, skipping {duplicates}.")
    else:
        click.echo(f"Added {added} to {where}, skipped {duplicates}.")


@signatories.command("list")
@click.argument("statement")
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
def list_(ctx: click.Context, statement: str, output_format: Literal["text", "csv", "json"]) -> None:
    """Print a statement's signatory lists as parsed.

    For each signatory: its list number, line, name, organization, role,
    country as written and the country's CLDR code.

    \b
    Example:
      stmtl10n signatories list solidarity-day-call
      stmtl10n signatories list solidarity-day-call --format csv > signatories.csv
    """
    from stmtl10n.signatory_intake import list_signatories, render_signatories

    found, lists = list_signatories(project_from(ctx), statement)
    if not lists and output_format == "text":
        click.echo(f"{found.path}: no signatory list")
        return
    click.echo(render_signatories(lists, output_format), nl=False)
