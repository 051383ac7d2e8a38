"""The count tables of term mining (glossary/mining/candidates.Counts): pruning in one pass leaves the very
tables the round-by-round pruning left."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from glossary.mining.candidates import SEP, Counts, count_sentences


def prune_round_by_round(counts: Counts, max_entries: int) -> None:
    """The pruning as it was written first (the reference): raise the threshold by one, drop, look again."""
    threshold = counts.pruned_below
    while counts.size() > max_entries:
        threshold += 1
        for table in (counts.grams, counts.chars):
            for key in [k for k, n in table.items() if n < threshold and (table is counts.chars or SEP in k)]:
                del table[key]
        for table in (counts.quoted, counts.listed):
            for key in [k for k, n in table.items() if n < threshold]:
                del table[key]
    counts.pruned_below = threshold


def tables(counts: Counts) -> tuple:
    """Every table's items in order (order decides ties in the ranking), and the threshold."""
    return (list(counts.grams.items()), list(counts.chars.items()), list(counts.quoted.items()),
            list(counts.listed.items()), counts.pruned_below)


def fixture_counts(seed: int, pruned_below: int = 0) -> Counts:
    """Tables of a few thousand keys with counts from 1 to ~40, skewed to the rare end as real counts are."""
    rng = random.Random(seed)
    counts = Counts(pruned_below=pruned_below)

    def word():
        return "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(rng.randint(1, 3)))

    for table, size in ((counts.grams, 3000), (counts.chars, 4000), (counts.quoted, 300), (counts.listed, 200)):
        for _ in range(size):
            key = SEP.join(word() for _ in range(rng.randint(1, 4))) if table is counts.grams else word() + word()
            table[key] += min(40, int(rng.paretovariate(1.2)))
    return counts


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("pruned_below", [0, 2, 5])
def test_pruning_in_one_pass_leaves_the_tables_the_rounds_left(seed, pruned_below):
    base = fixture_counts(seed, pruned_below)
    sizes = [base.size() + 10, base.size(), base.size() - 1, base.size() * 2 // 3, base.size() // 2,
             base.size() // 4, len(base.grams) // 3]  # above the single tokens: the rounds would never end
    for max_entries in sizes:
        expected, got = base.copy(), base.copy()
        prune_round_by_round(expected, max_entries)
        got.prune(max_entries)
        assert tables(got) == tables(expected), max_entries


def test_pruning_real_counts_in_one_pass_leaves_the_tables_the_rounds_left():
    counts = count_sentences(["工会组织职工开展劳动竞赛，“工人先锋号”创建、职工书屋、送温暖活动持续开展。"] * 3
                             + ["".join(chr(0x4E00 + (i * 131 + j * 17) % 20000) for j in range(9)) + "。"
                                for i in range(400)])
    for max_entries in (counts.size() * 3 // 4, counts.size() // 2, counts.size() // 5):
        expected, got = counts.copy(), counts.copy()
        prune_round_by_round(expected, max_entries)
        got.prune(max_entries)
        assert tables(got) == tables(expected)
        assert got.chars["劳动竞赛"] == 3 and got.grams["工人"] == 3


def test_pruning_stops_when_only_single_tokens_are_left():
    counts = Counts(grams=Counter({"工会": 1, "职工": 1, "工会 职工": 1}), chars=Counter({"工会": 1}))
    counts.prune(1)  # the two single tokens stay: the rounds would never end, one pass drops what it can
    assert dict(counts.grams) == {"工会": 1, "职工": 1} and not counts.chars
    assert counts.pruned_below == 2


class ReadCounter(Counter):
    """A table that counts how often it is read whole."""

    reads = 0

    def _read(self, view):
        ReadCounter.reads += 1
        return view

    def items(self):
        return self._read(super().items())

    def values(self):
        return self._read(super().values())

    def keys(self):
        return self._read(super().keys())

    def __iter__(self):
        return self._read(super().__iter__())


def test_pruning_reads_each_table_a_few_times_whatever_the_threshold():
    base = fixture_counts(7)
    counts = Counts(*(ReadCounter(getattr(base, t)) for t in ("grams", "chars", "quoted", "listed")))
    ReadCounter.reads = 0
    counts.prune(len(base.grams) // 3)
    assert counts.pruned_below > 10  # many rounds' worth of thresholds…
    assert ReadCounter.reads <= 5 * 4  # …in a few reads of each table (its histogram, then one deletion pass)
