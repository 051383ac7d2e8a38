"""The glossary as an Excel workbook (.xlsx), both ways, through openpyxl.

Termbases travel by e-mail as spreadsheets, and a CSV opened by double-click is at the mercy of the
spreadsheet's guess at its encoding; an .xlsx is not. Export: the CSV's columns (tabular.CSV_COLUMNS) in one
sheet, the header row frozen, written in openpyxl's write-only mode (rows are not kept in memory as cells).
Import: the first sheet, columns found by header name exactly as for CSV (zh / Chinese / Chinese (PRC) …),
rows merged through the same importer as every other format. The workbook is built whole (an .xlsx is a zip
written at the end), unlike the other exports, which stream.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from glossary.store.schema import GlossaryError
from glossary.interchange.tabular import CSV_COLUMNS, table_records
from glossary.interchange.records import without_controls

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses cells longer than this; a longer one is cut and the cut said in the cell
CELL_LIMIT = 32767


def iter_xlsx(db: sqlite_utils.Database, include_deprecated: bool = True) -> Iterator[bytes]:
    """The workbook, in one piece (an .xlsx is a zip written at the end)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("glossary")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in CSV_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table_records(db, include_deprecated):
        sheet.append([_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    yield out.getvalue()


def _cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    # openpyxl refuses control characters: a glossary holding some (imported before imports took them out)
    # still gets its workbook
    text = "" if value is None else without_controls(str(value))
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 20] + " … (cut for Excel)"
    if text.startswith("="):  # openpyxl would write it as a formula: imported text stays text
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def read_xlsx(path: str | Path):
    """An .xlsx file as (records.FileInfo, iterator of records.Entry), like tabular.read_table."""
    from openpyxl import load_workbook

    from glossary.interchange.tabular import _entries, table_rows
    from glossary.interchange.records import FileInfo, sha256

    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise GlossaryError(f"{path}: not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header or not any(header):
        book.close()
        raise GlossaryError(f"{path}: the first sheet is empty")
    info = FileInfo(path.name, "xlsx", sha256(path), title=path.name)

    def entries():
        try:
            yield from _entries(table_rows(path, list(header), rows), "csv")
        finally:
            book.close()

    _check_header(path, header)  # now, before any write: a sheet without a Chinese column fails here
    return info, entries()


def _check_header(path, header) -> None:
    from glossary.interchange.tabular import table_rows

    for _ in table_rows(path, list(header), iter(())):
        pass
