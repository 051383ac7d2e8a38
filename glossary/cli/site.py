"""`glossary serve`: the site under gunicorn (or Flask's development server)."""
from __future__ import annotations

import os
import sys

import click

from glossary.cli.options import db_option, resolve_db_path, user_errors
from glossary.store.schema import open_db


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading, instead of gunicorn.")
@user_errors
def serve(db_path, host, port, workers, debug):
    """Serve the lookup site (gunicorn; --debug for Flask's dev server)."""
    path = resolve_db_path(db_path).resolve()
    open_db(path).close()  # fail here, clearly, rather than in every worker
    os.environ["GLOSSARY_DB"] = str(path)
    if debug:
        from web import create_app

        create_app().run(host=host, port=port, debug=True)
        return
    os.execvp(
        sys.executable,
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{host}:{port}",
         "--access-logfile", "-", "web:create_app()"],
    )
