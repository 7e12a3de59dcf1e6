"""Commands for review in the browser: ``review`` serves it, ``reviewer`` manages who may log in."""

from __future__ import annotations

import click

from stmtl10n.cli._group import LOCALE, cli, project_from


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 serves the whole network (put HTTPS in front of it).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this Host name, e.g. the one a reverse proxy sends "
                   "(repeatable; NAME or NAME:PORT).")
@click.option("--trust-proxy", is_flag=True,
              help="Believe the reverse proxy's X-Forwarded-Proto: https (for Secure cookies); "
                   "only when every request comes through your proxy.")
@click.pass_context
def review(ctx: click.Context, host: str, port: int, allowed_hosts: tuple[str, ...], trust_proxy: bool) -> None:
    """Serve the review pages where volunteers approve drafts.

    Reviewers log in with the link `stmtl10n reviewer add` prints. The server
    reads and writes the same catalogs as the command line, under the same locks.

    \b
    Example:
      stmtl10n reviewer add amal --lang ar
      stmtl10n review --port 8000
      stmtl10n review --allowed-host review.example.org --trust-proxy
    """
    from stmtl10n.review import load_reviewers, make_review_server
    from stmtl10n.review.server import warm_up_in_background

    project = project_from(ctx)
    server = make_review_server(project, host=host, port=port, allowed_hosts=allowed_hosts, trust_proxy=trust_proxy)
    bound = server.server_port
    click.echo(f"Serving the review of {project.root} on http://{host}:{bound}/ (Ctrl+C stops it)", err=True)
    warm_up_in_background(server)
    if not load_reviewers(project):
        click.echo("No reviewers yet: add one with `stmtl10n reviewer add NAME --lang LANG` for a login link.", err=True)
    try:
        server.serve_forever()  # waitress ends its loop on Ctrl+C itself
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    click.echo("Stopped.", err=True)


@cli.group()
def reviewer() -> None:
    """Add, list and remove the reviewers who may log in to `stmtl10n review`.

    \b
    Example:
      stmtl10n reviewer add amal --lang ar
      stmtl10n reviewer add lucia --lang es --lang fr
      stmtl10n reviewer add demo --coordinator
      stmtl10n reviewer list
      stmtl10n reviewer remove amal
    """


@reviewer.command("add")
@click.argument("name")
@click.option("--lang", "-l", "languages", multiple=True, type=LOCALE,
              help="A language the reviewer may change (repeatable); everyone may read all.")
@click.option("--coordinator", is_flag=True, help="May change every language.")
@click.option("--replace", is_flag=True, help="Replace a reviewer of that name: new rights, new link.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Host to put in the login link.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to put in the login link.")
@click.pass_context
def reviewer_add(ctx: click.Context, name: str, languages: tuple[str, ...], coordinator: bool, replace: bool,
                 host: str, port: int) -> None:
    """Create a reviewer and print their login link (shown only once).

    The token in the link also works as `Authorization: Bearer <token>` for the API.

    \b
    Example:
      stmtl10n reviewer add amal --lang ar
      stmtl10n reviewer add demo --coordinator --replace
    """
    from stmtl10n.review import add_reviewer, login_link

    added, token = add_reviewer(project_from(ctx), name, languages=languages, coordinator=coordinator, replace=replace)
    scope = "every language (coordinator)" if added.is_coordinator else ", ".join(added.languages)
    click.echo(f"Added reviewer {added.name}: may change {scope}.", err=True)
    click.echo("Send them this login link (it is shown only once):", err=True)
    click.echo(login_link(token, host=host, port=port))


@reviewer.command("list")
@click.pass_context
def reviewer_list(ctx: click.Context) -> None:
    """List the reviewers, their languages and when they were added."""
    from stmtl10n.review import load_reviewers

    reviewers = load_reviewers(project_from(ctx))
    if not reviewers:
        click.echo("No reviewers yet: add one with `stmtl10n reviewer add NAME --lang LANG`.", err=True)
    for item in reviewers:
        scope = "coordinator" if item.is_coordinator else ", ".join(item.languages)
        extra = f" + {', '.join(item.languages)}" if item.is_coordinator and item.languages else ""
        click.echo(f"{item.name}\t{scope}{extra}\tadded {item.created}")


@reviewer.command("remove")
@click.argument("name")
@click.pass_context
def reviewer_remove(ctx: click.Context, name: str) -> None:
    """Remove a reviewer; their link and sessions stop working at once."""
    from stmtl10n.review import remove_reviewer

    removed = remove_reviewer(project_from(ctx), name)
    click.echo(f"Removed reviewer {removed.name}.")
