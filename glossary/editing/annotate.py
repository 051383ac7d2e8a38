"""Annotating a Chinese article: every glossary term in it, with its house rendering and pinyin, and the
candidate terms the glossary does not have yet (quoted coinages, slogans, numbered slogans like 两金一卡).

Terms are found by Aho-Corasick automata over every Chinese term of the glossary, simplified and
traditional (`SpanMatcher` of glossary.editing.term_matching), longest match first: 郑州市总工会 before 总工会
before 工会, unless that would split the next term (工会法律援助 is 工会 + 法律援助). The automata are built
once per glossary version and rebuilt only when the glossary changes (glossary.editing.index_cache), so
annotating a story costs a pass over its text, not over the glossary. Output (TSV, HTML) is
glossary.editing.annotation_output's.
"""
from __future__ import annotations

import bisect
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

import jieba

from glossary.editing.index_cache import cached
from glossary.editing.term_matching import SpanMatcher, tiled_matches
from glossary.store.schema import GlossaryError
from glossary.lang.text import has_cjk, is_cjk, to_simplified, to_traditional

jieba.setLogLevel(60)

MAX_ARTICLE_CHARS = 100_000  # ten long news stories; the site and the CLI refuse more with a clear message
ABBREVIATION_TYPES = ("abbreviation", "acronym", "shortForm")


class InputError(GlossaryError):
    """A pasted or given text that cannot be annotated or checked (empty, too long, the wrong language)."""


# --- the glossary, indexed once per version ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ConceptInfo:
    id: int
    slug: str
    kind: str
    head: str  # the concept's first simplified term
    head_pinyin: str | None
    en: str | None  # preferred rendering
    en_house: bool  # the preferred rendering is a house proposal (no authoritative source)
    full_form: str | None
    definition: str | None
    note_zh: str | None


@dataclass(frozen=True, slots=True)
class TermInfo:
    id: int
    concept_id: int
    zh: str  # the simplified form (a traditional term points to its simplified one)
    pinyin: str | None
    term_type: str


@dataclass
class TermIndex:
    matcher: SpanMatcher
    terms: dict[int, TermInfo]
    concepts: dict[int, ConceptInfo]
    zh_forms: frozenset  # every term text, to tell whether a candidate is already a term
    # per pattern number of the matcher: (pattern text, term id, concept id), the last three fields of an
    # Occurrence of it; the term is the first (zh-Hans) row when several terms share a spelling
    found: list[tuple[str, int, int]] = field(default_factory=list)


def build_term_index(db) -> TermIndex:
    concepts: dict[int, ConceptInfo] = {}
    for row in db.execute(
        """SELECT c.id, c.slug, c.kind, c.definition, c.note_zh,
                  (SELECT term FROM terms WHERE concept_id = c.id AND lang = 'zh-Hans' ORDER BY position LIMIT 1),
                  (SELECT pinyin FROM terms WHERE concept_id = c.id AND lang = 'zh-Hans' ORDER BY position LIMIT 1),
                  (SELECT term FROM terms WHERE concept_id = c.id AND lang = 'zh-Hans' AND term_type = 'fullForm'
                   ORDER BY position LIMIT 1),
                  p.term,
                  (SELECT count(*) = sum(s.authority = 'house') FROM term_sources ts JOIN sources s ON s.id = ts.source_id
                   WHERE ts.term_id = p.id)
           FROM concepts c
           LEFT JOIN terms p ON p.concept_id = c.id AND p.lang = 'en' AND p.status = 'preferred'
           GROUP BY c.id"""
    ):
        cid, slug, kind, definition, note_zh, head, head_pinyin, full_form, en, house = row
        concepts[cid] = ConceptInfo(cid, slug, kind, head or "", head_pinyin, en, bool(house) if en else False,
                                    full_form, definition, note_zh)
    terms: dict[int, TermInfo] = {}
    patterns = []
    for tid, cid, lang, text, term_type, pinyin, hans_text, hans_pinyin in db.execute(
        """SELECT t.id, t.concept_id, t.lang, t.term, t.term_type, t.pinyin, h.term, h.pinyin
           FROM terms t LEFT JOIN terms h ON h.id = t.hans_id
           WHERE t.lang IN ('zh-Hans', 'zh-Hant')"""
    ):
        zh = hans_text if lang == "zh-Hant" and hans_text else text
        terms[tid] = TermInfo(tid, cid, zh, hans_pinyin if lang == "zh-Hant" else pinyin, term_type)
        patterns.append((text, tid))
    matcher = SpanMatcher(patterns)
    found = [(text, terms[min(ids)].id, terms[min(ids)].concept_id)
             for text, ids in zip(matcher.pattern_texts, matcher.pattern_values)]
    return TermIndex(matcher, terms, concepts, frozenset(p for p, _ in patterns), found)


def term_index(db) -> TermIndex:
    return cached(db, "zh", build_term_index)


# --- input ---------------------------------------------------------------------------------------------

# control characters other than tab and newline: replaced by a space, so offsets still match the input
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CJK_CHARS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_ASCII_LETTERS = string.ascii_letters.encode()


def count_scripts(text: str) -> tuple[int, int]:
    """(Chinese characters, Latin letters) in text: which language a paste is in."""
    return count_chinese(text), count_latin(text)


def count_chinese(text: str) -> int:
    return len(text) - len(_CJK_CHARS.sub("", text))


def count_latin(text: str) -> int:
    encoded = text.encode("utf-8", "replace")
    return len(encoded) - len(encoded.translate(None, _ASCII_LETTERS))  # bytes.translate: a C loop


def _size(n: int) -> str:
    return f"{n:,}"


def normalize_newlines(text: str) -> str:
    """Line breaks as \n: a browser sends a textarea's lines with \r\n, a file may have either, and offsets
    must be the same on the site and the command line."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def prepare_article(text: str) -> tuple[str, list[str]]:
    """Check a Chinese article before annotating it; return (text, warnings). Control characters become
    spaces so offsets still point into what the user gave. Raises InputError with a message a user can act on."""
    if text is None or not text.strip():
        raise InputError("the Chinese article is empty: paste or give the Chinese story")
    if "\x00" in text:
        raise InputError("the Chinese article contains binary data (NUL bytes), not text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"the Chinese article is too long ({_size(len(text))} characters; at most {_size(MAX_ARTICLE_CHARS)}): "
            "give one story at a time"
        )
    text = normalize_newlines(text)
    text = CONTROL_CHARS.sub(" ", text)
    cjk, latin = count_scripts(text)
    if cjk == 0:
        raise InputError("the Chinese article has no Chinese characters: is this the English draft? "
                         "Paste the Chinese story here")
    if cjk < latin / 4:
        raise InputError(f"the Chinese article is mostly English ({_size(latin)} Latin letters, {_size(cjk)} "
                         "Chinese characters): is this the English draft? Paste the Chinese story here")
    warnings = []
    simplified = to_simplified(text)
    if simplified != text and to_traditional(text) != text:
        warnings.append("the article mixes simplified and traditional characters; terms are found in both")
    return text, warnings


# --- annotation ----------------------------------------------------------------------------------------

class Occurrence(NamedTuple):  # a tuple: a long story has thousands
    start: int
    end: int
    text: str  # as written in the article
    term_id: int
    concept_id: int


@dataclass(slots=True)
class TermUse:
    """One glossary term as used in the story."""
    zh: str
    concept: ConceptInfo
    pinyin: str | None
    term_type: str
    count: int = 0
    first: int = -1
    forms: list[str] = field(default_factory=list)  # the spellings seen (simplified, traditional)

    @property
    def en(self) -> str | None:
        return self.concept.en


@dataclass
class Candidate:
    """A term-like expression the glossary does not have yet."""
    text: str
    kind: str  # numbered slogan | slogan | quoted coinage
    count: int = 0
    first: int = -1


@dataclass
class Annotation:
    text: str
    occurrences: list[Occurrence]
    warnings: list[str]
    index: TermIndex = field(repr=False)

    # worked out on first use: `annotate` does so at once, `check` (which needs neither) never does
    @cached_property
    def terms(self) -> list[TermUse]:
        """The terms used, in order of first occurrence."""
        return term_uses(self.index, self.occurrences)

    @cached_property
    def candidates(self) -> list[Candidate]:
        """Term-like expressions the glossary does not have yet."""
        return find_candidates(self.text, self.occurrences, self.index)

    def concept_ids(self) -> list[int]:
        return list(dict.fromkeys(t.concept.id for t in self.terms))


def find_terms(index: TermIndex, text: str) -> list[Occurrence]:
    """Every glossary term in text, longest first, whichever script it is written in."""
    simplified = to_simplified(text)
    # the simplified text finds every concept by its simplified terms (and traditional variants OpenCC maps
    # back); offsets stay those of the text as given, since the conversion keeps its length
    scan = simplified if len(simplified) == len(text) else text
    found = tiled_matches(index.matcher, scan)
    fields = index.found  # pattern number → (pattern text, term id, concept id), worked out with the automaton
    # tuple.__new__ rather than Occurrence(...): no Python-level constructor call for each of thousands
    new = tuple.__new__
    if scan == text:  # the text is written as the patterns are (simplified): each match is its pattern's text
        return [new(Occurrence, (start, end) + fields[pattern]) for pattern, start, end in found]
    return [new(Occurrence, (start, end, text[start:end]) + fields[pattern][1:]) for pattern, start, end in found]



def annotate(db, text: str) -> Annotation:
    """The glossary terms and candidate terms of a Chinese article."""
    annotation = find_source_terms(db, text)
    _ = annotation.terms, annotation.candidates  # worked out now: every reader of a story's annotation wants them
    return annotation


def find_source_terms(db, text: str) -> Annotation:
    """An annotation whose term list and candidates are worked out only if asked for (`check` needs the
    occurrences alone)."""
    text, warnings = prepare_article(text)
    index = term_index(db)
    annotation = Annotation(text, find_terms(index, text), warnings, index)
    if not annotation.occurrences and not annotation.candidates:
        warnings.append("no glossary terms found in this text")
    return annotation


_TERM_AND_SPELLING = itemgetter(3, 2)
_START = itemgetter(0)
_END = itemgetter(1)


def term_uses(index: TermIndex, occurrences: list[Occurrence]) -> list[TermUse]:
    """One TermUse per simplified term, in order of first occurrence, with its count and spellings. Counted
    per (term, spelling) pair by C-level Counter and dict first, so the Python loop runs once per distinct
    pair, not once per occurrence."""
    pairs = list(map(_TERM_AND_SPELLING, occurrences))
    counts = Counter(pairs)  # in order of first occurrence
    first = dict(zip(reversed(pairs), map(_START, reversed(occurrences))))  # the earliest start wins
    uses: dict[str, TermUse] = {}
    for pair, count in counts.items():
        term_id, spelling = pair
        info = index.terms[term_id]
        use = uses.get(info.zh)
        if use is None:
            use = uses[info.zh] = TermUse(info.zh, index.concepts[info.concept_id], info.pinyin, info.term_type,
                                          first=first[pair])
        use.count += count
        if spelling not in use.forms:
            use.forms.append(spelling)
    return list(uses.values())


# --- candidate terms -----------------------------------------------------------------------------------

_NUMERALS = "一二两三四五六七八九十百千万双"
_QUOTED = re.compile(r"“([^“”\n]{2,40})”|「([^「」\n]{2,40})」|『([^『』\n]{2,40})』|‘([^‘’\n]{2,40})’|\"([^\"\n]{2,40})\"")
# 两金一卡, 一岗双责: numeral, character, numeral, character
_NUMBERED = re.compile(rf"[{_NUMERALS}][\u4e00-\u9fff][{_NUMERALS}][\u4e00-\u9fff]")
# 十二五, 十三五: a five-year plan by its number
_PLAN = re.compile(r"十[一二三四五六七八九]五")
_STOP = set("。！？!?…")
_PART_SEPARATORS = re.compile(r"[、，,；; ]+")
_COMMON_WORD_FREQ = 100  # jieba dictionary frequency above which a quoted word is ordinary, not a coinage


def _word_freq(word: str) -> int:
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0


def _classify_quote(inner: str) -> str | None:
    """What kind of candidate a quoted span is, or None for speech, lists and ordinary words."""
    inner = inner.strip()
    if any(ch in _STOP for ch in inner) or not has_cjk(inner):
        return None
    if not all(is_cjk(ch) or ch.isdigit() or _PART_SEPARATORS.fullmatch(ch) or ch in "·—-" for ch in inner):
        return None
    parts = [p for p in _PART_SEPARATORS.split(inner) if p]
    if len(parts) >= 2:
        lengths = [len(p) for p in parts]
        # a slogan is parallel: 春送岗位、夏送清凉、秋送助学、冬送温暖; speech and lists are not
        if max(lengths) - min(lengths) <= 1 and max(lengths) <= 8 and all(has_cjk(p) for p in parts):
            return "slogan"
        return None
    if len(inner) > 8:
        return None
    if inner[0] in _NUMERALS and not (len(inner) == 2 and _word_freq(inner) >= _COMMON_WORD_FREQ):
        return "numbered slogan"  # (“五一” is May Day, a common word, not a slogan)
    if _word_freq(inner) >= _COMMON_WORD_FREQ:
        return None  # scare quotes round an ordinary word (“枢纽”)
    return "quoted coinage"


class _Coverage:
    """How much of a span the (sorted, non-overlapping) occurrences cover: a binary search, so a story's
    thousands of occurrences are not first painted onto a per-character map."""

    def __init__(self, occurrences: list[Occurrence]):
        self.starts = list(map(_START, occurrences))
        self.ends = list(map(_END, occurrences))

    def chars(self, start: int, end: int) -> int:
        """The number of characters of text[start:end] inside an occurrence."""
        total = 0
        i = bisect.bisect_right(self.ends, start)  # the first occurrence ending after start
        while i < len(self.starts) and self.starts[i] < end:
            total += min(end, self.ends[i]) - max(start, self.starts[i])
            i += 1
        return total


def find_candidates(text: str, occurrences: list[Occurrence], index: TermIndex) -> list[Candidate]:
    """Expressions that look like terms but are not in the glossary: quoted coinages and slogans, numbered
    slogans (两金一卡, “六有”) and five-year-plan shorthands (十二五). Generic rules, not a list."""
    covered = _Coverage(occurrences)
    found: dict[str, Candidate] = {}
    counted: set[int] = set()

    def add(span_text: str, kind: str, start: int, end: int):
        if start in counted or covered.chars(start, end) == end - start:
            return  # found by an earlier rule, or wholly made of glossary terms
        if span_text in index.zh_forms or to_simplified(span_text) in index.zh_forms:
            return
        counted.add(start)
        c = found.setdefault(span_text, Candidate(span_text, kind, first=start))
        c.count += 1

    for m in _QUOTED.finditer(text):
        group = next(g for g in range(1, 6) if m.group(g) is not None)
        inner = m.group(group)
        kind = _classify_quote(inner)
        if kind:
            lead = len(inner) - len(inner.lstrip())
            stripped = inner.strip()
            add(stripped, kind, m.start(group) + lead, m.start(group) + lead + len(stripped))
    for pattern in (_NUMBERED, _PLAN):
        for m in pattern.finditer(text):
            if 0 < covered.chars(m.start(), m.end()) < m.end() - m.start():
                continue  # straddles a glossary term: not a unit
            if _word_freq(m.group()) >= 10:
                continue  # an idiom (一心一意), not a slogan
            if pattern is _NUMBERED and _word_freq(m.group()[:2]) >= 1000:
                continue  # a count and a number (一次五一表彰大会), not a slogan
            add(m.group(), "numbered slogan", m.start(), m.end())
    # compounds of known parts the glossary lacks (户外劳动者, 工会驿站): the miner's tokens and statistics
    from glossary.editing.new_terms import find_new_compounds

    for compound in find_new_compounds(text, index.zh_forms, index):
        add(compound.text, "new compound", compound.start, compound.end)
    # a span counted by both rules (“两金一卡” is quoted and numbered) keeps its first classification
    return sorted(found.values(), key=lambda c: c.first)


# --- "Words in the news" -------------------------------------------------------------------------------

_KEY_KINDS = {"slogan": 0, "campaign": 0, "honour": 1, "mechanism": 1, "legal-concept": 2, "activity": 2}
_NEVER_KEY = {"person", "place", "general"}


def words_in_the_news(db, annotation: Annotation, limit: int = 5) -> dict:
    """A China Daily style box for the story's key terms: headword (Chinese, pinyin, English), the English
    explanation, 【知识点】 the Chinese background note and 【相关词汇】 related terms; plus the story's
    slogans that the glossary lacks, listed without an invented rendering."""
    from glossary.store.concepts import linked_concepts

    seen: set[int] = set()
    ranked = []
    for use in annotation.terms:
        c = use.concept
        if c.id in seen or c.kind in _NEVER_KEY or not (c.definition or c.note_zh):
            continue
        seen.add(c.id)
        ranked.append((_KEY_KINDS.get(c.kind, 3), -use.count, use.first, use))
    entries = []
    for *_rank, use in sorted(ranked, key=lambda r: r[:3])[:limit]:
        c = use.concept
        entries.append({
            "zh": c.head,
            "as_written": use.forms[0] if use.forms else use.zh,
            "pinyin": c.head_pinyin,
            "en": c.en,
            "house_proposal": c.en_house,
            "definition": c.definition,
            "note_zh": c.note_zh,
            "related": [link for link in linked_concepts(db, c.id) if link["zh"]],
            "slug": c.slug,
        })
    slogans = [c for c in annotation.candidates if c.kind in ("slogan", "numbered slogan")]
    return {"entries": entries, "new_slogans": slogans}
