"""Reading the glossary for display: search results with their head terms, browsing by kind and A–Z by pinyin,
example sentences page by page with counts per document, where sources disagree, and highlighting.

The site and the JSON API call these; they hold no SQL of their own. Pages of results are plain dicts, ready
for a template or for JSON.
"""
from __future__ import annotations

import math
import string

import sqlite_utils

from glossary.search import lookup

# Kinds of concept (glossary.curated.KINDS) as the site names them: (English heading, Chinese heading).
KIND_LABELS = {
    "organisation": ("Organisations", "组织机构"),
    "position": ("Positions and titles", "职务"),
    "mechanism": ("Mechanisms and systems", "制度机制"),
    "legal-concept": ("Legal concepts", "法律概念"),
    "honour": ("Honours and awards", "荣誉称号"),
    "campaign": ("Campaigns", "专项活动"),
    "slogan": ("Slogans and numbered formulas", "口号提法"),
    "person-category": ("Groups of people", "人群"),
    "facility": ("Facilities", "设施"),
    "activity": ("Activities", "活动"),
    "publication": ("Publications", "出版物"),
    "place": ("Places", "地名"),
    "event": ("Events", "事件"),
    "person": ("People", "人物"),
    "general": ("General terms", "一般词汇"),
}
OTHER_LETTER = "#"  # head terms whose pinyin does not start with a letter (12351职工维权热线)
LETTERS = list(string.ascii_lowercase) + [OTHER_LETTER]
MAX_PER_PAGE = 100


class PageError(lookup.QueryError):
    """A page number, page size, kind or letter that does not exist."""


def kind_label(kind: str) -> tuple[str, str]:
    return KIND_LABELS.get(kind, (kind.replace("-", " ").capitalize(), ""))


# --- concepts in brief ----------------------------------------------------------------------------------

def summaries(db: sqlite_utils.Database, concept_ids: list[int]) -> dict[int, dict]:
    """Head term (simplified, traditional, pinyin) and preferred rendering of each concept, by id: a search
    answers with twenty of these, read from concept_summaries (schema migration 7), one row per concept kept
    current by triggers."""
    if not concept_ids:
        return {}
    return {
        cid: {"id": cid, "slug": slug, "kind": kind, "zh": zh, "zh_hant": zh_hant, "pinyin": pinyin, "en": en,
              "en_house_proposal": None if house is None else house == 1}
        for cid, slug, kind, zh, zh_hant, pinyin, en, house in db.execute(
            f"""SELECT concept_id, slug, kind, zh, zh_hant, pinyin, en, en_house_proposal FROM concept_summaries
                WHERE concept_id IN ({','.join('?' * len(concept_ids))})""",
            concept_ids,
        )
    }


def search_results(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[dict]:
    """Search hits with each concept's head term and preferred rendering (raises lookup.QueryError)."""
    hits = lookup.search(db, query, limit)
    brief = summaries(db, [h.concept_id for h in hits])
    deprecated = _deprecated(db, [(h.concept_id, h.term) for h in hits if h.lang == "en"])
    results = []
    for h in hits:
        matched = {"term": h.term, "lang": h.lang, "how": h.how}
        if (h.concept_id, h.term) in deprecated:  # "labour contract": say what to write
            matched["use"] = brief[h.concept_id]["en"]
        results.append({**brief[h.concept_id], "matched": matched, "score": round(h.score, 2)})
    return results


def _deprecated(db: sqlite_utils.Database, english: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (concept id, English term) pairs are deprecated renderings: one query for a page."""
    if not english:
        return set()
    rows = db.execute(f"""SELECT concept_id, term FROM terms WHERE lang = 'en' AND status = 'deprecated'
                          AND concept_id IN ({','.join('?' * len(english))})""", [cid for cid, _term in english])
    return set(rows) & set(english)


# --- paging ---------------------------------------------------------------------------------------------

def page_bounds(page: int, per_page: int, total: int) -> dict:
    """Validated page numbers: raises PageError for a page that cannot exist."""
    if per_page < 1 or per_page > MAX_PER_PAGE:
        raise PageError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    pages = max(1, math.ceil(total / per_page))
    if page < 1 or page > pages:
        raise PageError(f"page {page} does not exist (there {'is' if pages == 1 else 'are'} {pages})")
    return {"page": page, "per_page": per_page, "pages": pages, "total": total, "offset": (page - 1) * per_page}


def _page(db, count_sql: str, ids_sql: str, params: list, page: int, per_page: int) -> dict:
    total = db.execute(count_sql, params).fetchone()[0]
    bounds = page_bounds(page, per_page, total)
    ids = [r[0] for r in db.execute(ids_sql + " LIMIT ? OFFSET ?", [*params, per_page, bounds.pop("offset")])]
    brief = summaries(db, ids)
    return {**bounds, "concepts": [brief[i] for i in ids]}


# --- browsing -------------------------------------------------------------------------------------------

def kinds(db: sqlite_utils.Database) -> list[dict]:
    """Every kind that has concepts, with its count and headings, in the order of KIND_LABELS."""
    counts = dict(db.execute("SELECT kind, count(*) FROM concepts GROUP BY kind").fetchall())
    order = list(KIND_LABELS) + sorted(set(counts) - set(KIND_LABELS))
    return [{"kind": k, "count": counts[k], "label": kind_label(k)[0], "label_zh": kind_label(k)[1]}
            for k in order if k in counts]


_HEAD = "JOIN terms h ON h.concept_id = c.id AND h.lang = 'zh-Hans' AND h.position = 0"


def concepts_of_kind(db: sqlite_utils.Database, kind: str, page: int = 1, per_page: int = 50) -> dict:
    """One page of the concepts of a kind, A–Z by the pinyin of their head term."""
    if not db.execute("SELECT 1 FROM concepts WHERE kind = ? LIMIT 1", [kind]).fetchone():
        raise PageError(f"no concepts of kind {kind!r}")
    return _page(
        db,
        "SELECT count(*) FROM concepts WHERE kind = ?",
        f"SELECT c.id FROM concepts c {_HEAD} WHERE c.kind = ? ORDER BY h.pinyin_key, h.term, c.id",
        [kind], page, per_page,
    )


def _letter_range(letter: str) -> tuple[str, list]:
    if letter == OTHER_LETTER:
        return "(h.pinyin_key IS NULL OR h.pinyin_key < 'a' OR h.pinyin_key >= '{')", []
    if len(letter) != 1 or letter not in string.ascii_lowercase:
        raise PageError(f"{letter!r} is not a letter from a to z (or {OTHER_LETTER})")
    # a range on the indexed key, not LIKE (which cannot use the index)
    return "h.pinyin_key >= ? AND h.pinyin_key < ?", [letter, chr(ord(letter) + 1)]


def letters(db: sqlite_utils.Database) -> list[dict]:
    """A–Z: how many concepts' head terms start with each letter of pinyin (counted on terms_heads_by_pinyin)."""
    heads = "FROM terms h WHERE h.lang = 'zh-Hans' AND h.position = 0 AND "
    out = []
    for letter in LETTERS:
        where, params = _letter_range(letter)
        out.append({"letter": letter, "count": db.execute(f"SELECT count(*) {heads}{where}", params).fetchone()[0]})
    return out


def concepts_by_letter(db: sqlite_utils.Database, letter: str, page: int = 1, per_page: int = 50) -> dict:
    """One page of the concepts whose head term's pinyin starts with `letter`, A–Z."""
    where, params = _letter_range(letter.lower())
    return _page(
        db,
        f"SELECT count(*) FROM concepts c {_HEAD} WHERE {where}",
        f"SELECT c.id FROM concepts c {_HEAD} WHERE {where} ORDER BY h.pinyin_key, h.term, c.id",
        params, page, per_page,
    )


# --- examples -------------------------------------------------------------------------------------------

def example_counts(db: sqlite_utils.Database, concept_id: int) -> list[dict]:
    """How many example sentences of a concept each document has, in date order."""
    return [
        {"document": doc, "title": title, "date": date, "count": n}
        for doc, title, date, n in db.execute(
            """SELECT d.id, d.title, d.date, count(DISTINCT e.sentence_id)
               FROM terms t JOIN examples e ON e.term_id = t.id JOIN sentences s ON s.id = e.sentence_id
               JOIN documents d ON d.id = s.document_id
               WHERE t.concept_id = ? GROUP BY d.id ORDER BY d.date, d.id""",
            [concept_id],
        )
    ]


def examples_page(db: sqlite_utils.Database, concept_id: int, page: int = 1, per_page: int = 10,
                  document: str | None = None, context: bool = True, max_documents: int = 50) -> dict:
    """One page of a concept's example sentences in document order, each with the spans of the concept's
    terms in it, its document and date, and (context=True) the sentences before and after it; with the
    count per document (`by_document`: the `max_documents` documents with most examples, by count, then date;
    `documents`: how many documents have examples)."""
    counts = example_counts(db, concept_id)
    if document is not None and document not in {d["document"] for d in counts}:
        raise PageError(f"no examples of this concept in document {document!r}")
    total = sum(d["count"] for d in counts if document in (None, d["document"]))
    by_document = sorted(counts, key=lambda d: (-d["count"], d["date"] or "", d["document"]))[:max_documents]
    bounds = page_bounds(page, per_page, total)
    where_doc = "AND s.document_id = ?" if document is not None else ""
    rows = db.execute(
        f"""SELECT s.id, s.text, s.position, d.id, d.title, d.date, d.url
            FROM (SELECT DISTINCT e.sentence_id FROM terms t JOIN examples e ON e.term_id = t.id
                  WHERE t.concept_id = ?) x
            JOIN sentences s ON s.id = x.sentence_id JOIN documents d ON d.id = s.document_id
            WHERE 1 {where_doc} ORDER BY d.date DESC, d.id, s.position LIMIT ? OFFSET ?""",
        [concept_id, *([document] if document is not None else []), per_page, bounds.pop("offset")],
    ).fetchall()
    ids = [r[0] for r in rows]
    spans: dict[int, list] = {}
    if ids:
        for sentence_id, start, end in db.execute(
            f"""SELECT e.sentence_id, e.start, e."end" FROM terms t JOIN examples e ON e.term_id = t.id
                WHERE t.concept_id = ? AND e.sentence_id IN ({','.join('?' * len(ids))}) ORDER BY e.start""",
            [concept_id, *ids],
        ):
            spans.setdefault(sentence_id, []).append((start, end))
    around = _neighbours(db, [(doc, position) for _, _, position, doc, _, _, _ in rows]) if context else {}
    examples = []
    for sentence_id, text, position, doc, title, date, url in rows:
        example = {"sentence_id": sentence_id, "sentence": text, "spans": spans.get(sentence_id, []),
                   "document": doc, "document_title": title, "date": date, "url": url, "position": position}
        if context:
            example.update(before=around.get((doc, position - 1)), after=around.get((doc, position + 1)))
        examples.append(example)
    return {**bounds, "document": document, "documents": len(counts), "by_document": by_document,
            "examples": examples}


def _neighbours(db, places: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The sentences just before and after each (document, position), in one query (what
    store.sentence_context gives for one sentence)."""
    wanted = sorted({(doc, pos + step) for doc, pos in places for step in (-1, 1)})
    if not wanted:
        return {}
    values = ",".join("(?, ?)" for _ in wanted)
    return {(doc, pos): text for doc, pos, text in db.execute(
        f"""SELECT s.document_id, s.position, s.text FROM (VALUES {values}) AS v
            JOIN sentences s ON s.document_id = v.column1 AND s.position = v.column2""",
        [x for pair in wanted for x in pair],
    )}


def highlight(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_term) pieces at the given spans (overlaps merged, out-of-range ignored), so
    a template escapes every piece and marks the terms: markup is never built from unescaped text."""
    pieces, at = [], 0
    for start, end in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


# --- sources --------------------------------------------------------------------------------------------

def source_conflicts(entry: dict) -> list[dict]:
    """Where authorities (sources other than house proposals) cite different renderings of one concept: each
    such source with the renderings it gives and their status here. Empty when they agree."""
    cited = [s for s in entry["sources"] if s["authority"] != "house"]
    renderings = {r for s in cited for r in s["renderings"]}
    if len(renderings) < 2 or len(cited) < 2:
        return []
    status = {t["term"]: t["status"] for t in entry["en_terms"]}
    return [{**{k: s[k] for k in ("id", "title", "publisher", "url", "authority")},
             "renderings": [{"term": r, "status": status.get(r)} for r in s["renderings"]]} for s in cited]
