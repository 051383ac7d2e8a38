"""Checking a published translation unit by unit: what was left untranslated, and glossary terms whose
approved renderings are missing from the English of their unit.

A unit is flagged when it has no English at all; when the file says its two sides differ (the note of an
aligned file's .meta.tsv, e.g. "paragraph count differs zh=2 en=1"); or when its English is much shorter than
the document's usual ratio of English to Chinese length (below RATIO_FLOOR of the median: a paragraph left
out). Glossary terms: each longest match of a glossary term in the Chinese whose concept has English
renderings, none of which (preferred or admitted, plurals allowed) is in the unit's English.
"""
from __future__ import annotations

import re
import statistics

import sqlite_utils

from glossary.bitext.documents import units_of
from glossary.store.corpus import term_matcher

RATIO_FLOOR = 0.7
MIN_HANZI = 20  # shorter units vary too much in ratio to judge
MIN_HANZI_FOR_MEDIAN = 8
_HANZI = re.compile(r"[\u3400-\u9fff]")


def review_bitext(db: sqlite_utils.Database, key: str) -> list[dict]:
    units = units_of(db, key)
    ratios = [len(u.en) / len(_HANZI.findall(u.zh)) for u in units
              if u.en and len(_HANZI.findall(u.zh)) >= MIN_HANZI_FOR_MEDIAN]
    median = statistics.median(ratios) if ratios else None
    matcher = term_matcher(db)
    concept_of = dict(db.execute("SELECT id, concept_id FROM terms WHERE lang IN ('zh-Hans', 'zh-Hant')"))
    renderings: dict[int, list[str]] = {}
    findings = []
    for position, u in enumerate(units):
        where = {"position": position, "label": u.label or f"unit {position + 1}"}
        if u.zh and not u.en:
            findings.append({**where, "kind": "untranslated", "detail": "no English for this unit"})
            continue
        if not u.zh:
            continue
        if "differ" in u.note.lower():
            findings.append({**where, "kind": "sides differ", "detail": u.note})
        hanzi = len(_HANZI.findall(u.zh))
        if median and hanzi >= MIN_HANZI and len(u.en) / hanzi < RATIO_FLOOR * median:
            findings.append({**where, "kind": "possibly incomplete",
                             "detail": f"English {len(u.en) / hanzi / median:.0%} of the document's usual length "
                                       "for this much Chinese"})
        english = u.en.lower()
        for m in matcher.find(u.zh):
            concept = concept_of[m.value]
            if concept not in renderings:
                renderings[concept] = [r[0].lower() for r in db.execute(
                    "SELECT term FROM terms WHERE concept_id = ? AND lang = 'en' AND status != 'deprecated'",
                    [concept])]
            wanted = renderings[concept]
            if wanted and not any(re.search(re.escape(w) + r"(?:s|es)?\b", english) for w in wanted):
                findings.append({**where, "kind": "rendering missing", "term": u.zh[m.start:m.end],
                                 "detail": f"{u.zh[m.start:m.end]}: none of {', '.join(wanted[:3])} in the English"})
    return findings
