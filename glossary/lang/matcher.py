"""Find many known terms in a text at once, longest match first (郑州市总工会 before 总工会 before 工会).

An Aho-Corasick automaton (pyahocorasick) finds every occurrence of every pattern in one pass; of matches
that overlap, the one starting first wins, and of those starting together, the longest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import ahocorasick


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    value: Any  # whatever was registered for the pattern


class Matcher:
    def __init__(self, patterns: Iterable[tuple[str, Any]]):
        """patterns: (text, value) pairs; a text given twice keeps a list of its values."""
        values: dict[str, list] = {}
        for text, value in patterns:
            if text:
                values.setdefault(text, []).append(value)
        self._automaton = ahocorasick.Automaton()
        for text, vals in values.items():
            self._automaton.add_word(text, (text, vals))
        self.size = len(values)
        if values:
            self._automaton.make_automaton()

    def find_all(self, text: str) -> list[Match]:
        """Every occurrence, overlapping ones included."""
        if not self.size:
            return []
        out = []
        for end, (pattern, vals) in self._automaton.iter(text):
            start = end - len(pattern) + 1
            for value in vals:
                out.append(Match(start, end + 1, pattern, value))
        return out

    def find(self, text: str) -> list[Match]:
        """Non-overlapping occurrences, leftmost-longest; a pattern with several values yields one Match each."""
        candidates = sorted(self.find_all(text), key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match] = []
        taken_until = -1
        chosen: tuple[int, int] | None = None
        for match in candidates:
            if (match.start, match.end) == chosen:
                out.append(match)  # same span, another value
            elif match.start >= taken_until:
                out.append(match)
                chosen = (match.start, match.end)
                taken_until = match.end
        return out
