"""The gold lists behind the mining benchmark (bench/bench_mining.py), and a floor under the miner's quality.

The floors sit below the figures the benchmark prints (see README, "Mining"), so that a change that makes the
ranking clearly worse fails here; the figures themselves are measured and reported by the benchmark."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.store import config
from glossary.mining.inputs import iter_documents
from glossary.mining.pipeline import mine

DATA = Path(__file__).parent / "data"
ARTICLES = sorted(config.CORPUS_DIR.glob("*.txt"))


def gold(name: str) -> list[str]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def cleaned(paths) -> str:
    return "\n".join(s.text for doc in iter_documents(paths, lambda *a: None) for s in doc.sentences)


def test_every_gold_term_of_the_articles_occurs_in_their_cleaned_text():
    terms = gold("gold_terms.txt")
    assert len(terms) == len(set(terms)) >= 150
    text = cleaned(ARTICLES).replace(" ", "")
    assert [t for t in terms if t not in text] == []


def test_every_gold_term_of_the_statutes_occurs_in_them(shared_dir):
    terms = gold("gold_terms_laws.txt")
    assert len(terms) == len(set(terms)) >= 80
    text = cleaned([shared_dir / "corpus" / "laws"])
    assert [t for t in terms if t not in text] == []


def precision_recall(ranked: list[str], terms: list[str]) -> tuple[float, float]:
    return sum(t in set(terms) for t in ranked[:100]) / 100, len(set(terms) & set(ranked[:300])) / len(terms)


def test_quality_floor_on_the_articles():
    ranked = [c.term for c in mine(ARTICLES).candidates]
    p100, r300 = precision_recall(ranked, gold("gold_terms.txt"))
    assert p100 >= 0.55 and r300 >= 0.45, (p100, r300)


def test_quality_floor_on_the_statutes_beats_tfidf(shared_dir):
    jieba_analyse = pytest.importorskip("jieba.analyse")
    laws = [shared_dir / "corpus" / "laws"]
    terms = gold("gold_terms_laws.txt")
    ours = precision_recall([c.term for c in mine(laws).candidates], terms)
    tfidf = precision_recall(jieba_analyse.extract_tags(cleaned(laws), topK=300), terms)
    assert ours[0] >= 0.35 and ours[1] >= 0.5, ours
    assert ours[0] > 2 * tfidf[0] and ours[1] > 2 * tfidf[1], (ours, tfidf)
