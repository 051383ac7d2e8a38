"""Bilingual documents in the glossary database: adding (aligned or to align), listing, removing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from glossary.bitext.align import Unit, align_running, read_aligned
from glossary.lang.text import TextError, read_text, to_simplified
from glossary.store import urls
from glossary.store.curated import AUTHORITIES
from glossary.store.schema import GlossaryError

REGIONS = ("", "TW", "HK", "MO")
_ID = re.compile(r"[^a-z0-9]+")


@dataclass
class Added:
    id: str
    units: int
    aligned: int
    zh_only: int
    en_only: int
    replaced: bool


def bitext_id(title: str) -> str:
    return _ID.sub("-", title.lower()).strip("-")[:64] or "bitext"


def add_bitext(db: sqlite_utils.Database, zh_path: Path, en_path: Path, *, title: str, authority: str,
               date: str = "", url: str | None = None, region: str = "", aligned: bool | None = None,
               id: str | None = None) -> Added:
    """Store a Chinese document and its translation. aligned=True: line n ↔ line n; False: align them;
    None: aligned when both files have the same number of lines. Adding the same id again replaces it.
    One transaction: a failure leaves the database as it was."""
    if authority not in AUTHORITIES:
        raise GlossaryError(f"authority must be one of {sorted(AUTHORITIES)}")
    if region not in REGIONS:
        raise GlossaryError(f"region must be one of {[r for r in REGIONS if r]} (or empty for PRC usage)")
    if url and (problem := urls.url_problem(url)):
        raise GlossaryError(f"the URL {problem}")
    if not title.strip():
        raise GlossaryError("a bilingual document needs a title")
    try:
        zh_text, en_text = read_text(zh_path)[0], read_text(en_path)[0]
    except (OSError, TextError) as exc:
        raise GlossaryError(f"cannot read the documents: {exc}") from None
    if not zh_text.strip() or not en_text.strip():
        raise GlossaryError("one of the two documents is empty")
    if aligned is None:
        aligned = zh_text.count("\n") == en_text.count("\n")
    units = read_aligned(Path(zh_path), Path(en_path)) if aligned else iter(align_running(zh_text, en_text))
    del zh_text, en_text
    key = id or bitext_id(title)
    counts = {"aligned": 0, "zh-only": 0, "en-only": 0}

    def rows():  # streamed into the insert: memory stays flat however many pairs
        for n, u in enumerate(units):
            counts[u.status] += 1
            yield key, n, u.label, u.kind, u.zh, to_simplified(u.zh), u.en, u.status, u.note

    try:
        with db.conn:
            replaced = remove_bitext(db, key, _in_transaction=True)
            db.execute("INSERT INTO bitexts (id, title, date, url, authority, region, zh_file, en_file) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [key, title.strip(), date, url, authority, region, str(zh_path), str(en_path)])
            db.conn.executemany(
                "INSERT INTO bitext_units (bitext_id, position, label, kind, zh, zh_hans, en, status, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    except ValueError as exc:  # files not aligned after all: rolled back, nothing written
        raise GlossaryError(str(exc)) from None
    return Added(key, sum(counts.values()), counts["aligned"], counts["zh-only"], counts["en-only"], replaced)


def remove_bitext(db: sqlite_utils.Database, key: str, _in_transaction: bool = False) -> bool:
    def run():
        db.execute("DELETE FROM bitext_units WHERE bitext_id = ?", [key])
        return db.execute("DELETE FROM bitexts WHERE id = ?", [key]).rowcount > 0
    if _in_transaction:
        return run()
    with db.conn:
        return run()


def list_bitexts(db: sqlite_utils.Database) -> list[dict]:
    cols = ("id", "title", "date", "url", "authority", "region", "units", "zh_only", "en_only")
    rows = db.execute("""SELECT b.id, b.title, b.date, b.url, b.authority, b.region, count(u.id),
                                sum(u.status = 'zh-only'), sum(u.status = 'en-only')
                         FROM bitexts b LEFT JOIN bitext_units u ON u.bitext_id = b.id
                         GROUP BY b.id ORDER BY b.date DESC, b.id""").fetchall()
    return [dict(zip(cols, r)) for r in rows]


def get_bitext(db: sqlite_utils.Database, key: str) -> dict | None:
    row = db.execute("SELECT id, title, date, url, authority, region FROM bitexts WHERE id = ?", [key]).fetchone()
    return dict(zip(("id", "title", "date", "url", "authority", "region"), row)) if row else None


def units_of(db: sqlite_utils.Database, key: str) -> list[Unit]:
    return [Unit(zh, en, label or "", kind or "", note or "") for zh, en, label, kind, note in db.execute(
        "SELECT zh, en, label, kind, note FROM bitext_units WHERE bitext_id = ? ORDER BY position", [key])]
