"""Counting candidate terms: token n-grams of jieba's segmentation and character n-grams, with quoted spans.

jieba splits domain terms apart (工资集体协商 → 工资/集体/协商, 工人先锋号 → 工人/先锋号), so a candidate is
a run of up to MAX_TOKENS tokens; character n-grams catch what its segmentation cuts badly (兰州市总 →
兰州市/总 hides 市总). Counting happens in worker processes on batches of sentences; the counts are merged
and pruned so memory stays bounded however large the corpus grows (see `Counts.prune`).
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, repeat
from math import log
from operator import not_, or_

import jieba
from jieba import finalseg

from glossary.lang.segment import route_ends

MAX_TOKENS = 6  # longest candidate, in tokens (its branching entropy counts as clause-bounded)
MAX_CHARS = 16  # longest candidate, in characters
CHAR_MAX = 4  # character n-grams are counted up to this length + 1 (string frequencies, abbreviations)
SEP = " "  # joins the tokens of a token n-gram key ("工资 集体 协商"); CJK runs never hold a space

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A quoted span: a coinage (“工人先锋号”), a slogan (“组织起来、切实维权”), a title (《职工素质建设五年规划》).
_QUOTED = re.compile(r"[“\"‘「『《〈]([^“”\"‘’「」『』《》〈〉\n]{2,30})[”\"’」』》〉]")
_NOT_A_COINAGE = re.compile(r"[，,。！？!?；;：:…]")  # a quotation of speech, not a name or a slogan


@dataclass
class Counts:
    """Counts of one batch of sentences, or of the whole corpus once merged."""

    grams: Counter = field(default_factory=Counter)  # token n-grams, keys joined with SEP
    chars: Counter = field(default_factory=Counter)  # character n-grams, 2..CHAR_MAX + 1
    quoted: Counter = field(default_factory=Counter)  # quoted spans (titles marked with a leading 《)
    listed: Counter = field(default_factory=Counter)  # items of enumerations with 、
    tokens: int = 0
    characters: int = 0
    sentences: int = 0
    pruned_below: int = 0  # n-grams rarer than this were dropped while counting (0: nothing pruned)

    def merge(self, other: "Counts") -> None:
        self.grams.update(other.grams)
        self.chars.update(other.chars)
        self.quoted.update(other.quoted)
        self.listed.update(other.listed)
        self.tokens += other.tokens
        self.characters += other.characters
        self.sentences += other.sentences
        self.pruned_below = max(self.pruned_below, other.pruned_below)

    def packed(self) -> tuple:
        """The counts in a compact form for sending to another process (`merge_packed` adds it): each table as
        one string of its keys end to end, their lengths and their counts (arrays). Pickling a Counter costs
        a pickle opcode and an object per key and, at the other end, a dict built only to be merged."""
        return (*map(_pack_table, (self.grams, self.chars, self.quoted, self.listed)), self.tokens,
                self.characters, self.sentences, self.pruned_below)

    def merge_packed(self, packed: tuple) -> None:
        """merge() of the counts that packed() packed: the same tables, keys in the same order."""
        *tables, tokens, characters, sentences, pruned_below = packed
        for table, (keys, lengths, counts) in zip((self.grams, self.chars, self.quoted, self.listed), tables):
            cut = map(keys.__getitem__, map(slice, accumulate(lengths, initial=0), accumulate(lengths)))
            if not table:
                dict.update(table, zip(cut, counts))
                continue
            get = table.get
            for key, n in zip(cut, counts):  # Counter.update's own loop, without a dict of the other's first
                table[key] = n + get(key, 0)
        self.tokens += tokens
        self.characters += characters
        self.sentences += sentences
        self.pruned_below = max(self.pruned_below, pruned_below)

    def copy(self) -> "Counts":
        """A new Counts with the same tables, in the same order (a tree of merges leaves its inputs alone)."""
        return Counts(Counter(self.grams), Counter(self.chars), Counter(self.quoted), Counter(self.listed),
                      self.tokens, self.characters, self.sentences, self.pruned_below)

    def size(self) -> int:
        return len(self.grams) + len(self.chars) + len(self.quoted) + len(self.listed)

    def prune(self, max_entries: int) -> None:
        """Keep memory bounded: while the tables hold more than max_entries keys, drop the rarest n-grams
        (count 1, then 2, …). Frequent n-grams are never dropped; a rare one may be undercounted, which only
        matters for a candidate that would be rare anyway. Single tokens are never dropped.

        One pass: a histogram of the counts that may be dropped gives the least threshold that brings the
        tables under max_entries (what raising it by one and dropping, round after round, would reach),
        then each table is rebuilt once from the keys it keeps (the tables as those rounds would leave them,
        key order kept). Both run in C (itertools over the tables), not a Python loop per key."""
        size = self.size()
        if size <= max_entries:
            return
        droppable = Counter(self.chars.values())
        droppable.update(self.quoted.values())
        droppable.update(self.listed.values())
        droppable.update(compress(self.grams.values(), map(str.__contains__, self.grams, repeat(SEP))))
        threshold = self.pruned_below + 1  # the first round's: what a previous pruning let back in goes
        size -= sum(n for count, n in droppable.items() if count < threshold)
        for count in sorted(c for c in droppable if c >= threshold):
            if size <= max_entries:
                break
            threshold = count + 1  # the rounds in between drop nothing: no count lies between
            size -= droppable[count]
        # each table rebuilt from the keys it keeps (in order): cheaper than deleting most of its keys one by
        # one, and the new tables are compact
        for name in ("grams", "chars", "quoted", "listed"):
            table = getattr(self, name)
            keep = map(threshold.__le__, table.values())
            if name == "grams":
                keep = map(or_, keep, map(not_, map(str.__contains__, table, repeat(SEP))))  # single tokens stay
            kept = Counter()
            dict.update(kept, compress(table.items(), keep))
            setattr(self, name, kept)
        self.pruned_below = threshold


def _pack_table(table: Counter) -> tuple[str, array, array]:
    return "".join(table), array("I", map(len, table)), array("q", table.values())


_tokenizer = None


def counting_tokenizer():
    """The tokenizer counting uses: jieba's default dictionary without its phrase entries of four or more
    characters (dict.txt lists phrases such as 工会工作, 困难职工, 五一劳动 with a nominal count of 3-5). Left in, they hide the terms that
    straddle them (社区工会 in 社区/工会工作, 劳动奖状 in 五一劳动/奖状); cut into their words, every string
    they covered is still counted. Made once per process (before the worker pool forks, so workers share it)."""
    global _tokenizer
    if _tokenizer is None:
        from glossary.mining.reference import PHRASE_COUNT, default_reference

        base = default_reference().tokenizer
        tok = _FastTokenizer()
        tok.FREQ = dict(base.FREQ)
        tok.FREQ.update((w, 0) for w, n in base.FREQ.items() if 0 < n <= PHRASE_COUNT and len(w) >= 4)
        tok.total = base.total
        tok.initialized = True
        tok.prepare()
        _tokenizer = tok
    return _tokenizer


class _FastTokenizer(jieba.Tokenizer):
    """jieba.Tokenizer with the very same segmentation (accurate mode, HMM on), found faster: segmentation
    is most of the counting time. The log-probabilities are computed once per word, and the best route is
    found by glossary.lang.segment.route_ends in one backward pass (jieba's route, ties included). Only `cut`
    (accurate mode) is sped up: jieba's `cut` calls the private `__cut_DAG`, which this class replaces."""

    _logp: dict | None = None

    def prepare(self) -> None:
        logtotal = log(self.total)
        self._logp = {w: log(f) - logtotal for w, f in self.FREQ.items() if f}
        self._floor = log(1) - logtotal  # jieba's `FREQ.get(w) or 1` for a string it does not know

    def _ends(self, sentence: str) -> list[int]:
        if self._logp is None:
            self.prepare()
        return route_ends(sentence, self.FREQ, self._logp, self._floor)

    def _Tokenizer__cut_DAG(self, sentence):  # jieba's __cut_DAG, on _ends() instead of get_DAG + calc
        ends = self._ends(sentence)
        freq = self.FREQ
        x = 0
        buf = ""
        n = len(sentence)
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    yield from _single_characters(buf, freq)
                    buf = ""
                yield sentence[x:y]
            x = y
        if buf:
            yield from _single_characters(buf, freq)


def _single_characters(buf: str, freq: dict):
    """A run of characters the route left single, as jieba cuts it: an unknown run goes to its HMM."""
    if len(buf) == 1:
        yield buf
    elif not freq.get(buf):
        yield from finalseg.cut(buf)
    else:
        yield from buf


_get_tokenizer = counting_tokenizer


@lru_cache(maxsize=4096)
def _slices(n: int, lo: int, hi: int) -> tuple[slice, ...]:
    """Every slice of lo..hi items of a sequence of n: n-grams are cut and counted by C code (map, Counter)."""
    return tuple(slice(i, i + k) for k in range(lo, min(hi, n) + 1) for i in range(n - k + 1))


# An item of an enumeration: between 、 and 、 (or the list's end: a comma, 和, 及, 等), or from a clause's
# start to a 、. Items of a list are parallel noun phrases: the enumeration marks both their edges.
_LIST_ITEM = re.compile(r"(?:(?<=、)|(?<=^)|(?<=[，,：:；;（(]))([\u3400-\u9fff]{2,16})(?=、)"
                        r"|(?<=、)([\u3400-\u9fff]{2,16}?)(?=[、，,。；;）)]|等|和|及|$)")


def quoted_spans(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of quoted names, coinages, slogans and titles in a sentence (not quoted speech)."""
    out = []
    for m in _QUOTED.finditer(sentence):
        inner = m.group(1).strip()
        if inner and not _NOT_A_COINAGE.search(inner) and _CJK_RUN.search(inner):
            out.append((m.start(1), m.end(1), inner))
    return out


def tokenize(text: str) -> list[list[str]]:
    """jieba tokens of each run of Chinese characters (digits, Latin and punctuation end a run)."""
    return list(_runs(counting_tokenizer().lcut(text)))


def count_sentences(sentences: list[str], counts: Counts | None = None) -> Counts:
    """Count token n-grams (1 … MAX_TOKENS), character n-grams (2 … CHAR_MAX + 1) and quoted spans, adding
    to counts if given. (Single characters are counted as tokens, where jieba leaves them alone.)"""
    counts = counts or Counts()
    grams, chars, quoted, listed = counts.grams, counts.chars, counts.quoted, counts.listed
    n_tokens = 0
    n_chars = 0
    lcut = counting_tokenizer().lcut
    join = SEP.join
    for sentence in sentences:
        for _start, _end, inner in quoted_spans(sentence):
            quoted[inner] += 1
        if "、" in sentence:
            listed.update(a or b for a, b in _LIST_ITEM.findall(sentence))
        for tokens in _runs(lcut(sentence)):
            run = "".join(tokens)
            n = len(run)
            n_chars += n
            chars.update(map(run.__getitem__, _slices(n, 2, CHAR_MAX + 1)))
            m = len(tokens)
            n_tokens += m
            grams.update(tokens)
            if m > 1:
                grams.update(map(join, map(tokens.__getitem__, _slices(m, 2, MAX_TOKENS))))
    counts.tokens += n_tokens
    counts.characters += n_chars
    counts.sentences += len(sentences)
    return counts


def _runs(tokens: list[str]):
    """Runs of all-Chinese tokens: punctuation, digits, Latin and spaces end a run."""
    run: list[str] = []
    for token in tokens:
        if _CJK_RUN.fullmatch(token):
            run.append(token)
        elif run:
            yield run
            run = []
    if run:
        yield run
