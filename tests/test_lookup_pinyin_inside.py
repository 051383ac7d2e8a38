"""A term found by the pinyin of a part of it (a lookup walk-through: "hetong" found nothing for 劳动合同): whole
syllables, with or without spaces and tones, inside a term's reading, ranked below what matches the whole term
or its start; a single syllable or a piece of one finds nothing inside; the index (migration 13) is kept by
triggers whoever writes terms, and a database at version 12 gets it."""
from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from glossary.curation import edits as curation
from glossary.search import lookup as lk
from glossary.search import pinyin_inside
from glossary.store import concepts as store
from glossary.store import pinyin_index
from glossary.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, open_db, user_version

INSIDE = "pinyin inside"


def _add(db, slug: str, zh: str, en: str) -> int:
    with db.conn:
        return store.insert_concept(db, {"id": slug, "kind": "general", "zh": [{"term": zh}],
                                         "en": [{"term": en, "status": "preferred", "sources": ["house"]}]})


@pytest.fixture
def contracts(db):
    """The test glossary plus contracts: 合同 alone, starting a term, and inside terms."""
    for slug, zh, en in (("contract", "合同", "contract"), ("contract-worker", "合同工", "contract worker"),
                         ("labour-contract", "劳动合同", "labor contract"),
                         ("labour-contract-law", "劳动合同法", "Labor Contract Law"),
                         ("work-clothes", "工装", "work clothes")):
        _add(db, slug, zh, en)
    return db


def _found(db, query: str) -> dict[str, str]:
    """{term: how it matched} for a query's Chinese hits."""
    return {h.term: h.how for h in lk.search(db, query, 20) if h.lang != "en"}


@pytest.mark.parametrize("typed", ["daibiao dahui", "daibiaodahui", "dàibiǎo dàhuì", "dai4 biao3 da4 hui4",
                                   "Dai'biao Da'hui", "dahui", "biao da"])
def test_the_pinyin_of_a_part_of_a_term_finds_it(db, typed):
    assert _found(db, typed).get("职工代表大会") == INSIDE


def test_hetong_finds_the_terms_with_a_contract_inside(contracts):
    found = _found(contracts, "hetong")
    assert found["劳动合同"] == INSIDE and found["劳动合同法"] == INSIDE
    assert _found(contracts, "zong gonghui") == {"郑州市总工会": INSIDE}


def test_whole_term_then_its_start_then_inside(contracts):
    hits = [(h.term, h.how) for h in lk.search(contracts, "hetong", 20) if h.lang != "en"]
    assert hits == [("合同", "pinyin"), ("合同工", "pinyin prefix"), ("劳动合同", INSIDE), ("劳动合同法", INSIDE)]
    # a term the query both starts and is inside: reported by its start
    assert _found(contracts, "gonghui")["工会"] == "pinyin"


@pytest.mark.parametrize("typed", ["hui", "huì", "gong", "zhuang", "zhou"])
def test_one_syllable_finds_nothing_inside(contracts, typed):
    """工会 (gōng huì), 工装 (gōng zhuāng), 郑州 (zhèng zhōu): one syllable, even a long one, would flood."""
    assert INSIDE not in _found(contracts, typed).values()


@pytest.mark.parametrize("typed", ["onghui", "biaodah", "aibiao dahui", "hetongf", "daibiaodahu"])
def test_a_query_that_cuts_a_syllable_finds_nothing_inside(contracts, typed):
    assert INSIDE not in _found(contracts, typed).values()


@pytest.mark.parametrize("typed, term, how", [
    ("zgdbdh", "职工代表大会", "initials"), ("代表大", "职工代表大会", "fragment"), ("职代会", "职代会", "exact"),
    ("zhigong daibiao dahui", "职工代表大会", "pinyin"), ("trade union", "trade union", "english")])
def test_other_queries_match_as_before(db, typed, term, how):
    hits = lk.search(db, typed, 20)
    assert (hits[0].term, hits[0].how) == (term, how)
    assert INSIDE not in {h.how for h in hits}


def test_the_index_is_read_by_ranges_never_scanned(contracts):
    plan = " / ".join(r[3] for r in contracts.execute(
        f"EXPLAIN QUERY PLAN {pinyin_inside._CANDIDATES}", ("hetong", "hetong\U0010ffff")))
    assert "SEARCH p USING PRIMARY KEY" in plan and "SCAN" not in plan and "TEMP B-TREE" not in plan


def _rebuilt(db) -> set[tuple]:
    """What pinyin_inside holds when made afresh from the terms as they are (the migration's own fill)."""
    tails = pinyin_index._tails("t", "terms t JOIN gram_positions")
    return set(db.execute(tails).fetchall())


def test_triggers_keep_the_index_whoever_writes_terms(contracts):
    db = contracts
    assert set(db.execute("SELECT rank_len, suffix, term_id FROM pinyin_inside")) == _rebuilt(db)
    term_id = db.execute("SELECT id FROM terms WHERE term = '劳动合同'").fetchone()[0]
    with db.conn:  # a reviewed reading changes the key: the old tails go, the new ones come
        db.execute("UPDATE terms SET term = '劳务合同', pinyin = 'láo wù hé tong', pinyin_key = 'laowuhetong' "
                   "WHERE id = ?", [term_id])
    assert _found(db, "wu hetong") == {"劳务合同": INSIDE}
    assert "donghetong" not in {r[0] for r in db.execute("SELECT suffix FROM pinyin_inside")}
    before = store.concept_state(db, store.concept_id_for(db, "workers-congress"))  # the site's editing
    edited = {**before, "zh": [{"term": "职工大会"}, *before["zh"][1:]]}
    curation.save_concept(db, "workers-congress", edited, before["version"], "eddie")
    assert "职工代表大会" not in _found(db, "daibiao dahui")
    assert _found(db, "gong dahui").get("职工大会") == INSIDE
    with db.conn:
        db.execute("DELETE FROM term_sources WHERE term_id IN (SELECT id FROM terms WHERE ? IN (id, hans_id))",
                   [term_id])
        db.execute("DELETE FROM terms WHERE hans_id = ?", [term_id])  # its traditional form first
        db.execute("DELETE FROM terms WHERE id = ?", [term_id])
    assert "劳务合同" not in _found(db, "wu hetong")
    assert set(db.execute("SELECT rank_len, suffix, term_id FROM pinyin_inside")) == _rebuilt(db)


def test_a_reading_with_a_middle_dot_and_digits_is_cut_at_its_syllables(db):
    _add(db, "dream", "中国梦·劳动美", "Chinese Dream, Labour's Glory")
    _add(db, "jobless", "16-24岁劳动力失业率", "youth unemployment rate")
    assert _found(db, "laodong mei") == {"中国梦·劳动美": INSIDE}
    assert _found(db, "shiye lv").get("16-24岁劳动力失业率") == INSIDE


def _at_version_12(path) -> None:
    old = sqlite_utils.Database(sqlite3.connect(path))
    migrate(old, upto=12)
    old["sources"].insert({"id": "house", "title": "House proposal", "authority": "house"})
    store.insert_concept(old, {"id": "lc", "kind": "legal-concept", "zh": [{"term": "劳动合同"}],
                               "en": [{"term": "labor contract", "status": "preferred", "sources": ["house"]}]})
    old.conn.commit()
    assert not old["pinyin_inside"].exists()
    old.close()


def test_a_database_at_version_12_migrates_and_finds_inside(tmp_path):
    path = tmp_path / "v12.db"
    _at_version_12(path)
    db = open_db(path)
    assert user_version(db) == SCHEMA_VERSION
    assert _found(db, "hetong") == {"劳动合同": INSIDE}  # a term already there: indexed by the migration
    _add(db, "cc", "集体合同", "collective contract")  # and a new one by the triggers
    assert _found(db, "hetong") == {"劳动合同": INSIDE, "集体合同": INSIDE}


def test_the_migration_is_all_or_nothing(tmp_path, monkeypatch):
    path = tmp_path / "v12.db"
    _at_version_12(path)

    def fails_after_filling(database):
        pinyin_index.add_pinyin_inside(database)
        raise RuntimeError("the migration failed")

    monkeypatch.setattr("glossary.store.schema.MIGRATIONS",
                        [*MIGRATIONS[:12], (13, "pinyin_inside, failing", fails_after_filling)])
    db = sqlite_utils.Database(sqlite3.connect(path))
    with pytest.raises(RuntimeError):
        migrate(db)
    assert user_version(db) == 12 and not db["pinyin_inside"].exists()
    assert not [r for r in db.execute("SELECT name FROM sqlite_master WHERE name LIKE '%pinyin_inside%'")]
    db.close()


@pytest.fixture
def real_db(real_db_path):
    database = open_db(real_db_path, migrate_forward=False)
    yield database
    database.close()


@pytest.mark.parametrize("typed, term", [("hetong", "劳动合同"), ("hétong", "劳动合同"), ("zhigong daibiao", "职工代表大会"),
                                         ("daibiao dahui", "职工代表大会"), ("daibiaodahui", "职工代表大会")])
def test_the_walk_through_queries_find_the_shipped_terms(real_db, typed, term):
    """The lookup walk-through's misses, on the shipped glossary: each is on the first page."""
    assert term in [h.term for h in lk.search(real_db, typed, 20)]
