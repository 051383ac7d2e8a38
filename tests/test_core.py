"""The glossary core: schema and migrations, build determinism, pinyin, traditional forms, lookup, CLI."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from glossary.store import config, curated
from glossary.search import lookup as lk
from glossary.lang import pinyin as py
from glossary.store.build import build, content_dump
from glossary.lang.matcher import Matcher
from glossary.store.schema import MIGRATIONS, SCHEMA_VERSION, GlossaryError, create_db, open_db, user_version
from glossary.store.concepts import all_concept_states, all_sources
from glossary.lang.text import (TextError, clean_document, decode, split_sentences, to_simplified, to_traditional)

from .conftest import MINI


# --- schema -----------------------------------------------------------------------------------------------

def test_new_database_has_latest_schema(tmp_path):
    db = create_db(tmp_path / "new.db")
    assert user_version(db) == SCHEMA_VERSION
    for table in ("concepts", "terms", "sources", "term_sources", "links", "documents", "sentences", "examples"):
        assert db[table].exists(), table


def test_migrations_are_numbered_upwards():
    versions = [v for v, _, _ in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_old_database_migrates_forward(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.close()
    db = create_db(tmp_path / "v1.db")
    db.close()
    # a database at version 1 only: run the first migration by hand, then open it
    import sqlite_utils

    old = sqlite_utils.Database(path)
    MIGRATIONS[0][2](old)
    old.execute("PRAGMA user_version = 1")
    old.conn.commit()
    old.close()
    assert user_version(open_db(path)) == SCHEMA_VERSION


def test_newer_database_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(GlossaryError, match="newer"):
        open_db(db_path)


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 3\x00" + b"\x00" * 100])
def test_open_refuses_what_is_not_a_glossary(tmp_path, content):
    path = tmp_path / "x.db"
    path.write_bytes(content)
    with pytest.raises(GlossaryError, match="not a glossary database|not an SQLite|not a database"):
        open_db(path)


def test_open_never_creates_a_file(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(GlossaryError, match="no glossary database"):
        open_db(path)
    assert not path.exists()


def test_sqlite_file_without_glossary_schema_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(GlossaryError, match="not a glossary database"):
        open_db(path)


# --- build ------------------------------------------------------------------------------------------------

def test_build_is_deterministic(tmp_path):
    build(tmp_path / "a.db", MINI, MINI / "corpus")
    build(tmp_path / "b.db", MINI, MINI / "corpus")
    a, b = open_db(tmp_path / "a.db"), open_db(tmp_path / "b.db")
    assert content_dump(a) == content_dump(b)
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()


def test_shipped_terms_db_is_a_fresh_build(tmp_path, real_db_path):
    """terms.db in the repository is exactly what `glossary build` makes of data/ and corpus/."""
    build(tmp_path / "fresh.db", config.DATA_DIR, config.CORPUS_DIR)
    shipped = tmp_path / "shipped.db"
    shutil.copy(real_db_path, shipped)
    assert content_dump(open_db(shipped, migrate_forward=False)) == content_dump(open_db(tmp_path / "fresh.db"))


def test_failed_build_keeps_the_old_database(tmp_path, db_path):
    before = db_path.read_bytes()
    broken = tmp_path / "data"
    shutil.copytree(MINI, broken)
    (broken / "concepts.yaml").write_text("- id: Bad Id\n  kind: mechanism\n", "utf-8")
    with pytest.raises(GlossaryError, match="Bad Id"):
        build(db_path, broken, MINI / "corpus")
    assert db_path.read_bytes() == before


def test_build_stores_traditional_forms_pinyin_and_examples(db):
    row = db.execute(
        "SELECT t.term, h.term, t.pinyin FROM terms t JOIN terms h ON h.hans_id = t.id WHERE t.term = '职代会'"
    ).fetchone()
    assert row == ("职代会", "職代會", "zhí dài huì")
    sentences = [r[0] for r in db.execute(
        "SELECT s.text FROM examples e JOIN sentences s ON s.id = e.sentence_id JOIN terms t ON t.id = e.term_id "
        "WHERE t.term = '职代会'"
    )]
    assert sentences == ["郑州市总工会召开职代会，审议女职工保护办法。"]


def test_examples_use_longest_match(db):
    # 郑州市总工会 is found as itself, not as 工会 inside it
    terms = [r[0] for r in db.execute(
        "SELECT t.term FROM examples e JOIN terms t ON t.id = e.term_id JOIN sentences s ON s.id = e.sentence_id "
        "WHERE s.text LIKE '郑州市总工会召开%' ORDER BY e.start"
    )]
    assert terms == ["郑州市总工会", "职代会", "女职工"]


def test_examples_have_correct_offsets(db):
    for text, start, end, term in db.execute(
        "SELECT s.text, e.start, e.end, t.term FROM examples e JOIN sentences s ON s.id = e.sentence_id "
        "JOIN terms t ON t.id = e.term_id"
    ):
        assert text[start:end] == term


def test_page_furniture_is_not_text(db):
    texts = [r[0] for r in db.execute("SELECT text FROM sentences")]
    assert not any("星期五" in t or "精彩热图" in t or "南京" in t for t in texts)


def test_every_english_rendering_has_a_source(db):
    orphans = db.execute(
        "SELECT term FROM terms WHERE lang = 'en' AND id NOT IN (SELECT term_id FROM term_sources)"
    ).fetchall()
    assert orphans == []


# --- the curated glossary ------------------------------------------------------------------------------

def test_curated_glossary_is_valid_and_large_enough():
    sources, concepts = curated.load_glossary(config.DATA_DIR)
    assert len(concepts) >= 150
    zh = {t["term"] for c in concepts for t in c["zh"]}
    for core in ("职工代表大会", "职代会", "集体合同", "劳动争议仲裁", "基层工会", "厂务公开", "工资集体协商", "工人先锋号"):
        assert core in zh, core


# Rows of the reference table that are not terms: the table itself says so in its note.
NOT_TERMS = {"代会": "the Zhengzhou article's truncation of 职代会 (代会制度): an artefact of one source, not a variant"}


def test_curated_glossary_covers_reference_renderings(shared_dir):
    """Every Chinese term of shared/reference/renderings.tsv is in the glossary, with its cited sources."""
    sources, concepts = curated.load_glossary(config.DATA_DIR)
    zh = {t["term"] for c in concepts for t in c["zh"]}
    urls = {s.get("url") for s in sources.values()}
    lines = (shared_dir / "reference" / "renderings.tsv").read_text("utf-8").splitlines()[1:]
    for line in lines:
        fields = line.split("\t")
        for term in fields[0].split(";"):
            assert term.strip() in zh or term.strip() in NOT_TERMS, term
        assert not NOT_TERMS.keys() & zh
        if fields[5].strip() != "unverified":
            for url in fields[5].split(" ; "):
                assert url.strip() in urls, url


def test_conflicting_authorities_stay_visible(real_db_path):
    db = open_db(real_db_path, migrate_forward=False)
    entry = lk.lookup(db, "集体协商", limit=1)[0]
    renderings = [t["term"].lower() for t in entry["en_terms"]]
    assert any("collective bargaining" in r for r in renderings)
    assert any("equal-footed consultation" in r for r in renderings)
    assert len([t for t in entry["en_terms"] if t["status"] == "preferred"]) == 1


def test_unverified_renderings_are_house_proposals(real_db_path):
    db = open_db(real_db_path, migrate_forward=False)
    entry = lk.lookup(db, "两金一卡", limit=1)[0]
    assert entry["en_house_proposal"] is True
    assert all(s["authority"] == "house" for t in entry["en_terms"] for s in t["sources"])


@pytest.mark.parametrize("query", ["职代会", "厂务公开", "工资集体协商", "工人先锋号"])
def test_named_terms_have_sourced_renderings_and_examples(real_db_path, query):
    db = open_db(real_db_path, migrate_forward=False)
    entry = lk.lookup(db, query, limit=1)[0]
    assert query in [t["term"] for t in entry["zh_terms"]]
    assert entry["en"] and entry["sources"]
    assert entry["examples"], f"no example sentence for {query}"
    assert all(x["sentence"][x["start"]:x["end"]] in [t["term"] for t in entry["zh_terms"]] for x in entry["examples"])


# --- text -------------------------------------------------------------------------------------------------

def test_decode_detects_gbk_and_big5():
    text = "职工代表大会是企业民主管理的基本形式。"
    assert decode(text.encode("gbk")) == (text, "gb18030")
    hant = to_traditional(text)
    assert decode(hant.encode("big5"))[0] == hant


def test_decode_refuses_binary():
    with pytest.raises(TextError):
        decode(b"\x00\x01\x02binary")


def test_opencc_round_trip():
    assert to_traditional("职代会") == "職代會"
    assert to_simplified("職工代表大會") == "职工代表大会"


def test_sentences_keep_closing_quotes():
    assert split_sentences("他说：“好。”然后走了！") == [(0, "他说：“好。”"), (7, "然后走了！")]


def test_clean_document_drops_link_lists_and_captions():
    page = "中国日报网\n用户名 密码 注册\n\n图为兰州市工会的活动。\n\n兰州市总工会开展送温暖活动。\n\n精彩热图\n\n某新闻:标题\n"
    text, sentences = clean_document(page)
    assert [s.text for s in sentences] == ["兰州市总工会开展送温暖活动。"]


# --- pinyin -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("长效机制", "cháng xiào jī zhì"),
        ("帮扶困难职工长效机制", "bāng fú kùn nán zhí gōng cháng xiào jī zhì"),
        ("美容美发行业", "měi róng měi fà háng yè"),
        ("人人参与", "rén rén cān yù"),
        ("提供了得天独厚", "tí gōng le dé tiān dú hòu"),
        ("叫得响", "jiào de xiǎng"),
        ("评为劳模", "píng wéi láo mó"),
        ("以技能大赛为载体", "yǐ jì néng dà sài wéi zài tǐ"),
        ("重点行业", "zhòng diǎn háng yè"),
        ("会计", "kuài jì"),
    ],
)
def test_pinyin_in_context(text, expected):
    assert py.reading(text).marks == expected


def test_pinyin_forms_keep_u_umlaut():
    r = py.reading("女职工")
    assert (r.marks, r.numbers, r.plain, r.initials) == ("nǚ zhí gōng", "nü3 zhi2 gong1", "nü zhi gong", "nzg")
    assert "v" not in r.marks + r.numbers + r.plain


def test_pinyin_override_wins():
    assert py.reading("长效机制", "cháng xiào jī zhì").marks == "cháng xiào jī zhì"
    assert py.reading("职代会", "zhí dài huì").initials == "zdh"


def test_reviewed_reading_is_stored(db):
    assert db.execute("SELECT pinyin_reviewed FROM terms WHERE term = '长效机制'").fetchone() == (1,)


def test_heteronyms_are_reported():
    assert py.heteronyms("长效机制") == {"长": ["cháng", "zhǎng"]}
    assert py.heteronyms("厂务公开") == {}  # 厂's rare classical readings are not worth an editor's time


# --- lookup -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query",
    ["职代会", "職代會", "职工代表大会", "zhidaihui", "zhi dai hui", "ZhiDaiHui", "zhí dài huì", "zhi2 dai4 hui4",
     "zhi2dai4hui4", "zdh", "workers' congress", "Workers Congress", "workers’ congress", "ＺＤＨ"],
)
def test_every_query_form_finds_the_workers_congress(db, query):
    hits = lk.search(db, query)
    assert hits and db.execute("SELECT slug FROM concepts WHERE id = ?", [hits[0].concept_id]).fetchone()[0] == (
        "workers-congress"
    )


def test_u_umlaut_queries(db):
    for query in ("nvzhigong", "nüzhigong", "nu:zhigong", "nü3 zhi2 gong1", "nǚ zhí gōng", "nuzhigong", "nu zhi gong"):
        assert lk.lookup(db, query)[0]["zh"] == "女职工", query
    # u after n and l is read as ü only where ü can stand: not before a, o or n (暖 nuan, 诺 nuo, 论 lun)
    assert py.umlaut_variant("nuzhigong") == "nvzhigong" and py.umlaut_variant("lvshi") is None
    assert py.umlaut_variant("nuanqi") is None and py.umlaut_variant("lunwen") is None
    assert py.umlaut_variant("nongmingong") is None


def test_fragment_and_longest_first(db):
    results = [e["zh"] for e in lk.lookup(db, "工会")]
    assert results[0] == "工会"  # exact before the longer 郑州市总工会
    assert "郑州市总工会" in results


def test_tone_marks_distinguish(db):
    assert lk.search(db, "zhí dài huì")[0].how == "pinyin"


def test_lookup_entry_fields(db):
    entry = lk.lookup(db, "职代会")[0]
    for key in ("zh", "zh_hant", "pinyin", "en", "en_alternatives", "en_deprecated", "sources", "examples"):
        assert key in entry
    assert entry["zh"] == "职工代表大会" and entry["zh_hant"] == "職工代表大會"
    assert entry["en"] == "workers' congress"
    assert entry["en_alternatives"] == ["congress of workers and staff"]
    assert entry["en_deprecated"] == ["workers' representative conference"]
    assert entry["abbreviations"] == ["职代会"] and entry["full_form"] == "职工代表大会"
    assert {s["id"] for s in entry["sources"]} == {"law-2021", "house"}
    assert entry["links"][0]["slug"] == "trade-union"


@pytest.mark.parametrize("query, message", [
    ("", "empty"), ("   ", "empty"), ("x" * 1_000_000, "too long"), ("职\x07代会", "control"),
    ("\udcff\udcfe", "UTF-8"),
])
def test_bad_queries_get_clear_errors(db, query, message):
    with pytest.raises(lk.QueryError, match=message):
        lk.search(db, query)


def test_hostile_query_text_is_just_text(db):
    assert lk.search(db, "%' OR 1=1 --") == []
    assert lk.search(db, "_") == []


def test_suggestions_for_a_miss(db):
    assert lk.search(db, "职大会") == []
    assert "职工代表大会" in lk.suggest(db, "职大会")
    assert any("workers' congress" == s for s in lk.suggest(db, "workers congres"))


# --- matcher ----------------------------------------------------------------------------------------------

def test_matcher_longest_leftmost():
    m = Matcher([("工会", 1), ("总工会", 2), ("郑州市总工会", 3), ("市总", 4)])
    assert [(x.text, x.value) for x in m.find("郑州市总工会和省总工会")] == [("郑州市总工会", 3), ("总工会", 2)]


# --- CLI --------------------------------------------------------------------------------------------------

def test_cli_lookup_text(runner):
    result = runner.invoke(["lookup", "職代會"])
    assert result.exit_code == 0
    assert "workers' congress" in result.output and "职工代表大会" in result.output and "zhí dài huì" in result.output


def test_cli_lookup_json(runner):
    result = runner.invoke(["lookup", "zdh", "--json"])
    entries = json.loads(result.output)
    assert entries[0]["zh"] == "职工代表大会" and entries[0]["pinyin"] == "zhí gōng dài biǎo dà huì"


def test_cli_not_found_suggests_and_exits_1(runner):
    result = runner.invoke(["lookup", "职大会"])
    assert result.exit_code == 1
    assert "not found" in result.output and "职工代表大会" in result.output


@pytest.mark.parametrize("query", ["", "\x01\x02", "\udcff"])
def test_cli_bad_query_has_no_traceback(runner, query):
    result = runner.invoke(["lookup", query])
    assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output


def test_cli_megabyte_query_from_stdin(runner):
    result = runner.invoke(["lookup", "-"], input="职" * 1_000_000)
    assert result.exit_code == 1 and "too long" in result.output


def test_cli_db_option_refuses_non_glossary(runner, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", "utf-8")
    result = runner.invoke(["lookup", "职代会", "--db", str(path)])
    assert result.exit_code == 1 and "not a glossary database" in result.output
    missing = tmp_path / "missing.db"
    result = runner.invoke(["info", "--db", str(missing)])
    assert result.exit_code == 1 and not missing.exists()


def test_cli_build_and_info(runner, tmp_path):
    path = tmp_path / "built.db"
    result = runner.invoke(["build", "--db", str(path), "--data", str(MINI), "--corpus", str(MINI / "corpus")])
    assert result.exit_code == 0 and "5 concepts" in result.output
    result = runner.invoke(["info", "--db", str(path)])
    assert f"schema version {SCHEMA_VERSION}" in result.output


# --- dump: the database back to the curated files ---------------------------------------------------------

def test_dump_then_build_gives_the_same_glossary(runner, db_path, tmp_path):
    out = tmp_path / "data"
    assert runner.invoke(["dump", "--data", str(out)]).exit_code == 0
    shutil.copy(MINI / "glossary.yaml", out / "glossary.yaml")
    build(tmp_path / "again.db", out, MINI / "corpus")

    def content(path):  # concepts by id and sources: the dump groups concepts by area, so row ids differ
        db = open_db(path)
        return ({s["id"]: s for s in all_concept_states(db)}, all_sources(db))

    assert content(tmp_path / "again.db") == content(db_path)
    # and the folder layout is a fixed point: a second round gives the same rows, ids included
    out2 = tmp_path / "data2"
    assert runner.invoke(["dump", "--db", str(tmp_path / "again.db"), "--data", str(out2)]).exit_code == 0
    shutil.copy(MINI / "glossary.yaml", out2 / "glossary.yaml")
    build(tmp_path / "third.db", out2, MINI / "corpus")

    def rows(path):  # the hash of the input files differs with the folder's path only
        return [line for line in content_dump(open_db(path)) if "sources_sha256" not in line]

    assert rows(tmp_path / "third.db") == rows(tmp_path / "again.db")


def test_shipped_data_files_are_in_dump_form(tmp_path, real_db_path, runner):
    """data/*.yaml are written the way `glossary dump` writes them, so a dump after site edits diffs cleanly."""
    shipped = tmp_path / "shipped.db"
    shutil.copy(real_db_path, shipped)
    out = tmp_path / "data"
    assert runner.invoke(["dump", "--db", str(shipped), "--data", str(out)]).exit_code == 0
    written = sorted(p.relative_to(out) for p in out.glob("*/*.yaml"))
    shipped_files = sorted(p.relative_to(config.DATA_DIR) for p in config.DATA_DIR.glob("*/*.yaml"))
    assert written == shipped_files
    for name in written:
        assert (out / name).read_text("utf-8") == (config.DATA_DIR / name).read_text("utf-8"), name


# --- init and info: starting a glossary from a termbase, and what a glossary holds --------------------------

def test_init_then_import_makes_a_working_glossary(runner, tmp_path, db_path):
    exported = tmp_path / "all.tbx"
    assert runner.invoke(["export", "--db", str(db_path), "-o", str(exported)]).exit_code == 0
    new = tmp_path / "new.db"
    refused = runner.invoke(["import", str(exported), "--db", str(new)])
    assert refused.exit_code == 1 and "glossary init" in refused.output and not new.exists()
    assert runner.invoke(["init", "--db", str(new), "--title", "Our termbase"]).exit_code == 0
    assert runner.invoke(["init", "--db", str(new)]).exit_code == 1  # never over an existing file
    result = runner.invoke(["import", str(exported), "--db", str(new)])
    assert result.exit_code == 0, result.output
    found = runner.invoke(["lookup", "职代会", "--db", str(new)])
    assert found.exit_code == 0 and "workers' congress" in found.output
    report = json.loads(runner.invoke(["info", "--db", str(new), "--json"]).output)
    original = json.loads(runner.invoke(["info", "--db", str(db_path), "--json"]).output)
    assert report["concepts"] == original["concepts"] > 0
    assert report["renderings_by_source_kind"] == original["renderings_by_source_kind"]


def test_info_reports_the_authority_share(runner, db_path):
    db = open_db(db_path)
    report = json.loads(runner.invoke(["info", "--json"]).output)
    preferred = db.execute("SELECT concept_id, id FROM terms WHERE lang = 'en' AND status = 'preferred'").fetchall()
    authoritative = {cid for cid, tid in preferred if db.execute(
        "SELECT 1 FROM term_sources ts JOIN sources s ON s.id = ts.source_id WHERE ts.term_id = ? "
        "AND s.authority NOT IN ('house', 'reference')", [tid]).fetchone()}
    assert report["concepts_with_authority_preferred"] == len(authoritative)
    assert report["authority_share"] == round(len(authoritative) / report["concepts"], 4)
    assert sum(report["concepts_by_kind"].values()) == report["concepts"]
    assert sum(report["renderings_by_source_kind"].values()) == report["english_renderings"]


def test_a_concept_file_holds_one_subject(tmp_path):
    # two spellings of a subject share a file name (area_slug) but would be two subjects on the site
    import yaml

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "house.yaml").write_text(yaml.safe_dump({"house": {"title": "House", "authority": "house"}}))
    (tmp_path / "concepts").mkdir()
    concept = {"kind": "general", "en": [{"term": "x", "status": "preferred", "sources": ["house"]}]}
    (tmp_path / "concepts" / "trade-union-organisation.yaml").write_text(yaml.safe_dump([
        {**concept, "id": "a", "subject": "trade-union organisation", "zh": [{"term": "工会"}]},
        {**concept, "id": "b", "subject": "trade union organisation", "zh": [{"term": "职工"}]},
    ], allow_unicode=True))
    (tmp_path / "concepts" / "wages.yaml").write_text(yaml.safe_dump([
        {**concept, "id": "c", "subject": "wages", "zh": [{"term": "工资"}]}], allow_unicode=True))
    with pytest.raises(GlossaryError, match="share one subject"):
        curated.load_glossary(tmp_path)
