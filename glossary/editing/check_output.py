"""A check's report side by side: the draft with each glossary rendering marked by its status (or its
finding) and the house-style slips, paired paragraph by paragraph with the highlighted Chinese source;
datelines, source lines and bylines are paired only with each other (glossary/lang/story_lines.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest
from typing import NamedTuple

from markupsafe import Markup, escape

from glossary.editing.annotation_output import highlighted_paragraphs, paragraph_segments
from glossary.editing.check import CheckReport, Finding
from glossary.lang.story_lines import is_metadata_line


@dataclass(frozen=True)
class DraftSpan:
    start: int
    end: int
    css: str  # preferred | admitted | deprecated | inconsistent | style
    title: str


def draft_spans(report: CheckReport) -> list[DraftSpan]:
    """What to mark in the draft: each glossary rendering by its status (or its finding), then the
    house-style findings that do not fall inside a marked rendering."""
    by_offset: dict[tuple[int, int], Finding] = {}
    for f in report.findings:
        if f.type != "style":
            for start, end in f.en_offsets:
                by_offset[(start, end)] = f
    spans = []
    for m in report.matches:
        finding = by_offset.get((m.start, m.end))
        status = report.statuses[(m.start, m.end)]
        if finding:
            spans.append(DraftSpan(m.start, m.end, finding.type, finding.message))
        else:
            spans.append(DraftSpan(m.start, m.end, status, f"glossary: {status} rendering"))
    taken = [(s.start, s.end) for s in spans]
    for f in report.findings:
        if f.type in ("style", "name"):  # a misspelt name is marked like a house-style slip
            for start, end in f.en_offsets:
                if not any(s < end and start < e for s, e in taken):
                    spans.append(DraftSpan(start, end, f.type, f.message))
    return sorted(spans, key=lambda s: s.start)


def highlighted_draft_paragraphs(report: CheckReport) -> list:
    out = []
    for segments in paragraph_segments(report.draft, draft_spans(report)):
        html = []
        for seg in segments:
            if seg.span is None:
                html.append(str(escape(seg.text)))
            else:
                html.append(f'<mark class="en {escape(seg.span.css)}" title="{escape(seg.span.title)}">'
                            f"{escape(seg.text)}</mark>")
        out.append(Markup("".join(html)))
    return out


class Row(NamedTuple):
    zh: Markup | None
    en: Markup | None
    metadata: bool  # a row of datelines, source lines or bylines, not of the story's paragraphs


def _by_place(text: str, paragraphs: list) -> list[tuple[list, list]]:
    """The paragraphs as (metadata lines, story paragraph) steps: each story paragraph with the metadata lines
    just before it; a last step holds the metadata lines after the last paragraph (its paragraph is None)."""
    lines = [line for line in text.split("\n") if line.strip()]  # paragraph_segments' paragraphs
    steps, metadata = [], []
    for line, paragraph in zip(lines, paragraphs):
        if is_metadata_line(line):
            metadata.append(paragraph)
        else:
            steps.append((metadata, [paragraph]))
            metadata = []
    return steps + [(metadata, [])]


def aligned_paragraphs(report: CheckReport) -> list[Row]:
    """Rows of (Chinese paragraph, English paragraph), highlighted, paired in order; the shorter side is padded
    with None when the two have different numbers of paragraphs. A dateline, source line or byline is not a
    paragraph of the story: metadata lines pair with each other (those before the nth paragraph of each
    side), so a Chinese date and source line beside an English byline do not push the story out of step."""
    zh = _by_place(report.source.text, highlighted_paragraphs(report.source))
    en = _by_place(report.draft, highlighted_draft_paragraphs(report))
    empty = ([], [])
    rows = []
    for (zh_meta, zh_story), (en_meta, en_story) in zip_longest(zh[:-1], en[:-1], fillvalue=empty):
        rows += [Row(z, e, True) for z, e in zip_longest(zh_meta, en_meta)]
        rows += [Row(z, e, False) for z, e in zip_longest(zh_story, en_story)]
    rows += [Row(z, e, True) for z, e in zip_longest(zh[-1][0], en[-1][0])]
    return rows
