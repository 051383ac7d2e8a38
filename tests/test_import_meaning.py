"""Importing by meaning: statuses however a tool spells them (a forbidden term is never admitted, the file's
own word kept), homographs never merged in silence, and a report that lists everything held, merged, mapped,
dropped or defaulted."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.store.schema import create_db
from glossary.interchange.formats import import_file
from glossary.interchange.term_status import normalise_status, read_status

DATA = Path(__file__).parent / "data" / "interchange"



def terms_of(db, slug: str) -> dict[str, tuple[str, str | None]]:
    """English and Chinese terms of a concept: term → (status, note)."""
    return {term: (status, note) for term, status, note in db.execute(
        """SELECT t.term, t.status, t.note FROM terms t JOIN concepts c ON c.id = t.concept_id
           WHERE c.slug = ? AND t.lang != 'zh-Hant'""", [slug])}


def test_status_words_map_by_meaning_in_any_case():
    assert [normalise_status(v) for v in (
        "Forbidden", "FORBIDDEN", "forbidden", "Approved", "Proposed", "obsolete", "Superseded",
        "notRecommended", "not recommended", "Preferred", "PREFERREDTERM-ADMN-STS", "Pending review")] == [
        "deprecated", "deprecated", "deprecated", "admitted", "admitted", "deprecated", "deprecated",
        "deprecated", "deprecated", "preferred", "preferred", None]
    # the file's own word is kept where it says more than the glossary's status
    assert read_status("Forbidden") == ("deprecated", "Forbidden")
    assert read_status("preferredTerm-admn-sts") == ("preferred", None)
    assert read_status("Pending review") == (None, "Pending review")


def test_trados_status_picklist_forbidden_is_never_admitted(empty_db):
    report = import_file(empty_db, DATA / "trados_style.tbx")
    terms = terms_of(empty_db, "a1")
    assert terms["collective negotiation"] == ("deprecated", "status in the file: Forbidden")
    assert terms["collective haggling"] == ("deprecated", "status in the file: FORBIDDEN")
    assert terms["bargaining en bloc"] == ("deprecated", "status in the file: Obsolete")
    assert terms["wage talks"] == ("admitted", "status in the file: proposed")
    # nothing marked preferred: the first rendering the file approved is taken, and the report says so
    assert terms["collective bargaining"] == ("preferred", "status in the file: Approved")
    assert "a1 (line 13): no rendering marked preferred; took the first, “collective bargaining”" in report.warnings
    # a value nobody knows is kept and reported, and never makes the term preferred
    assert terms["joint talks"] == ("admitted", "status in the file: Pending review")
    assert report.statuses["'Pending review' → not understood (no status given)"] == 1
    assert report.statuses["'Forbidden' → deprecated"] == 1 and report.statuses["'FORBIDDEN' → deprecated"] == 1
    assert "statuses mapped (the file's value kept in the term's note): 'Approved' → admitted ×2" in report.summary()


def test_forbidden_in_a_csv_status_column(empty_db, tmp_path):
    path = tmp_path / "statuses.csv"
    path.write_text("zh,en,status\n职代会,workers' congress,Preferred\n职代会,staff meeting,Forbidden\n", "utf-8")
    import_file(empty_db, path)
    assert empty_db.execute("SELECT status, note FROM terms WHERE term = 'staff meeting'").fetchone() == (
        "deprecated", "status in the file: Forbidden")
    assert empty_db.execute("SELECT status, note FROM terms WHERE term = \"workers' congress\"").fetchone() == (
        "preferred", None)


def test_a_forbidden_rendering_of_an_admitted_term_is_a_conflict_not_a_change(db, tmp_path):
    path = tmp_path / "forbid.tbx"
    path.write_text("""<martif type="TBX" xml:lang="en"><text><body><termEntry id="workers-congress">
        <langSet xml:lang="zh"><tig><term>职代会</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>congress of workers and staff</term>
          <termNote type="Status">Forbidden</termNote></tig></langSet></termEntry></body></text></martif>""", "utf-8")
    report = import_file(db, path)
    assert report.conflicts == [
        "workers-congress: “congress of workers and staff” is admitted in the glossary, deprecated in the file"]


def test_homographs_are_told_apart_or_held_never_merged(db):
    report = import_file(db, DATA / "trados_style.tbx")
    # 代表 twice in the file, as two entries (verb, noun): two concepts, not one
    represent, representative = terms_of(db, "ms-1"), terms_of(db, "ms-2")
    assert set(represent) == {"代表", "represent"} and set(representative) == {"代表", "representative"}
    assert report.homographs == ["ms-2 (line 35): a concept of its own beside ms-1 "
                                 "(same Chinese as another entry of the file (ms-1))"]
    # 工会 → "guild": the glossary's 工会 is "trade union"; nothing shows it is the same concept: held
    assert "guild" not in terms_of(db, "trade-union")
    assert report.held == ["ms-3 (line 44): same Chinese as trade-union, but no English rendering in common: "
                           "review before merging"]
    held = db.execute("SELECT reason, terms, original FROM import_held").fetchone()
    assert json.loads(held[1]) == [{"lang": "zh-CN", "term": "工会", "status": None},
                                   {"lang": "en-US", "term": "guild", "status": None}]
    assert '<termEntry id="ms-3">' in held[2]
    assert "held for review (kept in the import_held table): 1" in report.summary()


def test_homograph_with_another_part_of_speech_in_a_file_without_ids(empty_db, tmp_path):
    path = tmp_path / "pos.tbx"
    path.write_text("""<martif type="TBX" xml:lang="en"><text><body>
      <termEntry><langSet xml:lang="zh"><tig><term>代表</term><termNote type="partOfSpeech">verb</termNote></tig></langSet>
        <langSet xml:lang="en"><tig><term>represent</term></tig></langSet></termEntry>
      <termEntry><langSet xml:lang="zh"><tig><term>代表</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
        <langSet xml:lang="en"><tig><term>representative</term></tig></langSet></termEntry>
    </body></text></martif>""", "utf-8")
    report = import_file(empty_db, path)
    assert empty_db["concepts"].count == 2 and len(report.homographs) == 1


def test_merging_on_identity_is_listed(db, tmp_path):
    path = tmp_path / "same.csv"
    path.write_text("zh,en\n工会,trade union\n工会,union\n", "utf-8")
    report = import_file(db, path)
    assert report.joined == ["row 2 → trade-union: same Chinese, rendering “trade union” in common"]
    assert "entries merged into a concept (why): 1" in report.summary()


def test_report_lists_what_was_dropped_or_defaulted(empty_db):
    report = import_file(empty_db, DATA / "trados_style.tbx")
    # who made a change: no field for it here, so it is listed, not silently replaced
    assert report.ignored["transacNote responsibility 'IATE user 8841'"] == 1
    # what the file did not say and the import filled in
    assert report.defaulted["kind: none in the file, 'general' given"] == 5
    assert report.defaulted["origination date: none in the file, the import's date given"] == 4
    assert report.defaulted["termType: none in the file, fullForm given"] > 0
    summary = report.summary()
    assert "defaulted (the file says nothing): " in summary and "transacNote responsibility 'IATE user 8841'" in summary
    # IATE's reliability codes, regional usage and an English context sentence are kept in the term's note
    terms = terms_of(empty_db, "iate-3526311")  # IATE's entry id, as a slug
    assert terms["employment contract"] == ("preferred", "reliability: 3\ngeographical usage: EU\ncontext: "
                                            "The employer shall give the worker a written employment contract.")
    assert terms["劳动合同"] == ("preferred", "reliability: 3")
    assert "context of an English term" not in report.ignored


def test_invalid_tbx_basic_sample_is_reported(shared_dir, empty_db):
    report = import_file(empty_db, shared_dir / "tbx-schemas/samples/zh_en_tbx-basic_v3_INVALID.tbx")
    assert sorted(report.warnings[:2]) == [
        "not valid TBX-Basic: administrativeStatus 'preferred' is not one of TBX-Basic's values "
        "(preferredTerm-admn-sts …); read as preferred ×3",
        "not valid TBX-Basic: descrip type 'usageNote' is not a TBX-Basic data category ×2",
    ]
    assert "not valid TBX-Basic" not in " ".join(
        import_file(empty_db, shared_dir / "tbx-schemas/samples/zh_en_tbx-basic_v3_VALID.tbx").warnings)


def test_tsv_header_without_a_hash_is_a_header(empty_db, tmp_path):
    path = tmp_path / "plain.tsv"
    path.write_text("Chinese\tEnglish\tStatus\n职代会\tworkers' congress\tpreferred\n", "utf-8")
    report = import_file(empty_db, path)
    assert report.entries == 1
    assert empty_db.execute("SELECT term FROM terms ORDER BY id").fetchall() == [("职代会",), ("職代會",),
                                                                                 ("workers' congress",)]


# --- formats people bring --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["multiterm_utf8.xml", "multiterm_utf16.xml"])
def test_multiterm_xml_imports_in_utf8_and_utf16(empty_db, name):
    report = import_file(empty_db, DATA / name)
    assert report.format == "multiterm" and report.entries == 2
    terms = {t: (s, n) for t, s, n in empty_db.execute("SELECT term, status, note FROM terms WHERE lang != 'zh-Hant'")}
    assert terms["collective bargaining"] == ("preferred", "status in the file: Approved")
    assert terms["collective haggling"] == ("deprecated", "Slang; never in print.\nstatus in the file: Forbidden")
    assert terms["labour dispute"] == ("preferred", None)
    concept = empty_db.execute("SELECT subject, definition, created, modified FROM concepts WHERE id = "
                               "(SELECT concept_id FROM terms WHERE term = '集体谈判')").fetchone()
    assert concept == ("labour relations", "Negotiation between a union and an employer.", "2021-06-01", "2022-02-14")
    cited = empty_db.execute("""SELECT s.title, s.authority FROM sources s JOIN term_sources ts ON ts.source_id = s.id
                                JOIN terms t ON t.id = ts.term_id WHERE t.term = 'collective bargaining'""").fetchall()
    assert cited == [("ILO Thesaurus", "reference")]
    assert empty_db.execute("SELECT s.text FROM examples e JOIN sentences s ON s.id = e.sentence_id").fetchall() == [
        ("双方通过集体谈判确定工资增长幅度。",)]
    # the German term is held, not dropped; who made the changes is listed as not imported
    assert report.held == ["2 (line 33): languages not in the glossary (DE)"]
    assert report.ignored["transaction by 'jwang'"] == 2 and report.ignored["Customer (MultiTerm field)"] == 1


def test_memoq_csv_layout(empty_db):
    report = import_file(empty_db, DATA / "memoq.csv")
    assert report.entries == 2 and not report.held
    terms = {t: (s, n) for t, s, n in empty_db.execute("SELECT term, status, note FROM terms")}
    assert terms["workers' congress"] == ("preferred", "context: The workers' congress approved the plan.")
    assert terms["staff meeting"] == ("deprecated", "status in the file: Forbidden")  # memoQ's forbidden flag
    assert terms["labour dispute"][0] == "preferred"
    assert terms["職代會"][0] == "preferred"  # the Chinese (Taiwan) column is the traditional form
    concept = empty_db.execute("SELECT slug, subject, definition, note_zh FROM concepts ORDER BY id").fetchall()
    assert concept[0] == ("workers-congress", "labour relations",
                          "The body through which workers take part in management.", "企业职工行使民主管理权力的机构。")
    assert empty_db.execute("SELECT note FROM concepts WHERE note IS NOT NULL").fetchall() == [("Ask the union office.",)]


def test_xlsx_import_and_export(db, empty_db, tmp_path):
    from openpyxl import Workbook, load_workbook

    from glossary.interchange.spreadsheet import iter_xlsx
    from glossary.interchange.tabular import CSV_COLUMNS

    # a sheet as people e-mail it: their own headers, a forbidden term
    book = Workbook()
    sheet = book.active
    sheet.append(["Chinese", "English", "Status", "Comment"])
    sheet.append(["职代会", "workers' congress", "Preferred", None])
    sheet.append(["职代会", "staff meeting", "Forbidden", "older usage"])
    path = tmp_path / "emailed.xlsx"
    book.save(path)
    report = import_file(empty_db, path)
    assert report.format == "xlsx" and report.entries == 1
    assert empty_db.execute("SELECT status, note FROM terms WHERE term = 'staff meeting'").fetchone() == (
        "deprecated", "older usage\nstatus in the file: Forbidden")

    # the export: the CSV's columns, and back in through the same reader, losing nothing the CSV keeps
    out = tmp_path / "glossary.xlsx"
    out.write_bytes(b"".join(iter_xlsx(db)))
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == 12
    second = create_db(tmp_path / "second.db")
    report = import_file(second, out)
    assert not report.held and not report.conflicts
    assert b"".join(iter_xlsx(second)) and second["terms"].count == db["terms"].count
    house = "SELECT t.term FROM terms t JOIN term_sources ts ON ts.term_id = t.id WHERE ts.source_id = 'house' ORDER BY 1"
    assert second.execute(house).fetchall() == db.execute(house).fetchall()
    second.close()


def test_a_file_that_is_not_a_workbook_is_refused_cleanly(empty_db, tmp_path):
    from glossary.store.schema import GlossaryError

    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", "utf-8")
    with pytest.raises(GlossaryError, match="not a readable .xlsx workbook"):
        import_file(empty_db, path)


def test_a_foreign_tsv_does_not_join_chinese_terms_that_share_a_rendering(empty_db, tmp_path):
    path = tmp_path / "theirs.tsv"
    path.write_text("工会\tunion\n联合会\tunion\n", "utf-8")
    import_file(empty_db, path)
    assert empty_db["concepts"].count == 2


def test_a_subject_field_that_only_narrows_ours_is_compatible(db, tmp_path):
    db.execute("UPDATE concepts SET subject = 'trade unions' WHERE slug = 'trade-union'")
    db.conn.commit()
    path = tmp_path / "subjects.tbx"
    entry = """<termEntry id="{id}"><descrip type="subjectField">{subject}</descrip>
        <langSet xml:lang="zh"><tig><term>工会</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>trade union</term></tig></langSet></termEntry>"""
    path.write_text('<martif type="TBX" xml:lang="en"><text><body>'
                    + entry.format(id="s1", subject="Trade Unions; organisation")
                    + entry.format(id="s2", subject="football") + "</body></text></martif>", "utf-8")
    report = import_file(db, path)
    assert report.joined == ["s1 (line 1) → trade-union: same Chinese, rendering “trade union” in common"]
    # s2 has the same Chinese as s1, which joined trade-union: the file says it is another concept, so held
    assert report.held == ["s2 (line 3): same Chinese as trade-union, but same Chinese as another entry of the "
                           "file (s1): review before merging"]
    # on its own, another subject field is reason enough to hold
    path.write_text('<martif type="TBX" xml:lang="en"><text><body>' + entry.format(id="s3", subject="football")
                    + "</body></text></martif>", "utf-8")
    assert import_file(db, path).held == [
        "s3 (line 1): same Chinese as trade-union, but another subject field (“football”): review before merging"]


def test_unreadable_files_are_refused_with_a_reason(empty_db, tmp_path):
    from glossary.store.schema import GlossaryError

    sheet = tmp_path / "no-chinese.xlsx"
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["Term", "Translation"])
    book.active.append(["foo", "bar"])
    book.save(sheet)
    with pytest.raises(GlossaryError, match="the header names no Chinese column"):
        import_file(empty_db, sheet)
    mtf = tmp_path / "broken.xml"
    mtf.write_text("<mtf><conceptGrp><concept>1</concept></mtf>", "utf-8")
    with pytest.raises(GlossaryError, match="not well-formed XML at line 1"):
        import_file(empty_db, mtf)
    assert empty_db["imports"].count == 0 and empty_db["concepts"].count == 0
