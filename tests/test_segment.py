"""glossary.lang.segment: jieba's best route, found in one pass, is jieba's own route (ties included)."""
from __future__ import annotations

import jieba
import pytest

from glossary.lang.segment import LogProbabilities, route_ends

SENTENCES = [
    "郑州市总工会开展工资集体协商，推行厂务公开和职代会制度。",
    "劳动争议仲裁委员会由劳动行政部门代表、工会代表和企业方面代表组成。",
    "工人先锋号、五一劳动奖章、两金一卡",
    "abc 2013年10月18日",
    "",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_route_is_jiebas(sentence):
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    route: dict = {}
    tokenizer.calc(sentence, tokenizer.get_DAG(sentence), route)
    logp = LogProbabilities(tokenizer.FREQ, tokenizer.total)
    ends = route_ends(sentence, tokenizer.FREQ, logp, -logp.logtotal)
    assert ends == [route[k][1] for k in range(len(sentence))]
