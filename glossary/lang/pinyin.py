"""Pinyin for Chinese terms and sentences: correct in context, in every written form, and as search keys.

pypinyin's own segmenter misreads domain text (长效机制 → zhǎng); segmenting with jieba first and feeding
pypinyin a word list, with a small table of corrected phrases (data/pinyin_phrases.tsv), fixes the term-level
cases. A reading reviewed by a person is stored per term and always wins (see `reading(…, override=…)`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jieba
import pypinyin
from pypinyin import Style
from pypinyin.contrib.tone_convert import to_normal, to_tone3

from glossary.data import rows as data_rows
from glossary.lang.text import is_cjk

jieba.setLogLevel(60)


@dataclass(frozen=True)
class Reading:
    marks: str  # "zhí dài huì"
    numbers: str  # "zhi2 dai4 hui4" (neutral tone unnumbered)
    plain: str  # "zhi dai hui"
    initials: str  # "zdh"


@lru_cache(maxsize=None)
def corrected_phrases() -> dict[str, list[str]]:
    """The phrase table, loaded once into pypinyin and jieba."""
    table: dict[str, list[str]] = {}
    for phrase, marks in data_rows("pinyin_phrases.tsv"):
        table[phrase] = marks.split()
    pypinyin.load_phrases_dict({p: [[s] for s in syl] for p, syl in table.items()})
    for phrase in table:
        jieba.add_word(phrase, freq=2_000_000)
    return table


# 以…为… ("take … as …"): 为 is wéi when 以 opens the same clause a few characters before it.
_YI_WEI = re.compile(r"以[^，。；！？,;!?“”]{1,12}?为")


def syllables(text: str) -> list[str]:
    """Tone-marked syllables of `text`, one per Chinese character; other runs (digits, Latin) kept whole."""
    corrected_phrases()
    words = jieba.lcut(text, HMM=False)
    result = [s[0] for s in pypinyin.pinyin(words, style=Style.TONE, v_to_u=True, errors=lambda s: [s])]
    # pypinyin returns one item per Chinese character and one per non-Chinese run; align to characters
    positions = _char_positions(text)
    for m in _YI_WEI.finditer(text):
        index = positions.get(m.end() - 1)
        if index is not None and index < len(result) and result[index] == "wèi":
            result[index] = "wéi"
    return result


def _char_positions(text: str) -> dict[int, int]:
    """Map each Chinese character's offset in text to its index in the syllables list."""
    positions, index, in_run = {}, 0, False
    for offset, ch in enumerate(text):
        if is_cjk(ch):
            positions[offset] = index
            index += 1
            in_run = False
        elif not in_run:
            index += 1
            in_run = True
    return positions


def reading(term: str, override: str | None = None) -> Reading:
    """The reading of a term in all forms; `override` is a reviewed tone-marked reading ("zhí dài huì")."""
    marked = override.split() if override else [s for s in syllables(term) if s.strip()]
    return reading_from_marks(marked)


def reading_from_marks(marked: list[str]) -> Reading:
    marked = [unicodedata.normalize("NFC", s.lower().replace("v", "ü")) for s in marked]
    # Digits and Latin letters inside a term (12351职工维权热线) are kept as they are in every form.
    numbers = [to_tone3(s, v_to_u=True) if _is_syllable(s) else s for s in marked]
    plain = [to_normal(s, v_to_u=True) if _is_syllable(s) else s for s in marked]
    initials = "".join(s[0] for s, m in zip(plain, marked) if _is_syllable(m))
    return Reading(" ".join(marked), " ".join(numbers), " ".join(plain), initials)


_SYLLABLE = re.compile(r"^[a-zü:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]+[1-5]?$")


def _is_syllable(s: str) -> bool:
    return bool(_SYLLABLE.match(s))


@lru_cache(maxsize=None)
def common_polyphones() -> dict[str, list[str]]:
    return {char: readings.split() for char, readings in data_rows("polyphones.tsv")}


def heteronyms(term: str) -> dict[str, list[str]]:
    """Characters of `term` that are commonly read more than one way, with their readings: where a reading
    needed a choice, an editor may want to check it."""
    table = common_polyphones()
    return {ch: table[ch] for ch in dict.fromkeys(term) if ch in table}


# --- search keys ----------------------------------------------------------------------------------------
# Keys are compact (no spaces or apostrophes), lower case, with ü written v: internal only, never shown.

# what a reading loses on its way to a key, besides whitespace (the pinyin_inside index cuts keys by it too)
KEY_DROPPED = "'’-·."
KEY_DROPPED_PATTERN = re.compile(f"[\\s{re.escape(KEY_DROPPED)}]")


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower()).replace("u:", "ü").replace("ü", "v")
    return KEY_DROPPED_PATTERN.sub("", text)


def search_keys(r: Reading) -> dict[str, str]:
    return {
        "pinyin_key": _compact(r.plain),
        "pinyin_tone_key": _compact(r.marks),
        "pinyin_num_key": _compact(r.numbers),
        "initials": r.initials.lower(),
    }


_PINYIN_QUERY = re.compile(r"^[a-zü:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\s'’\-·0-5]+$", re.IGNORECASE)
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


# ü after n and l (女 nü, 绿 lü, 虐 nüe, 略 lüe) is often typed u; its key writes it v. Not before a, o or n,
# where u is u (暖 nuan, 诺 nuo, 论 lun).
_TYPED_U = re.compile(r"(?<=[nl])u(?![aon])")


def umlaut_variant(key: str) -> str | None:
    """The compact pinyin key with u read as ü after n and l (nuzhigong → nvzhigong), or None when there is
    no such u."""
    variant = _TYPED_U.sub("v", key)
    return variant if variant != key else None


def query_keys(query: str) -> dict[str, str] | None:
    """How a pinyin-like query should be matched: {column: key}, most specific first; None if not pinyin."""
    if not _PINYIN_QUERY.match(query) or not re.search(r"[a-zA-Zü]", query):
        return None
    compact = _compact(query)
    if any(ch in _TONE_MARKS for ch in query.lower()):
        return {"pinyin_tone_key": compact, "pinyin_key": _compact(to_normal(query.lower(), v_to_u=True))}
    if re.search(r"\d", compact):
        return {"pinyin_num_key": compact.replace("5", ""), "pinyin_key": re.sub(r"\d", "", compact)}
    return {"pinyin_key": compact, "initials": compact}
