"""Migration 13: an index of where each Chinese term's pinyin can be entered inside it, at a syllable.

pinyin_inside holds, for every syllable of a term's reading but the first, the rest of its compact toneless key
from there (劳动合同, laodonghetong: donghetong, hetong, tong), with the term's search rank (length capped at 40,
as terms_pinyin_prefix_rank). A query typed as the pinyin of a part of a term ("hetong", "daibiao dahui") is then
a short range of this index per rank length, never a scan of every term (glossary/search/pinyin_inside.py).
Kept current by triggers, whoever writes terms.

The suffix is cut from pinyin_key by length: the `pinyin` column's syllables, less the characters that
pinyin.search_keys drops (spaces, apostrophes, hyphens, middle dots, full stops), are exactly as long as their
part of the key (tone marks are single characters, ü is v). A reading where that did not hold would only index
wrong tails, which search's syllable check then refuses: it never finds a wrong term.
"""
from __future__ import annotations

import sqlite_utils

from glossary.lang.pinyin import KEY_DROPPED


def _compact_length(text: str) -> str:
    """SQL for the length of text as a key (pinyin.search_keys): less its spaces (a reading's only whitespace)
    and the characters KEY_DROPPED names."""
    expression = text
    for ch in " " + KEY_DROPPED:
        expression = f"replace({expression}, '{ch.replace(chr(39), chr(39) * 2)}', '')"
    return f"length({expression})"


def _tails(row: str, source: str = "gram_positions") -> str:
    """SQL giving (rank_len, suffix, term_id) for each syllable of row's reading after the first, n running
    over gram_positions (256 characters; the longest reading is about 150) in `source`."""
    tail_length = _compact_length(f"substr({row}.pinyin, n)")
    return f"""SELECT rank_len, substr(pinyin_key, length(pinyin_key) - tail + 1) AS suffix, term_id FROM (
            SELECT min(length({row}.term), 40) AS rank_len, {row}.pinyin_key AS pinyin_key, {row}.id AS term_id,
                {tail_length} AS tail
            FROM {source} WHERE n > 1 AND n <= length({row}.pinyin) AND substr({row}.pinyin, n - 1, 1) = ' '
            AND substr({row}.pinyin, n, 1) != ' ' AND {row}.pinyin_key IS NOT NULL)
        WHERE tail > 0 AND tail < length(pinyin_key)"""


def add_pinyin_inside(db: sqlite_utils.Database) -> None:
    """The table, its triggers, and the rows of the terms already there. Idempotent (IF NOT EXISTS)."""
    add = f"INSERT OR IGNORE INTO pinyin_inside (rank_len, suffix, term_id) {_tails('NEW')};"
    drop = f"""DELETE FROM pinyin_inside WHERE rank_len = min(length(OLD.term), 40) AND term_id = OLD.id
        AND suffix IN (SELECT suffix FROM ({_tails('OLD')}));"""
    existed = db["pinyin_inside"].exists()
    for statement in (
        """CREATE TABLE IF NOT EXISTS pinyin_inside (
            rank_len INTEGER NOT NULL, suffix TEXT NOT NULL, term_id INTEGER NOT NULL,
            PRIMARY KEY (rank_len, suffix, term_id)
        ) WITHOUT ROWID""",
        f"CREATE TRIGGER IF NOT EXISTS terms_pinyin_inside_insert AFTER INSERT ON terms BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS terms_pinyin_inside_delete AFTER DELETE ON terms BEGIN {drop} END",
        f"""CREATE TRIGGER IF NOT EXISTS terms_pinyin_inside_update AFTER UPDATE OF term, pinyin, pinyin_key ON terms
            BEGIN {drop} {add} END""",
    ):
        db.execute(statement)
    if not existed:  # a database that already has terms (migrated forward): index them
        db.execute(f"INSERT OR IGNORE INTO pinyin_inside (rank_len, suffix, term_id) "
                   f"{_tails('t', 'terms t JOIN gram_positions')}")
