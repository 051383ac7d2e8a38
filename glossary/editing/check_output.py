"""A check's report side by side: the draft with each glossary rendering marked by its status (or its
finding) and the house-style slips, paired paragraph by paragraph with the highlighted Chinese source.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import zip_longest

from markupsafe import Markup, escape

from glossary.editing.annotation_output import highlighted_paragraphs, paragraph_segments
from glossary.editing.check import CheckReport, Finding


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


def aligned_paragraphs(report: CheckReport) -> list[tuple]:
    """(Chinese paragraph, English paragraph) rows, highlighted, paired in order; the shorter side is padded
    with None when the two have different numbers of paragraphs."""
    return list(zip_longest(highlighted_paragraphs(report.source), highlighted_draft_paragraphs(report)))
