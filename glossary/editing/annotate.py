"""Annotating a Chinese article: every glossary term in it, with its house rendering and pinyin, and the
candidate terms the glossary does not have yet (quoted coinages, slogans, numbered slogans like 两金一卡).

Terms are found by Aho-Corasick automata over every Chinese term of the glossary, simplified and
traditional (`SpanMatcher`, a glossary.lang.matcher.Matcher), longest match first: 郑州市总工会 before 总工会
before 工会, unless that would split the next term (工会法律援助 is 工会 + 法律援助). The automata are built
once per glossary version and rebuilt only when the glossary changes (`cached`, keyed on the change
counter of schema migration 5), so annotating a story costs a pass over its text, not over the glossary.
"""
from __future__ import annotations

import bisect
import os
import re
import sqlite3
import string
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat
from operator import add, and_, itemgetter, lt
from typing import Any, Callable, NamedTuple

import ahocorasick_rs
import jieba
from markupsafe import Markup, escape

from glossary.lang.matcher import Matcher
from glossary.store.schema import GlossaryError
from glossary.lang.segment import LogProbabilities, route_ends
from glossary.lang.text import has_cjk, is_cjk, to_simplified, to_traditional

jieba.setLogLevel(60)

MAX_ARTICLE_CHARS = 100_000  # ten long news stories; the site and the CLI refuse more with a clear message
ABBREVIATION_TYPES = ("abbreviation", "acronym", "shortForm")


class InputError(GlossaryError):
    """A pasted or given text that cannot be annotated or checked (empty, too long, the wrong language)."""


# --- the glossary, indexed once per version ----------------------------------------------------------

def _database_path(db) -> str | None:
    for _seq, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or None
    return None


def fingerprint(db) -> tuple:
    """A cheap token that changes whenever the glossary changes: the change counter that triggers keep
    (migration 5), with the file's identity, since `glossary build` replaces the file with a new one whose
    counter may match the old. A database without the counter falls back to counting: the highest term
    id, the number of terms and concepts, and the sum of concept versions."""
    path = _database_path(db)
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    file_id = (stat.st_dev, stat.st_ino) if stat else id(db.conn)
    try:
        row = db.execute("SELECT counter FROM glossary_changes WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is not None:
        return file_id, row[0]
    terms = db.execute("SELECT max(id), count(*) FROM terms").fetchone()
    concepts = db.execute("SELECT count(*), coalesce(sum(version), 0) FROM concepts").fetchone()
    return (file_id,) + tuple(terms) + tuple(concepts)


def _database_key(db) -> str:
    """Which database file this connection is on (a memory database is keyed by its connection)."""
    return _database_path(db) or f"memory:{id(db.conn)}"


_CACHE: "OrderedDict[tuple[str, str], tuple[tuple, Any]]" = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 8  # a few databases × (Chinese index, English index); tests open many small ones


def cached(db, name: str, build: Callable[[Any], Any]) -> Any:
    """`build(db)`, remembered per database file and index name until the glossary's fingerprint changes."""
    key = (_database_key(db), name)
    token = fingerprint(db)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit and hit[0] == token:
            _CACHE.move_to_end(key)
            return hit[1]
    value = build(db)
    with _CACHE_LOCK:
        _CACHE[key] = (token, value)
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


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
    matcher: "SpanMatcher"
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


class LongestMatcher:
    """One leftmost-longest scan of a whole text, in Rust (ahocorasick-rs): at each place the longest
    pattern, no overlaps, (start, end, values) tuples. pyahocorasick's own iter_long loses matches it has
    walked past, and listing every match of a long story in Python costs ten times more."""

    def __init__(self, patterns):
        values: dict[str, list] = {}
        for text, value in patterns:
            if text:
                values.setdefault(text, []).append(value)
        self.max_len = max(map(len, values), default=0)
        self.texts = list(values)  # pattern number → text
        self.values = list(map(tuple, values.values()))  # pattern number → the values given for it
        self._automaton = (ahocorasick_rs.AhoCorasick(self.texts, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                           if values else None)

    def longest_spans(self, text: str) -> list[tuple[int, int, tuple]]:
        if self._automaton is None:
            return []
        values = self.values
        return [(start, end, values[i]) for i, start, end in self._automaton.find_matches_as_indexes(text)]

    def longest_indexes(self, text: str) -> list[tuple[int, int, int]]:
        """The same scan as (pattern number, start, end): no tuple built per match in Python."""
        return self._automaton.find_matches_as_indexes(text) if self._automaton is not None else []


def continued_prefixes(texts: list[str]) -> frozenset:
    """Every prefix of two or more characters of the patterns: whether a term starting inside a match runs
    on past its end (工会法 followed by 律: 法律 begins 法律援助) is then a set lookup per place, not a walk
    of the trie."""
    return frozenset(text[:k] for text in texts for k in range(2, len(text) + 1))


_START_OF_INDEXES = itemgetter(1)  # in a (pattern number, start, end) triple
_END_OF_INDEXES = itemgetter(2)


class SpanMatcher(Matcher):
    """glossary.lang.matcher.Matcher with lean passes for the annotator's hot path, (start, end, values) tuples
    with no object per match: every match in a window, the trie's prefix test, and the leftmost-longest
    scan of a whole text (`LongestMatcher`), with the patterns' prefixes (`continued_prefixes`)."""

    def __init__(self, patterns):
        patterns = list(patterns)
        super().__init__(patterns)
        self._longest = LongestMatcher(patterns)
        self.max_len = self._longest.max_len
        self.pattern_values = self._longest.values  # pattern number → the values given for it
        self.pattern_texts = self._longest.texts
        self.prefixes = continued_prefixes(self._longest.texts)
        # every match, overlapping ones too, in a window: a Rust scan is several times quicker than
        # pyahocorasick's iterator on the few places per story that need re-tiling
        self._every = (ahocorasick_rs.AhoCorasick(self._longest.texts, matchkind=ahocorasick_rs.MatchKind.Standard)
                       if self.size else None)

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, list]]:
        """Every match within text[start:end], overlapping ones included."""
        if not self.size:
            return []
        found = self._automaton.iter(text, start, len(text) if end is None else end)
        return [(stop - len(pattern) + 1, stop + 1, values) for stop, (pattern, values) in found]

    def window_spans(self, text: str, start: int, end: int) -> list[tuple[int, int, list]]:
        """Every match within text[start:end], overlapping ones included, sorted by start, longest first, as
        (start, end, pattern number)."""
        if self._every is None:
            return []
        found = self._every.find_matches_as_indexes(text[start:end], overlapping=True)
        found.sort(key=_END_OF_INDEXES, reverse=True)  # two stable C-level sorts: by start, then longest
        found.sort(key=_START_OF_INDEXES)
        return [(start + s, start + e, i) for i, s, e in found]

    def longest_spans(self, text: str) -> list[tuple[int, int, list]]:
        """Non-overlapping matches, leftmost first and of those the longest."""
        return self._longest.longest_spans(text)

    def prefix_reaches(self, text: str, start: int, end: int) -> bool:
        """Whether some pattern begins with text[start:end] (a trie walk, no scan)."""
        return self.size > 0 and self._automaton.longest_prefix(text[start:end]) == end - start


Span = tuple  # (start, end, values)


def best_tiling(spans: list[Span], text: str) -> list[Span]:
    """One span per place, no overlaps. Within each run of overlapping spans the leftmost-longest choice wins
    (郑州市总工会, not 郑州市 + 总工会 nor 工会), unless a choice covering more of the run cuts fewer words:
    in 工会法律援助 the longest first match 工会法 would split 法律援助, so it is 工会 + 法律援助, while
    郑州市总工会副主席 stays 郑州市总工会 + 副主席 (jieba, run on that run only, tells where words are)."""
    spans = sorted(spans, key=lambda s: (s[0], -s[1]))
    out: list[Span] = []
    cluster: list[Span] = []
    cluster_end = -1
    for span in spans:
        if span[0] >= cluster_end:
            if cluster:
                out += _tile(cluster, text)
            cluster = [span]
            cluster_end = span[1]
        elif span[:2] != cluster[-1][:2]:  # the same place found twice (text and simplified text) counts once
            cluster.append(span)
            cluster_end = max(cluster_end, span[1])
    if cluster:
        out += _tile(cluster, text)
    return out


def _tile(cluster: list[Span], text: str) -> list[Span]:
    if len(cluster) == 1:
        return cluster
    longest, covered, union, taken_until, union_end = [], 0, 0, -1, -1
    for span in cluster:  # sorted by start, longest first
        start, end = span[0], span[1]
        if start >= taken_until:
            longest.append(span)
            covered += end - start
            taken_until = end
        if end > union_end:
            union += end - max(start, union_end)
            union_end = end
    if covered == union:
        return longest  # nothing left uncovered that another choice could cover
    covering = _most_covering(cluster)
    if [s[:2] for s in covering] == [s[:2] for s in longest]:
        return longest
    inside = _inside_words(text, cluster[0][0], union_end)

    def cuts(choice: list[Span]) -> int:
        return sum((s[0] in inside) + (s[1] in inside) for s in choice)

    return covering if cuts(covering) < cuts(longest) else longest


def _inside_words(text: str, start: int, end: int) -> set[int]:
    """Offsets in text[start:end] that fall inside a word, not between two, as jieba segments it: its
    dictionary route without the HMM (glossary.lang.segment.route_ends), as jieba.lcut(…, HMM=False) cuts
    Chinese (that also keeps runs of Latin letters and digits whole; this does not)."""
    piece = text[start:end]
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    # per call: glossary.pinyin adds phrases to jieba's dictionary, which changes its counts and total
    logp = LogProbabilities(tokenizer.FREQ, tokenizer.total)
    word_end = route_ends(piece, tokenizer.FREQ, logp, -logp.logtotal)
    n = len(piece)
    inside: set[int] = set()
    x = 0
    while x < n:
        y = word_end[x] + 1
        inside.update(range(start + x + 1, start + y))
        x = y
    return inside


def _most_covering(cluster: list[Span]) -> list[Span]:
    """The non-overlapping choice covering the most characters, and of those the fewest terms."""
    positions = sorted({s[0] for s in cluster} | {s[1] for s in cluster})
    starting: dict[int, list[Span]] = {}
    for span in cluster:
        starting.setdefault(span[0], []).append(span)
    # best[pos]: (characters covered, -terms used, chosen spans) for the run from pos on
    best: dict[int, tuple[int, int, tuple]] = {positions[-1]: (0, 0, ())}
    for i in range(len(positions) - 2, -1, -1):
        pos = positions[i]
        choice = best[positions[i + 1]]  # leave the characters up to the next position uncovered
        for span in starting.get(pos, ()):  # longest first: of equal choices the longer term stays
            covered, terms, chosen = best[span[1]]
            candidate = (covered + span[1] - span[0], terms - 1, (span, *chosen))
            if candidate[:2] > choice[:2]:
                choice = candidate
        best[pos] = choice
    return list(best[positions[0]][2])


def find_terms(index: TermIndex, text: str) -> list[Occurrence]:
    """Every glossary term in text, longest first, whichever script it is written in."""
    simplified = to_simplified(text)
    # the simplified text finds every concept by its simplified terms (and traditional variants OpenCC maps
    # back); offsets stay those of the text as given, since the conversion keeps its length
    scan = simplified if len(simplified) == len(text) else text
    found = _tiled(index.matcher, scan)
    fields = index.found  # pattern number → (pattern text, term id, concept id), worked out with the automaton
    # tuple.__new__ rather than Occurrence(...): no Python-level constructor call for each of thousands
    new = tuple.__new__
    if scan == text:  # the text is written as the patterns are (simplified): each match is its pattern's text
        return [new(Occurrence, (start, end) + fields[pattern]) for pattern, start, end in found]
    return [new(Occurrence, (start, end, text[start:end]) + fields[pattern][1:]) for pattern, start, end in found]


def _tiled(matcher: SpanMatcher, text: str) -> list[tuple[int, int, int]]:
    """(pattern number, start, end) of the terms in text: the leftmost-longest matches (one Rust scan),
    re-tiled only where a match is followed by unmatched text and a term starting inside it runs on into
    that text (工会法|律援助: 法律 is a prefix of a pattern); such a place's overlapping run is tiled by
    `_tile`. Which matches are followed by unmatched text is worked out by C-level maps over the scan's
    list, so the Python loop runs only for those."""
    found = matcher._longest.longest_indexes(text)
    if not found:
        return found
    n = len(text)
    starts = list(map(_START_OF_INDEXES, found))
    ends = list(map(_END_OF_INDEXES, found))
    followed_by_gap = list(map(lt, ends, starts[1:] + [n + 1]))  # the next match starts later (or none does)
    followed_by_gap[-1] = ends[-1] < n  # after the last match, only if the text goes on
    two_or_more = map(lt, map(add, starts, repeat(1)), ends)
    looks = compress(range(len(found)), map(and_, followed_by_gap, two_or_more))
    prefixes = matcher.prefixes
    out: list[tuple[int, int, int]] = []
    done = 0  # found[:done] is in out
    for i in looks:
        if i < done:
            continue  # inside a run already re-tiled
        _pattern, start, end = found[i]
        stop = end + 1
        if prefixes.isdisjoint(map(text.__getitem__, map(slice, range(start + 1, end), repeat(stop)))):
            continue  # no term starting inside this match runs on past its end
        out += found[done:i]
        region = _overlapping_run(matcher, text, start)
        out += [(pattern, s, e) for s, e, pattern in _tile(region, text)]  # one cluster of best_tiling
        region_end = max([span[1] for span in region])
        done = bisect.bisect_left(starts, region_end, i + 1)  # the matches the run covers
    out += found[done:]
    return out


def _overlapping_run(matcher: SpanMatcher, text: str, start: int) -> list[Span]:
    """All matches from `start` on that overlap, one after another, the match starting there."""
    width = 2 * matcher.max_len
    n = len(text)
    while True:
        window_end = min(n, start + width)
        run: list[Span] = []
        run_end = -1
        for span in matcher.window_spans(text, start, window_end):  # all start at or after `start`
            if run and span[0] >= run_end:
                break
            run.append(span)
            if span[1] > run_end:
                run_end = span[1]
        # closed when no match starting inside the run can reach past the window
        if window_end == n or run_end + matcher.max_len <= window_end:
            return run
        width *= 2


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


# --- output --------------------------------------------------------------------------------------------

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
