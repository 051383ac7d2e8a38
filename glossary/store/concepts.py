"""Reading and writing concepts in terms.db.

Concepts travel as plain dicts in the shape of data/concepts.yaml (see docs in that file's header):
`insert_concept` writes one with its derived fields (traditional forms, pinyin, search keys), and
`get_entry` reads one back with its sources, links and example sentences. The build, the TBX importer and
the curation pages all write through here, so every concept gets the same derived fields.
"""
from __future__ import annotations

import re
import unicodedata

import sqlite_utils

from glossary.lang import pinyin as py
from glossary.store import termcheck, urls
from glossary.store.curated import AUTHORITATIVE, HOUSE_SOURCE
from glossary.lang.text import to_simplified, to_traditional


def english_key(text: str) -> str:
    """Fold an English term for lookup: case, apostrophes, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"'s\b", "s", text).replace("'", "")
    return re.sub(r"[^\w]+", " ", text).strip()


def chinese_key(text: str) -> str:
    """Fold a Chinese term for lookup: simplified characters, no spaces or punctuation."""
    text = to_simplified(unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s·・.。,，、]", "", text)


def insert_sources(db: sqlite_utils.Database, sources: dict[str, dict]) -> None:
    rows = [
        {
            "id": key,
            "title": s["title"],
            "publisher": s.get("publisher"),
            "url": s.get("url"),
            "authority": s["authority"],
        }
        for key, s in sources.items()
    ]
    db["sources"].upsert_all(rows, pk="id")


def insert_concept(db: sqlite_utils.Database, concept: dict) -> int:
    """Insert one concept (curated-file shape) with its terms; return its row id. Links are added separately
    (`insert_links`), once every concept they point to exists."""
    concept_id = db["concepts"].insert(
        {
            "slug": concept["id"],
            "kind": concept["kind"],
            "subject": concept.get("subject"),
            "definition": concept.get("definition"),
            "note_zh": concept.get("note_zh"),
            "note": concept.get("note"),
            "version": concept.get("version", 1),
            "created": str(concept["created"]) if concept.get("created") else None,
            "modified": str(concept.get("modified") or concept["created"]) if concept.get("created") else None,
        }
    ).last_pk
    for position, term in enumerate(concept.get("zh") or []):
        insert_chinese_term(db, concept_id, term, position)
    for position, term in enumerate(concept.get("en") or []):
        term_id = db["terms"].insert(
            {
                "concept_id": concept_id,
                "lang": "en",
                "term": term["term"],
                "term_type": term.get("type", "fullForm"),
                "status": term["status"],
                "position": position,
                "note": term.get("note"),
                "norm": english_key(term["term"]),
            }
        ).last_pk
        db["term_sources"].insert_all(
            [{"term_id": term_id, "source_id": key} for key in dict.fromkeys(term.get("sources") or [HOUSE_SOURCE])]
        )
    return concept_id


def insert_chinese_term(db: sqlite_utils.Database, concept_id: int, term: dict, position: int) -> int:
    """A zh-Hans term with its pinyin, and its zh-Hant form (OpenCC, unless the entry gives `hant`)."""
    # every way a Chinese term comes in passes here: markup or another script is refused before any write
    text = termcheck.check_chinese_term(term["term"])
    if term.get("hant"):
        termcheck.check_chinese_term(term["hant"])
    if term.get("pinyin"):
        termcheck.check_reading(text, term["pinyin"])
    reading = py.reading(text, term.get("pinyin"))
    status = term.get("status", "preferred" if position == 0 else "admitted")
    common = {
        "concept_id": concept_id,
        "term_type": term.get("type", "fullForm"),
        "status": status,
        "position": position,
        "note": term.get("note"),
    }
    hans_id = db["terms"].insert(
        {
            **common,
            "lang": "zh-Hans",
            "term": text,
            "pinyin": reading.marks,
            "pinyin_numbers": reading.numbers,
            "pinyin_reviewed": 1 if term.get("pinyin") else 0,
            "norm": chinese_key(text),
            **py.search_keys(reading),
        }
    ).last_pk
    hant = term.get("hant") or to_traditional(text)
    db["terms"].insert({**common, "lang": "zh-Hant", "term": hant, "hans_id": hans_id, "norm": chinese_key(hant)})
    return hans_id


def insert_links(db: sqlite_utils.Database, concepts: list[dict]) -> None:
    ids = dict(db.execute("SELECT slug, id FROM concepts").fetchall())
    rows = []
    for concept in concepts:
        for target in sorted(concept.get("related") or []):  # links have no order; sorted keeps dumps stable
            rows.append({"concept_id": ids[concept["id"]], "target_id": ids[target], "type": "related"})
        if concept.get("broader"):
            rows.append({"concept_id": ids[concept["id"]], "target_id": ids[concept["broader"]], "type": "broader"})
    db["links"].insert_all(rows, ignore=True)


# --- reading --------------------------------------------------------------------------------------------

def concept_id_for(db: sqlite_utils.Database, slug_or_id: str | int) -> int | None:
    """A concept's row id from its slug or its numeric id."""
    row = db.execute(
        "SELECT id FROM concepts WHERE slug = ? OR id = ?", [str(slug_or_id), _as_int(slug_or_id)]
    ).fetchone()
    return row[0] if row else None


def slug_for(db: sqlite_utils.Database, concept_id: int | None) -> str | None:
    """A concept's slug from its row id (None if there is no such concept)."""
    row = db.execute("SELECT slug FROM concepts WHERE id = ?", [concept_id]).fetchone()
    return row[0] if row else None


SQLITE_MAX_INT = 2**63 - 1


def _as_int(value) -> int:
    """The value as a row id, -1 (no row) when it is not one: beyond 64 bits SQLite cannot even compare it."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if -SQLITE_MAX_INT <= number <= SQLITE_MAX_INT else -1


def _rows(db, sql, params=()) -> list[dict]:
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def get_entry(db: sqlite_utils.Database, concept_id: int, examples: int = 3) -> dict | None:
    """Everything known about one concept, as a JSON-ready dict."""
    concepts = _rows(db, "SELECT * FROM concepts WHERE id = ?", [concept_id])
    if not concepts:
        return None
    concept = concepts[0]
    terms = _rows(db, "SELECT * FROM terms WHERE concept_id = ? ORDER BY lang, position, id", [concept_id])
    sources_by_term: dict[int, list[dict]] = {}
    for row in _rows(
        db,
        """SELECT ts.term_id, s.id, s.title, s.publisher, s.url, s.authority
           FROM term_sources ts JOIN sources s ON s.id = ts.source_id JOIN terms t ON t.id = ts.term_id
           WHERE t.concept_id = ? ORDER BY ts.rowid""",
        [concept_id],
    ):
        sources_by_term.setdefault(row.pop("term_id"), []).append(row)

    hant_of = {t["hans_id"]: t["term"] for t in terms if t["lang"] == "zh-Hant"}
    zh_terms = [
        {
            "term": t["term"],
            "hant": hant_of.get(t["id"]),
            "type": t["term_type"],
            "status": t["status"],
            "pinyin": t["pinyin"],
            "pinyin_numbers": t["pinyin_numbers"],
            "pinyin_reviewed": bool(t["pinyin_reviewed"]),
            "heteronyms": py.heteronyms(t["term"]),  # characters whose reading needed a choice
            "note": t["note"],
        }
        for t in terms
        if t["lang"] == "zh-Hans"
    ]
    en_terms = [
        {
            "term": t["term"],
            "status": t["status"],
            "type": t["term_type"],
            "note": t["note"],
            "sources": sources_by_term.get(t["id"], []),
            "house_proposal": all(s["authority"] == "house" for s in sources_by_term.get(t["id"], [])),
            # cited, but only by reference works (a dictionary, a wiki, a repost): no authority gives it either
            "no_authority": all(s["authority"] not in AUTHORITATIVE for s in sources_by_term.get(t["id"], [])),
        }
        for t in terms
        if t["lang"] == "en"
    ]
    head = zh_terms[0]
    full_forms = [t["term"] for t in zh_terms if t["type"] == "fullForm"]
    preferred = next((t for t in en_terms if t["status"] == "preferred"), None)
    sources: dict[str, dict] = {}
    for t in en_terms:
        for s in t["sources"]:
            sources.setdefault(s["id"], {**s, "renderings": []})["renderings"].append(t["term"])
    return {
        "id": concept["id"],
        "slug": concept["slug"],
        "kind": concept["kind"],
        "subject": concept["subject"],
        "version": concept["version"],
        "created": concept["created"],
        "modified": concept["modified"],
        "zh": head["term"],
        "zh_hant": head["hant"],
        "pinyin": head["pinyin"],
        "pinyin_numbers": head["pinyin_numbers"],
        "en": preferred["term"] if preferred else None,
        "en_house_proposal": preferred["house_proposal"] if preferred else None,
        "en_no_authority": preferred["no_authority"] if preferred else None,
        "en_alternatives": [t["term"] for t in en_terms if t["status"] == "admitted"],
        "en_deprecated": [t["term"] for t in en_terms if t["status"] == "deprecated"],
        "full_form": full_forms[0] if full_forms else None,
        "abbreviations": [t["term"] for t in zh_terms if t["type"] in ("abbreviation", "acronym", "shortForm")],
        "zh_terms": zh_terms,
        "en_terms": en_terms,
        "sources": list(sources.values()),
        "definition": concept["definition"],
        "note_zh": concept["note_zh"],
        "note": concept["note"],
        "links": linked_concepts(db, concept_id),
        "example_count": count_examples(db, concept_id),
        "examples": get_examples(db, concept_id, limit=examples) if examples else [],
    }


# The editable fields of a concept (besides its terms and links).
CONCEPT_FIELDS = ("kind", "subject", "definition", "note_zh", "note")


def concept_state(db: sqlite_utils.Database, concept_id: int) -> dict:
    """A concept as editors edit it and the journal stores it: the curated-file shape plus its version."""
    concept = _rows(db, "SELECT * FROM concepts WHERE id = ?", [concept_id])[0]
    terms = _rows(db, "SELECT * FROM terms WHERE concept_id = ? ORDER BY position, id", [concept_id])
    hant_of = {t["hans_id"]: t["term"] for t in terms if t["lang"] == "zh-Hant"}
    sources: dict[int, list[str]] = {}
    for term_id, source_id in db.execute(
        "SELECT ts.term_id, ts.source_id FROM term_sources ts JOIN terms t ON t.id = ts.term_id "
        "WHERE t.concept_id = ? ORDER BY ts.rowid",
        [concept_id],
    ):
        sources.setdefault(term_id, []).append(source_id)
    links = _rows(
        db,
        "SELECT l.type, c.slug FROM links l JOIN concepts c ON c.id = l.target_id WHERE l.concept_id = ? ORDER BY c.slug",
        [concept_id],
    )
    broader = [link["slug"] for link in links if link["type"] == "broader"]
    return {
        "id": concept["slug"],
        **{field: concept[field] for field in CONCEPT_FIELDS},
        "zh": [
            {
                "term": t["term"],
                "hant": hant_of.get(t["id"]),
                "type": t["term_type"],
                "status": t["status"],
                "pinyin": t["pinyin"],
                "pinyin_reviewed": bool(t["pinyin_reviewed"]),
                "note": t["note"],
            }
            for t in terms
            if t["lang"] == "zh-Hans"
        ],
        "en": [
            {"term": t["term"], "status": t["status"], "type": t["term_type"], "note": t["note"], "sources": sources.get(t["id"], [])}
            for t in terms
            if t["lang"] == "en"
        ],
        "related": [link["slug"] for link in links if link["type"] == "related"],
        "broader": broader[0] if broader else None,
        "version": concept["version"],
        "created": concept["created"],
        "modified": concept["modified"],
    }


def all_concept_states(db: sqlite_utils.Database) -> list[dict]:
    """Every concept in the curated-file shape, in id order."""
    return [concept_state(db, cid) for (cid,) in db.execute("SELECT id FROM concepts ORDER BY id")]


def all_sources(db: sqlite_utils.Database) -> list[dict]:
    return _rows(db, "SELECT id, title, publisher, url, authority FROM sources ORDER BY rowid")


def source_of_page(db: sqlite_utils.Database, url: str | None, other_than: str | None = None) -> str | None:
    """The key of the source (other than other_than) whose URL is the same page as url (`urls.page_key`), if
    any: one key per page."""
    key = urls.page_key(url)
    if not key:
        return None
    row = db.execute("SELECT id FROM sources WHERE rtrim(url, '/') = ? AND id IS NOT ? ORDER BY id LIMIT 1",
                     [key, other_than]).fetchone()
    return row[0] if row else None


def linked_concepts(db, concept_id: int) -> list[dict]:
    """Related and broader/narrower concepts, each with its head term and preferred rendering. `outgoing` is
    true for links this concept makes itself (a related link made by the other concept shows too)."""
    rows = _rows(
        db,
        """SELECT l.type, c.slug, c.id, l.outgoing,
                  (SELECT term FROM terms WHERE concept_id = c.id AND lang = 'zh-Hans' ORDER BY position LIMIT 1) AS zh,
                  (SELECT term FROM terms WHERE concept_id = c.id AND lang = 'en' AND status = 'preferred') AS en
           FROM (SELECT target_id AS other, type, 1 AS outgoing FROM links WHERE concept_id = :id
                 UNION ALL SELECT concept_id, CASE type WHEN 'broader' THEN 'narrower' ELSE type END, 0
                       FROM links WHERE target_id = :id) l
           JOIN concepts c ON c.id = l.other ORDER BY l.type, c.slug, l.outgoing DESC""",
        {"id": concept_id},
    )
    seen, out = set(), []
    for row in rows:
        if (row["type"], row["id"]) not in seen:
            seen.add((row["type"], row["id"]))
            row["outgoing"] = bool(row["outgoing"])
            out.append(row)
    return out


def count_examples(db, concept_id: int) -> int:
    return db.execute(
        """SELECT count(DISTINCT e.sentence_id) FROM examples e JOIN terms t ON t.id = e.term_id
           WHERE t.concept_id = ?""",
        [concept_id],
    ).fetchone()[0]


def get_examples(db, concept_id: int, limit: int = 10, offset: int = 0) -> list[dict]:
    """Example sentences of a concept, newest document first (editors want today's usage), with the matched
    term's offsets in each and the document's source URL."""
    return _rows(
        db,
        """SELECT s.id AS sentence_id, s.text AS sentence, min(e.start) AS start, e."end" AS "end",
                  t.term AS term, d.id AS document, d.title AS document_title, d.date AS date, d.url AS url, s.position
           FROM examples e JOIN terms t ON t.id = e.term_id JOIN sentences s ON s.id = e.sentence_id
           JOIN documents d ON d.id = s.document_id
           WHERE t.concept_id = ? GROUP BY s.id ORDER BY d.date DESC, d.id, s.position LIMIT ? OFFSET ?""",
        [concept_id, limit, offset],
    )


def sentence_context(db, sentence_id: int) -> dict | None:
    """The sentences before and after one sentence in its document."""
    row = db.execute("SELECT document_id, position FROM sentences WHERE id = ?", [sentence_id]).fetchone()
    if not row:
        return None
    document_id, position = row
    around = dict(
        db.execute(
            "SELECT position, text FROM sentences WHERE document_id = ? AND position IN (?, ?)",
            [document_id, position - 1, position + 1],
        ).fetchall()
    )
    return {"before": around.get(position - 1), "after": around.get(position + 1)}
