"""Export → import → export in every format that can carry it: statuses, house status, source authorities,
notes, readings. Each test imports into an empty glossary, so nothing comes from the original database."""
from __future__ import annotations

import pytest

from glossary.store import concepts as store
from glossary.store.schema import open_db
from glossary.interchange.tabular import iter_csv, iter_tsv
from glossary.interchange.tbx_export import iter_martif, iter_tbx
from glossary.interchange.formats import import_file



def renderings(db) -> set[tuple]:
    """Every English rendering with its status, note and the (key, authority) of each source it cites."""
    rows = db.execute(
        """SELECT c.slug, t.term, t.status, coalesce(t.note, ''),
                  group_concat(s.id || ':' || s.authority, ' ') FROM terms t
           JOIN concepts c ON c.id = t.concept_id LEFT JOIN term_sources ts ON ts.term_id = t.id
           LEFT JOIN sources s ON s.id = ts.source_id WHERE t.lang = 'en' GROUP BY t.id""").fetchall()
    return set(rows)


def chinese(db) -> set[tuple]:
    return set(db.execute("""SELECT c.slug, t.term, t.status, t.pinyin, t.pinyin_reviewed, coalesce(t.note, '')
                             FROM terms t JOIN concepts c ON c.id = t.concept_id
                             WHERE t.lang = 'zh-Hans'""").fetchall())


def authorities(db) -> set[tuple]:
    return set(db.execute("SELECT id, title, authority FROM sources").fetchall())


def round_trip(db, empty_db, tmp_path, name, generate):
    first = b"".join(generate(db))
    path = tmp_path / name
    path.write_bytes(first)
    report = import_file(empty_db, path)
    assert not report.held and not report.conflicts, report.summary()
    return first, b"".join(generate(empty_db))


def test_martif_round_trip_keeps_house_status_sources_and_readings(db, empty_db, tmp_path):
    first, second = round_trip(db, empty_db, tmp_path, "cat.tbx", lambda d: iter_martif(d, include_deprecated=True))
    assert second == first
    # house proposals stay house proposals; each source keeps its key and authority, not one per file
    assert renderings(empty_db) == renderings(db)
    assert ("long-term-mechanism", "long-term mechanism", "preferred", "", "house:house") in renderings(empty_db)
    assert authorities(empty_db) == authorities(db)
    # a pinyin note is a reading, not a note besides it: nothing doubles
    assert chinese(empty_db) == chinese(db)
    assert first.count("zhí dài huì".encode()) == 1


def test_shipped_glossary_martif_round_trip(real_db_path, empty_db, tmp_path):
    real = open_db(real_db_path, migrate_forward=False)
    try:
        first, second = round_trip(real, empty_db, tmp_path, "cat.tbx",
                                   lambda d: iter_martif(d, include_deprecated=True))
        house = "SELECT count(*) FROM term_sources WHERE source_id = 'house'"
        assert empty_db.execute(house).fetchone() == real.execute(house).fetchone()
        assert authorities(empty_db) == authorities(real)
    finally:
        real.close()
    assert second == first


def test_v3_second_generation_keeps_derived_readings_of_latin_letters(db, empty_db, tmp_path):
    """T恤, AA制: the stored reading is lower-case, the syllables are not; a re-import must not take the
    difference for a reviewed reading."""
    concept = {"id": "t-shirt", "kind": "general", "created": "2026-01-02", "modified": "2026-01-02", "zh": [{"term": "T恤"}, {"term": "文化衫", "status": "admitted"}],
               "en": [{"term": "T-shirt", "status": "preferred", "sources": ["house"]}]}
    store.insert_concept(db, concept)
    db.conn.commit()
    first, second = round_trip(db, empty_db, tmp_path, "v3.tbx", iter_tbx)
    assert second == first
    assert empty_db.execute("SELECT pinyin, pinyin_reviewed FROM terms WHERE term = 'T恤'").fetchone() == ("t xù", 0)


def test_csv_round_trip_keeps_source_authorities_definitions_and_contexts(db, empty_db, tmp_path):
    first, second = round_trip(db, empty_db, tmp_path, "sheet.csv", iter_csv)
    assert second == first
    assert renderings(empty_db) == renderings(db)
    cited = "SELECT DISTINCT s.id, s.title, s.authority FROM sources s JOIN term_sources ts ON ts.source_id = s.id"
    assert set(empty_db.execute(cited).fetchall()) == set(db.execute(cited).fetchall())
    definitions = "SELECT slug, subject, definition, note_zh, note, kind FROM concepts ORDER BY slug"
    assert empty_db.execute(definitions).fetchall() == db.execute(definitions).fetchall()
    contexts = """SELECT t.term, s.text FROM examples e JOIN terms t ON t.id = e.term_id
                  JOIN sentences s ON s.id = e.sentence_id ORDER BY 1, 2"""
    assert empty_db.execute(contexts).fetchall() == db.execute(contexts).fetchall()
    assert empty_db.execute(contexts).fetchall()


def test_tsv_round_trip_keeps_statuses_house_status_and_notes(db, empty_db, tmp_path):
    first, second = round_trip(db, empty_db, tmp_path, "omegat.tsv", lambda d: iter_tsv(d, include_deprecated=True))
    assert second == first
    house = """SELECT t.term FROM terms t JOIN term_sources ts ON ts.term_id = t.id
               WHERE ts.source_id = 'house' ORDER BY 1"""
    assert empty_db.execute(house).fetchall() == db.execute(house).fetchall()
    notes = "SELECT term, status, note FROM terms WHERE lang = 'en' ORDER BY 1"
    assert empty_db.execute(notes).fetchall() == db.execute(notes).fetchall()


def test_tsv_round_trip_keeps_each_sources_authority(db, empty_db, tmp_path):
    round_trip(db, empty_db, tmp_path, "omegat.txt", lambda d: iter_tsv(d, include_deprecated=True))
    cited = """SELECT DISTINCT t.term, s.title, s.authority FROM terms t JOIN term_sources ts ON ts.term_id = t.id
               JOIN sources s ON s.id = ts.source_id"""
    assert set(empty_db.execute(cited).fetchall()) == set(db.execute(cited).fetchall())


@pytest.mark.parametrize("fmt", ["tbx", "tbx2008", "csv", "tsv", "omegat", "xlsx"])
def test_every_format_carries_every_authority_kind(db, empty_db, tmp_path, fmt):
    """government and international sources (curated.AUTHORITIES) come back as such from every format."""
    from glossary.store.curated import AUTHORITIES
    from glossary.interchange.formats import formats

    for kind in sorted(AUTHORITIES - {"house"}):
        db["sources"].insert({"id": f"src-{kind}", "title": f"A {kind} source", "authority": kind}, replace=True)
        store.insert_concept(db, {
            "id": f"c-{kind}", "kind": "general", "created": "2026-01-02", "modified": "2026-01-02",
            "zh": [{"term": {"law": "劳动法", "union": "工会法", "media": "工人日报", "government": "人社部",
                             "international": "国际劳工组织", "reference": "劳动词典"}[kind]}],
            "en": [{"term": f"{kind} rendering", "status": "preferred", "sources": [f"src-{kind}"]}]})
    db.conn.commit()
    generate, _media, suffix = formats()[fmt]
    path = tmp_path / f"glossary{suffix}"
    path.write_bytes(b"".join(generate(db, include_deprecated=True)))
    report = import_file(empty_db, path)
    assert not report.held and not report.conflicts, report.summary()
    cited = """SELECT t.term, s.authority FROM terms t JOIN term_sources ts ON ts.term_id = t.id
               JOIN sources s ON s.id = ts.source_id WHERE t.term LIKE '% rendering'"""
    assert set(empty_db.execute(cited).fetchall()) == {(f"{k} rendering", k) for k in AUTHORITIES - {"house"}}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx"])
def test_shipped_glossary_table_round_trips(real_db_path, empty_db, tmp_path, fmt):
    """The real glossary: quoted text in notes, source titles with ";" in them, readings a person set with
    other tones (一定 yī dìng), synonyms — the file comes back the same (an .xlsx: the same rows)."""
    from openpyxl import load_workbook

    from glossary.interchange.formats import formats

    generate, _media, suffix = formats()[fmt]
    real = open_db(real_db_path, migrate_forward=False)
    try:
        first = b"".join(generate(real, include_deprecated=True))
    finally:
        real.close()
    path = tmp_path / f"glossary{suffix}"
    path.write_bytes(first)
    report = import_file(empty_db, path)
    assert not report.held and not report.conflicts and not report.homographs, report.summary()
    second = b"".join(generate(empty_db, include_deprecated=True))
    if fmt != "xlsx":
        assert second == first
        return
    again = tmp_path / "again.xlsx"
    again.write_bytes(second)
    rows = [list(load_workbook(p, read_only=True).worksheets[0].iter_rows(values_only=True)) for p in (path, again)]
    assert rows[0] == rows[1] and len(rows[0]) > 600


def test_the_commands_round_trip_keeps_the_header(runner, tmp_path):
    # glossary export → glossary init (no title) → glossary import → glossary export: the same document, the
    # termbase's title and description included (an empty glossary takes them from the first import)
    first, second, new = tmp_path / "a.tbx", tmp_path / "b.tbx", tmp_path / "new.db"
    assert runner.invoke(["export", "-o", str(first)]).exit_code == 0
    assert runner.invoke(["init", "--db", str(new)]).exit_code == 0
    result = runner.invoke(["import", str(first), "--db", str(new)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(["export", "--db", str(new), "-o", str(second)]).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_an_imported_source_with_the_url_of_one_of_ours_is_ours(db, empty_db, tmp_path):
    # one key per page: a termbase citing one of our pages under its own key gets our key, and a warning
    document = b"".join(iter_tbx(db)).decode("utf-8")
    key, url = db.execute("SELECT id, url FROM sources WHERE url IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    assert f'<item type="key">{key}</item>' in document
    path = tmp_path / "theirs.tbx"
    path.write_text(document.replace(f'<item type="key">{key}</item>', f'<item type="key">{key}-theirs</item>'), "utf-8")
    cited = renderings(db)
    report = import_file(db, path)
    assert not db.execute("SELECT 1 FROM sources WHERE id = ?", [f"{key}-theirs"]).fetchone()
    assert renderings(db) == cited  # the same renderings citing the same keys
    assert any(f"{key}-theirs" in w and "URL" in w for w in report.warnings), report.warnings


def test_a_source_title_holding_a_slash_comes_back_whole_from_a_table(db, empty_db, tmp_path):
    # "China Daily / Xinhua" is one source's title; " / " also separates the sources a rendering cites
    with db.conn:
        db.execute("UPDATE sources SET title = 'Union story (China Daily / Xinhua, 2024)' WHERE id = "
                   "(SELECT id FROM sources WHERE id != 'house' ORDER BY id LIMIT 1)")
    changed = db.execute("SELECT id, title FROM sources WHERE title LIKE '% / %'").fetchall()
    assert changed
    first, second = round_trip(db, empty_db, tmp_path, "glossary.tsv", lambda d: iter_tsv(d, include_deprecated=True))
    assert second == first
    assert changed[0][1] in {title for _id, title in empty_db.execute("SELECT id, title FROM sources")}
