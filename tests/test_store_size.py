"""What makes terms.db smaller (migration 12) loses no behaviour, and a migration is all or nothing."""
from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from glossary.search import browse, lookup as lk
from glossary.store import concepts as store
from glossary.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, open_db, user_version

DROPPED = ("idx_terms_pinyin_tone_key", "idx_terms_pinyin_num_key", "idx_terms_initials")
QUERIES = ("zhigong", "zhi gong", "zhi1 gong1", "zhígōng", "zgdbdh", "nuzhigong", "gonghui", "工会", "职工代", "代表大",
           "trade union", "wor")  # pinyin (toneless, tone marks, numbers, initials), Chinese, English: each finds


def _index_names(db) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_the_dropped_indexes_were_used_by_no_search(db):
    """Put back, the three indexes are chosen by no query plan of search, suggestions or browsing."""
    for name, column in zip(DROPPED, ("pinyin_tone_key", "pinyin_num_key", "initials")):
        db.execute(f"CREATE INDEX {name} ON terms ({column})")
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert all(lk.search(db, query) for query in QUERIES)
        lk.suggest(db, "zhigongx")
        browse.letters(db)
        browse.concepts_by_letter(db, "z")
    finally:
        db.conn.set_trace_callback(None)
    plans = [" / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}"))
             for statement in dict.fromkeys(statements) if statement.lstrip().upper().startswith("SELECT")]
    assert len(plans) > 50
    assert not [plan for plan in plans if any(name in plan for name in DROPPED)]


def test_a_built_glossary_has_neither_the_redundant_indexes_nor_column_sizes(db):
    assert not _index_names(db) & set(DROPPED)
    assert "idx_terms_pinyin_key" in _index_names(db)
    assert not db["term_trigrams_docsize"].exists()


def test_a_database_at_the_previous_version_is_made_smaller_and_still_searches(tmp_path):
    path = tmp_path / "v11.db"
    old = sqlite_utils.Database(sqlite3.connect(path))
    migrate(old, upto=11)
    old["sources"].insert({"id": "house", "title": "House proposal", "authority": "house"})
    store.insert_concept(old, {"id": "wc", "kind": "mechanism", "zh": [{"term": "职工代表大会"}],
                               "en": [{"term": "workers' congress", "status": "preferred", "sources": ["house"]}]})
    old.conn.commit()
    assert set(DROPPED) <= _index_names(old) and old["term_trigrams_docsize"].exists()
    old.close()
    db = open_db(path)
    assert user_version(db) == SCHEMA_VERSION
    assert not _index_names(db) & set(DROPPED) and not db["term_trigrams_docsize"].exists()
    assert [h.how for h in lk.search(db, "代表大")] == ["fragment"]  # the trigram index, rebuilt
    assert [h.how for h in lk.search(db, "zgdbdh")] == ["initials"]
    # terms added after the migration are indexed by the same triggers
    with db.conn:
        store.insert_concept(db, {"id": "tu", "kind": "organisation", "zh": [{"term": "基层工会组织"}],
                                  "en": [{"term": "grassroots union", "status": "preferred", "sources": ["house"]}]})
    assert [h.how for h in lk.search(db, "工会组")] == ["fragment"]


def test_a_migration_that_fails_leaves_nothing_of_itself(db, monkeypatch):
    def broken(database):
        database.execute("CREATE TABLE half_done (x)")
        database.execute("DROP INDEX idx_terms_pinyin_key")
        raise RuntimeError("the migration failed")

    monkeypatch.setattr("glossary.store.schema.MIGRATIONS", [*MIGRATIONS, (SCHEMA_VERSION + 1, "broken", broken)])
    with pytest.raises(RuntimeError):
        migrate(db)
    assert user_version(db) == SCHEMA_VERSION
    assert not db["half_done"].exists() and "idx_terms_pinyin_key" in _index_names(db)
