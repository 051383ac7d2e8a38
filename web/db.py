"""The site's database connection: one per request, opened on first use, closed at teardown."""
from __future__ import annotations

from flask import Flask, current_app, g

from glossary import config
from glossary.schema import open_db


def get_db():
    if "db" not in g:
        g.db = open_db(current_app.config.get("GLOSSARY_DB") or config.default_db_path(), migrate_forward=False)
    return g.db


def close_db(exc=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
