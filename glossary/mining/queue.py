"""The review queue: mined candidates kept in a glossary database, for an editor to approve or reject.

Library functions for the curation pages (and anyone else), all on an open `sqlite_utils.Database` whose
schema has the mining tables (migration 2, glossary/schema.py):

- `save_run(db, result, paths, settings)` — write one mining run in one transaction;
- `list_candidates(db, status="new", kind=None, search=None, known=None, limit=50, offset=0)` — best first;
- `count_candidates(db, …)` — how many `list_candidates` would page through;
- `get_candidate(db, id_or_term)` — one candidate with its examples and abbreviation links;
- `set_status(db, candidate_id, status, merged_into=None, note=None)` — new / rejected / merged (approval
  goes through `approve`, which makes the concept);
- `approve(db, candidate_id, kind=None, subject=None, full_form=True)` — turn a candidate into a concept
  (with its full form, when it is a linked abbreviation) and mark it approved;
- `known_terms(db)` — Chinese glossary terms → concept id, for marking candidates as known.

A status chosen by a person is never overwritten by a later run: a rejected candidate stays rejected (its
counts are refreshed), an approved one stays approved.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Iterable

import sqlite_utils

from glossary.store.schema import GlossaryError
from glossary.mining.pipeline import MiningResult

STATUSES = ("new", "approved", "rejected", "merged")
EXAMPLES_KEPT = 5  # example sentences kept per candidate
SCORE_KEYS = ("cvalue", "independent", "cohesion", "h_left", "h_right", "key_mean", "key_min", "anchor", "quoted")
# candidate kind → concept kind of the curated glossary (glossary/curated.py KINDS)
CONCEPT_KIND = {"organisation": "organisation", "slogan": "slogan", "person": "person", "place": "place"}


def require_tables(db: sqlite_utils.Database) -> None:
    if not db["candidates"].exists():
        raise GlossaryError("this database has no mining tables (schema older than migration 2): rebuild it "
                            "with `glossary build`, or mine into a new file with --db NEW.db")


def known_terms(db: sqlite_utils.Database) -> dict[str, int]:
    """Every Chinese term of the glossary (its simplified lookup key) → concept id."""
    rows = db.execute("SELECT norm, concept_id FROM terms WHERE lang IN ('zh-Hans', 'zh-Hant') AND norm IS NOT NULL")
    return {norm: concept_id for norm, concept_id in rows}


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def save_run(db: sqlite_utils.Database, result: MiningResult, paths: Iterable[str], settings: dict,
             limit: int | None = None) -> int:
    """Write the run and its best `limit` candidates (all when None) into the queue, in one transaction:
    either all of it is written or, on any error, none. Returns the run id."""
    require_tables(db)
    started = _now()
    chosen = result.candidates if limit is None else result.candidates[:limit]
    # Plain sqlite3 calls only inside the transaction: sqlite-utils wraps each of its calls in a savepoint
    # of its own, which commits when no transaction is open.
    with db.conn:
        run_id = _insert(db, "mining_runs", {
            "started": started,
            "paths": json.dumps([str(p) for p in paths], ensure_ascii=False),
            "documents": result.documents,
            "characters": result.characters,
            "settings": json.dumps(settings, ensure_ascii=False, sort_keys=True),
            "problems": json.dumps(result.problems, ensure_ascii=False),
        })
        ids: dict[str, int] = {}
        for rank, c in enumerate(chosen, 1):
            ids[c.term] = _upsert_candidate(db, c, rank, run_id)
        for short, full, own in result.links:
            if short in ids and full in ids:
                db.conn.execute(
                    "INSERT INTO candidate_links (short_id, full_id, type, evidence, run_id) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (short_id, full_id) DO UPDATE SET evidence = excluded.evidence, run_id = excluded.run_id",
                    [ids[short], ids[full], "abbreviation", own, run_id],
                )
        _update(db, "mining_runs", run_id, {"finished": _now(), "candidates": len(ids)})
    return run_id


def _insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    columns = ", ".join(f'"{k}"' for k in row)
    cursor = db.conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})', list(row.values()))
    return cursor.lastrowid


def _update(db: sqlite_utils.Database, table: str, row_id: int, fields: dict) -> None:
    assignments = ", ".join(f'"{k}" = ?' for k in fields)
    db.conn.execute(f'UPDATE "{table}" SET {assignments} WHERE id = ?', list(fields.values()) + [row_id])


def _upsert_candidate(db: sqlite_utils.Database, c, rank: int, run_id: int) -> int:
    scores = {k: round(float(c.features.get(k, 0.0)), 4) for k in SCORE_KEYS}
    fields = {
        "original": c.original,
        "frequency": c.frequency,
        "doc_frequency": c.doc_frequency,
        "score": c.score,
        "rank": rank,
        "scores": json.dumps(scores, sort_keys=True),
        "known_concept_id": c.known,
        "last_run": run_id,
    }
    row = db.conn.execute("SELECT id, status FROM candidates WHERE term = ?", [c.term]).fetchone()
    if row is None:
        candidate_id = _insert(db, "candidates",
                               {"term": c.term, "kind": c.kind, "status": "new", "first_run": run_id, **fields})
    else:
        candidate_id, status = row
        if status == "new":
            fields["kind"] = c.kind  # a person may have corrected the kind of a reviewed candidate: keep it
        _update(db, "candidates", candidate_id, fields)
    have = db.conn.execute("SELECT count(*) FROM candidate_examples WHERE candidate_id = ?", [candidate_id]).fetchone()[0]
    for example in c.examples[: max(0, EXAMPLES_KEPT - have)]:
        db.conn.execute(
            "INSERT OR IGNORE INTO candidate_examples (candidate_id, run_id, document, sentence, start, end) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [candidate_id, run_id, example["document"], example["sentence"], example["start"], example["end"]],
        )
    return candidate_id


def _filters(status, kind, search, known) -> tuple[str, list]:
    where, params = [], []
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        for s in statuses:
            if s not in STATUSES:
                raise GlossaryError(f"unknown status {s!r}: one of {', '.join(STATUSES)}")
        where.append(f"status IN ({', '.join('?' * len(statuses))})")
        params += statuses
    if kind:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        where.append(f"kind IN ({', '.join('?' * len(kinds))})")
        params += kinds
    if search:
        where.append("(term LIKE ? ESCAPE '\\' OR original LIKE ? ESCAPE '\\')")
        pattern = "%" + re.sub(r"([%_\\])", r"\\\1", search) + "%"
        params += [pattern, pattern]
    if known is True:
        where.append("known_concept_id IS NOT NULL")
    elif known is False:
        where.append("known_concept_id IS NULL")
    return (" WHERE " + " AND ".join(where)) if where else "", params


def list_candidates(db: sqlite_utils.Database, status: str | Iterable[str] | None = "new", kind=None,
                    search: str | None = None, known: bool | None = None, limit: int = 50,
                    offset: int = 0) -> list[dict]:
    """Candidates best first (score, then frequency), filtered by status (one or several; None: all),
    kind (one or several), a substring of the term, and whether the glossary already has the term.
    Each row is a dict of the candidates table with `scores` decoded."""
    require_tables(db)
    where, params = _filters(status, kind, search, known)
    rows = db.execute(
        f"SELECT * FROM candidates{where} ORDER BY score DESC, frequency DESC, id LIMIT ? OFFSET ?",
        params + [limit, offset],
    )
    columns = [d[0] for d in rows.description]
    return [_decode(dict(zip(columns, row))) for row in rows.fetchall()]


def count_candidates(db: sqlite_utils.Database, status="new", kind=None, search=None, known=None) -> int:
    require_tables(db)
    where, params = _filters(status, kind, search, known)
    return db.execute(f"SELECT count(*) FROM candidates{where}", params).fetchone()[0]


def _decode(row: dict) -> dict:
    row["scores"] = json.loads(row["scores"]) if row.get("scores") else {}
    return row


def get_candidate(db: sqlite_utils.Database, key: int | str) -> dict | None:
    """One candidate by id or term, with `examples` (document, sentence, start, end: the term's offsets in
    the sentence), `full_forms` and `short_forms` (linked candidates: id, term, evidence). None if absent."""
    require_tables(db)
    column = "id" if isinstance(key, int) else "term"
    rows = db.execute(f"SELECT * FROM candidates WHERE {column} = ?", [key])
    columns = [d[0] for d in rows.description]
    row = rows.fetchone()
    if row is None:
        return None
    c = _decode(dict(zip(columns, row)))
    c["examples"] = [
        {"document": d, "sentence": s, "start": a, "end": b}
        for d, s, a, b in db.execute(
            "SELECT document, sentence, start, end FROM candidate_examples WHERE candidate_id = ? ORDER BY id", [c["id"]]
        )
    ]
    c["full_forms"] = [
        {"id": i, "term": t, "evidence": e}
        for i, t, e in db.execute(
            "SELECT c.id, c.term, l.evidence FROM candidate_links l JOIN candidates c ON c.id = l.full_id "
            "WHERE l.short_id = ? ORDER BY l.evidence DESC", [c["id"]]
        )
    ]
    c["short_forms"] = [
        {"id": i, "term": t, "evidence": e}
        for i, t, e in db.execute(
            "SELECT c.id, c.term, l.evidence FROM candidate_links l JOIN candidates c ON c.id = l.short_id "
            "WHERE l.full_id = ? ORDER BY l.evidence DESC", [c["id"]]
        )
    ]
    return c


def set_status(db: sqlite_utils.Database, candidate_id: int, status: str, merged_into: int | None = None,
               note: str | None = None) -> None:
    """Mark a candidate new, rejected or merged (into another candidate). Approving makes a concept: use
    `approve`. Raises GlossaryError for an unknown candidate or status."""
    require_tables(db)
    if status not in STATUSES:
        raise GlossaryError(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
    if status == "approved":
        raise GlossaryError("approving a candidate makes a concept: use approve()")
    if status == "merged" and (merged_into is None or merged_into == candidate_id):
        raise GlossaryError("a merged candidate needs another candidate to be merged into")
    with db.conn:
        if not db.conn.execute("SELECT 1 FROM candidates WHERE id = ?", [candidate_id]).fetchone():
            raise GlossaryError(f"no candidate {candidate_id}")
        if merged_into is not None and not db.conn.execute("SELECT 1 FROM candidates WHERE id = ?", [merged_into]).fetchone():
            raise GlossaryError(f"no candidate {merged_into} to merge into")
        fields: dict[str, Any] = {"status": status, "merged_into": merged_into if status == "merged" else None}
        if note is not None:
            fields["note"] = note
        _update(db, "candidates", candidate_id, fields)


def approve(db: sqlite_utils.Database, candidate_id: int, kind: str | None = None, subject: str | None = None,
            full_form: bool = True) -> int:
    """Make an approved candidate a concept (its Chinese term; for a linked abbreviation, its full form first
    and the abbreviation after it) and mark it approved; returns the concept id. The concept has no English
    yet: renderings are added in curation, with their sources."""
    from glossary.store import concepts as store
    from glossary.lang.pinyin import reading

    c = get_candidate(db, candidate_id)
    if c is None:
        raise GlossaryError(f"no candidate {candidate_id}")
    if c["status"] == "approved" and c["concept_id"]:
        return c["concept_id"]
    zh = [{"term": c["term"]}]
    if full_form and c["full_forms"]:
        zh = [{"term": c["full_forms"][0]["term"], "type": "fullForm"}, {"term": c["term"], "type": "abbreviation"}]
    base = re.sub(r"[^a-z0-9]+", "-", reading(zh[0]["term"]).plain.lower()).strip("-") or "term"
    if not base[0].isalpha():
        base = "t-" + base
    slug, n = base, 1
    while db.execute("SELECT 1 FROM concepts WHERE slug = ?", [slug]).fetchone():
        n += 1
        slug = f"{base}-{n}"
    today = datetime.now(timezone.utc).date().isoformat()
    # store.insert_concept writes through sqlite-utils, which commits as it goes; the candidate is marked
    # only once the concept exists, so a failure leaves at worst a concept without an approved candidate.
    concept_id = store.insert_concept(
        db, {"id": slug, "kind": kind or CONCEPT_KIND.get(c["kind"], "general"), "subject": subject,
             "zh": zh, "en": [], "created": today}
    )
    with db.conn:
        _update(db, "candidates", candidate_id, {"status": "approved", "concept_id": concept_id})
    return concept_id
