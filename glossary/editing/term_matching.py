"""Finding glossary terms in a text with Aho-Corasick automata, longest match first.

`LongestMatcher` is one leftmost-longest scan in Rust (the checker's English index uses it too);
`SpanMatcher` adds the annotator's passes over Chinese: every match in a window and the patterns' prefixes.
`tiled_matches` is the leftmost-longest scan re-tiled where a longer match would split the next term
(工会法律援助 is 工会 + 法律援助, not 工会法 + …), by `best_tiling`'s rule with jieba telling where words are.
"""
from __future__ import annotations

import bisect
from itertools import compress, repeat
from operator import add, and_, itemgetter, lt

import ahocorasick_rs
import jieba

from glossary.lang.matcher import Matcher
from glossary.lang.segment import LogProbabilities, route_ends

jieba.setLogLevel(60)


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



def tiled_matches(matcher: SpanMatcher, text: str) -> list[tuple[int, int, int]]:
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
