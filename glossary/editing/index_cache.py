"""The glossary's indexes for the editing aid (the annotator's Chinese automata, the checker's English one),
built once per glossary version: `cached` keeps each per database file until the glossary's `fingerprint`
changes (the change counter of schema migration 5), so annotating or checking a story costs a pass over its
text, not over the glossary.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from typing import Any, Callable


def _database_path(db) -> str | None:
    for _seq, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or None
    return None


def fingerprint(db) -> tuple:
    """A cheap token that changes whenever the glossary changes: the change counter that triggers keep
    (migration 5), with the file's identity, since `glossary build` replaces the file with a new one whose
    counter may match the old. A database without the counter falls back to counting: the highest term
    id, the number of terms and concepts, and the sum of concept versions."""
    path = _database_path(db)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    file_id = (stat.st_dev, stat.st_ino) if stat else id(db.conn)
    try:
        row = db.execute("SELECT counter FROM glossary_changes WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is not None:
        return file_id, row[0]
    terms = db.execute("SELECT max(id), count(*) FROM terms").fetchone()
    concepts = db.execute("SELECT count(*), coalesce(sum(version), 0) FROM concepts").fetchone()
    return (file_id,) + tuple(terms) + tuple(concepts)


def _database_key(db) -> str:
    """Which database file this connection is on (a memory database is keyed by its connection)."""
    return _database_path(db) or f"memory:{id(db.conn)}"


_CACHE: "OrderedDict[tuple[str, str], tuple[tuple, Any]]" = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 8  # a few databases × (Chinese index, English index); tests open many small ones


def cached(db, name: str, build: Callable[[Any], Any]) -> Any:
    """`build(db)`, remembered per database file and index name until the glossary's fingerprint changes."""
    key = (_database_key(db), name)
    token = fingerprint(db)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit and hit[0] == token:
            _CACHE.move_to_end(key)
            return hit[1]
    value = build(db)
    with _CACHE_LOCK:
        _CACHE[key] = (token, value)
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value
