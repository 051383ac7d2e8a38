"""Which terms a sentence is an example of: the longest match, as everywhere (郑州市总工会, not 总工会), and
inside an enumeration the glossary holds whole (劳模精神、劳动精神、工匠精神, or its unseparated variant), each
item that is a glossary term of its own (工匠精神). The sentence is an example of the enumeration, since it
holds all of it, and of each item at its place: the most specific concept there. Without this, the sentences
that name 工匠精神 inside the triad — most of them — were examples of the triad only, and a newly approved
工匠精神 lost the very examples the miner had found for it.

Used where examples are linked (the build, `corpus add`, relinking after an edit); checking a published
translation (bitext.review) keeps the plain longest match: the triad's English is one rendering.
"""
from __future__ import annotations

import re

import sqlite_utils

from glossary.lang.matcher import Match, Matcher

_SEPARATORS = re.compile(r"[、，,；;]")  # between the items of an enumeration written as one term
_MIN_ITEMS = 2  # items that are terms of other concepts: fewer is no enumeration of known concepts


class ExampleMatcher:
    """`find(text)`: the longest matches (as glossary.lang.matcher.Matcher.find, value = term id), then the
    items found inside each match of an enumeration's term, as matches of their own terms."""

    def __init__(self, rows: list[tuple[str, int, int]]):
        """rows: (Chinese term, term id, concept id) of every Chinese term."""
        self._matcher = Matcher((term, term_id) for term, term_id, _concept in rows)
        by_text: dict[str, list[tuple[int, int]]] = {}
        for term, term_id, concept in rows:
            by_text.setdefault(term, []).append((term_id, concept))
        items: dict[int, dict[str, list[int]]] = {}  # enumeration concept → item text → the item's term ids
        for term, _term_id, concept in rows:
            parts = [p.strip() for p in _SEPARATORS.split(term) if p.strip()]
            known = {p: [i for i, c in by_text.get(p, []) if c != concept] for p in parts}
            known = {p: ids for p, ids in known.items() if ids}
            if len(parts) >= 2 and len(known) >= _MIN_ITEMS:
                items.setdefault(concept, {}).update(known)
        # each item matcher also serves the concept's unseparated variant (劳模精神劳动精神工匠精神)
        self._item_matchers = {concept: Matcher((p, i) for p, ids in texts.items() for i in ids)
                               for concept, texts in items.items()}
        self._enumeration_of = {term_id: concept for _term, term_id, concept in rows if concept in self._item_matchers}

    def find(self, text: str) -> list[Match]:
        out = self._matcher.find(text)
        inside = []
        for m in out:
            concept = self._enumeration_of.get(m.value)
            if concept is None:
                continue
            for item in self._item_matchers[concept].find(text[m.start:m.end]):
                inside.append(Match(m.start + item.start, m.start + item.end, item.text, item.value))
        if not inside:
            return out
        return sorted(out + inside, key=lambda m: (m.start, -(m.end - m.start)))


def example_matcher(db: sqlite_utils.Database) -> ExampleMatcher:
    """The matcher for linking examples, over every Chinese term (simplified and traditional)."""
    return ExampleMatcher(db.execute(
        "SELECT term, id, concept_id FROM terms WHERE lang IN ('zh-Hans', 'zh-Hant')").fetchall())
