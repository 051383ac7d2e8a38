"""What every command shares: --db, opening the chosen glossary, and errors reported as `Error: …`."""
from __future__ import annotations

import functools
from pathlib import Path

import click

from glossary.store import config
from glossary.store.schema import GlossaryError, open_db


def db_option(func):
    """--db PATH: which glossary database (default $GLOSSARY_DB, else terms.db at the project root)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Glossary database (default: $GLOSSARY_DB or terms.db at the project root).",
    )(func)


def resolve_db_path(db_path: Path | None) -> Path:
    return db_path or config.default_db_path()


def open_glossary(db_path: Path | None):
    """Open the chosen database, turning problems into a clean CLI error."""
    return open_db(resolve_db_path(db_path))


def user_errors(func):
    """Report GlossaryError (and its subclasses) as `Error: …` with exit status 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GlossaryError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper
