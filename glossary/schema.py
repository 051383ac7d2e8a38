"""The terms.db schema: tables, versions and forward migrations, and opening a database safely.

The database is a plain SQLite file (browse it with Datasette or the sqlite3 shell). Its layout follows TBX:
a concept has terms in several languages (zh-Hans, zh-Hant, en), each term its status, type and sources.

Schema changes are explicit: each is a numbered migration below, and `PRAGMA user_version` records the
last one applied. Opening an older database migrates it forward; a newer one is refused.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils


class GlossaryError(Exception):
    """An error a user can act on; the CLI prints its message without a traceback."""


def _v1_core(db: sqlite_utils.Database) -> None:
    db["concepts"].create(
        {
            "id": int,
            "slug": str,  # stable ASCII id: URLs, TBX ids, the curated file
            "kind": str,  # organisation, mechanism, honour, campaign, slogan, legal-concept, …
            "subject": str,
            "definition": str,  # English definition
            "note_zh": str,  # 知识点: Chinese background note
            "note": str,  # editorial usage note
            "version": int,  # bumped on every edit (optimistic concurrency)
            "created": str,  # ISO date of origination
            "modified": str,  # ISO date of the last change
        },
        pk="id",
        not_null={"slug", "kind", "version"},
        defaults={"version": 1},
    )
    db["concepts"].create_index(["slug"], unique=True)
    db["sources"].create(
        {"id": str, "title": str, "publisher": str, "url": str, "authority": str},
        pk="id",
        not_null={"title", "authority"},
    )
    db["terms"].create(
        {
            "id": int,
            "concept_id": int,
            "lang": str,  # zh-Hans | zh-Hant | en
            "term": str,
            "term_type": str,  # fullForm | abbreviation | acronym | shortForm | variant
            "status": str,  # preferred | admitted | deprecated
            "position": int,  # order within the concept and language
            "note": str,
            "hans_id": int,  # a zh-Hant term: the zh-Hans term it was converted from
            "pinyin": str,  # tone marks, space-separated syllables (zh-Hans terms)
            "pinyin_numbers": str,
            "pinyin_reviewed": int,  # 1 when a person set the reading
            "norm": str,  # lookup key: simplified characters, or folded English
            "pinyin_key": str,  # compact search keys (ü as v), see glossary.pinyin.search_keys
            "pinyin_tone_key": str,
            "pinyin_num_key": str,
            "initials": str,
        },
        pk="id",
        foreign_keys=[("concept_id", "concepts", "id"), ("hans_id", "terms", "id")],
        not_null={"concept_id", "lang", "term", "status", "term_type"},
    )
    for columns in (["concept_id"], ["norm"], ["pinyin_key"], ["pinyin_tone_key"], ["pinyin_num_key"], ["initials"]):
        db["terms"].create_index(columns)
    db["term_sources"].create(
        {"term_id": int, "source_id": str},
        pk=("term_id", "source_id"),
        foreign_keys=[("term_id", "terms", "id"), ("source_id", "sources", "id")],
    )
    db["term_sources"].create_index(["source_id"])
    db["links"].create(
        {"concept_id": int, "target_id": int, "type": str},  # type: related | broader
        pk=("concept_id", "target_id", "type"),
        foreign_keys=[("concept_id", "concepts", "id"), ("target_id", "concepts", "id")],
    )
    db["links"].create_index(["target_id"])
    db["documents"].create(
        {"id": str, "title": str, "date": str, "publisher": str, "file": str, "encoding": str, "text": str},
        pk="id",
    )
    db["sentences"].create(
        {"id": int, "document_id": str, "position": int, "start": int, "kind": str, "text": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["sentences"].create_index(["document_id", "position"], unique=True)
    # term → sentence, filled at build time: answers "examples of X" without scanning sentences
    db["examples"].create(
        {"term_id": int, "sentence_id": int, "start": int, "end": int},
        pk=("term_id", "sentence_id", "start"),
        foreign_keys=[("term_id", "terms", "id"), ("sentence_id", "sentences", "id")],
    )
    db["examples"].create_index(["sentence_id"])
    db["meta"].create({"key": str, "value": str}, pk="key")


# (version, description, function). Append new migrations; never edit one that has shipped.
MIGRATIONS = [
    (1, "core: concepts, terms, sources, links, documents, sentences, examples", _v1_core),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def user_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction; return those applied."""
    current = user_version(db)
    if current > SCHEMA_VERSION:
        raise GlossaryError(
            f"database schema version {current} is newer than this program knows ({SCHEMA_VERSION}); upgrade glossary"
        )
    applied = []
    for version, _description, apply in MIGRATIONS:
        if version <= current:
            continue
        with db.conn:
            apply(db)
            db.execute(f"PRAGMA user_version = {version}")
        applied.append(version)
    return applied


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")


def create_db(path: str | Path) -> sqlite_utils.Database:
    """A new, empty glossary database at path (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise GlossaryError(f"{path} already exists")
    db = sqlite_utils.Database(path)
    _configure(db.conn)
    migrate(db)
    return db


def open_db(path: str | Path, migrate_forward: bool = True) -> sqlite_utils.Database:
    """Open an existing glossary database. Never creates a file: a missing path or a file that is not a
    glossary database raises GlossaryError with a message that says what to do."""
    path = Path(path)
    if not path.exists():
        raise GlossaryError(f"no glossary database at {path} (build one with `glossary build --db {path}`)")
    if path.is_dir():
        raise GlossaryError(f"{path} is a directory, not a glossary database")
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise GlossaryError(f"{path} is not a glossary database (not an SQLite file)")
    db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False))
    _configure(db.conn)
    try:
        is_glossary = user_version(db) > 0 and db["concepts"].exists()
    except sqlite3.DatabaseError as exc:
        db.close()
        raise GlossaryError(f"{path} is not a glossary database ({exc})") from None
    if not is_glossary:
        db.close()
        raise GlossaryError(f"{path} is an SQLite file but not a glossary database (no glossary schema)")
    if migrate_forward:
        migrate(db)
    return db
