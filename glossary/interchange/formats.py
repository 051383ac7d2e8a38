"""The interchange formats by name: which writer exports each (`formats`, `write_export`) and which reader
imports a file (`import_file`: by its suffix or root element, then the one Importer merging into the glossary).

The one module of the wing that knows every format, so that the formats' own modules need not know each
other: tabular and spreadsheet build on tbx_export's records and the entries of records.py, never the reverse.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Iterator

import sqlite_utils

from glossary.interchange import tabular
from glossary.interchange.multiterm import read_multiterm
from glossary.interchange.spreadsheet import iter_xlsx, read_xlsx
from glossary.interchange.tbx_export import iter_martif, iter_tbx
from glossary.interchange.importer import IMPORT_CACHE_KIB, JOURNAL_USER, Importer
from glossary.interchange.records import ImportReport
from glossary.interchange.tbx_read import iterparse_safely, read_tbx
from glossary.store.schema import GlossaryError


# --- export ---------------------------------------------------------------------------------

def _tsv(db, include_deprecated: bool = False) -> Iterator[bytes]:
    return tabular.iter_tsv(db, include_deprecated)


def _xlsx(db, include_deprecated: bool = True) -> Iterator[bytes]:
    return iter_xlsx(db, include_deprecated)


def _omegat(db, include_deprecated: bool = False) -> Iterator[bytes]:
    return tabular.iter_omegat(db, include_deprecated)


def _csv(db, include_deprecated: bool = True) -> Iterator[bytes]:
    return tabular.iter_csv(db, include_deprecated)


def formats() -> dict[str, tuple]:
    """format name → (chunk generator taking (db, include_deprecated), media type, file suffix)."""
    return {
        "tbx": (lambda db, include_deprecated=True: iter_tbx(db), "application/x-tbx", ".tbx"),
        "tbx2008": (iter_martif, "application/x-tbx", ".tbx"),
        "tsv": (_tsv, "text/tab-separated-values; charset=utf-8", ".tsv"),
        "csv": (_csv, "text/csv; charset=utf-8", ".csv"),
        "omegat": (_omegat, "text/plain; charset=utf-8", ".txt"),
        "xlsx": (_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    }


def write_export(db, fmt: str, out: BinaryIO, include_deprecated: bool | None = None) -> None:
    generate = formats()[fmt][0]
    chunks = generate(db) if include_deprecated is None else generate(db, include_deprecated=include_deprecated)
    for chunk in chunks:
        out.write(chunk)


# --- import ---------------------------------------------------------------------------------

def _root_name(path: Path) -> str | None:
    """The root element's name, read safely (a MultiTerm export is XML like TBX, with another root)."""
    for _event, element in iterparse_safely(path, events=("start",)):
        return str(element.tag).rpartition("}")[2]
    return None


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv",):
        return "csv"
    if suffix in (".tsv", ".tab", ".txt", ".utf8"):
        return "tsv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "tbx"


def import_file(db: sqlite_utils.Database, path: str | Path, fmt: str | None = None, dry_run: bool = False,
                user: str = JOURNAL_USER, name: str | None = None) -> ImportReport:
    """Import a TBX, CSV or TSV file into the glossary as one transaction (rolled back for a dry run).
    `user` is who the journal names for the changes; `name` the file's name when `path` is a temporary
    copy (an upload)."""
    path = Path(path)
    if not path.is_file():
        raise GlossaryError(f"no such file: {path}")
    fmt = fmt or detect_format(Path(name or path.name))
    fmt = "tsv" if fmt == "omegat" else fmt  # the OmegaT .txt export is the TSV layout
    if fmt in ("tbx", "tbx2008") and _root_name(path) == "mtf":
        fmt = "multiterm"
    if fmt in ("tbx", "tbx2008"):
        info, entries = read_tbx(path)  # pass 1 reads the whole file: bad XML fails here, before any write
    elif fmt == "multiterm":
        info, entries = read_multiterm(path)
    elif fmt in ("csv", "tsv"):
        info, entries = tabular.read_table(path, fmt)
    elif fmt == "xlsx":
        info, entries = read_xlsx(path)
    else:
        raise GlossaryError(f"unknown import format {fmt!r} (tbx, tbx2008, multiterm, csv, tsv, xlsx)")
    if name:
        info.name = name
        info.title = info.title if fmt in ("tbx", "tbx2008", "multiterm") else name
    report = ImportReport(info.name, info.format, dry_run)
    conn = db.conn
    if conn.in_transaction:
        raise GlossaryError("the database has an open transaction; import refused")
    cache_size = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        importer = Importer(db, info, report, user)
        for entry in entries:
            importer.add(entry)
        report.warnings[:0] = [f"not valid TBX-Basic: {problem} ×{n}" for problem, n in info.problems.items()]
        importer.finish()
        if report.terms_in_file == 0 and report.entries == 0:
            raise GlossaryError(f"{path}: no entries found: nothing to import")
    except BaseException:
        conn.rollback()
        raise
    else:
        if dry_run:
            conn.rollback()
        else:
            conn.commit()
    finally:
        conn.execute(f"PRAGMA cache_size = {cache_size}")
    return report
