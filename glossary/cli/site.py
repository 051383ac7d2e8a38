"""`glossary serve`: the site under gunicorn (or Flask's development server); `glossary publish`: the
read-only copy that the readers' hosts serve with `glossary serve --read-only`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from glossary.cli.options import db_option, resolve_db_path, user_errors
from glossary.store.schema import open_db


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading, instead of gunicorn.")
@click.option("--read-only", is_flag=True,
              help="Serve a published copy (`glossary publish`): opened immutable, no editors' pages.")
@user_errors
def serve(db_path, host, port, workers, debug, read_only):
    """Serve the lookup site (gunicorn; --debug for Flask's dev server)."""
    path = resolve_db_path(db_path).resolve()
    open_db(path, read_only=read_only).close()  # fail here, clearly, rather than in every worker
    os.environ["GLOSSARY_DB"] = str(path)
    os.environ["GLOSSARY_READ_ONLY"] = "1" if read_only else ""
    if debug:
        from web import create_app

        create_app().run(host=host, port=port, debug=True)
        return
    command = gunicorn_command(host, port, workers)
    os.execvp(command[0], command)


def gunicorn_command(host: str, port: int, workers: int) -> list[str]:
    """gunicorn's command line for the site: its own worker (web/serving.py) and the longest request line
    gunicorn takes, so an over-long search reaches the site's own message rather than a bare 414."""
    from web.serving import REQUEST_LINE_LIMIT, WORKER_CLASS

    return [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{host}:{port}",
            "--worker-class", WORKER_CLASS, "--limit-request-line", str(REQUEST_LINE_LIMIT),
            "--access-logfile", "-", "web:create_app()"]


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@user_errors
def publish(target, db_path):
    """Write a consistent, numbered read-only copy of the glossary to TARGET (renamed into place: readers
    serving TARGET with `glossary serve --read-only` pick it up on their next request)."""
    from glossary.store.publish import publish as run_publish

    done = run_publish(resolve_db_path(db_path), target)
    click.echo(f"published version {done['version']} to {done['path']} ({done['bytes']:,} bytes, "
               f"sha256 {done['sha256'][:12]}…, {done['published_at']})")
