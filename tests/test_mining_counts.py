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


# --- counting in groups of tasks (the pool's workers) -------------------------------------------------------

def news_tasks(shared_dir, monkeypatch, n_files=12):
    from glossary.mining import pipeline

    news = sorted((shared_dir / "corpus" / "news" / "2023").glob("*.txt"))[:n_files]
    monkeypatch.setattr(pipeline, "BATCH_BYTES", 20_000)
    return pipeline._count_tasks(news, 1)


@pytest.mark.parametrize("max_entries", [10_000_000, 45_000])  # the group under the cap, and over it
def test_a_group_of_tasks_counts_what_its_tasks_added_in_order_count(shared_dir, monkeypatch, max_entries):
    from glossary.mining import pipeline

    tasks = news_tasks(shared_dir, monkeypatch)
    assert len(tasks) >= 4
    alone = [pipeline._count_files(task, max_entries) for task in tasks]
    assert all(part[0].size() <= max_entries for part in alone)  # no task is pruned on its own…
    together = pipeline._count_group(tasks, max_entries)
    added = pipeline.merge_parts(*alone)
    assert tables(together[0]) == tables(added[0])  # …so neither is the group, whatever its size
    assert (together[0].tokens, together[0].characters, together[0].sentences) == (
        added[0].tokens, added[0].characters, added[0].sentences)
    assert together[1:] == added[1:4]


def test_the_pool_counts_in_groups_within_blocks(monkeypatch):
    from glossary.mining import pipeline

    monkeypatch.setattr(pipeline, "PRUNE_BLOCK", 5)
    monkeypatch.setattr(pipeline, "task_bytes", lambda task: 1_000_000)
    tasks = [([f"{i}.txt"], 0, 1) for i in range(12)]
    groups = pipeline._groups(tasks, 2)
    assert [len(g) for g in groups] == [3, 2, 3, 2, 1, 1]  # never across a block's end (5, 10, 12)
    assert [t for g in groups for t in g] == tasks
    monkeypatch.setattr(pipeline, "GROUP_BYTES", 2_000_000)
    assert [len(g) for g in pipeline._groups(tasks, 2)] == [2, 2, 1, 2, 2, 1, 1, 1]  # closed at GROUP_BYTES


def test_packed_counts_merge_as_the_counts_do():
    import pickle

    first = count_sentences(["工会组织职工开展劳动竞赛，“工人先锋号”创建、职工书屋、送温暖活动持续开展。"])
    second = count_sentences(["职工书屋、“工人先锋号”和劳动竞赛：工会 worker 2024 年《工会法》"])
    second.pruned_below = 2
    for start in (Counts(), first):  # into empty tables (copied whole) and into full ones (added key by key)
        expected, got = start.copy(), start.copy()
        expected.merge(second)
        got.merge_packed(pickle.loads(pickle.dumps(second.packed())))  # as it travels from a worker
        assert tables(got) == tables(expected)
        assert (got.tokens, got.characters, got.sentences) == (expected.tokens, expected.characters,
                                                               expected.sentences)
