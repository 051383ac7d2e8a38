"""The blind judgements of the pooled top 100s (tests/data/judged/, issue #14): every line judged with one of
the three labels, none of a term already on its gold list, every term judged in scope found in its texts; and
the bench's judged precision counts the gold list and the terms judged in, nothing else. Texts other than the
sample articles need ../shared (skipped without)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from heldout import HELDOUT_SETS  # noqa: E402

from bench.bench_mining import JUDGED, judged_figures, load_gold, load_judged  # noqa: E402

DATA = ROOT / "tests" / "data"
GOLD = {"articles": DATA / "gold_terms.txt", "laws": DATA / "gold_terms_laws.txt"}
for _held in HELDOUT_SETS.values():
    GOLD[f"{_held.name}_news"] = _held.news_gold
    GOLD[f"{_held.name}_statutes"] = _held.statutes_gold


def texts(name: str, shared: Path) -> str:
    if name == "articles":
        return "\n".join(p.read_text("utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    if name == "laws":
        paths = sorted((shared / "corpus" / "laws").glob("*.txt"))
        if not paths:
            pytest.skip(f"statutes not found in {shared / 'corpus' / 'laws'}")
        return "\n".join(p.read_text("utf-8") for p in paths)
    held = HELDOUT_SETS[name.rsplit("_", 1)[0]]
    if name.endswith("_news"):
        if not (shared / "corpus" / "news").is_dir():
            pytest.skip(f"news archive not found in {shared / 'corpus' / 'news'}")
        return "\n".join(text for _, text in held.news_texts(shared))
    paths = held.statute_paths(shared)
    return "\n".join(p.read_text("utf-8") for p in paths)


def test_there_is_a_judged_pool_for_every_gold_list():
    assert sorted(p.stem for p in JUDGED.glob("*.tsv")) == sorted(GOLD)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_line_is_judged_once_and_none_is_on_the_gold_list(name):
    lines = [line for line in (JUDGED / f"{name}.tsv").read_text("utf-8").splitlines() if not line.startswith("#")]
    assert lines[0] == "term\tjudgement\tnote"
    rows = [line.split("\t") for line in lines[1:]]
    assert rows and all(len(row) == 3 and row[0] and row[1] in ("in", "out", "fragment") for row in rows)
    terms = [row[0] for row in rows]
    assert len(set(terms)) == len(terms)
    assert not set(terms) & set(load_gold(GOLD[name]))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_term_judged_in_scope_occurs_in_its_texts(name, shared_dir):
    text = texts(name, shared_dir)
    judged_in = [t for t, label in load_judged(JUDGED / f"{name}.tsv").items() if label == "in"]
    assert [t for t in judged_in if t not in text] == []


def test_judged_precision_counts_the_gold_list_and_the_terms_judged_in():
    ranked = ["工会", "职工", "劳动", "日起", "新词"] + ["x%d" % i for i in range(95)]
    figures = judged_figures(ranked, ["工会"], {"职工": "in", "劳动": "out", "日起": "fragment"})
    assert figures["P@100"] == pytest.approx(0.02) and figures["P@50"] == pytest.approx(0.04)
    assert figures["unjudged"] == 96  # 新词 and the 95 fillers: never judged, so never hits
