"""Finding the glossary's English renderings in an English text, on whole words.

Matching works on folded words: case, possessives ('s), British/American spelling and inflection
(federation / federations / Federation's, by simplemma's lemmas) are ignored, and of overlapping renderings
the longest wins, so "trade union" inside "Zhengzhou Federation of Trade Unions" never counts. The renderings
are indexed once per glossary version (`english_index`, kept by glossary.editing.index_cache).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import not_
from typing import Iterator, NamedTuple

import simplemma

from glossary.editing.index_cache import cached
from glossary.editing.term_matching import LongestMatcher
from glossary.lang.spelling import american_ize
from glossary.store.schema import GlossaryError


# --- folding English words -----------------------------------------------------------------------------

# British spellings folded to American before stemming, so "labour union" still matches "labor union" (the
# spelling itself is reported by the house-style check)
_BRITISH = [(re.compile(p), r) for p, r in (
    (r"^labour", "labor"), (r"^honour", "honor"), (r"^favour", "favor"), (r"^colour", "color"),
    (r"^behaviour", "behavior"), (r"^neighbour", "neighbor"), (r"^centre", "center"), (r"^programme", "program"),
)]  # and -ise → -ize (organise, privatisation): glossary.lang.spelling
WORD = re.compile(r"\w+(?:['’]\w+)*")
_ARTICLES = {"the", "a", "an"}


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """One word as the matcher sees it: lower case, no possessive, no accents, American spelling, and its
    inflection undone (simplemma's lemma: federations → federation, visiting → visit, chairmen → chairman),
    while derived words stay apart (laborer is not labor, unionize is not union)."""
    w = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    w = "".join(ch for ch in w if not unicodedata.combining(ch))
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    for pattern, replacement in _BRITISH:
        w = pattern.sub(replacement, w)
    w = american_ize(w) or w
    return simplemma.lemmatize(w, lang="en") if w.isalpha() else w


def tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """The words of an English text: their start offsets, end offsets and folded forms (parallel lists)."""
    matches = list(WORD.finditer(text))
    return (list(map(re.Match.start, matches)), list(map(re.Match.end, matches)),
            list(map(fold_word, map(re.Match.group, matches))))


def rendering_variants(term: str) -> list[list[str]]:
    """The folded word sequences that count as a rendering: as written, without a parenthesis
    ("All-China Federation of Trade Unions"), the acronym in one ("ACFTU"), and without a leading article."""
    texts = [term]
    parenthetical = re.findall(r"\(([^()]*)\)", term)
    if parenthetical:
        texts.append(re.sub(r"\s*\([^()]*\)", "", term))
        texts += [p for p in parenthetical if re.fullmatch(r"[A-Z]{2,}", p.strip())]
    out: list[list[str]] = []
    for text in texts:
        words = [fold_word(m.group()) for m in WORD.finditer(text)]
        if len(words) > 1 and words[0] in _ARTICLES:
            words = words[1:]
        if words and words not in out:
            out.append(words)
    return out


# --- the English renderings, indexed once per glossary version -----------------------------------------

@dataclass(frozen=True, slots=True)
class Rendering:
    id: int
    concept_id: int
    term: str
    status: str
    term_type: str


@dataclass
class EnglishIndex:
    matcher: LongestMatcher  # over renderings written one character per word (see `vocabulary`)
    vocabulary: dict[str, str]  # folded word → the character that stands for it
    renderings: dict[int, Rendering]
    by_concept: dict[int, list[Rendering]]
    # draft word as written → its code: fold_word and the vocabulary memoised in one small dict, which
    # stays in cache where the two big ones (every rendering's words) would not; refilled when full
    word_codes: dict[str, str] = field(default_factory=dict)
    patterns_of: dict[int, list[int]] = field(default_factory=dict)  # rendering id → its pattern numbers


_MAX_WORD_CODES = 200_000


# Each word of the renderings' vocabulary is one character; a draft word outside the vocabulary is
# _OTHERWORD. A rendering is then a short string that can only match whole words, and scanning a
# 10,000-word draft is scanning 10,000 characters. The automaton walks the UTF-8 bytes of those characters
# and on a 100,000-rendering glossary each step is a likely cache miss, so the commonest words get the
# characters of fewest bytes: one byte for the 127 commonest, two for the next 1,920 (Zipf's law: these are
# most of a draft's words).
_OTHER_WORD = "\x00"


def _word_codes() -> Iterator[str]:
    """The characters that stand for words, shortest in UTF-8 first: every code point but _OTHER_WORD and
    the surrogates (which have no UTF-8 form)."""
    for point in range(1, 0x110000):
        if not 0xD800 <= point <= 0xDFFF:
            yield chr(point)


def build_english_index(db) -> EnglishIndex:
    renderings: dict[int, Rendering] = {}
    by_concept: dict[int, list[Rendering]] = {}
    folded: list[tuple[int, list[list[str]]]] = []
    frequency: Counter = Counter()
    for tid, cid, term, status, term_type in db.execute(
        "SELECT id, concept_id, term, status, term_type FROM terms WHERE lang = 'en' ORDER BY concept_id, position, id"
    ):
        r = Rendering(tid, cid, term, status, term_type)
        renderings[tid] = r
        by_concept.setdefault(cid, []).append(r)
        folded.append((tid, rendering_variants(term)))
    _add_short_names_inside(folded, by_concept)
    for _tid, variants in folded:
        for words in variants:
            frequency.update(words)
    if len(frequency) > 0x110000 - 0x800 - 1:
        raise GlossaryError("the glossary's English renderings use more than a million different words")
    # the commonest first; ties in first-seen order (Counter keeps it), so a build is deterministic
    vocabulary = dict(zip((word for word, _ in frequency.most_common()), _word_codes()))
    patterns = [("".join(map(vocabulary.__getitem__, words)), tid) for tid, variants in folded for words in variants]
    matcher = LongestMatcher(patterns)
    patterns_of: dict[int, list[int]] = {}
    for number, ids in enumerate(matcher.values):
        for rid in ids:
            patterns_of.setdefault(rid, []).append(number)
    return EnglishIndex(matcher, vocabulary, renderings, by_concept, patterns_of=patterns_of)


_SHORT_NAME_TYPES = ("acronym", "abbreviation")


def _add_short_names_inside(folded: list[tuple[int, list[list[str]]]], by_concept: dict[int, list[Rendering]]) -> None:
    """A rendering that holds another concept's full name may name it by its acronym, as English does
    ("18th National Congress of the All-China Federation of Trade Unions" is also "... of the ACFTU"), and
    "X of (the) Name" may be "Name's X" ("the ACFTU's 18th National Congress"): each is added as a variant
    of the longer rendering, so the longer term is found whole and the acronym is not found on its own."""
    words_of = dict(folded)
    short_names: dict[tuple[str, ...], list[list[str]]] = {}  # a full name's words → the names that stand for it
    for cid, rs in by_concept.items():
        shorts = [words for r in rs if r.term_type in _SHORT_NAME_TYPES and r.status != "deprecated"
                  for words in words_of[r.id]]
        for r in rs if shorts else ():
            if r.status != "deprecated" and r.term_type not in _SHORT_NAME_TYPES:
                for words in words_of[r.id]:
                    if len(words) >= 2:
                        short_names.setdefault(tuple(words), []).extend(
                            s for s in shorts if s != words)
    if not short_names:
        return
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in short_names:
        by_first.setdefault(name[0], []).append(name)
    for tid, variants in folded:
        extra: list[list[str]] = []
        for words in variants:
            for i, word in enumerate(words):
                for name in by_first.get(word, ()):
                    j = i + len(name)
                    if j - i >= len(words) or tuple(words[i:j]) != name:
                        continue  # the whole rendering is the name itself, or no name here
                    for short in short_names[name]:
                        extra.append(words[:i] + short + words[j:])
                    if j == len(words):  # "X of (the) Name" → "Name's X" (the possessive folds away)
                        head = words[:i - 1] if i >= 1 and words[i - 1] in _ARTICLES else words[:i]
                        if len(head) >= 2 and head[-1] == "of":
                            head = head[:-1]
                            if head and head[0] in _ARTICLES:
                                head = head[1:]
                            for form in [list(name)] + short_names[name]:
                                extra.append(form + head)
        for words in extra:
            if words and words not in variants:
                variants.append(words)


def english_index(db) -> EnglishIndex:
    return cached(db, "en", build_english_index)


class EnglishMatch(NamedTuple):
    start: int
    end: int
    text: str
    rendering_ids: tuple[int, ...]


_WORDS_AND_GAPS = re.compile(f"({WORD.pattern})")  # re.split with it: [gap, word, gap, word, …, gap]


class DraftScan(NamedTuple):
    """One pass over a text: its pieces ([gap, word, gap, word, …, gap]: word k is piece 2k + 1), its words
    coded one character each, and the leftmost-longest matches as (pattern number, first word, stop word)."""
    pieces: list[str]
    line: str
    found: list


def scan_draft(index: EnglishIndex, text: str) -> DraftScan:
    pieces = _WORDS_AND_GAPS.split(text)
    line = _coded(index, pieces[1::2])
    return DraftScan(pieces, line, index.matcher.longest_indexes(line))


def find_renderings(index: EnglishIndex, text: str, scan: DraftScan | None = None) -> list[EnglishMatch]:
    """Every glossary rendering in an English text, on whole words, longest first (`scan`: the text's
    scan_draft, when the caller has it)."""
    # C-level maps, no Python loop per word and no match object per word: the text is split into gaps and
    # words, and a match's offsets are sums of the pieces' lengths, summed from the previous match on
    # (matches come in order)
    pieces, _line, found = scan or scan_draft(index, text)
    lengths = list(map(len, pieces))
    ids = index.matcher.values
    new = tuple.__new__  # no Python-level constructor call per match
    out = []
    offset = piece = 0  # offset: where pieces[piece] starts
    for pattern, first, stop in found:  # one character per word
        start_piece = 2 * first + 1
        offset += sum(lengths[piece:start_piece])
        piece = start_piece
        start, end = offset, offset + sum(lengths[start_piece:2 * stop])
        out.append(new(EnglishMatch, (start, end, text[start:end], ids[pattern])))
    return out


def find_crossing(index: EnglishIndex, text: str, rendering_ids, scan: DraftScan | None = None) -> list[EnglishMatch]:
    """The places where one of the given renderings occurs in text although the leftmost-longest scan
    (find_renderings) took some of its words for another rendering that crosses it: in "labour union
    reform" the scan finds "labour union", and "union reform" crosses it. A rendering wholly inside one
    found by the scan still never counts ("trade union" in "Zhengzhou Federation of Trade Unions")."""
    wanted = set(rendering_ids)
    if not wanted:
        return []
    pieces, line, found = scan or scan_draft(index, text)
    first_of = [first for _pattern, first, _stop in found]
    texts, values = index.matcher.texts, index.matcher.values
    present = set(line)  # a rendering with a word the text lacks is not looked for
    out = []
    for pattern in sorted({p for rid in wanted for p in index.patterns_of.get(rid, ())}):
        code = texts[pattern]
        if not present.issuperset(code):
            continue
        ids = [rid for rid in values[pattern] if rid in wanted]
        at = line.find(code)
        while at >= 0:
            stop = at + len(code)
            k = bisect.bisect_right(first_of, at) - 1  # the scan's last match starting at or before this one
            inside = k >= 0 and stop <= found[k][2]
            if not inside:
                start = sum(map(len, pieces[:2 * at + 1]))
                end = start + sum(map(len, pieces[2 * at + 1:2 * stop]))
                out.append(EnglishMatch(start, end, text[start:end], tuple(ids)))
            at = line.find(code, at + 1)
    return sorted(out)


def _coded(index: EnglishIndex, words: list[str]) -> str:
    """The words as the matcher sees them, one code character each (`_OTHER_WORD` outside the vocabulary)."""
    codes = index.word_codes
    coded = list(map(codes.get, words))
    if None in coded:  # words not seen before: fold and look up each once
        if len(codes) > _MAX_WORD_CODES:
            codes.clear()
            new = set(words)
        else:
            new = set(compress(words, map(not_, coded)))  # every code is a one-character string: true
        vocabulary = index.vocabulary
        fresh = {word: vocabulary.get(fold_word(word), _OTHER_WORD) for word in new}
        codes.update(fresh)
        coded = list(map(fresh.get, words, coded))  # not read back from codes: another thread may clear it
    return "".join(coded)
