"""Accepting a rendering proposed from the bilingual documents (glossary/bitext) with one action: the
rendering is added to the concept (or to a candidate's new concept), citing the bilingual document as its
source — a source made from the document on first use, with the document's authority kind (an official
translation of a law is `law`). A Taiwan, Hong Kong or Macao document gives regional usage: the rendering is
admitted with a note saying so, never preferred for PRC copy (a new concept with only regional usage gets it
as preferred, noted for review). Journaled like any edit."""
from __future__ import annotations

import sqlite_utils

from glossary.bitext.documents import get_bitext
from glossary.curation import candidate_review, edits, sources
from glossary.store import concepts as store
from glossary.store.schema import GlossaryError

REGION_NAMES = {"TW": "Taiwan", "HK": "Hong Kong", "MO": "Macao"}


def source_for(db: sqlite_utils.Database, bitext_key: str, user: str) -> str:
    """The key of the source citing a bilingual document, added (journaled) on first use."""
    bitext = get_bitext(db, bitext_key)
    if not bitext:
        raise GlossaryError(f"no bilingual document {bitext_key!r}")
    key = f"bitext-{bitext['id']}"[:64]
    if key not in edits.known_sources(db):
        region = REGION_NAMES.get(bitext["region"])
        sources.save_source(db, key, {
            "title": f"{bitext['title']} (official translation{', ' + region + ' usage' if region else ''})",
            "url": bitext["url"], "authority": bitext["authority"]}, user, new=True)
    return key


def with_rendering(state: dict, english: str, source: str, region: str) -> dict:
    """The state with `english` added (or, if it is there already, citing `source` too)."""
    state = {**state, "en": [dict(t) for t in state.get("en") or []]}
    for term in state["en"]:
        if term["term"].lower() == english.lower():
            term["sources"] = list(dict.fromkeys([*(term.get("sources") or []), source]))
            return state
    has_preferred = any(t.get("status") == "preferred" for t in state["en"])
    note = f"{REGION_NAMES[region]} usage, from an official translation" if region in REGION_NAMES else None
    state["en"].append({"term": english, "status": "admitted" if has_preferred or note else "preferred",
                        "type": "fullForm", "sources": [source], **({"note": note} if note else {})})
    return state


def accept_for_concept(db: sqlite_utils.Database, slug: str, english: str, bitext_key: str, user: str,
                       expected_version: int | None = None) -> dict:
    english = " ".join((english or "").split())
    if not english:
        raise GlossaryError("no rendering to accept")
    bitext = get_bitext(db, bitext_key) or {}
    # two journaled writes: the source (once per document), then the edit; a failed edit leaves at most an
    # unused source behind, never a rendering without its source
    source = source_for(db, bitext_key, user)
    state = store.concept_state(db, edits.require_concept(db, slug))
    new = with_rendering(state, english, source, bitext.get("region", ""))
    return edits.save_concept(db, slug, new, expected_version, user,
                              summary=f"accepted “{english}” from {bitext.get('title', bitext_key)}")


def accept_for_candidate(db: sqlite_utils.Database, candidate_id: int, english: str, bitext_key: str,
                         user: str) -> dict:
    english = " ".join((english or "").split())
    if not english:
        raise GlossaryError("no rendering to accept")
    bitext = get_bitext(db, bitext_key) or {}
    source = source_for(db, bitext_key, user)
    candidate = candidate_review.get_candidate(db, candidate_id)
    draft = with_rendering(candidate_review.candidate_draft(db, candidate), english, source, bitext.get("region", ""))
    if not any(t["status"] == "preferred" for t in draft["en"]):  # regional usage only: the house has none yet
        draft["en"][0]["status"] = "preferred"
        draft["en"][0]["note"] = (draft["en"][0].get("note", "") + "; no PRC rendering yet: review").strip("; ")
    return candidate_review.approve_candidate(db, candidate_id, draft, user)
