"""Finding a Chinese term by the pinyin of a part of it: "hetong" finds 劳动合同 (láodòng hétong), "daibiao dahui"
finds 职工代表大会. A user types the part they heard; it must be whole syllables of the term's reading, starting at
one of its syllables after the first (a term starting with the query is a prefix match already), and cover at
least MIN_SYLLABLES of them, so that one syllable ("dai", or a long one like "zhong") does not flood the results.

The candidates come from pinyin_inside (migration 13, glossary/store/pinyin_index.py): per rank length, the
terms with a syllable from which their key starts with the query, in rank order; each is then checked against
its own syllables, so a query ending inside a syllable ("hetongf" in hétong fǎ) finds nothing.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterator

from glossary.lang.pinyin import KEY_DROPPED_PATTERN

# the fewest syllables of a term a query must cover to match inside it
MIN_SYLLABLES = 2
_MAX_CHAR = "\U0010ffff"  # sorts after every character: [key, key + _MAX_CHAR) is every string starting with key

# One statement for the 40 rank lengths (the IN list is walked in order, one short range of the index each,
# with no sort): a statement per length made every pinyin-like lookup, most of which find nothing inside, run 40;
# this one costs about 0.03 ms when nothing matches (bench/bench_pinyin_inside.py).
_CANDIDATES = f"""SELECT p.rank_len, t.concept_id, t.term, t.lang, t.pinyin, t.pinyin_key
    FROM pinyin_inside p JOIN terms t ON t.id = p.term_id
    WHERE p.rank_len IN ({', '.join(str(n) for n in range(1, 41))}) AND p.suffix >= ? AND p.suffix < ?
    ORDER BY p.rank_len"""


def syllable_keys(pinyin: str, pinyin_key: str) -> list[str] | None:
    """pinyin_key cut into its reading's syllables ('' for a token the key drops, such as ·); None when the
    reading and the key do not agree in length (then no part of the term is matched)."""
    pieces, at = [], 0
    for token in pinyin.split(" "):
        size = len(KEY_DROPPED_PATTERN.sub("", token))
        pieces.append(pinyin_key[at:at + size])
        at += size
    return pieces if at == len(pinyin_key) else None


def contains_at_syllables(pinyin: str, pinyin_key: str, key: str) -> bool:
    """Whether `key` (compact toneless pinyin) is MIN_SYLLABLES or more whole syllables of the reading, starting
    at a syllable after the first."""
    pieces = syllable_keys(pinyin, pinyin_key)
    if pieces is None:
        return False
    for start in range(1, len(pieces)):
        if not pieces[start] or not key.startswith(pieces[start]):
            continue
        joined, count = "", 0
        for piece in pieces[start:]:
            if piece:
                joined += piece
                count += 1
            if len(joined) >= len(key):
                break
        if joined == key and count >= MIN_SYLLABLES:
            return True
    return False


def inside_rows(db, key: str) -> Iterator[tuple[int, str, str]]:
    """(concept_id, term, lang) of the Chinese terms containing `key` at their syllables, in search-rank order
    (length capped at 40, term, concept): per length, one short range of pinyin_inside, read length by length,
    so the walk stops early when a common query has filled the page."""
    if len(key) < 2:  # no two syllables are shorter
        return
    rows = db.execute(_CANDIDATES, (key, key + _MAX_CHAR))
    for _length, group in groupby(rows, key=lambda row: row[0]):
        # within a length, rank by term and concept; a term inside which the query starts twice, once
        for _, concept_id, term, lang, pinyin, pinyin_key in sorted(set(group), key=lambda row: (row[2], row[1])):
            if contains_at_syllables(pinyin, pinyin_key, key):
                yield concept_id, term, lang
