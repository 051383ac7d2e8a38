"""The held-out texts of issue #14: news stories and statutes the term miner was never tuned on, with gold
lists labelled by hand before it was measured on them. There are three sets, each a `HeldOut`:

- HELDOUT (the first): tests/data/heldout_news_stories.tsv names the labour stories chosen from the Nov–Dec
  2024 news (../shared/corpus/news/2024/202411*.txt and 202412*.txt), bulletins included, one
  `date<TAB>title` a line; their terms are in tests/data/gold_terms_news_heldout.txt. HELDOUT_STATUTES are
  three files of ../shared/corpus/statutes; their terms are in tests/data/gold_terms_statutes_heldout.txt.
- HELDOUT2 (the second): tests/data/heldout2_news_stories.tsv names the labour stories of the Sep–Oct 2024
  news, without bulletins (stories about labour as a whole only); their terms are in
  tests/data/gold_terms_news_heldout2.txt. HELDOUT2_STATUTES are three other statutes; their terms are in
  tests/data/gold_terms_statutes_heldout2.txt.
- HELDOUT3 (the third): tests/data/heldout3_news_stories.tsv names the labour stories of the Jul–Aug 2024
  news, chosen as for the second set (no bulletins; only three stories pass); their terms are in
  tests/data/gold_terms_news_heldout3.txt. HELDOUT3_STATUTES are two other statutes; their terms are in
  tests/data/gold_terms_statutes_heldout3.txt.

Jul–Dec 2024 news and the sets' statutes are held out of the statistics and weights the package ships (the
Makefile's HELDOUT list, `make mining-data`). The three sets share no text.

A benchmark writes a set's stories to a temporary folder and mines them:

    for name, text in HELDOUT2.news_texts(SHARED):
        (folder / f"{name}.txt").write_text(text, "utf-8")
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
STORIES_TSV = DATA / "heldout_news_stories.tsv"
HELDOUT_STATUTES = (
    "local_zhejiang_labour_dispute_mediation_2020.txt",
    "reg_paid_annual_leave_2007.txt",
    "local_chongqing_trade_unions_2011.txt",
)
STORIES2_TSV = DATA / "heldout2_news_stories.tsv"
HELDOUT2_STATUTES = (
    "local_henan_trade_unions_2004.txt",
    "reg_disabled_employment_2007.txt",
    "reg_labour_security_inspection_2004.txt",
)
STORIES3_TSV = DATA / "heldout3_news_stories.tsv"
HELDOUT3_STATUTES = (
    "reg_working_hours_1995.txt",
    "local_shanghai_collective_contracts.txt",
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


def heldout_news_texts(shared: Path, tsv: Path = STORIES_TSV) -> list[tuple[str, str]]:
    """(name, text) of each chosen story of `tsv` (the first set's by default): name is `NN_YYYY-MM-DD` (NN its
    place in the list), text the whole block. Raises ValueError when a listed story is missing or found more
    than once in its day's file."""
    texts = []
    for number, (date, title) in enumerate(heldout_stories(tsv), 1):
        found = [text for d, t, text in news_blocks(news_file(shared, date)) if (d, t) == (date, title)]
        if len(found) != 1:
            raise ValueError(f"{date} {title}: found {len(found)} times in {news_file(shared, date)}")
        texts.append((f"{number:02d}_{date}", found[0]))
    return texts


def heldout_statute_paths(shared: Path, names: tuple[str, ...] = HELDOUT_STATUTES) -> list[Path]:
    return [shared / "corpus" / "statutes" / name for name in names]


@dataclass(frozen=True)
class HeldOut:
    """One held-out set: its stories list, its statutes, its two gold lists and the months its stories are
    of."""

    name: str
    stories_tsv: Path
    statutes: tuple[str, ...]
    news_gold: Path
    statutes_gold: Path
    months: tuple[str, ...]

    def stories(self) -> list[tuple[str, str]]:
        return heldout_stories(self.stories_tsv)

    def news_texts(self, shared: Path) -> list[tuple[str, str]]:
        return heldout_news_texts(shared, self.stories_tsv)

    def statute_paths(self, shared: Path) -> list[Path]:
        return heldout_statute_paths(shared, self.statutes)


HELDOUT = HeldOut(
    "heldout", STORIES_TSV, HELDOUT_STATUTES, DATA / "gold_terms_news_heldout.txt",
    DATA / "gold_terms_statutes_heldout.txt", ("2024-11", "2024-12"),
)
HELDOUT2 = HeldOut(
    "heldout2", STORIES2_TSV, HELDOUT2_STATUTES, DATA / "gold_terms_news_heldout2.txt",
    DATA / "gold_terms_statutes_heldout2.txt", ("2024-09", "2024-10"),
)
HELDOUT3 = HeldOut(
    "heldout3", STORIES3_TSV, HELDOUT3_STATUTES, DATA / "gold_terms_news_heldout3.txt",
    DATA / "gold_terms_statutes_heldout3.txt", ("2024-07", "2024-08"),
)
HELDOUT_SETS = {held.name: held for held in (HELDOUT, HELDOUT2, HELDOUT3)}
