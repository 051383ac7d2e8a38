"""A news story's metadata lines, Chinese or English: datelines, source lines and bylines ("2024年05月01日
来源：新华社", "【2024-05-01】", "本报记者 王明", "By Wang Ming | China Daily", "Updated: 2024-05-01 10:14").

They are not paragraphs of the story: the draft checker pairs them only with each other and expects no
rendering of a term found only there (a Chinese source line names 新华社; the English draft credits its own
paper). A line counts only when every piece of it is metadata and at least one piece is more than a bare name
(a date, a time, a `来源：`/`Source:` field, a byline), so a title or a sentence that starts with a date is
story text.
"""
from __future__ import annotations

import re

MAX_LINE_CHARS = 120  # metadata lines are short; a longer line is text even if it starts like one

# --- Chinese -------------------------------------------------------------------------------------------------
_ZH_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_TIME = r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
_ZH_KEYS = ("来源|來源|稿源|出处|出處|作者|编辑|編輯|责任编辑|責任編輯|责编|責編|记者|記者|通讯员|通訊員|摄影|攝影|"
            "实习生|實習生|发布时间|發布時間|发布日期|發布日期|时间|時間|日期|校对|校對|审核|審核")
_ZH_STRONG = re.compile(
    rf"(?:{_ZH_DATE})(?:\s*{_TIME})?|{_TIME}|(?:星期|周|週)[一二三四五六日天]"
    rf"|(?:{_ZH_KEYS})[:：]\S*"  # 来源：新华社 (the value is the rest of the piece)
    r"|(?:本报|本報|本刊|特约|特約)?(?:记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影)"  # 本报记者, then names
    r"|(?:本报|本報|本刊)(?:记者|記者|通讯员|通訊員)[\u4e00-\u9fff]{2,4}"  # 本报记者王明
    r"|(?:本报讯|本報訊)|[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电|[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日電")
_ZH_NAME = re.compile(r"[\u4e00-\u9fff·]{2,8}|[A-Za-z][\w.-]*(?:\.[a-z]{2,})+")  # 新华社, 工人日报, 王明, chinadaily.com.cn
_ZH_SPLIT = re.compile(r"[\s|丨｜/／、,，【】\[\]（）()〔〕<>《》]+")

# --- English -------------------------------------------------------------------------------------------------
_MONTH = r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_EN_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|BJT|CST)(?:\s*[+-]\s*\d{1,2})?)?"
_EN_DATE = (rf"{_WEEKDAY}(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
            rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})")
_EN_KEYS = (r"(?i:Updated|Published|Posted|Released|Source|Sources|Editor|Editors|Edited by|Author|Authors|Writer|"
            r"Reporter|Reporters|Photo|Photos|Photographer|Translator|Translated by|Date|Time|Dateline|Credit)")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|van|von|bin)"
_EN_STRONG = re.compile(
    rf"(?:{_EN_DATE})(?:,?\s*{_EN_TIME})?|{_EN_TIME}"
    rf"|(?:{_EN_KEYS})\s*:\s*\S.{{0,80}}"  # Source: Xinhua, Updated: 2024-05-01 10:14
    rf"|By\s+{_NAME_WORD}(?:\s+(?:and\s+)?{_NAME_WORD}|,){{0,8}}(?:\s+in\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})?"
    r"|\((?:Xinhua|AFP|AP|Reuters|Agencies|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})\)")  # a credit: (Xinhua)
_EN_NAME = re.compile(r"(?:[A-Z][\w'’.&-]*\s*){1,5}|[\w-]+(?:\.[a-z]{2,})+")  # China Daily, chinadaily.com.cn
_EN_SPLIT = re.compile(r"\s*(?:[|丨｜•·]|\s[-–—/]\s)\s*")


# every strong piece holds one of these: a line without any is story text (one cheap search per line)
_CUE = re.compile(r"[\d:：(]|By\s|记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影|本报讯|本報訊|星期|周|週")


def _pieces_are_metadata(pieces: list[str], strong: re.Pattern, name: re.Pattern) -> bool:
    pieces = [p for p in pieces if p]
    if not pieces or not all(strong.fullmatch(p) or name.fullmatch(p) for p in pieces):
        return False
    return any(strong.fullmatch(p) for p in pieces)


def is_metadata_line(line: str) -> bool:
    """True for a dateline, source line or byline (a whole line of nothing else), Chinese or English."""
    line = line.strip().replace("\u3000", " ")
    if not line or len(line) > MAX_LINE_CHARS or not _CUE.search(line):
        return False
    zh = re.sub(r"([:：])\s+", r"\1", line)  # 来源： 新华社 is one piece
    if _pieces_are_metadata(_ZH_SPLIT.split(zh), _ZH_STRONG, _ZH_NAME):
        return True
    return _pieces_are_metadata(_EN_SPLIT.split(line), _EN_STRONG, _EN_NAME)


def metadata_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each metadata line of text, in order."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if is_metadata_line(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans
