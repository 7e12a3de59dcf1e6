"""The ``stmtl10n`` click group, its one error boundary, and options shared by commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from stmtl10n import __version__
from stmtl10n.errors import CheckFailed, Stmtl10nError

if TYPE_CHECKING:
    from stmtl10n.project import Project

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class _Group(click.Group):
    """The one place where expected errors become a single line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Stmtl10nError as exc:
            # Problems found by a check are the command's answer, not an error of the tool.
            prefix = "" if isinstance(exc, CheckFailed) else "Error: "
            click.echo(f"{prefix}{exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: catalogs written so far are complete; run the command again to finish.", err=True)
            ctx.exit(130)


class LocaleParam(click.ParamType[str, Any]):
    """A language code, validated and written as babel writes it (``pt-br`` becomes ``pt_BR``)."""

    name = "LANG"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from stmtl10n.errors import LocaleError
        from stmtl10n.locales import normalize_locale

        # The option as the user typed it names the problem: "--lang: unknown language code 'xx'; ..."
        where = max(param.opts, key=len) if param is not None and param.opts else self.name
        try:
            return normalize_locale(str(value), where=where)
        except LocaleError as exc:
            raise click.UsageError(str(exc), ctx) from None


LOCALE = LocaleParam()
lang_option = click.option(
    "--lang", "-l", "languages", multiple=True, type=LOCALE, help="Language code (repeatable); default: all of the project."
)
format_option = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format.",
)


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="stmtl10n")
@click.option("-C", "directory", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Run as if started in this folder.")
@click.pass_context
def cli(ctx: click.Context, directory: Path | None) -> None:
    """Translate statements with gettext catalogs, machine drafts and volunteers.

    Exit codes: 0 ok, 1 error, 2 usage, 3 problems (check found some; build held some back).
    """
    ctx.obj = directory


def project_from(ctx: click.Context) -> Project:
    from stmtl10n.project import find_project

    start = ctx.find_root().obj
    return find_project(start)
