"""Finding concepts from what a user types: Chinese (simplified or traditional, whole or a fragment), pinyin
(tone marks, tone numbers, toneless, initials; spaces and case ignored) or English.

`search` returns ranked hits; `lookup` returns full entries; `suggest` offers near terms for a miss.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import sqlite_utils

from . import pinyin as py
from .schema import GlossaryError
from .store import chinese_key, english_key, get_entry
from .text import has_cjk, normalize_query

MAX_QUERY_CHARS = 200


class QueryError(GlossaryError):
    """A query that cannot be searched (empty, too long, not text)."""


@dataclass(frozen=True)
class Hit:
    concept_id: int
    term: str  # the term that matched
    lang: str
    how: str  # exact, pinyin, initials, prefix, fragment, english…
    score: float


def clean_query(query: str) -> str:
    if any("\ud800" <= ch <= "\udfff" for ch in query):
        raise QueryError("the query is not valid UTF-8 text")
    controls = sorted({f"U+{ord(ch):04X}" for ch in query if ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127})
    if controls:
        raise QueryError("the query contains control characters (" + ", ".join(controls[:5]) + ")")
    query = normalize_query(query)
    if not query:
        raise QueryError("empty query: type Chinese characters, pinyin or English")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[Hit]:
    """Ranked concepts for a query; raises QueryError for an unusable query."""
    query = clean_query(query)
    found: dict[int, Hit] = {}

    def add(rows, how: str, score: float):
        for concept_id, term, lang in rows:
            # shorter matched terms rank higher among equals: the query covers more of them
            adjusted = score - min(len(term), 40) / 100
            if concept_id not in found or found[concept_id].score < adjusted:
                found[concept_id] = Hit(concept_id, term, lang, how, adjusted)

    def rows(where: str, params) -> list:
        return db.execute(f"SELECT concept_id, term, lang FROM terms WHERE {where}", params).fetchall()

    if has_cjk(query):
        key = chinese_key(query)
        add(rows("norm = ? AND lang != 'en'", [key]), "exact", 100)
        add(rows("norm LIKE ? ESCAPE '\\' AND lang != 'en'", [_escape_like(key) + "%"]), "prefix", 70)
        add(rows("norm LIKE ? ESCAPE '\\' AND lang != 'en'", ["%" + _escape_like(key) + "%"]), "fragment", 50)
    else:
        keys = py.query_keys(query) or {}
        for column, key in keys.items():
            how = "initials" if column == "initials" else "pinyin"
            score = 95 if column != "initials" else 85
            add(rows(f"{column} = ?", [key]), how, score)
        if keys.get("pinyin_key") and len(keys["pinyin_key"]) >= 3:
            add(rows("pinyin_key LIKE ? ESCAPE '\\'", [_escape_like(keys["pinyin_key"]) + "%"]), "pinyin prefix", 60)
        key = english_key(query)
        if key:
            add(rows("norm = ? AND lang = 'en'", [key]), "english", 98)
            add(rows("norm LIKE ? ESCAPE '\\' AND lang = 'en'", [_escape_like(key) + "%"]), "english prefix", 65)
            add(rows("' ' || norm || ' ' LIKE ? ESCAPE '\\' AND lang = 'en'", ["% " + _escape_like(key) + " %"]),
                "english words", 55)
            add(rows("norm LIKE ? ESCAPE '\\' AND lang = 'en'", ["%" + _escape_like(key) + "%"]), "english fragment", 40)
    return sorted(found.values(), key=lambda h: (-h.score, h.term, h.concept_id))[:limit]


def lookup(db: sqlite_utils.Database, query: str, limit: int = 10, examples: int = 3) -> list[dict]:
    """Full entries for a query, best first, each with how it matched."""
    entries = []
    for hit in search(db, query, limit):
        entry = get_entry(db, hit.concept_id, examples=examples)
        entry["matched"] = {"term": hit.term, "lang": hit.lang, "how": hit.how}
        entries.append(entry)
    return entries


def suggest(db: sqlite_utils.Database, query: str, n: int = 5) -> list[str]:
    """Terms near a query that found nothing (similar characters, pinyin or English)."""
    query = clean_query(query)
    if has_cjk(query):
        key = chinese_key(query)
        pool = [r[0] for r in db.execute("SELECT term FROM terms WHERE lang = 'zh-Hans'")]
        # terms sharing characters with the query first, then by string similarity
        shared = sorted(pool, key=lambda t: (-len(set(t) & set(key)), -difflib.SequenceMatcher(None, key, t).ratio()))
        return [t for t in shared if set(t) & set(key)][:n]
    keys = py.query_keys(query) or {}
    out = []
    if keys.get("pinyin_key"):
        by_key = dict(db.execute("SELECT pinyin_key, term FROM terms WHERE lang = 'zh-Hans'").fetchall())
        out += [f"{by_key[k]} ({k})" for k in difflib.get_close_matches(keys["pinyin_key"], list(by_key), n=n, cutoff=0.7)]
    english = dict(db.execute("SELECT norm, term FROM terms WHERE lang = 'en'").fetchall())
    out += [english[k] for k in difflib.get_close_matches(english_key(query), list(english), n=n, cutoff=0.6)]
    return out[:n]
