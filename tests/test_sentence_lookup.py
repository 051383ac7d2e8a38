"""A sentence found by its text (approving a candidate links its examples to sentences the corpus holds) is an
index search, not a scan of every sentence."""
from __future__ import annotations

import sqlite3

import sqlite_utils

from glossary.store.corpus import find_body_sentence
from glossary.store.schema import SCHEMA_VERSION, migrate, open_db, user_version


def _add(db, document: str, position: int, kind: str, text: str) -> int:
    db.execute("INSERT OR IGNORE INTO documents (id, title) VALUES (?, ?)", [document, document])
    return db.execute("INSERT INTO sentences (document_id, position, start, kind, text) VALUES (?, ?, 0, ?, ?)",
                      [document, position, kind, text]).lastrowid


def test_a_sentence_is_found_by_its_exact_text(db):
    with db.conn:
        heading = _add(db, "d1", 0, "heading", "全总召开职工代表大会工作会议。")
        first = _add(db, "d1", 1, "body", "全总召开职工代表大会工作会议。")
        _add(db, "d2", 0, "body", "全总召开职工代表大会工作会议。")  # the same sentence again, later
        _add(db, "d2", 1, "body", "全总召开职工代表大会工作会议，部署全年工作。")  # same start, other text
    assert heading < first
    assert find_body_sentence(db, "全总召开职工代表大会工作会议。") == first  # the first body sentence, not the heading
    assert find_body_sentence(db, "全总召开职工代表大会工作会议") is None  # a prefix is not the sentence
    assert find_body_sentence(db, "没有这句话。") is None
    assert find_body_sentence(db, "短句。") is None


def test_the_lookup_is_an_index_search(db):
    with db.conn:
        for i in range(50):
            _add(db, "d1", i, "body", f"第{i}条 职工代表大会每年至少召开一次。")
    statements = []
    db.conn.set_trace_callback(statements.append)  # the statement as run, with its values in place
    try:
        assert find_body_sentence(db, "第7条 职工代表大会每年至少召开一次。") is not None
    finally:
        db.conn.set_trace_callback(None)
    [statement] = [s for s in statements if "FROM sentences" in s]
    plan = " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}"))
    assert "USING INDEX sentences_text_start" in plan and "SCAN" not in plan, plan


def test_a_database_at_the_previous_version_gets_the_index(tmp_path):
    path = tmp_path / "v10.db"
    old = sqlite_utils.Database(sqlite3.connect(path))
    migrate(old, upto=10)
    old.execute("INSERT INTO documents (id, title) VALUES ('d', 'd')")
    old.execute("INSERT INTO sentences (document_id, position, start, kind, text) VALUES ('d', 0, 0, 'body', '工会。')")
    old.conn.commit()
    old.close()
    db = open_db(path)
    assert user_version(db) == SCHEMA_VERSION
    assert "sentences_text_start" in {i.name for i in db["sentences"].indexes}
    assert find_body_sentence(db, "工会。") == 1
