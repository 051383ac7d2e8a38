"""What sort of thing a candidate is: a term, an abbreviation, a slogan, a quoted coinage, or a name
(organisation, person, place). Generic rules of Chinese word formation only — suffixes, numerals, quotation
marks and jieba's part-of-speech tags — never a list of expected answers."""
from __future__ import annotations

import re
from functools import lru_cache

import jieba.posseg

from glossary.mining.reference import Reference
from glossary.mining.scoring import Candidate

KINDS = ("term", "abbreviation", "slogan", "quoted", "organisation", "person", "place")

# The name of a body ends with what it is (郑州市总工会, 劳动争议仲裁委员会, 兰石集团, 工人日报).
ORGANISATION_SUFFIXES = (
    "总工会", "工会", "委员会", "联合会", "总会", "协会", "研究会", "集团", "公司", "办事处", "医院", "法院",
    "检察院", "审判庭", "派出庭", "工作部", "维护部", "中心", "服务站", "工作室", "俱乐部", "文化宫", "日报",
    "报社", "电台", "电视台", "网", "局", "厅", "政府", "市委", "省委", "常委会", "人大",
)
PLACE_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "州", "盟", "旗", "街道", "自治区")
_NUMERAL = "一二三四五六七八九十两双百千万"
# 两金一卡, 三险一金: numeral + thing, twice
_NUMBERED_PAIR = re.compile(f"^[{_NUMERAL}][^{_NUMERAL}]{{1,2}}[{_NUMERAL}][^{_NUMERAL}]{{1,2}}$")
# The commonest single-character surnames (a person name is a surname + one or two characters).
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤霍尧胡"
)


@lru_cache(maxsize=1)
def _pos_tokenizer(ref: Reference):
    """jieba.posseg over the reference's tokenizer, given the reference's tag table (POSTokenizer's own
    constructor would read dict.txt a second time for the same tags)."""
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = ref.tokenizer
    pos.word_tag_tab = ref.tags
    return pos


def classify(c: Candidate, ref: Reference) -> str:
    term = c.term
    if c.full_forms:
        return "abbreviation"
    if is_slogan(c):
        return "slogan"
    if len(term) >= 3 and term.endswith(ORGANISATION_SUFFIXES) and term not in ORGANISATION_SUFFIXES:
        return "organisation"
    if is_place(term, ref):
        return "place"
    if is_person(term, ref):
        return "person"
    if c.frequency and c.quoted / c.frequency >= 0.5:
        return "quoted"
    return "term"


def is_slogan(c: Candidate) -> bool:
    """A numbered slogan (两金一卡, 四季歌, 六有, 双亮) or a quoted list slogan (组织起来、切实维权)."""
    term = c.term
    if c.quoted and "、" in term:
        return True
    if term[0] in _NUMERAL and len(term) <= 6:
        return bool(c.quoted) or bool(_NUMBERED_PAIR.match(term))
    return False


def is_place(term: str, ref: Reference) -> bool:
    if ref.tag(term) == "ns":
        return True
    if len(term) <= 6 and term.endswith(PLACE_SUFFIXES):
        stem = term[: -1] if not term.endswith(("街道", "自治区")) else term[: -2]
        return bool(stem) and (ref.tag(stem) == "ns" or ref.tag(term[:2]) == "ns")
    return False


def is_person(term: str, ref: Reference) -> bool:
    """Two or three characters, a common surname first, tagged as a personal name by jieba.posseg."""
    if not 2 <= len(term) <= 3 or term[0] not in _SURNAMES:
        return False
    if ref.frequency(term) > 5 and ref.tag(term) not in ("nr", "nrfg", "nrt"):
        return False  # a dictionary word that happens to start with a surname character (高度, 金牌)
    words = list(_pos_tokenizer(ref).cut(term))
    return all(w.flag.startswith("nr") for w in words) and len(words) <= 2
