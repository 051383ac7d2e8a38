"""The reading views (glossary/store/views.py): what a newcomer sees on opening terms.db in sqlite3 or Datasette."""
from __future__ import annotations

import sqlite3

import sqlite_utils
import yaml

from glossary.store import concepts as store, config, curated
from glossary.store.schema import SCHEMA_VERSION, migrate, open_db, user_version
from glossary.store.views import AUTHORITY_ORDER, VIEWS

LAW = "http://en.npc.gov.cn.cdurl.cn/2021-12/24/c_791373.htm"


def _row(db, sql, params=()) -> dict:
    cursor = db.execute(sql, params)
    rows = [dict(zip([c[0] for c in cursor.description], r)) for r in cursor.fetchall()]
    assert len(rows) == 1, rows
    return rows[0]


def test_a_built_glossary_has_the_reading_views(db):
    views = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert views == set(VIEWS)


def test_glossary_view_gives_one_row_per_concept_with_its_strongest_source(db):
    assert db.execute("SELECT count(*) FROM glossary_view").fetchone()[0] == db["concepts"].count
    row = _row(db, "SELECT * FROM glossary_view WHERE slug = 'workers-congress'")
    assert row["zh"] == "职工代表大会" and row["zh_hant"] == "職工代表大會"
    assert row["pinyin"] == "zhí gōng dài biǎo dà huì"
    assert row["en"] == "workers' congress"
    assert (row["authority"], row["source_title"], row["source_url"]) == (
        "law", "Trade Union Law (2021), English text", LAW)
    assert (row["subject"], row["kind"]) == ("workplace democracy", "mechanism")
    # a house proposal says so
    assert _row(db, "SELECT authority FROM glossary_view WHERE slug = 'long-term-mechanism'")["authority"] == "house"


def test_renderings_view_lists_each_rendering_with_its_status_and_sources(db):
    rows = db.execute("SELECT en, status, source_titles FROM renderings_view WHERE slug = 'workers-congress' "
                      "ORDER BY position").fetchall()
    assert rows == [("workers' congress", "preferred", "Trade Union Law (2021), English text"),
                    ("congress of workers and staff", "admitted", "House proposal — no authoritative English rendering found"),
                    ("workers' representative conference", "deprecated",
                     "House proposal — no authoritative English rendering found")]
    row = _row(db, "SELECT * FROM renderings_view WHERE en = 'trade union'")
    assert (row["zh"], row["authority"], row["source_urls"]) == ("工会", "law", LAW)


def test_terms_zh_en_gives_every_chinese_term_its_preferred_english(db):
    assert db.execute("SELECT count(*) FROM terms_zh_en").fetchone()[0] == db.execute(
        "SELECT count(*) FROM terms WHERE lang IN ('zh-Hans', 'zh-Hant')").fetchone()[0]
    assert db.execute("SELECT lang, en FROM terms_zh_en WHERE zh = '职代会'").fetchall() == [
        ("zh-Hans", "workers' congress")]
    row = _row(db, "SELECT * FROM terms_zh_en WHERE zh = '職代會'")
    assert (row["lang"], row["pinyin"], row["en"]) == ("zh-Hant", "zhí dài huì", "workers' congress")


def test_a_database_at_the_previous_version_gets_the_views(tmp_path):
    path = tmp_path / "v9.db"
    old = sqlite_utils.Database(sqlite3.connect(path))
    migrate(old, upto=9)
    store.insert_sources(old, {"house": {"title": "House proposal", "authority": "house"},
                               "law": {"title": "Trade Union Law", "url": LAW, "authority": "law"}})
    store.insert_concept(old, {"id": "tu", "kind": "organisation", "zh": [{"term": "工会"}],
                               "en": [{"term": "trade union", "status": "preferred", "sources": ["house", "law"]}]})
    old.conn.commit()
    old.close()
    db = open_db(path)
    assert user_version(db) == SCHEMA_VERSION
    row = _row(db, "SELECT zh, en, authority, source_url FROM glossary_view")
    assert row == {"zh": "工会", "en": "trade union", "authority": "law", "source_url": LAW}
    assert db.execute("SELECT zh, en FROM terms_zh_en WHERE lang = 'zh-Hans'").fetchall() == [("工会", "trade union")]


def test_the_views_rank_sources_as_the_curated_files_do():
    assert AUTHORITY_ORDER == (*curated.AUTHORITATIVE, "reference", "house")
    assert set(AUTHORITY_ORDER) == curated.AUTHORITIES


def test_datasette_metadata_describes_every_view(db):
    metadata = yaml.safe_load((config.PROJECT_ROOT / "datasette-metadata.yaml").read_text("utf-8"))
    tables = metadata["databases"]["terms"]["tables"]
    for name in VIEWS:
        assert tables[name]["description"], name
    for name, about in tables.items():
        columns = {c[1] for c in db.execute(f"PRAGMA table_info({name})")}
        assert columns, f"{name} is described but not in the database"
        assert set(about.get("columns", {})) <= columns, name
