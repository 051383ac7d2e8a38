"""What a Chinese term and its reading may be, checked on every way in (curated files, the editors' forms,
imports): a term is written in Han characters, with at most the digits, Latin letters and the few marks the
glossary's terms use (世界500强, 停工、怠工, 中国梦·劳动美); a reading is one pinyin syllable per character.
Markup (`<img src=x onerror=…>工会`), other scripts or a `<script>` "reading" are refused with a GlossaryError
that says what is wrong, before anything is written."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from glossary.lang import pinyin as py
from glossary.store.schema import GlossaryError
from glossary.lang.text import is_cjk

MAX_TERM_CHARS = 60
# the marks a term may hold besides Han characters, digits and Latin letters
TERM_MARKS = set("〇、·•‧，。：；！？（）《》〈〉“”‘’—－-～+＋%％")  # 互联网+, 世界500强, 50%
_LATIN_OR_DIGIT = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_MARKED = re.compile(r"^[a-zü:āáǎàēéěèêīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]+[1-5]?$")


def chinese_term_problem(text) -> str | None:
    """Why `text` cannot be a Chinese term, or None when it can."""
    if not isinstance(text, str) or not text.strip():
        return "a Chinese term has no text"
    if len(text) > MAX_TERM_CHARS:
        return f"{text[:20]}…: a Chinese term has at most {MAX_TERM_CHARS} characters"
    if not any(is_cjk(ch) for ch in text):
        return f"{text[:40]!r}: a Chinese term needs Chinese characters"
    bad = [ch for ch in text if not (is_cjk(ch) or ch in TERM_MARKS or _LATIN_OR_DIGIT.fullmatch(ch))]
    if bad:
        shown = "".join(dict.fromkeys(bad))[:10]
        return (f"{text[:40]!r}: a Chinese term is written in Chinese characters (with digits, Latin letters and "
                f"、·，。 at most), not {shown!r}")
    return None


def check_chinese_term(text) -> str:
    problem = chinese_term_problem(text)
    if problem:
        raise GlossaryError(problem)
    return text


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written ü) of pypinyin's character dictionary."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(to_normal(s, v_to_u=True) for readings in pinyin_dict.values() for s in readings.split(","))


def is_pinyin_syllable(token: str) -> bool:
    """A syllable with tone marks (zhí), tone numbers (zhi2) or no tone (zhi); v or u: for ü."""
    from pypinyin.contrib.tone_convert import to_normal

    token = unicodedata.normalize("NFC", token.lower().replace("u:", "ü").replace("v", "ü"))
    if not _MARKED.match(token):
        return False
    return to_normal(token.rstrip("12345"), v_to_u=True) in pinyin_syllables()


def reading_problem(term: str, reading) -> str | None:
    """Why `reading` cannot be the reading of `term`, or None: one syllable per character, each a pinyin
    syllable (digits and Latin letters of the term stand for themselves)."""
    if not isinstance(reading, str) or not reading.strip():
        return f"{term}: the reading is empty"
    tokens = reading.split()
    expected = [s for s in py.syllables(term) if s.strip()]
    if len(tokens) != len(expected):
        return (f"{term}: a reading needs {len(expected)} syllable(s), one per character "
                f"(e.g. {' '.join(expected)}); got {len(tokens)}")
    for token, auto in zip(tokens, expected):
        if token != auto and not is_pinyin_syllable(token):
            return f"{term}: {token[:40]!r} is not a pinyin syllable"
    return None


def check_reading(term: str, reading) -> str:
    problem = reading_problem(term, reading)
    if problem:
        raise GlossaryError(problem)
    return reading
