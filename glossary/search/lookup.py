"""Finding concepts from what a user types: Chinese (simplified or traditional, whole or a fragment), pinyin
(tone marks, tone numbers, toneless, initials; spaces and case ignored) or English.

`search` returns ranked hits; `lookup` returns full entries; `suggest` offers near terms for a miss.
"""
from __future__ import annotations

import difflib
import heapq
import re
from dataclasses import dataclass
from typing import Callable

import sqlite_utils

from glossary.lang import pinyin as py
from glossary.lang.english import other_spellings, plural_key
from glossary.search.pinyin_inside import inside_rows
from glossary.store.schema import GRAM_START, GlossaryError
from glossary.store.concepts import chinese_key, english_key, get_entry
from glossary.lang.text import CONTROL_CHARS, has_cjk, normalize_query

MAX_QUERY_CHARS = 200


class QueryError(GlossaryError):
    """A query that cannot be searched (empty, too long, not text)."""


# how a hit matched when the query is a whole term: Chinese as typed, English as typed or in the singular
EXACT_HOWS = ("exact", "english")


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
    controls = sorted({f"U+{ord(ch):04X}" for ch in CONTROL_CHARS.findall(query)})
    if controls:
        raise QueryError("the query contains control characters (" + ", ".join(controls[:5]) + ")")
    # a wildcard typed out of habit (工会*, union*): every search already finds what starts with the query
    query = strip_quote_marks(normalize_query(query)).strip("*").strip()
    if not query:
        raise QueryError("empty query: type Chinese characters, pinyin or English")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    return query


# quotation and title marks an editor pastes with a term (“送温暖”, 《工会法》, 「職代會」): not part of it
_QUOTE_MARKS = "“”‘’「」『』《》〈〉【】\"«»„"


def strip_quote_marks(query: str) -> str:
    """The query without the quotation and title marks round it (or round its words: “送温暖”活动)."""
    stripped = query.strip().strip(_QUOTE_MARKS).strip()
    inner = stripped.translate({ord(ch): None for ch in _QUOTE_MARKS})
    return inner.strip() if has_cjk(inner) else stripped


def singular_key(key: str) -> str:
    """An English key with plural words made singular ("labor disputes" → "labor dispute", "trade unions" →
    "trade union"), by simplemma's lemmas, for words ending in s only (verbs and the like stay as typed)."""
    import simplemma

    words = key.split(" ")
    out = [simplemma.lemmatize(w, lang="en") if len(w) > 3 and w.endswith("s") and w.isalpha() else w
           for w in words]
    return " ".join(out)


# Search ranks terms by (length capped at 40, term, concept): shorter terms first, as the query covers more of
# them. The v4 indexes hold terms in this order (terms_search_rank per language group, terms_rank_by_* per
# pinyin key, term_grams per Chinese piece), so the best matches of a common query are the first rows read.
_RANK = "min(length(term), 40), term, concept_id"
# A query matching at most this many terms has its matches fetched and sorted; a commoner one is answered by
# reading an index in rank order until enough concepts match, which stops early precisely because it is common.
CANDIDATE_CAP = 1000
# A traditional form whose lookup key equals its simplified twin's adds nothing but a second, tied match:
# leave it out, so the simplified form is the one reported.
_NOT_A_TWIN = "(t.hans_id IS NULL OR t.norm IS NOT (SELECT twin.norm FROM terms AS twin WHERE twin.id = t.hans_id))"
_MAX_CHAR = "\U0010ffff"  # sorts after every character: [key, key + _MAX_CHAR) is every string starting with key
_GROUP = {"zh": f"(t.lang = 'en') = 0 AND {_NOT_A_TWIN}", "en": "(t.lang = 'en') = 1"}


@dataclass(frozen=True)
class _Match:
    """Terms of a language group meeting a condition on `t` (`where`). `candidates`: SQL giving the ids of the
    matching terms from an index, worth fetching and sorting when few; `walk`: SQL giving (concept_id, term,
    lang) of the matches in rank order, for when they are many (default: terms_search_rank, filtered)."""
    group: str
    where: str
    params: tuple
    candidates: str | None = None
    candidate_params: tuple = ()
    walk: str | Callable | None = None  # SQL, or a function of the database giving the rows
    walk_params: tuple = ()


def _equal(group: str, column: str, key: str) -> _Match:
    return _Match(group, f"t.{column} = ?", (key,), f"SELECT id FROM terms WHERE {column} = ?", (key,))


def _pinyin_equal(column: str, key: str) -> _Match:
    """A pinyin key (only Chinese terms have one): terms_rank_by_<column> lists them in rank order."""
    return _Match("zh", f"t.{column} = ?", (key,), walk=(
        f"SELECT t.concept_id, t.term, t.lang FROM terms t WHERE t.{column} = ? AND {_NOT_A_TWIN} ORDER BY {_RANK}"
    ), walk_params=(key,))


def _starting(group: str, column: str, key: str, walk: tuple = (None, ())) -> _Match:
    return _Match(group, f"substr(t.{column}, 1, ?) = ?", (len(key), key),
                  f"SELECT id FROM terms WHERE {column} >= ? AND {column} < ?", (key, key + _MAX_CHAR), *walk)


def _prefix_by_length(group: str, column: str, key: str) -> _Match:
    """Terms whose `column` starts with key, read length by length from terms_prefix_rank /
    terms_pinyin_prefix_rank: 40 short index ranges, where one rank-order walk would cross every other term."""
    if column == "norm":
        index_group = "(t.lang = 'en') = " + ("1" if group == "en" else "0")
        extra = "" if group == "en" else f" AND {_NOT_A_TWIN}"
    else:  # a pinyin key: Chinese terms only
        index_group, extra = "1", f" AND {_NOT_A_TWIN}"
    sql = (f"SELECT t.concept_id, t.term, t.lang FROM terms t WHERE {index_group} AND min(length(t.term), 40) = ? "
           f"AND t.{column} >= ? AND t.{column} < ?{extra} ORDER BY t.term, t.concept_id")

    def walk(db):
        for length in range(1, 41):
            yield from db.execute(sql, (length, key, key + _MAX_CHAR))

    return _Match(group, f"substr(t.{column}, 1, ?) = ?", (len(key), key),
                  f"SELECT id FROM terms WHERE {column} >= ? AND {column} < ?", (key, key + _MAX_CHAR), walk)


def _pinyin_inside(key: str, skip: set[int]) -> _Match:
    """Chinese terms whose pinyin holds key as whole syllables after their first (glossary/search/pinyin_inside),
    but for the concepts in `skip`."""
    return _Match("zh", "1", (), walk=lambda db: (row for row in inside_rows(db, key) if row[0] not in skip))


def _word_rows(db, word: str, condition: str, params: tuple):
    """English terms having `word`, in rank order (en_words, which holds each term's key: `t.norm` in
    `condition` is read there, without a lookup in terms)."""
    return db.execute(
        f"""SELECT t.concept_id, t.term, 'en' FROM en_words t
            WHERE t.word = ? AND {condition} ORDER BY t.rank_len, t.term, t.concept_id""",
        (word, *params),
    )


def _rank_key(row) -> tuple:
    return (min(len(row[1]), 40), row[1], row[0])


def _english_words(key: str) -> _Match:
    """An English term containing the query as whole words: walk the terms of its rarest word."""
    where, params = "instr(' ' || t.norm || ' ', ?) > 0", (f" {key} ",)

    def walk(db):
        words = list(dict.fromkeys(key.split(" ")))
        counts = dict(db.execute(
            f"SELECT word, n FROM en_vocab WHERE word IN ({','.join('?' * len(words))})", words).fetchall())
        if len(counts) < len(words):
            return iter(())  # a word no English term has
        return _word_rows(db, min(words, key=lambda w: counts[w]), where, params)

    return _Match("en", where, params, walk=walk)


# a piece found in more vocabulary words than this is common: walk all English terms in rank order instead
WORD_MERGE_CAP = 32


def _english_fragment(key: str) -> _Match:
    """An English term containing the query anywhere. Whole words inside it (between its first and last
    piece) are walked through en_words; a piece of a word is looked up in the vocabulary (en_vocab) and the
    terms of the words containing it merged in rank order; a very common piece walks all English terms."""
    where, params = "instr(t.norm, ?) > 0", (key,)
    tokens = key.split(" ")

    def walk(db):
        inner = tokens[1:-1]
        if inner:
            counts = dict(db.execute(
                f"SELECT word, n FROM en_vocab WHERE word IN ({','.join('?' * len(inner))})", inner).fetchall())
            if len(counts) < len(set(inner)):
                return iter(())
            return _word_rows(db, min(inner, key=lambda w: counts[w]), where, params)
        # one piece (inside a word) or two (the end of a word, the start of the next): the rarer decides
        if len(tokens) == 1:
            tests = [("instr(word, ?) > 0", (key,))]
        else:
            first, last = tokens
            tests = [("substr(word, -?) = ?", (len(first), first)), ("word >= ? AND word < ?", (last, last + _MAX_CHAR))]
        options = [db.execute(f"SELECT word, n FROM en_vocab WHERE n > 0 AND {test}", args).fetchall()
                   for test, args in tests]
        words = min(options, key=lambda rows: sum(n for _, n in rows))
        if len(words) > WORD_MERGE_CAP:
            return db.execute(f"SELECT t.concept_id, t.term, t.lang FROM terms t WHERE {_GROUP['en']} AND {where} "
                              f"ORDER BY {_RANK}", params)
        return heapq.merge(*(_word_rows(db, word, where, params) for word, _ in words), key=_rank_key)

    return _Match("en", where, params, walk=walk)


def _trigram_ids(condition: str = "") -> str:
    """Ids of terms containing a phrase (FTS5 trigrams: a substring of 3+ characters), optionally narrowed."""
    if not condition:
        return "SELECT rowid FROM term_trigrams WHERE term_trigrams MATCH ?"
    return ("SELECT f.rowid FROM term_trigrams f JOIN terms t ON t.id = f.rowid "
            f"WHERE term_trigrams MATCH ? AND {condition}")


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _containing(group: str, key: str, walk: tuple = (None, ())) -> _Match:
    if len(key) >= 3:
        return _Match(group, "instr(t.norm, ?) > 0", (key,), _trigram_ids(), (_phrase(key),), *walk)
    return _Match(group, "instr(t.norm, ?) > 0", (key,), None, (), *walk)


def _gram_walk(gram: str, condition: str = "", params: tuple = ()) -> tuple[str, tuple]:
    """Chinese terms with a 1-/2-character piece (schema.GRAM_START + piece: at the start), in rank order."""
    return (f"""SELECT g.concept_id, g.term, t.lang FROM term_grams g JOIN terms t ON t.id = g.term_id
                WHERE g.gram = ? AND {_NOT_A_TWIN} {'AND ' + condition if condition else ''}
                ORDER BY g.rank_len, g.term, g.concept_id""", (gram, *params))


def _chinese_prefix(key: str) -> _Match:
    walk = _gram_walk(GRAM_START + key[:2], "substr(t.norm, 1, ?) = ?" if len(key) > 2 else "",
                      (len(key), key) if len(key) > 2 else ())
    if len(key) <= 2:
        return _Match("zh", "1", (), walk=walk[0], walk_params=walk[1])
    return _starting("zh", "norm", key, walk)


def _chinese_fragment(key: str) -> _Match:
    walk = _gram_walk(key[:2], "instr(t.norm, ?) > 0" if len(key) > 2 else "", (key,) if len(key) > 2 else ())
    if len(key) <= 2:
        return _Match("zh", "1", (), walk=walk[0], walk_params=walk[1])
    return _containing("zh", key, walk)


def _ranked(db, match: _Match, limit: int) -> list:
    """(concept_id, term, lang) of the matching terms in rank order, enough to cover the `limit` best concepts."""
    in_group = _GROUP[match.group]
    if match.candidates is not None:
        ids = [r[0] for r in db.execute(f"{match.candidates} LIMIT {CANDIDATE_CAP + 1}", match.candidate_params)]
        if not ids:
            return []
        if len(ids) <= CANDIDATE_CAP:
            cursor = db.execute(
                # NOT INDEXED: fetch the few matches by rowid and sort them, never walk a rank index for them
                f"SELECT t.concept_id, t.term, t.lang FROM terms t NOT INDEXED WHERE t.id IN "
                f"({','.join('?' * len(ids))}) AND {in_group} AND {match.where} ORDER BY {_RANK}",
                [*ids, *match.params],
            )
            return _first_concepts(cursor, limit)
    if callable(match.walk):
        return _first_concepts(match.walk(db), limit)
    if match.walk is not None:
        return _first_concepts(db.execute(match.walk, match.walk_params), limit)
    cursor = db.execute(
        f"SELECT t.concept_id, t.term, t.lang FROM terms t WHERE {in_group} AND {match.where} ORDER BY {_RANK}",
        match.params,
    )
    return _first_concepts(cursor, limit)


def _first_concepts(cursor, limit: int) -> list:
    """Rows from a ranked cursor until `limit` distinct concepts have appeared (all rows of those kept)."""
    rows, concepts = [], set()
    for row in cursor:
        if row[0] not in concepts:
            if len(concepts) == limit:
                break
            concepts.add(row[0])
        rows.append(row)
    return rows


_ARTICLE = re.compile(r"^(?:a|an|the) (?=\S)")
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


def english_forms(query: str, key: str) -> list[tuple[str, float, float | None, float | None]]:
    """Other keys an English query stands for, each with its scores (whole rendering, prefix, whole words; None:
    not tried), a little below the key as typed (98, 65, 55): what was typed always ranks first."""
    forms: dict[str, tuple] = {}

    def form(other: str | None, *scores) -> None:
        if other and other != key and other not in forms:
            forms[other] = scores

    bases = [key]
    bare = _ARTICLE.sub("", key)
    if bare != key:  # "a labor dispute", "the collective contract": renderings are written without the article
        bases.append(bare)
        form(bare, 97, 64, 54)
    acronyms = english_key(_ACRONYM_PLURAL.sub(r"\1", query))  # SOEs → SOE (lower case, "soes" is no plural)
    form(acronyms, 97, 64, 54)
    for base in bases:
        singular = singular_key(base)
        form(singular, 97, 64, 54)  # "labor disputes": the singular rendering, as exact as the plural typed
        if singular == base:  # "migrant worker": the plural rendering ("migrant workers")
            form(plural_key(base), 97, None, 54)
    letters = key.split(" ")
    if len(letters) > 1 and all(len(w) == 1 for w in letters):  # A.C.F.T.U.: the initialism ACFTU
        form("".join(letters), 97, 64, None)
    # "labour dispute", "organisation": house style spells renderings one way, readers type either
    for other in [key, *forms]:
        for spelt in other_spellings(other):
            form(spelt, 96, 63, 53)
    return [(other, *scores) for other, scores in forms.items()]


def search(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[Hit]:
    """Ranked concepts for a query; raises QueryError for an unusable query."""
    query = clean_query(query)
    found: dict[int, Hit] = {}

    def add(match: _Match, how: str, score: float, wanted: int = limit):
        for concept_id, term, lang in _ranked(db, match, wanted):
            # shorter matched terms rank higher among equals: the query covers more of them
            adjusted = score - min(len(term), 40) / 100
            if concept_id not in found or found[concept_id].score < adjusted:
                found[concept_id] = Hit(concept_id, term, lang, how, adjusted)

    if has_cjk(query):
        key = chinese_key(query)
        add(_equal("zh", "norm", key), "exact", 100)
        add(_chinese_prefix(key), "prefix", 70)
        add(_chinese_fragment(key), "fragment", 50)
        if not found:  # a phrase pasted from a story (劳动合同法第三十九条): the glossary's terms inside it
            for hit in _terms_inside(db, key, limit):
                found[hit.concept_id] = hit
    else:
        keys = py.query_keys(query) or {}
        for column, key in keys.items():
            how = "initials" if column == "initials" else "pinyin"
            score = 95 if column != "initials" else 85
            add(_pinyin_equal(column, key), how, score)
        variant = py.umlaut_variant(keys["pinyin_key"]) if keys.get("pinyin_key") else None
        if variant:  # nuzhigong: 女职工 typed without its ü (and what starts with it: 女职工委员会)
            add(_pinyin_equal("pinyin_key", variant), "pinyin", 94)
            add(_prefix_by_length("zh", "pinyin_key", variant), "pinyin prefix", 59)
        if keys.get("pinyin_key") and len(keys["pinyin_key"]) >= 3:
            add(_prefix_by_length("zh", "pinyin_key", keys["pinyin_key"]), "pinyin prefix", 60)
        # the pinyin of a part of a term (hetong: 劳动合同), below what the term starts with: only as many
        # concepts as the page has room for beside the better matches (none when they fill it: gonghui)
        for inside, score in ((keys.get("pinyin_key"), 45), (variant, 44)):
            better = {concept_id for concept_id, hit in found.items() if hit.score > score}
            if inside and len(better) < limit:
                add(_pinyin_inside(inside, better), "pinyin inside", score, limit - len(better))
        key = english_key(query)
        if key:
            add(_equal("en", "norm", key), "english", 98)
            add(_prefix_by_length("en", "norm", key), "english prefix", 65)
            add(_english_words(key), "english words", 55)
            add(_english_fragment(key), "english fragment", 40)
            for form, exact, prefix, words in english_forms(query, key):
                add(_equal("en", "norm", form), "english", exact)
                if prefix:
                    add(_prefix_by_length("en", "norm", form), "english prefix", prefix)
                if words:
                    add(_english_words(form), "english words", words)
    return sorted(found.values(), key=lambda h: (-h.score, h.term, h.concept_id))[:limit]


INSIDE_MAX = 20  # the longest piece of a phrase looked up as a term (few Chinese terms are longer)
_IN_BATCH = 500  # pieces per query (SQLite allows 32,766 parameters; small batches keep each lookup short)


def _terms_inside(db, key: str, limit: int) -> list[Hit]:
    """Chinese terms found inside a phrase that is not itself a term, longest first: each piece of 2 to
    INSIDE_MAX characters looked up by its key (idx_terms_norm), a few hundred per query."""
    pieces = sorted({key[i:j] for i in range(len(key)) for j in range(i + 2, min(len(key), i + INSIDE_MAX) + 1)})
    best: dict[int, Hit] = {}
    for start in range(0, len(pieces), _IN_BATCH):
        batch = pieces[start:start + _IN_BATCH]
        for concept_id, term, lang in db.execute(
                f"SELECT t.concept_id, t.term, t.lang FROM terms t WHERE t.norm IN ({','.join('?' * len(batch))}) "
                f"AND {_GROUP['zh']}", batch):
            # a longer term inside the phrase says more of it: it ranks first
            hit = Hit(concept_id, term, lang, "in the query", 30 + min(len(term), 40) / 100)
            if concept_id not in best or best[concept_id].score < hit.score:
                best[concept_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.term, h.concept_id))[:limit]


def lookup(db: sqlite_utils.Database, query: str, limit: int = 10, examples: int = 3) -> list[dict]:
    """Full entries for a query, best first, each with how it matched and the matched term's status, and for
    a deprecated English rendering the one to use instead (`use`: the preferred rendering)."""
    entries = []
    for hit in search(db, query, limit):
        entry = get_entry(db, hit.concept_id, examples=examples)
        terms = entry["en_terms"] if hit.lang == "en" else entry["zh_terms"]
        status = next((t["status"] for t in terms if t["term"] == hit.term or t.get("hant") == hit.term), None)
        entry["matched"] = {"term": hit.term, "lang": hit.lang, "how": hit.how, "status": status}
        if status == "deprecated" and hit.lang == "en":  # an editor who typed "labour contract" learns what to write
            entry["matched"]["use"] = entry["en"]
        entries.append(entry)
    return entries


def suggest(db: sqlite_utils.Database, query: str, n: int = 5) -> list[str]:
    """Terms near a query that found nothing (similar characters, pinyin or English)."""
    query = clean_query(query)
    if has_cjk(query):
        key = chinese_key(query)
        # terms sharing a character or a pair with the query, the shortest few hundred of each (gram index)
        grams = list(dict.fromkeys([*key, *(key[i:i + 2] for i in range(len(key) - 1))]))
        pool = list(dict.fromkeys(
            term for gram in grams for (term,) in db.execute(
                f"""SELECT g.term FROM term_grams g JOIN terms t ON t.id = g.term_id
                    WHERE g.gram = ? AND t.lang = 'zh-Hans' ORDER BY g.rank_len, g.term LIMIT {SUGGEST_POOL}""",
                [gram],
            )
        ))
        # terms sharing most characters with the query first, then by string similarity
        shared = sorted(pool, key=lambda t: (-len(set(t) & set(key)), -difflib.SequenceMatcher(None, key, t).ratio()))
        return [t for t in shared if set(t) & set(key)][:n]
    keys = py.query_keys(query) or {}
    out = []
    if keys.get("pinyin_key"):
        by_key = dict(_similar_keys(db, "pinyin_key", "lang = 'zh-Hans'", keys["pinyin_key"], 0.7))
        out += [f"{by_key[k]} ({k})" for k in difflib.get_close_matches(keys["pinyin_key"], list(by_key), n=n, cutoff=0.7)]
    key = english_key(query)
    english = dict(_similar_keys(db, "norm", "lang = 'en'", key, 0.6))
    out += [english[k] for k in difflib.get_close_matches(key, list(english), n=n, cutoff=0.6)]
    return out[:n]


SUGGEST_POOL = 300  # candidates per character or pair of a missed Chinese query, and (×10) per other query


def _similar_keys(db, column: str, where: str, key: str, cutoff: float) -> list:
    """(key, term) rows that could be close to `key`: the same first letter (a misspelling rarely starts
    wrong), and a length for which difflib's ratio can reach the cutoff: a ratio is at most 2·min/(len1+len2),
    so lengths outside [L·c/(2−c), L·(2−c)/c] never qualify."""
    if not key:
        return []
    low, high = len(key) * cutoff / (2 - cutoff), len(key) * (2 - cutoff) / cutoff
    return db.execute(
        f"""SELECT {column}, term FROM terms WHERE {column} >= ? AND {column} < ? AND {where}
            AND length({column}) BETWEEN ? AND ? ORDER BY id LIMIT {SUGGEST_POOL * 10}""",
        [key[0], key[0] + _MAX_CHAR, low, high],
    ).fetchall()
