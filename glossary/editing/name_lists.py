"""Names in an enumeration: 张三、李四和王五, …、王五等. A list of people is written as names joined by 、 (the
last often by 和, 及, 与 or 以及, and closed by 等); when one item is a name, its neighbours are names of the
same shape. jieba tags names one word at a time and often cuts the last one into the words after it
(王 | 五发 | 了言 in 王五发了言), so the neighbours are read from the characters: a known surname, a given name
of one or two characters, ending at a break (、, 和, 等, punctuation, a title or a verb of saying) or, where
the text runs on, as long as the name beside it. Used by glossary.editing.names.
"""
from __future__ import annotations

from typing import Callable

import jieba
import jieba.posseg as pseg

from glossary.lang.text import is_cjk

_SEPARATORS = ("以及", "、", "和", "及", "与")
# what may follow the last name of a list: the separators, 等, a title or a verb of saying
_AFTER_ITEM = _SEPARATORS + ("等", "同志", "先生", "女士", "师傅", "说", "表示", "认为", "介绍", "指出", "强调",
                             "主席", "书记", "代表", "劳模", "两位", "三位", "几位", "各位", "二人", "三人", "分别")
_PUNCTUATION = set("，,。；;：:！？!?）)」』”’\"' \u3000\n")
PERSON_TAGS = ("nr", "nrfg", "nrt")  # jieba's tags for a person's name
_COMMON = 1000  # jieba frequency above which a word is everyday vocabulary, not part of a name


def _word(word: str) -> tuple[int, str | None]:
    """(jieba frequency, tag) of a dictionary word; (0, None) if jieba's dictionary lacks it."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0, pseg.dt.word_tag_tab.get(word)


def _common_word(word: str) -> bool:
    freq, tag = _word(word)
    return freq >= _COMMON and tag not in PERSON_TAGS


def _breaks_after(text: str, end: int) -> bool:
    return end >= len(text) or text[end] in _PUNCTUATION or text.startswith(_AFTER_ITEM, end)


def _plausible(text: str, start: int, end: int, split_name: Callable) -> bool:
    """Whether text[start:end] can be a person's name inside a list: a known surname and a given name of one
    or two characters, not an ordinary word (国家, 同事们), and not cut out of one (高度评 of 高度评价)."""
    if start < 0 or end > len(text):
        return False
    item = text[start:end]
    if not all(is_cjk(ch) for ch in item) or any(ch in "、和及与等的了是在" for ch in item[1:]):
        return False
    surname, given = split_name(item)
    if surname is None or not 1 <= len(given) <= 2:
        return False
    freq, tag = _word(item)
    if freq > 0 and tag not in PERSON_TAGS:
        return False
    if len(item) > 2 and _common_word(item[:2]) and len(surname.zh) == 1:
        return False  # 同事们: a word, then a character
    # an everyday word running on past the item's end (高度评|价): the item is cut out of running text;
    # words inside the given name are fine (建国, 文明 are given names)
    return not any(_common_word(text[i:j]) for i in range(start + 1, end)
                   for j in range(end + 1, min(i + 4, len(text)) + 1))


def _lengths(split_name: Callable, text: str, at: int) -> list[int]:
    lengths = [2, 3]
    if split_name(text[at:at + 4])[0] is not None and len(split_name(text[at:at + 4])[0].zh) == 2:
        lengths = [3, 4]  # 欧阳 + a given name
    return lengths


def _next_item(text: str, at: int, peer: int, split_name: Callable) -> tuple[int, int] | None:
    """The name starting at `at`, after a separator: one ending at a break, the peer's length first."""
    options = [n for n in _lengths(split_name, text, at) if _plausible(text, at, at + n, split_name)]
    options.sort(key=lambda n: (not _breaks_after(text, at + n), n != peer))
    if not options or (not _breaks_after(text, at + options[0]) and options[0] != peer):
        return None  # the text runs on and no length matches the name beside it: not sure where it ends
    return at, at + options[0]


def _previous_item(text: str, end: int, peer: int, split_name: Callable) -> tuple[int, int] | None:
    """The name ending at `end`, before a separator: the peer's length first."""
    options = [n for n in (peer, 2, 3, 4) if _plausible(text, end - n, end, split_name)]
    return (end - options[0], end) if options else None


def enumerated_names(text: str, seeds: list[tuple[int, int]], split_name: Callable) -> list[tuple[int, int]]:
    """The names listed with the names at `seeds` ((start, end) spans), found from both sides of each
    separator until no new one turns up; the seeds themselves are not returned."""
    known = {start: end for start, end in seeds}
    found: list[tuple[int, int]] = []
    todo = sorted(seeds)
    while todo:
        start, end = todo.pop()
        peer = end - start
        new = []
        sep = next((s for s in _SEPARATORS if text.startswith(s, end)), None)
        if sep is not None:
            new.append(_next_item(text, end + len(sep), peer, split_name))
        sep = next((s for s in _SEPARATORS if text.endswith(s, 0, start)), None)
        if sep is not None:
            new.append(_previous_item(text, start - len(sep), peer, split_name))
        for span in new:
            if span is None or span[0] in known or any(s < span[1] and span[0] < e for s, e in known.items()):
                continue
            known[span[0]] = span[1]
            found.append(span)
            todo.append(span)
    return sorted(found)
