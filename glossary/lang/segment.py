"""jieba's best route through a sentence — the dictionary step of its accurate mode — found in one backward
pass.

jieba builds a dict of word ends per position (`get_DAG`), then takes a log() per word in a generator under
max() (`calc`). Here the words are looked up and the best route is found in the same pass, with the same
float operations and the same tie-break (a later end wins), so the route is jieba's. The miner's tokenizer
(glossary/mining/candidates.py) and the annotator's re-tiling (glossary/editing/term_matching.py) both use it.
"""
from __future__ import annotations

from math import log


class LogProbabilities(dict):
    """A word's log-probability, log(count) - log(total), as jieba computes it; worked out on first use, so
    a few lookups do not pay for the whole dictionary."""

    def __init__(self, freq: dict, total: float):
        super().__init__()
        self.freq = freq
        self.logtotal = log(total)

    def __missing__(self, word: str) -> float:
        value = self[word] = log(self.freq[word]) - self.logtotal
        return value


def route_ends(sentence: str, freq: dict, logp: dict, floor: float) -> list[int]:
    """For each position of sentence, the last index of the word jieba's best route takes from there.

    freq: jieba's FREQ (every prefix of its words, count 0 if not a word itself); logp: log-probability per
    word (a dict or a LogProbabilities); floor: the log-probability of a character that starts no word
    (jieba's `FREQ.get(w) or 1`: -log(total))."""
    n = len(sentence)
    score = [0.0] * (n + 1)  # the best log-probability of sentence[k:]
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best = None
        end = k
        i = k
        frag = sentence[k]
        while frag in freq:  # every dictionary word starting at k (the DAG's edges from k)
            if freq[frag]:
                s = logp[frag] + score[i + 1]
                if best is None or s >= best:
                    best = s
                    end = i
            i += 1
            if i >= n:
                break
            frag = sentence[k:i + 1]
        score[k] = floor + score[k + 1] if best is None else best
        ends[k] = end
    return ends
