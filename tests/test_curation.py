"""Curation in the library: editing concepts with versions, the journal, restoring, new concepts, readings."""
from __future__ import annotations

import copy
import json
import sqlite3
import threading

import pytest
import sqlite_utils

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store
from glossary.search.lookup import lookup
from glossary.store.schema import GlossaryError, open_db


def state(db, slug):
    return store.concept_state(db, curation.require_concept(db, slug))


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_edit_adds_reorders_and_restatuses_renderings_with_a_journal_row(db):
    before = state(db, "workers-congress")
    edited = copy.deepcopy(before)
    edited["en"] = [
        {"term": "congress of workers and staff", "status": "preferred", "sources": ["house"]},
        {"term": "workers' congress", "status": "admitted", "sources": ["law-2021"]},
        {"term": "staff and workers' representative congress", "status": "admitted", "sources": ["acftu"], "note": "ACFTU usage"},
    ]
    edited["definition"] = "The elected body through which employees take part in running an enterprise."

    saved = curation.save_concept(db, "workers-congress", edited, before["version"], "eddie")

    assert saved["version"] == before["version"] + 1
    assert [t["term"] for t in saved["en"]] == [t["term"] for t in edited["en"]]
    assert [t["status"] for t in saved["en"]] == ["preferred", "admitted", "admitted"]
    assert saved["en"][2]["sources"] == ["acftu"] and saved["en"][2]["note"] == "ACFTU usage"
    entry = lookup(db, "职代会")[0]
    assert entry["en"] == "congress of workers and staff" and entry["en_house_proposal"] is True
    assert "workers' representative conference" not in entry["en_deprecated"]  # removed
    [row] = journal.history(db, concept_id=saved and curation.require_concept(db, "workers-congress"))
    assert (row["user"], row["action"], row["slug"]) == ("eddie", "edit", "workers-congress")
    assert row["before"]["en"][0]["term"] == "workers' congress"
    assert row["after"]["en"][0]["term"] == "congress of workers and staff"
    assert row["after"]["version"] == saved["version"]
    assert "definition changed" in row["summary"] and "rendering staff and workers' representative congress added" in row["summary"]


def test_an_invalid_edit_is_refused_and_writes_nothing(db):
    before = state(db, "workers-congress")
    journal_rows, terms = count(db, "journal"), count(db, "terms")
    for change, message in [
        (lambda s: s["en"][1].update(status="preferred"), "exactly one preferred"),
        (lambda s: s["en"][0].update(sources=["no-such-source"]), "unknown source"),
        (lambda s: s["en"][0].update(sources=[]), "needs a source"),
        (lambda s: s["zh"].append({"term": "工会"}), "already a term of concept trade-union"),
        (lambda s: s.update(related=["no-such-concept"]), "unknown concept"),
        (lambda s: s.update(kind="nonsense"), "kind"),
        (lambda s: s["zh"][1].update(pinyin="zhi dai", pinyin_reviewed=True), "3 syllable"),
    ]:
        edited = copy.deepcopy(before)
        change(edited)
        with pytest.raises(GlossaryError, match=message):
            curation.save_concept(db, "workers-congress", edited, before["version"], "eddie")
    assert state(db, "workers-congress") == before
    assert (count(db, "journal"), count(db, "terms")) == (journal_rows, terms)


def test_a_stale_version_is_a_conflict_showing_the_differences(db):
    base = state(db, "trade-union")
    first = copy.deepcopy(base)
    first["note"] = "Lower case unless part of a name."
    curation.save_concept(db, "trade-union", first, base["version"], "ada")

    second = copy.deepcopy(base)
    second["definition"] = "An organisation of workers."
    with pytest.raises(curation.EditConflict) as caught:
        curation.save_concept(db, "trade-union", second, base["version"], "eddie")
    conflict = caught.value
    assert conflict.theirs["note"] == "Lower case unless part of a name."
    assert {d["field"] for d in conflict.differences} == {"note", "definition"}
    assert [c["user"] for c in conflict.changes] == ["ada"]
    assert "changed by ada" in str(conflict)
    now = state(db, "trade-union")
    assert now["note"] == "Lower case unless part of a name." and now["definition"] is None  # nothing lost, nothing overwritten


def test_an_unchanged_save_writes_nothing(db):
    before = state(db, "trade-union")
    rows = count(db, "journal")
    assert curation.save_concept(db, "trade-union", copy.deepcopy(before), before["version"], "eddie")["version"] == before["version"]
    assert count(db, "journal") == rows


def test_the_change_and_its_journal_row_are_one_transaction(db, monkeypatch):
    before = state(db, "trade-union")
    edited = copy.deepcopy(before)
    edited["definition"] = "changed"

    def broken_journal(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(journal, "record", broken_journal)
    with pytest.raises(RuntimeError):
        curation.save_concept(db, "trade-union", edited, before["version"], "eddie")
    assert state(db, "trade-union") == before
    assert not db.conn.in_transaction


def test_switching_to_wal_waits_for_a_writer_instead_of_failing(db_path):
    """SQLite refuses the switch to WAL at once, busy timeout or not, while another connection holds a
    write lock; two site workers making their first edits together hit that (a CI run did)."""
    writer = open_db(db_path)
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.conn.execute("UPDATE concepts SET version = version")
    threading.Timer(0.3, lambda: writer.conn.execute("COMMIT")).start()
    reader = open_db(db_path)
    journal.enable_wal(reader)
    assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert writer.execute("SELECT count(*) FROM concepts").fetchone()[0] > 0


def test_a_writer_that_never_finishes_makes_the_wal_switch_busy(tmp_path, monkeypatch):
    path = tmp_path / "plain.db"
    writer = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None, check_same_thread=False))
    writer["t"].insert({"x": 1})
    writer.conn.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(journal, "WAL_SWITCH_PATIENCE", 0.2)
    with pytest.raises(journal.Busy, match="nothing was saved"):
        journal.enable_wal(sqlite_utils.Database(sqlite3.connect(path)))
    writer.conn.execute("ROLLBACK")


def test_correcting_a_reading_sets_reviewed_pinyin_and_its_search_keys(db):
    before = state(db, "women-workers")
    saved = curation.correct_reading(db, "women-workers", "女职工", "nv3 zhi2 gong1", before["version"], "eddie")
    assert saved["zh"][0]["pinyin"] == "nǚ zhí gōng" and saved["zh"][0]["pinyin_reviewed"] is True
    row = db.execute("SELECT pinyin_numbers, pinyin_reviewed, pinyin_num_key FROM terms WHERE term = '女职工'").fetchone()
    assert row == ("nü3 zhi2 gong1", 1, "nv3zhi2gong1")
    # a deliberately different (wrong-looking) reading is stored as given and found by its keys
    curation.correct_reading(db, "women-workers", "女职工", "nǚ zhí gòng", None, "eddie")
    assert lookup(db, "nü zhí gòng")[0]["slug"] == "women-workers"
    with pytest.raises(GlossaryError, match="3 syllable"):
        curation.correct_reading(db, "women-workers", "女职工", "nǚ zhí", None, "eddie")
    with pytest.raises(GlossaryError, match="not a pinyin syllable"):
        curation.correct_reading(db, "women-workers", "女职工", "nǚ zhí 工", None, "eddie")


def test_a_changed_reading_in_an_edit_counts_as_reviewed(db):
    before = state(db, "workers-congress")
    edited = copy.deepcopy(before)
    edited["zh"][1]["pinyin"] = "zhi2 dai4 hui4"  # the same reading in numbers: not a change
    assert curation.save_concept(db, "workers-congress", edited, before["version"], "eddie")["version"] == before["version"]
    edited["zh"][1]["pinyin"] = "zhí dài kuài"
    saved = curation.save_concept(db, "workers-congress", edited, before["version"], "eddie")
    assert saved["zh"][1] | {} == {**before["zh"][1], "pinyin": "zhí dài kuài", "pinyin_reviewed": True}


def test_restore_brings_back_an_earlier_state_including_examples(db):
    original = state(db, "workers-congress")
    examples = count(db, "examples")
    assert examples > 0
    edited = copy.deepcopy(original)
    edited["zh"] = edited["zh"][:1]  # drop 职代会
    edited["en"] = edited["en"][:1]
    edited["related"] = []
    curation.save_concept(db, "workers-congress", edited, original["version"], "eddie")
    assert count(db, "examples") < examples
    assert lookup(db, "职代会") == [] or lookup(db, "职代会")[0]["slug"] != "workers-congress"

    [edit] = journal.history(db, concept_id=curation.require_concept(db, "workers-congress"))
    restored = curation.restore(db, "workers-congress", edit["id"], "ada", side="before")
    assert curation.differences(original, restored) == []
    assert restored["version"] == original["version"] + 2
    assert count(db, "examples") == examples
    assert lookup(db, "職代會")[0]["slug"] == "workers-congress"
    latest = journal.history(db, limit=1)[0]
    assert latest["action"] == "restore" and latest["user"] == "ada" and f"#{edit['id']}" in latest["summary"]
    with pytest.raises(curation.NotFound):
        curation.restore(db, "trade-union", edit["id"], "ada")  # an entry of another concept


def test_a_new_concept_gets_traditional_form_pinyin_and_appears_in_lookup(db):
    draft = curation.draft_concept("工人先锋号", kind="honour")
    assert draft["zh"][0]["hant"] == "工人先鋒號" and draft["zh"][0]["pinyin"] == "gōng rén xiān fēng hào"
    draft["en"] = [{"term": "Workers' Pioneer", "status": "preferred", "sources": ["house"]}]
    draft["related"] = ["trade-union"]
    created = curation.create_concept(db, draft, "eddie")
    assert created["id"] == "workers-pioneer" and created["version"] == 1
    for query in ("工人先锋号", "工人先鋒號", "gongrenxianfenghao", "grxfh", "workers pioneer"):
        assert lookup(db, query)[0]["slug"] == "workers-pioneer", query
    assert [link["slug"] for link in lookup(db, "工人先锋号")[0]["links"]] == ["trade-union"]
    entry = journal.history(db, limit=1)[0]
    assert (entry["action"], entry["slug"], entry["before"]) == ("create", "workers-pioneer", None)
    with pytest.raises(GlossaryError, match="already a concept"):
        curation.create_concept(db, {**draft, "id": "workers-pioneer"}, "eddie")
    with pytest.raises(GlossaryError, match="lowercase"):
        curation.create_concept(db, {**draft, "id": "Bad Id"}, "eddie")


def test_history_since_and_export(db):
    before = state(db, "trade-union")
    edited = copy.deepcopy(before)
    edited["note"] = "x"
    curation.save_concept(db, "trade-union", edited, before["version"], "eddie")
    assert len(journal.history(db, since="2000-01-01")) == 1
    assert journal.history(db, since="2999-01-01") == []
    export = journal.export_since(db, "2000-01-01")
    assert export["since"] == "2000-01-01" and len(export["changes"]) == 1
    json.dumps(export, ensure_ascii=False)  # JSON-ready
    with pytest.raises(GlossaryError, match="not a date"):
        journal.history(db, since="last tuesday")


def test_concept_state_writes_in_the_curated_file_shape(db):
    from glossary.store import curated

    shaped = curated.concept_for_file(state(db, "workers-congress"))
    sources = curation.known_sources(db)
    curated.validate_concepts([{**shaped, "related": []}], sources)
    assert "version" not in shaped and "pinyin" not in shaped["zh"][0]
    assert curated.concept_for_file(state(db, "long-term-mechanism"))["zh"][0]["pinyin"] == "cháng xiào jī zhì"