"""What a glossary holds: the content report of `glossary info` (concepts by kind, renderings by the kind of
their sources, the authority share, what concepts still lack). The figures the glossary is judged by."""
from __future__ import annotations

import sqlite_utils

from glossary.store.curated import AUTHORITATIVE

_AUTHORITATIVE_SQL = ", ".join(f"'{kind}'" for kind in AUTHORITATIVE)


def content_report(db: sqlite_utils.Database) -> dict:
    """Counts over the whole glossary. A rendering is 'authority-sourced' when at least one of its sources
    is of an authoritative kind (law, union, media, government, international); the authority share is the
    share of concepts whose preferred English rendering is."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    concepts = one("SELECT count(*) FROM concepts")
    by_kind = dict(db.execute("SELECT kind, count(*) FROM concepts GROUP BY kind ORDER BY count(*) DESC, kind"))
    by_subject = dict(db.execute(
        "SELECT coalesce(subject, ''), count(*) FROM concepts GROUP BY subject ORDER BY count(*) DESC, subject"))
    # each English rendering counted once, under the strongest kind of source it cites
    rank = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate([*AUTHORITATIVE, "reference", "house"]))
    renderings_by_source_kind = dict(db.execute(f"""
        SELECT kind, count(*) FROM (
            SELECT t.id, (SELECT s.authority FROM term_sources ts JOIN sources s ON s.id = ts.source_id
                          WHERE ts.term_id = t.id ORDER BY CASE s.authority {rank} ELSE 99 END LIMIT 1) AS kind
            FROM terms t WHERE t.lang = 'en')
        GROUP BY kind ORDER BY count(*) DESC, kind"""))
    sourced_preferred = one(f"""
        SELECT count(DISTINCT t.concept_id) FROM terms t JOIN term_sources ts ON ts.term_id = t.id
        JOIN sources s ON s.id = ts.source_id
        WHERE t.lang = 'en' AND t.status = 'preferred' AND s.authority IN ({_AUTHORITATIVE_SQL})""")
    with_english = one("SELECT count(DISTINCT concept_id) FROM terms WHERE lang = 'en'")
    return {
        "concepts": concepts,
        "concepts_by_kind": by_kind,
        "concepts_by_subject": by_subject,
        "chinese_terms": one("SELECT count(*) FROM terms WHERE lang = 'zh-Hans'"),
        "english_renderings": one("SELECT count(*) FROM terms WHERE lang = 'en'"),
        "renderings_by_source_kind": renderings_by_source_kind,
        "sources_by_kind": dict(db.execute(
            "SELECT authority, count(*) FROM sources GROUP BY authority ORDER BY count(*) DESC, authority")),
        "concepts_with_authority_preferred": sourced_preferred,
        "authority_share": round(sourced_preferred / concepts, 4) if concepts else 0.0,
        "authority_kinds": list(AUTHORITATIVE),
        "concepts_without_english": concepts - with_english,
        "concepts_without_definition": one(
            "SELECT count(*) FROM concepts WHERE coalesce(trim(definition), '') = ''"),
        "concepts_without_example": one(
            "SELECT count(*) FROM concepts c WHERE NOT EXISTS (SELECT 1 FROM terms t JOIN examples e "
            "ON e.term_id = t.id WHERE t.concept_id = c.id)"),
        "documents": one("SELECT count(*) FROM documents"),
        "sentences": one("SELECT count(*) FROM sentences"),
    }
