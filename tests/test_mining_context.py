"""Domain passages (glossary/mining/context.py): in a text that mixes items, candidates seen only outside the
domain's passages rank lower; a text wholly of the domain, or mining without archive statistics, is unchanged."""
from __future__ import annotations

import ahocorasick
import pytest

from glossary.mining import background as bgs
from glossary.mining import context
from glossary.mining.pipeline import mine

# An archive of 100 documents, 20 of them domain documents: 工会, 劳动者 and 集体合同 lean to the domain; 天气
# is everywhere alike; 就业 is in too few domain documents to mark anything.
ARCHIVE = bgs.Background(100, 20, {
    "工会": [20, 18, 90, 0, 0], "劳动者": [18, 16, 70, 0, 0], "集体合同": [12, 10, 40, 0, 0],
    "天气": [60, 12, 100, 0, 0], "就业": [10, 3, 20, 0, 0],
})

LABOUR = "工会代表劳动者与企业协商签订集体合同。劳动者有权参加工会。"
WEATHER = "强冷空气带来大风降温，中央气象台发布寒潮预警。寒潮预警提醒公众防范。"


def automaton(*words: str) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for w in words:
        a.add_word(w, len(w))
    a.make_automaton()
    return a


def test_markers_are_the_strings_the_archive_leans_on():
    found = {term for term, _length in ARCHIVE.domain_markers(context.MARKER_LEAN, context.MARKER_MIN_DOMAIN_DF)}
    assert found == {"工会", "劳动者", "集体合同"}
    assert context.markers(bgs.Background(10, 2, {"天气": [9, 2, 9, 0, 0]})) is None


def test_a_paragraph_is_domain_when_it_or_its_story_is_dense_in_markers():
    markers = automaton("工会", "劳动者")
    # one document, no stories: dense as a whole, so even its marker-free paragraph counts as domain
    passages = context.domain_passages([(0, LABOUR), (1, "今天下午举行签约仪式。")], markers)
    assert [domain for _text, domain in passages] == [True, True]
    # a bulletin of dated stories: each story judged on its own, and a paragraph on its own within it
    bulletin = [(0, "【2024-01-02】国内联播快讯"), (1, WEATHER * 3), (2, LABOUR), (3, "【2024-01-02】天气预报"), (4, WEATHER)]
    judged = context.domain_passages(bulletin, markers)
    assert [domain for _text, domain in judged] == [False, False, True, False, False]


def test_in_a_mixed_text_the_items_outside_the_domain_rank_lower(tmp_path):
    day = tmp_path / "day.txt"
    day.write_text("".join(f"【2024-01-0{i}】工会新闻{i}\n{LABOUR}\n【2024-01-0{i}】天气{i}\n{WEATHER}\n" for i in (1, 2, 3)),
                   "utf-8")
    plain = {c.term: c for c in mine([day], background=None, model=None).candidates}
    mixed = {c.term: c for c in mine([day], background=ARCHIVE, model=None).candidates}
    assert mixed["集体合同"].features["domain_passages"] == 1.0
    assert mixed["寒潮预警"].features["domain_passages"] == 0.0
    assert mixed["集体合同"].score == pytest.approx(plain["集体合同"].score, abs=1e-3)
    assert mixed["寒潮预警"].score == pytest.approx(plain["寒潮预警"].score - context.WEIGHT, abs=1e-3)
    assert "domain_passages" not in plain["寒潮预警"].features


def test_a_text_wholly_of_the_domain_keeps_its_order(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text((LABOUR + "\n") * 4, "utf-8")
    plain = [c.term for c in mine([story], background=None, model=None).candidates]
    with_archive = mine([story], background=ARCHIVE, model=None).candidates
    assert [c.term for c in with_archive] == plain
    assert all(c.features.get("domain_passages", 1.0) == 1.0 for c in with_archive)
