"""Commands that exchange translations with other tools: export-tmx, import-tmx, align."""

from __future__ import annotations

from pathlib import Path

import click

from stmtl10n.cli._group import LOCALE, cli, lang_option, project_from
from stmtl10n.model import excerpt


@cli.command("export-tmx")
@lang_option
@click.option("--statement", "-s", "names", multiple=True, help="Only this statement (slug or path; repeatable).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="The TMX file to write.")
@click.option("--include-fuzzy", is_flag=True, help="Add drafts too, marked with a fuzzy state property.")
@click.pass_context
def export_tmx(ctx: click.Context, languages: tuple[str, ...], names: tuple[str, ...], output: Path,
               include_fuzzy: bool) -> None:
    """Write reviewed translations as a TMX 1.4b memory.

    One translation unit per distinct source segment, one variant per language.
    Translations with an error that `stmtl10n check` finds (a lost link, a
    changed number) are left out, and counted on stderr.

    \b
    Example:
      stmtl10n export-tmx --output memory.tmx
      stmtl10n export-tmx --lang es --statement solidarity-day-call -o es.tmx --include-fuzzy
    """
    from stmtl10n.documents.tmx import export_tmx as run_export

    result = run_export(project_from(ctx), output, languages=languages, names=names, include_fuzzy=include_fuzzy)
    counts = ", ".join(f"{lang} {count}" for lang, count in result.variants.items())
    click.echo(f"wrote {result.path}: {result.units} units ({counts})")
    if result.left_out:
        noun = "translation" if result.left_out == 1 else "translations"
        click.echo(f"export-tmx: left out {result.left_out} {noun} with problems", err=True)


@cli.command("import-tmx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_tmx(ctx: click.Context, file: Path) -> None:
    """Add a TMX file from another tool to the translation memory.

    The file is checked and a copy is kept under memory/, where pretranslate
    looks for matches.

    \b
    Example:
      stmtl10n import-tmx omegat-project-omegat.tmx
    """
    from stmtl10n.documents.tmx import import_tmx as run_import

    result = run_import(project_from(ctx), file)
    verb = "replaced" if result.replaced else "added"
    click.echo(f"{verb} {result.path}: {result.units} units ({', '.join(result.languages)})")


@cli.command()
@click.argument("statement")
@click.argument("translated_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "-l", "lang", type=LOCALE, required=True, help="The language of TRANSLATED_FILE.")
@click.option("--report", is_flag=True, help="Print every aligned pair with its score, and what was left unmatched.")
@click.option("--overwrite", is_flag=True, help="Replace reviewed translations already in the catalog.")
@click.option("--dry-run", is_flag=True, help="Align and report, write nothing.")
@click.pass_context
def align(ctx: click.Context, statement: str, translated_file: Path, lang: str, report: bool, overwrite: bool,
          dry_run: bool) -> None:
    """Import an existing translation of a statement into its catalog.

    Segments of TRANSLATED_FILE are matched with the statement's: one to one
    when the structure is the same, otherwise by length, headings, list numbers,
    numbers and names.  Sure pairs become translations; merged, split or weak
    pairs become fuzzy entries to review.

    \b
    Example:
      stmtl10n align solidarity-day-call old/llamamiento.txt --lang es --report
    """
    from stmtl10n.import_translation import align_translation

    result = align_translation(project_from(ctx), statement, translated_file, lang=lang, overwrite=overwrite,
                               dry_run=dry_run)
    if report:
        for imported in result.pairs:
            pair = imported.pair
            where = f"{_positions(pair.source)} ↔ {_positions(pair.target)}"
            click.echo(f"{pair.shape} {pair.score:4.2f} {where}: {imported.action}")
            for text in imported.source_texts:
                click.echo(f"    {result.statement}: {excerpt(text)}")
            for text in imported.target_texts:
                click.echo(f"    {lang}: {excerpt(text)}")
        if result.unmatched_source:
            click.echo(f"unmatched in the statement ({len(result.unmatched_source)}):")
            for text in result.unmatched_source:
                click.echo(f"    {excerpt(text)}")
        if result.unmatched_target:
            click.echo(f"unmatched in {result.translated_file} ({len(result.unmatched_target)}):")
            for text in result.unmatched_target:
                click.echo(f"    {excerpt(text)}")
    method = "same structure" if result.method == "structure" else "by length and anchors"
    prefix = "would write" if dry_run else "wrote"
    if not (result.imported or result.fuzzy) and not dry_run:
        prefix = "unchanged"
    summary = f"{prefix} {result.catalog}: {result.imported} imported, {result.fuzzy} fuzzy for review"
    if result.kept:
        summary += f", {result.kept} reviewed kept (--overwrite replaces them)"
    unmatched = len(result.unmatched_source) + len(result.unmatched_target)
    click.echo(f"{summary}; aligned {method}, {unmatched} unmatched")


def _positions(indices: tuple[int, ...]) -> str:
    return "+".join(f"#{i + 1}" for i in indices) or "-"


