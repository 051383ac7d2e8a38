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

