"""Domain passages: does a candidate occur where the text is about the domain?

A day's news, a bulletin or a newsletter mixes items: a labour story beside the weather, the rail timetable
and a space launch. Their vocabulary is made of terms too (冷空气, 中欧班列), but not of the domain's. The
archive statistics (`background.Background`) know which strings lean to the domain's documents (劳动者,
工会, 仲裁, 社会保险); a *domain passage* is a paragraph dense in them, or any paragraph of a story (a
【YYYY-MM-DD】 item) or, failing stories, of a document that is dense in them as a whole. A candidate whose
occurrences are mostly outside domain passages loses up to WEIGHT of its score.

This needs the text of each occurrence, so it is measured in the detail pass (for the best candidates only)
and applied after it, as a re-ranking of those candidates; without archive statistics nothing changes.
"""
from __future__ import annotations

from itertools import groupby
from operator import itemgetter

import ahocorasick

from glossary.mining.background import Background, split_stories

MARKER_LEAN = 2.5  # log ratio of domain to general document frequency for a string to mark the domain
MARKER_MIN_DOMAIN_DF = 5  # least domain documents using a marker
DENSITY = 0.1  # share of a passage's characters covered by markers for it to be a domain passage
WEIGHT = 2.0  # score lost by a candidate never seen in a domain passage


def markers(bg: Background) -> ahocorasick.Automaton | None:
    """An automaton of the archive's domain markers (the value of each is its length), or None if none."""
    automaton = ahocorasick.Automaton()
    for term, length in bg.domain_markers(MARKER_LEAN, MARKER_MIN_DOMAIN_DF):
        automaton.add_word(term, length)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def density(text: str, automaton: ahocorasick.Automaton) -> float:
    """Share of text's characters inside domain markers (overlapping markers counted each)."""
    return sum(length for _end, length in automaton.iter(text)) / max(len(text), 1)


def domain_passages(paragraphs: list[tuple[int, str]], automaton: ahocorasick.Automaton) -> list[tuple[str, bool]]:
    """(text, is it a domain passage) of each paragraph, given (paragraph index, text) of a document's body
    sentences in order. A paragraph is domain when it is dense in markers itself, or when its story (the
    paragraphs from one 【YYYY-MM-DD】 line to the next; the whole document when it has none) is."""
    units = [["".join(text for _index, text in paragraph) for _index, paragraph in groupby(story, key=itemgetter(0))]
             for story in split_stories(paragraphs, text=itemgetter(1))]  # stories, each a list of paragraph texts
    out = []
    for unit in units:
        whole = density("".join(unit), automaton) >= DENSITY
        out.extend((text, whole or density(text, automaton) >= DENSITY) for text in unit)
    return out


def rerank(ranked: list, weight: float = WEIGHT) -> list:
    """The candidates re-ranked by their share of occurrences in domain passages (features["domain_passages"],
    set by the detail pass; a candidate without it keeps its score): best first, same order of ties as
    `scoring.rank`."""
    for c in ranked:
        share = c.features.get("domain_passages")
        if share is not None:
            c.score = round(c.score - weight * (1.0 - share), 4)
    return sorted(ranked, key=lambda c: (-c.score, -c.frequency, len(c.term), c.term))
