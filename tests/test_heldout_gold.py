"""The held-out gold lists of issue #14: texts the term miner was never tuned on, labelled by hand before it was
measured on them. Each listed news story exists exactly once in the news archive, and each gold term occurs in
its texts (the chosen stories, or the three held-out statutes). The same checks for the second set (Sep–Oct
2024 news without bulletins, three other statutes) and the third (Jul–Aug 2024 news without bulletins, two
other statutes), and no two sets share text. Skips without ../shared."""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from heldout import (  # noqa: E402
    HELDOUT, HELDOUT2, HELDOUT3, HELDOUT_SETS, HELDOUT_STATUTES, heldout_news_texts, heldout_statute_paths,
    heldout_stories, news_blocks, news_file,
)

DATA = Path(__file__).parent / "data"


def gold(name: str) -> list[str]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_story_list_is_of_nov_dec_2024_and_has_no_repeats():
    stories = heldout_stories()
    assert 25 <= len(stories) <= 40
    assert len(set(stories)) == len(stories)
    assert all(date[:7] in ("2024-11", "2024-12") for date, _ in stories)


def archive_heads(shared_dir: Path) -> dict[tuple[str, str], int]:
    """How many times each (date, title) occurs in the whole news archive; skips when there is none."""
    archive = sorted((shared_dir / "corpus" / "news").glob("*/*.txt"))
    if not archive:
        pytest.skip(f"news archive not found in {shared_dir / 'corpus' / 'news'}")
    heads: dict[tuple[str, str], int] = {}
    for path in archive:
        for date, title, _ in news_blocks(path):
            heads[(date, title)] = heads.get((date, title), 0) + 1
    return heads


def test_every_gold_term_of_the_news_occurs_in_the_chosen_stories(shared_dir):
    terms = gold("gold_terms_news_heldout.txt")
    assert len(terms) == len(set(terms)) >= 150
    text = "\n".join(text for _, text in heldout_news_texts(shared_dir))
    assert [t for t in terms if t not in text] == []


def test_every_gold_term_of_the_statutes_occurs_in_them(shared_dir):
    terms = gold("gold_terms_statutes_heldout.txt")
    assert len(terms) == len(set(terms)) >= 100
    paths = heldout_statute_paths(shared_dir)
    assert [p.name for p in paths] == list(HELDOUT_STATUTES)
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"held-out statutes not found: {missing}")
    text = "\n".join(p.read_text("utf-8") for p in paths)
    assert [t for t in terms if t not in text] == []


# The second and third held-out sets: stories about labour as a whole (no bulletins) of Sep–Oct and of Jul–Aug
# 2024, and other statutes. Those months have fewer such stories than Nov–Dec had with its bulletins (see the
# TSVs' headers): each set has its own least number of stories, characters and news terms.
LATER_SETS = [pytest.param(HELDOUT2, (10, 5_000, 100), id="set2"), pytest.param(HELDOUT3, (3, 1_000, 50), id="set3")]
ALL_SETS = [pytest.param(HELDOUT, (25, 25_000, 150), id="set1")] + LATER_SETS


@pytest.mark.parametrize("held, least", LATER_SETS)
def test_the_story_list_is_of_its_months_without_bulletins_or_repeats(held, least):
    stories = held.stories()
    assert least[0] <= len(stories) <= 40
    assert len(set(stories)) == len(stories)
    assert all(date[:7] in held.months for date, _ in stories)
    assert [title for _, title in stories if "国内联播快讯" in title or "快讯" in title] == []


@pytest.mark.parametrize("held, least", ALL_SETS)
def test_each_story_of_the_list_exists_exactly_once_in_the_news(shared_dir, held, least):
    heads = archive_heads(shared_dir)
    assert [story for story in held.stories() if heads.get(story) != 1] == []


@pytest.mark.parametrize("held, least", ALL_SETS)
def test_news_texts_give_each_story_whole(shared_dir, held, least):
    texts = held.news_texts(shared_dir)
    stories = held.stories()
    assert len(texts) == len(stories) == len({name for name, _ in texts})
    for (name, text), (date, title) in zip(texts, stories):
        assert name.endswith(date)
        first, *paragraphs = text.splitlines()
        assert first == f"【{date}】{title}"
        assert paragraphs and not any(line.startswith("来源：") or not line.strip() for line in paragraphs)
        day = set(news_file(shared_dir, date).read_text("utf-8").splitlines())
        assert all(line in day for line in paragraphs)
    assert least[1] <= sum(len(text) for _, text in texts) <= 50_000


@pytest.mark.parametrize("held, least", LATER_SETS)
def test_every_gold_term_of_the_news_list_occurs_in_its_stories(shared_dir, held, least):
    terms = gold(held.news_gold.name)
    assert len(terms) == len(set(terms)) >= least[2]
    text = "\n".join(text for _, text in held.news_texts(shared_dir))
    assert [t for t in terms if t not in text] == []


@pytest.mark.parametrize("held, least", LATER_SETS)
def test_every_gold_term_of_the_statutes_list_occurs_in_them(shared_dir, held, least):
    terms = gold(held.statutes_gold.name)
    assert len(terms) == len(set(terms)) >= 100
    paths = held.statute_paths(shared_dir)
    assert [p.name for p in paths] == list(held.statutes)
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"{held.name} statutes not found: {missing}")
    text = "\n".join(p.read_text("utf-8") for p in paths)
    assert [t for t in terms if t not in text] == []


def test_the_sets_are_named_and_the_first_keeps_its_defaults():
    assert HELDOUT_SETS == {"heldout": HELDOUT, "heldout2": HELDOUT2, "heldout3": HELDOUT3}
    assert HELDOUT.stories() == heldout_stories()
    assert HELDOUT.statutes == HELDOUT_STATUTES
    for held in HELDOUT_SETS.values():
        assert held.news_gold.exists() and held.statutes_gold.exists() and held.stories_tsv.exists()
        assert all(date[:7] in held.months for date, _ in held.stories())


PAIRS = list(itertools.combinations(HELDOUT_SETS.values(), 2))
PAIR_IDS = [f"{a.name}-{b.name}" for a, b in PAIRS]


@pytest.mark.parametrize(("one", "other"), PAIRS, ids=PAIR_IDS)
def test_no_two_sets_share_a_story_a_month_or_a_statute(one, other):
    assert set(one.stories()).isdisjoint(other.stories())
    assert set(one.months).isdisjoint(other.months)
    assert set(one.statutes).isdisjoint(other.statutes)
    assert {one.news_gold, one.statutes_gold, one.stories_tsv}.isdisjoint(
        {other.news_gold, other.statutes_gold, other.stories_tsv})


@pytest.mark.parametrize(("one", "other"), PAIRS, ids=PAIR_IDS)
def test_no_two_sets_share_text(shared_dir, one, other):
    """No paragraph of one set's stories or statutes is a paragraph of another's (a story repeated under
    another title, or one statute copied into another, would make a later set no longer independent)."""
    def lines(held) -> set[str]:
        found = set()
        for _, text in held.news_texts(shared_dir):
            found.update(line for line in text.splitlines()[1:] if len(line) >= 20)
        for path in held.statute_paths(shared_dir):
            if not path.exists():
                pytest.skip(f"held-out statute not found: {path}")
            found.update(line for line in path.read_text("utf-8").splitlines() if len(line) >= 20)
        return found

    assert lines(one) & lines(other) == set()
