"""`glossary build`: terms.db from the curated glossary (data/) and the sample corpus (corpus/).

The build writes a new file beside the target and renames it over the target only when everything
succeeded, so a failed build never leaves a half-written database. It is deterministic: the same inputs
give the same rows in the same order (no timestamps, ids assigned in file order).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import sqlite_utils

from glossary.store import config, corpus, curated, concepts as store
from glossary.store.example_matching import example_matcher
from glossary.store.schema import SCHEMA_VERSION, create_db
from glossary.lang.text import read_text


def build(db_path: Path, data_dir: Path = config.DATA_DIR, corpus_dir: Path = config.CORPUS_DIR) -> dict:
    """Build the database at db_path; return counts for the report."""
    about = curated.load_about(data_dir / "glossary.yaml")
    sources, concepts = curated.load_glossary(data_dir)
    documents = curated.load_documents(corpus_dir)

    db_path = Path(db_path)
    tmp_path = db_path.with_name(db_path.name + ".building")
    if tmp_path.exists():
        tmp_path.unlink()
    db = create_db(tmp_path)
    try:
        with db.conn:
            store.insert_sources(db, sources)
            for concept in concepts:
                store.insert_concept(db, {"created": about["date"], **concept})
            store.insert_links(db, concepts)
            matcher, report = example_matcher(db), corpus.AddReport()
            for doc in documents:
                raw, encoding = read_text(doc["path"])
                corpus.store_document(db, corpus.Document(
                    doc["id"], doc["title"], raw, doc["file"], encoding, doc["date"], doc.get("url"),
                    doc.get("publisher")), matcher, report)
            inputs = [data_dir / "glossary.yaml", *curated.data_files(data_dir, "sources"),
                      *curated.data_files(data_dir, "concepts"), corpus_dir / "documents.yaml"]
            inputs += [doc["path"] for doc in documents]
            db["meta"].insert_all(
                [
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                    {"key": "sources_sha256", "value": _digest(inputs)},
                    *({"key": key, "value": str(value)} for key, value in sorted(about.items())),
                ]
            )
        db.execute("VACUUM")
        counts = content_counts(db)
    finally:
        db.close()
    os.replace(tmp_path, db_path)
    return counts


def init_empty(db_path: Path, title: str | None = None, data_dir: Path = config.DATA_DIR) -> None:
    """An empty glossary at db_path (which must not exist): the schema, the `house` source that marks house
    proposals, and the languages and date of the shipped glossary's about-file (a title of its own if given)."""
    about = curated.load_about(data_dir / "glossary.yaml")
    # no title unless given: the first termbase imported gives its own (exports say "Glossary" until then)
    about = {"title": title, "description": "", "source_language": about.get("source_language"),
             "target_language": about.get("target_language"), "date": about["date"]}
    sources, _ = curated.load_glossary(data_dir)
    db = create_db(db_path)
    try:
        with db.conn:
            store.insert_sources(db, {curated.HOUSE_SOURCE: sources[curated.HOUSE_SOURCE]})
            db["meta"].insert_all([{"key": "schema_version", "value": str(SCHEMA_VERSION)},
                                   *({"key": k, "value": str(v)} for k, v in sorted(about.items()) if v)])
    finally:
        db.close()


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).read_bytes())
    return h.hexdigest()


def content_counts(db: sqlite_utils.Database) -> dict:
    return {name: db[name].count for name in ("concepts", "terms", "sources", "documents", "sentences", "examples")}


def content_dump(db: sqlite_utils.Database) -> list[str]:
    """Every row of every table, as SQL text, in a fixed order: two databases with equal dumps hold the
    same content."""
    return [line for line in db.conn.iterdump()]
