"""Reading views: the glossary as an editor reads it, for whoever opens terms.db in the sqlite3 shell or Datasette
(`datasette terms.db -m datasette-metadata.yaml`), where ~40 tables of search indexes and queues hide the few
that hold the glossary. Plain SQL views over concepts, terms, term_sources and sources: always current, no
storage. The program never reads them; they are for people.

- glossary_view: one row per concept — head term, pinyin, traditional form, preferred English, the strongest
  kind of authority behind it with that source's title and URL, subject, kind, definition.
- renderings_view: one row per English rendering — the concept's head term, the rendering, its status and
  type, its sources' titles and URLs.
- terms_zh_en: one row per Chinese term (simplified and traditional; a traditional one with its simplified
  twin's pinyin) with its concept's preferred English.

Created by a numbered migration (glossary/store/schema.py). To change a view, add a migration that calls
`create_views` again (it drops and recreates them all): a database already past this one must get it too.
"""
from __future__ import annotations

import sqlite_utils

# Kinds of source, strongest first: the five authorities (glossary.store.curated.AUTHORITATIVE, in its order),
# then reference works, then house proposals. tests/test_views.py checks the two lists agree.
AUTHORITY_ORDER = ("law", "union", "media", "government", "international", "reference", "house")

_STRENGTH = "CASE {col} " + " ".join(f"WHEN '{kind}' THEN {i}" for i, kind in enumerate(AUTHORITY_ORDER)) + " ELSE 99 END"

# A concept's head term: its first zh-Hans term by position; its rendering: its first preferred English term.
_HEAD = "(SELECT id FROM terms WHERE concept_id = {c} AND lang = 'zh-Hans' ORDER BY position, id LIMIT 1)"
_PREFERRED = ("(SELECT id FROM terms WHERE concept_id = {c} AND lang = 'en' AND status = 'preferred' "
              "ORDER BY position, id LIMIT 1)")
# The strongest source an English term cites (ties: by source id)
_STRONGEST = ("(SELECT ts.source_id FROM term_sources ts JOIN sources s2 ON s2.id = ts.source_id "
              "WHERE ts.term_id = {t} ORDER BY " + _STRENGTH.format(col="s2.authority") + ", ts.source_id LIMIT 1)")

VIEWS = {
    "glossary_view": f"""
        SELECT c.id AS concept_id, c.slug, h.term AS zh, h.pinyin,
            (SELECT twin.term FROM terms twin WHERE twin.hans_id = h.id AND twin.lang = 'zh-Hant'
             ORDER BY twin.position, twin.id LIMIT 1) AS zh_hant,
            e.term AS en, s.authority, s.title AS source_title, s.url AS source_url,
            c.subject, c.kind, c.definition
        FROM concepts c
        LEFT JOIN terms h ON h.id = {_HEAD.format(c="c.id")}
        LEFT JOIN terms e ON e.id = {_PREFERRED.format(c="c.id")}
        LEFT JOIN sources s ON s.id = {_STRONGEST.format(t="e.id")}""",
    "renderings_view": f"""
        SELECT t.id AS term_id, c.id AS concept_id, c.slug, h.term AS zh, t.term AS en, t.status, t.term_type,
            t.position, t.note,
            (SELECT s.authority FROM sources s WHERE s.id = {_STRONGEST.format(t="t.id")}) AS authority,
            (SELECT group_concat(title, ' | ') FROM (SELECT s.title FROM term_sources ts
                JOIN sources s ON s.id = ts.source_id WHERE ts.term_id = t.id
                ORDER BY {_STRENGTH.format(col="s.authority")}, s.id)) AS source_titles,
            (SELECT group_concat(url, ' | ') FROM (SELECT s.url FROM term_sources ts
                JOIN sources s ON s.id = ts.source_id WHERE ts.term_id = t.id AND coalesce(s.url, '') != ''
                ORDER BY {_STRENGTH.format(col="s.authority")}, s.id)) AS source_urls
        FROM terms t
        JOIN concepts c ON c.id = t.concept_id
        LEFT JOIN terms h ON h.id = {_HEAD.format(c="c.id")}
        WHERE t.lang = 'en'""",
    "terms_zh_en": f"""
        SELECT t.id AS term_id, t.term AS zh, t.lang,
            coalesce(t.pinyin, (SELECT hans.pinyin FROM terms hans WHERE hans.id = t.hans_id)) AS pinyin, t.term_type, t.status, e.term AS en,
            c.id AS concept_id, c.slug
        FROM terms t
        JOIN concepts c ON c.id = t.concept_id
        LEFT JOIN terms e ON e.id = {_PREFERRED.format(c="c.id")}
        WHERE t.lang IN ('zh-Hans', 'zh-Hant')""",
}


def create_views(db: sqlite_utils.Database) -> None:
    """(Re)create every reading view. Idempotent: a view is dropped first, so its latest definition wins."""
    for name, select in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {select.strip()}")
