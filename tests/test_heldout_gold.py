"""The held-out gold lists of issue #14: texts the term miner was never tuned on, labelled by hand before it was
measured on them. Each listed news story exists exactly once in the news archive, and each gold term occurs in
its texts (the chosen stories, or the three held-out statutes). Skips without ../shared."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from heldout import (  # noqa: E402
    HELDOUT_STATUTES, heldout_news_texts, heldout_statute_paths, heldout_stories, news_blocks, news_file,
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


def test_each_listed_story_exists_exactly_once_in_the_news(shared_dir):
    archive = sorted((shared_dir / "corpus" / "news").glob("*/*.txt"))
    if not archive:
        pytest.skip(f"news archive not found in {shared_dir / 'corpus' / 'news'}")
    heads = {}
    for path in archive:
        for date, title, _ in news_blocks(path):
            heads[(date, title)] = heads.get((date, title), 0) + 1
    assert [story for story in heldout_stories() if heads.get(story) != 1] == []


def test_heldout_news_texts_gives_each_story_whole(shared_dir):
    texts = heldout_news_texts(shared_dir)
    stories = heldout_stories()
    assert len(texts) == len(stories) == len({name for name, _ in texts})
    for (name, text), (date, title) in zip(texts, stories):
        assert name.endswith(date)
        first, *paragraphs = text.splitlines()
        assert first == f"【{date}】{title}"
        assert paragraphs and not any(line.startswith("来源：") or not line.strip() for line in paragraphs)
        day = set(news_file(shared_dir, date).read_text("utf-8").splitlines())
        assert all(line in day for line in paragraphs)
    assert 25_000 <= sum(len(text) for _, text in texts) <= 50_000


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
