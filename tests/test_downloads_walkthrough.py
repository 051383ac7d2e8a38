"""The downloads as a terminologist uses them (the downloads walk-through): what comes in from a spreadsheet
can always go out again, in every format."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from glossary.interchange.formats import import_file, write_export
from glossary.interchange.spreadsheet import iter_xlsx


def xlsx_rows(db) -> list[tuple]:
    book = load_workbook(io.BytesIO(b"".join(iter_xlsx(db))), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_control_characters_from_a_spreadsheet_are_taken_out_on_import(empty_db, tmp_path):
    path = tmp_path / "from-excel.csv"
    # a vertical tab is how some spreadsheets break a line inside a cell; U+0001 and U+001F mean nothing
    path.write_text('zh,en,status,note,definition\n测试词,test term,preferred,"first\x0bsecond\x01","a de\x1ffinition"\n',
                    encoding="utf-8-sig")
    report = import_file(empty_db, path)
    assert any("control characters taken out of the note of 'test term' (U+0001, U+000B)" in w
               for w in report.warnings)
    assert any("the entry's definition (U+001F)" in w for w in report.warnings)
    note, definition = empty_db.execute(
        "SELECT t.note, c.definition FROM terms t JOIN concepts c ON c.id = t.concept_id WHERE t.lang = 'en'").fetchone()
    assert (note, definition) == ("first\nsecond", "a definition")
    # and every download of it can be written: the workbook opens with the text intact
    rows = xlsx_rows(empty_db)
    assert ("测试词", "test term") == rows[1][1:6:4]
    for fmt in ("tbx", "tbx2008", "csv", "tsv", "omegat"):
        write_export(empty_db, fmt, io.BytesIO())


def test_a_glossary_already_holding_control_characters_still_gets_its_workbook(db):
    with db.conn:
        db.execute("UPDATE concepts SET definition = 'bad\x01 definition\x0bsecond line' WHERE slug = 'trade-union'")
    definitions = {row[14] for row in xlsx_rows(db)[1:]}
    assert "bad definition\nsecond line" in definitions


MARTIF_ZH = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="zh"><martifHeader><fileDesc><sourceDesc><p>Hong Kong termbase</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="hk1"><langSet xml:lang="zh"><tig><term>勞動合同</term></tig></langSet>
<langSet xml:lang="en"><tig><term>labour contract</term></tig></langSet></termEntry>
</body></text></martif>"""


def chinese_rows(db, en: str) -> list[tuple]:
    return db.execute("""SELECT t.lang, t.term FROM terms t WHERE t.lang != 'en' AND t.concept_id =
                         (SELECT concept_id FROM terms WHERE term = ?) ORDER BY t.lang""", [en]).fetchall()


def test_traditional_characters_under_a_plain_zh_are_the_traditional_form(empty_db, tmp_path):
    """A termbase from Taiwan or Hong Kong labels its terms just "zh": the glossary's simplified form is made
    from them, never the traditional text shown as simplified."""
    csv_file = tmp_path / "taiwan.csv"
    csv_file.write_text("zh,en\n職工代表大會,workers' congress\n集体合同,collective contract\n", encoding="utf-8")
    report = import_file(empty_db, csv_file)
    assert chinese_rows(empty_db, "workers' congress") == [("zh-Hans", "职工代表大会"), ("zh-Hant", "職工代表大會")]
    assert chinese_rows(empty_db, "collective contract")[0] == ("zh-Hans", "集体合同")
    assert any("職工代表大會 is written in traditional characters" in w for w in report.warnings)
    tbx = tmp_path / "hk.tbx"
    tbx.write_text(MARTIF_ZH, encoding="utf-8")
    import_file(empty_db, tbx)
    assert chinese_rows(empty_db, "labour contract") == [("zh-Hans", "劳动合同"), ("zh-Hant", "勞動合同")]
