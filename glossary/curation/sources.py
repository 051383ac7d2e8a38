"""The sources renderings cite: the list with how often each is cited, and adding or changing one, journaled
like any edit. (What a concept's validation reads, `known_sources`, is glossary.curation.edits'.)
"""
from __future__ import annotations

import sqlite_utils

from glossary.curation import journal
from glossary.curation.edits import NotFound, clean_value, known_sources, rows_as_dicts
from glossary.store import concepts as store, curated
from glossary.store.schema import GlossaryError


def sources_with_usage(db: sqlite_utils.Database) -> list[dict]:
    """Every source with the number of renderings that cite it, by key."""
    return rows_as_dicts(db, """SELECT s.id, s.title, s.publisher, s.url, s.authority,
                               (SELECT count(*) FROM term_sources ts WHERE ts.source_id = s.id) AS cited
                        FROM sources s ORDER BY s.id""")


SOURCE_FIELDS = ("title", "publisher", "url", "authority")


def save_source(db: sqlite_utils.Database, key: str, source: dict, user: str, *, new: bool) -> dict:
    """Add a source (new=True) or change one; journaled like any edit. The `house` source stays a house
    proposal: turning it into an authority would present every house rendering as official."""
    key = (key or "").strip()
    cleaned = {field: clean_value(source.get(field)) for field in SOURCE_FIELDS}
    curated.check_source(key, cleaned)
    with journal.transaction(db):
        before = known_sources(db).get(key)
        if new and before is not None:
            raise GlossaryError(f"there is already a source {key!r}")
        if not new and before is None:
            raise NotFound(f"no source {key!r}")
        same_page = store.source_of_page(db, cleaned["url"], other_than=key)
        if same_page:  # one key per page (the curated files refuse two)
            raise GlossaryError(f"source {same_page!r} already has that URL: cite it")
        if key == curated.HOUSE_SOURCE and cleaned["authority"] != "house":
            raise GlossaryError("the house source marks house proposals; its authority stays 'house'")
        after = {"id": key, **cleaned}
        if before == after:
            return after
        db["sources"].upsert(after, pk="id")
        journal.record(db, user, "add-source" if new else "edit-source",
                       summary=f"{'added' if new else 'changed'} source {key}: {cleaned['title']}",
                       before=before, after=after)
    return after
