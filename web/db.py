"""The site's database connection: `get_db()` gives the request's connection, opened on first use.

Opening a connection costs more than most lookups (SQLite reads the whole schema, with its triggers and
indexes, on a connection's first statement), so each thread keeps its connection between requests. It is
opened again when the file at the path is a different file (a `glossary build` or `glossary publish` replaced
it) or the app points elsewhere; a request that left a transaction open has it rolled back at teardown, never carried over.
"""
from __future__ import annotations

import os
import threading

from flask import Flask, current_app, g

from glossary.store import config
from glossary.store.schema import open_db

_local = threading.local()


def _file_identity(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_dev, st.st_ino)


def _thread_connection(path: str, read_only: bool = False):
    identity = _file_identity(path)
    cached = getattr(_local, "cached", None)
    if cached is not None:
        if identity is not None and cached[0] == identity:
            return cached[1]
        _local.cached = None
        cached[1].close()
    db = open_db(path, migrate_forward=False, read_only=read_only)  # GlossaryError when missing or not a glossary
    _local.cached = (identity, db)
    return db


def get_db():
    if "db" not in g:
        g.db = _thread_connection(str(current_app.config.get("GLOSSARY_DB") or config.default_db_path()),
                                  read_only=bool(current_app.config.get("READ_ONLY")))
    return g.db


def close_db(exc=None):
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
