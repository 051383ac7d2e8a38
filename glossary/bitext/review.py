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


_LABEL_CHARS = 60


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def unit_label(u, position: int) -> str:
    """How a finding names its unit: its reference (Article 3); a heading by its text (Chapter III
    Members), in English where it has some; another unit without a reference by its number and first words."""
    if u.label:
        return u.label
    text = u.en.strip() or u.zh.strip()
    if u.kind == "heading" and text:
        return _shortened(text, _LABEL_CHARS)
    return f"unit {position + 1}" + (f" (“{_shortened(text, 30)}”)" if text else "")


def group_findings(findings: list[dict]) -> list[dict]:
    """The findings as a reader wants them: those about a unit one by one, in document order; then each
    missing rendering once per term, with how often and in which units (most frequent first)."""
    units = [f for f in findings if f["kind"] != "rendering missing"]
    terms: dict[tuple[str, str], dict] = {}
    for f in findings:
        if f["kind"] == "rendering missing":
            group = terms.setdefault((f["term"], f["detail"]), {
                "kind": "rendering missing", "term": f["term"], "detail": f["detail"], "count": 0,
                "position": f["position"], "units": {}})
            group["count"] += 1
            group["units"][f["label"]] = group["units"].get(f["label"], 0) + 1
    grouped = sorted(terms.values(), key=lambda g: (-g["count"], g["position"]))
    for g in grouped:
        g["units"] = [{"label": label, "count": n} for label, n in g["units"].items()]
    return units + grouped


_UNITS_SHOWN = 8


def finding_lines(findings: list[dict]) -> list[str]:
    """group_findings' findings as lines of text."""
    out = []
    for f in group_findings(findings):
        if f["kind"] != "rendering missing":
            out.append(f"{f['label']}: {f['kind']}: {f['detail']}")
            continue
        shown = [u["label"] + (f" ({u['count']})" if u["count"] > 1 else "") for u in f["units"][:_UNITS_SHOWN]]
        more = len(f["units"]) - len(shown)
        where = ", ".join(shown) + (f" and {more} more units" if more else "")
        times = f"{f['count']} times" if f["count"] > 1 else "once"
        why = f["detail"].removeprefix(f"{f['term']}: ")
        out.append(f"{f['term']}: rendering missing {times} ({why}), in {where}")
    return out


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
        where = {"position": position, "label": unit_label(u, position)}
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
