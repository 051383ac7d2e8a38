"""An annotation as people read it: the story's term list (rows, TSV), the article as HTML paragraphs with
every term highlighted (rendering and pinyin on hover), and a standalone HTML page of both. Everything from
the story is escaped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from glossary.editing.annotate import ABBREVIATION_TYPES, Annotation, ConceptInfo


def hover_text(use_or_info) -> str:
    """What a highlighted term shows on hover: rendering, pinyin, and what kind of term it is."""
    concept: ConceptInfo = use_or_info.concept
    parts = [concept.en or "(no English rendering yet)"]
    if concept.en and concept.en_house:
        parts[0] += " (house proposal)"
    if use_or_info.pinyin:
        parts.append(use_or_info.pinyin)
    if use_or_info.term_type in ABBREVIATION_TYPES and concept.full_form and concept.full_form != use_or_info.zh:
        parts.append(f"short for {concept.full_form}")
    return " · ".join(parts)


def term_rows(annotation: Annotation) -> list[dict]:
    """The story's term list: zh, en, pinyin, count, first offset (and the concept and the source status)."""
    return [
        {
            "zh": use.forms[0] if use.forms else use.zh,  # as the story writes it (職代會 in a traditional story)
            "simplified": use.zh,
            "en": use.en or "",
            "pinyin": use.pinyin or "",
            "count": use.count,
            "first": use.first,
            "concept": use.concept.slug,
            "house_proposal": use.concept.en_house,
            "full_form": use.concept.full_form if use.term_type in ABBREVIATION_TYPES else None,
            "forms": use.forms,
        }
        for use in annotation.terms
    ]


def render_tsv(annotation: Annotation) -> str:
    def cell(value) -> str:
        return re.sub(r"[\t\r\n]+", " ", str(value))

    lines = ["zh\ten\tpinyin\tcount\tfirst_offset\tconcept\tnote"]
    for row in term_rows(annotation):
        note = "house proposal" if row["house_proposal"] else ""
        if row["full_form"]:
            note = "; ".join(filter(None, [note, f"short for {row['full_form']}"]))
        lines.append("\t".join(cell(v) for v in (row["zh"], row["en"], row["pinyin"], row["count"], row["first"],
                                                 row["concept"], note)))
    lines += [f"# not in the glossary yet: {c.text}\t{c.kind}\t{c.count}\t{c.first}" for c in annotation.candidates]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Segment:
    text: str
    span: Any = None  # the occurrence (or other span object) this piece of text is, if any


def paragraph_segments(text: str, spans: list) -> list[list[Segment]]:
    """Split text into paragraphs (non-blank lines), each a list of plain and highlighted segments. `spans`
    are objects with start and end, sorted and non-overlapping."""
    paragraphs: list[list[Segment]] = []
    spans = sorted(spans, key=lambda s: s.start)
    i = 0
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        segments: list[Segment] = []
        pos = line_start
        while i < len(spans) and spans[i].start < line_end:
            span = spans[i]
            if span.start < pos:  # overlaps the previous span or started on an earlier line
                i += 1
                continue
            if span.start > pos:
                segments.append(Segment(text[pos:span.start]))
            end = min(span.end, line_end)
            segments.append(Segment(text[span.start:end], span))
            pos = end
            i += 1
        if pos < line_end:
            segments.append(Segment(text[pos:line_end]))
        paragraphs.append(segments)
    return paragraphs


def highlighted_paragraphs(annotation: Annotation) -> list[Markup]:
    """The article as HTML paragraphs, every term a <mark> with its rendering and pinyin as its title."""
    out = []
    for segments in paragraph_segments(annotation.text, annotation.occurrences):
        html = []
        for seg in segments:
            if seg.span is None:
                html.append(str(escape(seg.text)))
                continue
            info = annotation.index.terms[seg.span.term_id]
            use = _Hover(annotation.index.concepts[info.concept_id], info.pinyin, info.term_type, info.zh)
            cls = "term house" if use.concept.en_house else ("term" if use.concept.en else "term unrendered")
            html.append(f'<mark class="{cls}" data-concept="{escape(use.concept.slug)}" '
                        f'title="{escape(hover_text(use))}">{escape(seg.text)}</mark>')
        out.append(Markup("".join(html)))
    return out


@dataclass(frozen=True)
class _Hover:
    concept: ConceptInfo
    pinyin: str | None
    term_type: str
    zh: str


_HTML_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; line-height: 1.7; padding: 0 1rem; }
mark.term { background: #fff3b0; border-bottom: 1px dotted #876; }
mark.term.house { background: #e6f0ff; }
mark.term.unrendered { background: #ffe0e0; }
table { border-collapse: collapse; } td, th { border-bottom: 1px solid #ddd; padding: .2rem .6rem; text-align: left; }
"""


def render_html(annotation: Annotation, title: str = "Annotated article") -> str:
    """A standalone HTML page: the highlighted article (rendering + pinyin on hover, no script needed), the
    term list and the candidates not in the glossary yet."""
    out = [
        "<!doctype html>",
        '<html lang="zh-Hans"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_HTML_STYLE}</style></head><body>",
        f'<h1 lang="en">{escape(title)}</h1>',
    ]
    out += [f'<p class="warning" lang="en">{escape(w)}</p>' for w in annotation.warnings]
    out += [f"<p>{p}</p>" for p in highlighted_paragraphs(annotation)]
    out.append('<h2 lang="en">Terms in this story</h2>')
    out.append('<table lang="en"><tr><th>Chinese</th><th>English</th><th>Pinyin</th><th>Count</th><th>First</th></tr>')
    for row in term_rows(annotation):
        en = escape(row["en"] or "(no English rendering yet)")
        if row["house_proposal"]:
            en = Markup(f"{en} <small>(house proposal)</small>")
        out.append(f'<tr><td lang="zh-Hans">{escape(row["zh"])}</td><td>{en}</td><td>{escape(row["pinyin"])}</td>'
                   f'<td>{row["count"]}</td><td>{row["first"]}</td></tr>')
    out.append("</table>")
    if annotation.candidates:
        out.append('<h2 lang="en">Not in the glossary yet</h2><ul>')
        out += [f'<li><span lang="zh-Hans">{escape(c.text)}</span> — {escape(c.kind)}, {c.count}×</li>'
                for c in annotation.candidates]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
