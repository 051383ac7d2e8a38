"""The held-out texts of issue #14: news stories and statutes the term miner was never tuned on, with gold
lists labelled by hand before it was measured on them.

- tests/data/heldout_news_stories.tsv names the labour stories chosen from the Nov–Dec 2024 news
  (../shared/corpus/news/2024/202411*.txt and 202412*.txt), one `date<TAB>title` a line; their terms are in
  tests/data/gold_terms_news_heldout.txt. Nov–Dec 2024 news is held out of any statistics built from the
  archive.
- HELDOUT_STATUTES are three files of ../shared/corpus/statutes; their terms are in
  tests/data/gold_terms_statutes_heldout.txt.

A benchmark writes the stories to a temporary folder and mines them:

    for name, text in heldout_news_texts(SHARED):
        (folder / f"{name}.txt").write_text(text, "utf-8")
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORIES_TSV = ROOT / "tests" / "data" / "heldout_news_stories.tsv"
HELDOUT_STATUTES = (
    "local_zhejiang_labour_dispute_mediation_2020.txt",
    "reg_paid_annual_leave_2007.txt",
    "local_chongqing_trade_unions_2011.txt",
)
STORY_HEAD = re.compile(r"【(\d{4}-\d{2}-\d{2})】(.*)")


def heldout_stories(tsv: Path = STORIES_TSV) -> list[tuple[str, str]]:
    """(date, title) of each chosen story, in the order of the list."""
    rows = []
    for line in tsv.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            date, title = line.split("\t")
            rows.append((date, title))
    return rows


def news_blocks(path: Path) -> list[tuple[str, str, str]]:
    """(date, title, text) of each story of one day's news file. The text is the story's title line and its
    paragraphs, one a line; the `来源：` line (the story's URL) and blank lines are left out."""
    blocks: list[tuple[str, str, list[str]]] = []
    for line in path.read_text("utf-8").splitlines():
        head = STORY_HEAD.match(line)
        if head:
            blocks.append((head.group(1), head.group(2), [line]))
        elif blocks and line.strip() and not line.startswith("来源："):
            blocks[-1][2].append(line)
    return [(date, title, "\n".join(lines) + "\n") for date, title, lines in blocks]


def news_file(shared: Path, date: str) -> Path:
    return shared / "corpus" / "news" / date[:4] / (date.replace("-", "") + ".txt")


def heldout_news_texts(shared: Path) -> list[tuple[str, str]]:
    """(name, text) of each chosen story: name is `NN_YYYY-MM-DD` (NN its place in the list), text the whole
    block. Raises ValueError when a listed story is missing or found more than once in its day's file."""
    texts = []
    for number, (date, title) in enumerate(heldout_stories(), 1):
        found = [text for d, t, text in news_blocks(news_file(shared, date)) if (d, t) == (date, title)]
        if len(found) != 1:
            raise ValueError(f"{date} {title}: found {len(found)} times in {news_file(shared, date)}")
        texts.append((f"{number:02d}_{date}", found[0]))
    return texts


def heldout_statute_paths(shared: Path) -> list[Path]:
    return [shared / "corpus" / "statutes" / name for name in HELDOUT_STATUTES]
