"""Reviewing mined candidates: approving one as a new concept, merging one into a concept as a variant or
abbreviation, rejecting and reopening. Each is one transaction with the concept change and its journal row;
the concept is written by glossary.curation.edits.
"""
from __future__ import annotations

import sqlite_utils

from glossary.curation import journal
from glossary.curation.edits import (NotFound, clean_value, concept_holding, create_from_state, draft_concept,
                                     prescan, require_concept, save_state)
from glossary.curation.example_links import relink_examples
from glossary.curation.examples import keep_candidate_examples
from glossary.store import concepts as store
from glossary.store.schema import GlossaryError

MERGE_TYPES = ("variant", "abbreviation", "shortForm", "acronym")

# Reading the queue is glossary.mining.queue's; the status changes are written here, inside the same
# transaction as the concept change and its journal row (queue.set_status commits on its own).


def get_candidate(db: sqlite_utils.Database, candidate_id: int) -> dict:
    from glossary.mining import queue

    candidate = queue.get_candidate(db, int(candidate_id))
    if candidate is None:
        raise NotFound(f"no candidate {candidate_id}")
    return candidate


def _require_new(candidate: dict) -> None:
    if candidate["status"] != "new":
        where = f" (concept {candidate['concept_slug']})" if candidate.get("concept_slug") else ""
        raise GlossaryError(f"candidate {candidate['term']} is already {candidate['status']}{where}")


def _with_slug(db, candidate: dict) -> dict:
    if candidate.get("concept_id"):
        row = db.execute("SELECT slug FROM concepts WHERE id = ?", [candidate["concept_id"]]).fetchone()
        candidate["concept_slug"] = row[0] if row else None
    return candidate


def candidate_draft(db: sqlite_utils.Database, candidate: dict) -> dict:
    """A new concept's starting state for a candidate: its term (after its full form, when the miner linked
    it as an abbreviation of one not yet in the glossary), traditional forms and pinyin filled in, the kind
    mapped from the miner's."""
    from glossary.mining.queue import CONCEPT_KIND

    draft = draft_concept(candidate["term"], CONCEPT_KIND.get(candidate.get("kind"), "general"))
    if candidate.get("original") and candidate["original"] != candidate["term"]:
        draft["zh"][0]["hant"] = candidate["original"]
    full = next((f["term"] for f in candidate.get("full_forms") or []
                 if store.concept_id_for(db, f["term"]) is None and not concept_holding(db, f["term"])), None)
    if full:
        head = draft_concept(full)["zh"][0]
        draft["zh"][0].update(type="abbreviation", status="admitted")
        draft["zh"].insert(0, head)
    elif candidate.get("kind") == "abbreviation":
        draft["zh"][0]["type"] = "abbreviation"
    return draft


def _mark_candidates(db, concept_id: int, terms: list[str], status: str, note: str | None = None) -> list[int]:
    """Mark the new candidates whose term is one of `terms` as approved/merged into the concept."""
    marks = ",".join("?" * len(terms))
    ids = [row[0] for row in db.execute(f"SELECT id FROM candidates WHERE status = 'new' AND term IN ({marks})", terms)]
    for candidate_id in ids:
        db.execute("UPDATE candidates SET status = ?, concept_id = ?, merged_into = NULL, note = coalesce(?, note) WHERE id = ?",
                   [status, concept_id, note, candidate_id])
    return ids


def approve_candidate(db: sqlite_utils.Database, candidate_id: int, state: dict, user: str) -> dict:
    """Make a new concept of a candidate from the editor's (edited) draft; the candidate — and any other new
    candidate among the concept's Chinese terms — is marked approved. One transaction with its journal row."""
    found = prescan(db, state)
    with journal.transaction(db):
        candidate = _with_slug(db, get_candidate(db, candidate_id))
        _require_new(candidate)
        after = create_from_state(db, state, user, "approve", f"approved candidate {candidate['term']}", candidate_id=candidate["id"],
                        found=found)
        concept_id = store.concept_id_for(db, after["id"])
        # the candidate's example sentences come with it (they may come from documents outside corpus/)
        relink_examples(db, keep_candidate_examples(db, candidate.get("examples") or []), [])
        _mark_candidates(db, concept_id, [t["term"] for t in after["zh"]] + [candidate["term"]], "approved")
        db.execute("UPDATE candidates SET status = 'approved', concept_id = ? WHERE id = ?", [concept_id, candidate["id"]])
        return after


def merge_candidate(db: sqlite_utils.Database, candidate_id: int, slug: str, term_type: str, user: str,
                    expected_version: int | None = None) -> dict:
    """Add a candidate to an existing concept as a variant, abbreviation, short form or acronym (admitted);
    the candidate is marked merged into that concept."""
    if term_type not in MERGE_TYPES:
        raise GlossaryError(f"merge as one of {', '.join(MERGE_TYPES)}")
    seen = get_candidate(db, candidate_id)
    found = prescan(db, {"zh": [{"term": seen["term"], "hant": seen.get("original")}]})
    with journal.transaction(db):
        candidate = _with_slug(db, get_candidate(db, candidate_id))
        _require_new(candidate)
        concept_id = require_concept(db, slug)
        state = store.concept_state(db, concept_id)
        if any(t["term"] == candidate["term"] for t in state["zh"]):
            raise GlossaryError(f"{candidate['term']} is already a term of {state['id']}")
        hant = candidate["original"] if candidate.get("original") and candidate["original"] != candidate["term"] else None
        state["zh"].append({"term": candidate["term"], "hant": hant, "type": term_type, "status": "admitted"})
        after = save_state(db, concept_id, state, expected_version, user, "merge",
                      f"merged candidate {candidate['term']} as {term_type}", candidate_id=candidate["id"], found=found)
        relink_examples(db, keep_candidate_examples(db, candidate.get("examples") or []), [])
        note = f"{term_type} of {after['id']}"
        db.execute("UPDATE candidates SET status = 'merged', concept_id = ?, merged_into = NULL, note = ? WHERE id = ?",
                   [concept_id, note, candidate["id"]])
        return after


def reject_candidate(db: sqlite_utils.Database, candidate_id: int, user: str, note: str | None = None) -> None:
    """Reject a candidate: it leaves the queue and a later mining run keeps it rejected."""
    _set_candidate_status(db, candidate_id, user, "rejected", note, "reject")


def reject_candidates(db: sqlite_utils.Database, candidate_ids: list[int], user: str, note: str | None = None) -> list[str]:
    """Reject several candidates in one transaction (each journalled); none is rejected if one cannot be.
    Returns their terms."""
    terms = []
    with journal.transaction(db):
        for candidate_id in dict.fromkeys(candidate_ids):
            terms.append(_set_status(db, candidate_id, user, "rejected", note, "reject"))
    return terms


def reopen_candidate(db: sqlite_utils.Database, candidate_id: int, user: str) -> None:
    """Put a rejected candidate back in the queue."""
    _set_candidate_status(db, candidate_id, user, "new", None, "reopen")


def _set_candidate_status(db, candidate_id: int, user: str, status: str, note: str | None, action: str) -> str:
    with journal.transaction(db):
        return _set_status(db, candidate_id, user, status, note, action)


def _set_status(db, candidate_id: int, user: str, status: str, note: str | None, action: str) -> str:
    """Inside the caller's transaction."""
    candidate = get_candidate(db, candidate_id)
    allowed = "new" if status == "rejected" else "rejected"
    if candidate["status"] != allowed:
        raise GlossaryError(f"candidate {candidate['term']} is {candidate['status']}, not {allowed}")
    note = clean_value(note)
    db.execute("UPDATE candidates SET status = ?, note = coalesce(?, note) WHERE id = ?", [status, note, candidate["id"]])
    journal.record(
        db, user, action, candidate_id=candidate["id"],
        summary=f"{'rejected' if status == 'rejected' else 'reopened'} candidate {candidate['term']}" + (f": {note}" if note else ""),
        before={"candidate": candidate["term"], "status": candidate["status"]},
        after={"candidate": candidate["term"], "status": status, "note": note},
    )
    return candidate["term"]
