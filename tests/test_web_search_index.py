"""Search through the v4 indexes (1-/2-character grams, FTS5 trigrams, rank order) gives exactly what a plain
scan of every term gives, on both of its paths (few index hits; a common piece walked in rank order), and the
triggers keep the indexes, and the v7 concept summaries of search results, right whoever writes terms."""
from __future__ import annotations

import random
import sqlite3

import pytest
import sqlite_utils
from pypinyin.contrib.tone_convert import to_normal

from glossary.search import browse, lookup as lk
from glossary.curation import edits as curation
from glossary.lang import pinyin as py
from glossary.store import concepts as store
from glossary.store.schema import MIGRATIONS, SCHEMA_VERSION, open_db, user_version
from glossary.store.concepts import chinese_key, english_key
from glossary.lang.text import has_cjk

MORPHEMES = ["职工", "工会", "集体", "协商", "代表", "大会", "工资", "民主", "管理", "厂务", "公开", "劳动", "合同",
             "女", "农民工", "先锋", "帮扶", "困难", "长效", "机制", "总", "省", "市", "会"]
WORDS = ["workers", "congress", "union", "trade", "collective", "wage", "consultation", "democratic", "management",
         "labour", "contract", "women", "migrant", "pioneer", "assistance", "federation", "the", "of", "mechanism"]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _inside(reading: str, key: str) -> bool:
    """Whether key is two or more whole syllables of a reading ("láo dòng hé tong"), not from its first."""
    plain = [py._compact(to_normal(syllable)) for syllable in reading.split(" ")]
    plain = [syllable for syllable in plain if syllable]
    return any("".join(plain[i:j]) == key for i in range(1, len(plain)) for j in range(i + 2, len(plain) + 1))


def reference_search(db, query: str, limit: int = 20) -> list[lk.Hit]:
    """The search as first written: a LIKE scan of every term (slow at scale, plainly right)."""
    query = lk.clean_query(query)
    found: dict[int, lk.Hit] = {}

    def add(rows, how, score):
        for concept_id, term, lang in rows:
            adjusted = score - min(len(term), 40) / 100
            if concept_id not in found or found[concept_id].score < adjusted:
                found[concept_id] = lk.Hit(concept_id, term, lang, how, adjusted)

    def rows(where, params, *more):
        return db.execute(f"SELECT {', '.join(['concept_id', 'term', 'lang', *more])} FROM terms WHERE {where}",
                          params).fetchall()

    if has_cjk(query):
        key = chinese_key(query)
        add(rows("norm = ? AND lang != 'en'", [key]), "exact", 100)
        add(rows("norm LIKE ? ESCAPE '\\' AND lang != 'en'", [_like(key) + "%"]), "prefix", 70)
        add(rows("norm LIKE ? ESCAPE '\\' AND lang != 'en'", ["%" + _like(key) + "%"]), "fragment", 50)
        if not found:  # a phrase that is no term: the terms inside it, longest first
            for concept_id, term, lang in rows("lang != 'en' AND length(norm) BETWEEN 2 AND ? AND instr(?, norm) > 0",
                                               [lk.INSIDE_MAX, key]):
                hit = lk.Hit(concept_id, term, lang, "in the query", 30 + min(len(term), 40) / 100)
                if concept_id not in found or found[concept_id].score < hit.score:
                    found[concept_id] = hit
    else:
        keys = py.query_keys(query) or {}
        for column, key in keys.items():
            add(rows(f"{column} = ?", [key]), "initials" if column == "initials" else "pinyin",
                95 if column != "initials" else 85)
        if keys.get("pinyin_key") and len(keys["pinyin_key"]) >= 3:
            add(rows("pinyin_key LIKE ? ESCAPE '\\'", [_like(keys["pinyin_key"]) + "%"]), "pinyin prefix", 60)
        if keys.get("pinyin_key"):  # whole syllables, two or more, from a syllable after the first
            add([(c, t, lang) for c, t, lang, reading in rows("pinyin IS NOT NULL", [], "pinyin")
                 if _inside(reading, keys["pinyin_key"])], "pinyin inside", 45)
        key = english_key(query)
        if key:
            add(rows("norm = ? AND lang = 'en'", [key]), "english", 98)
            add(rows("norm LIKE ? ESCAPE '\\' AND lang = 'en'", [_like(key) + "%"]), "english prefix", 65)
            add(rows("' ' || norm || ' ' LIKE ? ESCAPE '\\' AND lang = 'en'", ["% " + _like(key) + " %"]),
                "english words", 55)
            add(rows("norm LIKE ? ESCAPE '\\' AND lang = 'en'", ["%" + _like(key) + "%"]), "english fragment", 40)
            forms = lk.english_forms(query, key)  # the other keys a query stands for (plural, spelling…)
            for form, exact, prefix, words in forms:
                add(rows("norm = ? AND lang = 'en'", [form]), "english", exact)
                if prefix:
                    add(rows("norm LIKE ? ESCAPE '\\' AND lang = 'en'", [_like(form) + "%"]), "english prefix", prefix)
                if words:
                    add(rows("' ' || norm || ' ' LIKE ? ESCAPE '\\' AND lang = 'en'", ["% " + _like(form) + " %"]),
                        "english words", words)
    return sorted(found.values(), key=lambda h: (-h.score, h.term, h.concept_id))[:limit]


@pytest.fixture(scope="module")
def crowded_db(tmp_path_factory, mini_db_template):
    """The test glossary plus 150 made-up concepts built from shared pieces, so fragments collide."""
    import shutil

    path = tmp_path_factory.mktemp("crowded") / "crowded.db"
    shutil.copy(mini_db_template, path)
    db = open_db(path)
    rng = random.Random(4)
    seen = set(r[0] for r in db.execute("SELECT term FROM terms WHERE lang = 'zh-Hans'"))
    with db.conn:
        for n in range(150):
            zh = "".join(rng.sample(MORPHEMES, rng.randint(1, 4)))
            if zh in seen:
                continue
            seen.add(zh)
            en = " ".join(rng.sample(WORDS, rng.randint(1, 4)))
            store.insert_concept(db, {"id": f"made-up-{n}", "kind": "general", "zh": [{"term": zh}],
                                      "en": [{"term": en, "status": "preferred", "sources": ["house"]}]})
    yield db
    db.close()


QUERIES = ["工", "会", "职工", "工会", "集体", "协商", "代表大会", "职工代表", "集体协商", "会女", "農民工", "职代会", "工會",
           "zhigong", "zg", "gh", "zhi", "gonghui", "zhi2 gong1", "w", "wo", "union", "trade union", "workers congress",
           "the", "of the", "on", "labour contract", "ion", "federation of", "nomatch", "zzz", "kers cong",
           "ade uni", "on of", "ers congress un", "workers congress union x", "e", "rs c",
           "worker", "labor contract", "trade unions", "labour contracts", "migrant worker", "the trade union",
           "w.o", "a workers congress", "召开职代会和工会", "职代会会女", "hetong", "daibiao dahui", "gong hui",
           "dàhuì", "zhigonghui", "huiyuan", "gonghe", "xie shang"]


@pytest.mark.parametrize("cap", [lk.CANDIDATE_CAP, 2])
def test_indexed_search_equals_a_full_scan(crowded_db, monkeypatch, cap):
    monkeypatch.setattr(lk, "CANDIDATE_CAP", cap)  # cap 2: every common piece takes the rank-order walk
    if cap == 2:
        monkeypatch.setattr(lk, "WORD_MERGE_CAP", 1)  # and every piece of a word is common
    for query in QUERIES:
        for limit in (3, 20):
            expected = reference_search(crowded_db, query, limit)
            assert lk.search(crowded_db, query, limit) == expected, (query, limit)
    assert reference_search(crowded_db, "工")  # the comparison is not between two empty lists
    assert "pinyin inside" in {h.how for h in reference_search(crowded_db, "daibiao dahui")}


def test_short_chinese_fragments_use_the_gram_index(crowded_db):
    plan = " ".join(str(r) for r in crowded_db.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT term_id FROM term_grams WHERE gram = ?", ["职工"]))
    assert "term_grams" in plan and "SCAN" not in plan


def test_triggers_follow_edits_and_deletes(db):
    with db.conn:
        concept_id = store.insert_concept(db, {"id": "fresh", "kind": "general", "zh": [{"term": "劳模创新工作室"}],
                                               "en": [{"term": "model worker studio", "status": "preferred",
                                                       "sources": ["house"]}]})
    assert [h.concept_id for h in lk.search(db, "创新")] == [concept_id]
    assert [h.concept_id for h in lk.search(db, "创新工作")] == [concept_id]
    assert [h.concept_id for h in lk.search(db, "worker stud")] == [concept_id]
    with db.conn:
        for lang, term in (("zh-Hans", "劳模工作室"), ("zh-Hant", "勞模工作室")):
            db.execute("UPDATE terms SET term = ?, norm = '劳模工作室' WHERE concept_id = ? AND lang = ?",
                       [term, concept_id, lang])
    assert lk.search(db, "创新") == []
    assert [h.concept_id for h in lk.search(db, "模工")] == [concept_id]
    with db.conn:
        db.execute("DELETE FROM term_sources WHERE term_id IN (SELECT id FROM terms WHERE concept_id = ?)", [concept_id])
        db.execute("DELETE FROM terms WHERE concept_id = ?", [concept_id])
    assert lk.search(db, "模工") == [] and lk.search(db, "worker stud") == []
    assert db.execute("SELECT count(*) FROM term_grams g LEFT JOIN terms t ON t.id = g.term_id "
                      "WHERE t.id IS NULL").fetchone()[0] == 0


def test_a_version_1_database_gets_its_search_indexes(tmp_path):
    path = tmp_path / "v1.db"
    old = sqlite_utils.Database(sqlite3.connect(path))
    MIGRATIONS[0][2](old)
    old.execute("PRAGMA user_version = 1")
    old["sources"].insert({"id": "house", "title": "House proposal", "authority": "house"})
    store.insert_concept(old, {"id": "tu", "kind": "organisation", "zh": [{"term": "工会"}],
                               "en": [{"term": "trade union", "status": "preferred", "sources": ["house"]}]})
    old.conn.commit()
    old.close()
    db = open_db(path)
    assert user_version(db) == SCHEMA_VERSION
    assert [h.how for h in lk.search(db, "会")] == ["fragment"]
    assert [h.how for h in lk.search(db, "rade unio")] == ["english fragment"]


def _summaries_from_entries(db) -> dict[int, dict]:
    """What each concept's search result should say, read from its full entry (store.get_entry)."""
    out = {}
    for (concept_id,) in db.execute("SELECT id FROM concepts"):
        entry = store.get_entry(db, concept_id, examples=0)
        out[concept_id] = {key: entry[key] for key in ("id", "slug", "kind", "zh", "zh_hant", "pinyin", "en",
                                                       "en_house_proposal")}
    return out


def test_concept_summaries_follow_every_kind_of_edit(db):
    """The search results' summaries (concept_summaries, kept by triggers) say what the entries say."""

    def check():
        ids = [r[0] for r in db.execute("SELECT id FROM concepts")]
        assert browse.summaries(db, ids) == _summaries_from_entries(db)
        assert db.execute("SELECT count(*) FROM concept_summaries").fetchone()[0] == len(ids)

    check()
    before = store.concept_state(db, store.concept_id_for(db, "workers-congress"))
    edited = {**before, "kind": "organisation",
              "zh": [{"term": "职工大会"}, *before["zh"]],  # a new head term, with its own reading
              "en": [{"term": "staff congress", "status": "preferred", "sources": ["house"]},
                     *[{**t, "status": "admitted"} for t in before["en"]]]}
    curation.save_concept(db, "workers-congress", edited, before["version"], "eddie")
    summary = browse.summaries(db, [store.concept_id_for(db, "workers-congress")])
    assert [(s["zh"], s["en"], s["en_house_proposal"], s["kind"]) for s in summary.values()] == [
        ("职工大会", "staff congress", True, "organisation")]
    check()
    with db.conn:  # a source's authority, a slug, a term moved to another concept, a term deleted
        db.execute("UPDATE sources SET authority = 'union' WHERE id = 'house'")
        db.execute("UPDATE concepts SET slug = 'staff-congress' WHERE slug = 'workers-congress'")
        moved = db.execute("SELECT id FROM terms WHERE lang = 'en' AND status = 'preferred' LIMIT 1").fetchone()[0]
        db.execute("UPDATE terms SET concept_id = (SELECT max(id) FROM concepts) WHERE id = ?", [moved])
        twin = db.execute("SELECT max(id) FROM terms WHERE lang = 'zh-Hant'").fetchone()[0]
        db.execute("DELETE FROM terms WHERE id = ?", [twin])  # a head term loses its traditional form
    check()
    with db.conn:  # back again; a concept deleted
        db.execute("UPDATE sources SET authority = 'house' WHERE id = 'house'")
        gone = db.execute("SELECT min(id) FROM concepts").fetchone()[0]
        for table, where in (("examples", "term_id IN (SELECT id FROM terms WHERE concept_id = ?)"),
                             ("term_sources", "term_id IN (SELECT id FROM terms WHERE concept_id = ?)"),
                             ("terms", "concept_id = ? AND hans_id IS NOT NULL"), ("terms", "concept_id = ?"),
                             ("links", "concept_id = ? OR target_id = ?"), ("concepts", "id = ?")):
            db.execute(f"DELETE FROM {table} WHERE {where}", [gone] * where.count("?"))
    check()
    assert not browse.summaries(db, [gone])
