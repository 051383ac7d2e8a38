"""Names in a draft, held against the Chinese source (used by glossary.check):

- a place + union organisation the glossary lacks as a whole (广州市总工会, 广东省总工会, 天河区总工会, 广州市总) is
  one name, not the place + the generic 市总工会 "municipal federation of trade unions": its English is built
  from the place's romanisation and the organisation's rendering ("Guangzhou Federation of Trade Unions");
- the people and places of the source (glossary.names) romanised in house style: a draft spelling close to
  that romanisation but not it ("Ceng Defeng" for 曾德峰, Zeng Defeng; "Tsai Qi", a syllable in Wade-Giles, for
  蔡奇 Cai Qi) is reported. Only the source's names are checked, so a draft's name whose Chinese the story
  lacks (a Taiwan or Hong Kong person's own spelling) is never a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from itertools import islice, product

import jieba.posseg as pseg
from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_normal
from pypinyin.style.wadegiles import to_wade_glides

from glossary.editing.names import _NOT_A_PLACE_START, places, romanize_place, split_name, split_place
from glossary.lang.text import is_cjk, to_simplified

# the union organisations a place name is put in front of, by the Chinese that follows the place:
# (the unit's character before 总工会, if any, is part of the place: 广州市 + 总工会)
_ORG_AFTER_PLACE = re.compile(r"总工会|市总(?!工会)|工会")
_UNITS = {"市": "", "省": "Provincial", "区": "District", "县": "County", "": ""}
# the generic modifiers the concept's rendering carries (市总工会: "municipal federation of trade unions"):
# dropped, since the place names the level; 省 keeps "Provincial" as an admitted-alike second choice
_GENERIC = re.compile(r"^(?:the\s+)?(?:municipal|provincial|city|local|county|district)\s+", re.IGNORECASE)


@dataclass
class PlaceOrganisation:
    """广州市总工会: a place and a union organisation, one name."""
    zh: str
    start: int
    end: int
    place: str  # 广州
    expected: list[str]  # the English, best first ("Guangzhou Federation of Trade Unions", …)
    found: list[list[int]] = field(default_factory=list)  # where the draft names it


def _title(words: str) -> str:
    small = {"of", "and", "the", "for", "in"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in words.split())


def _place_before(text: str, start: int, index) -> tuple[int, str] | None:
    """The place name ending at `start` (广州 before 市总工会, 广州市 before 总工会): (its start, its English)."""
    window = text[max(0, start - 9):start]
    n = 0
    while n < len(window) and is_cjk(window[-1 - n]):
        n += 1
    window = window[len(window) - n:]
    if len(window) < 2:
        return None
    simplified = to_simplified(window)
    # a place the glossary has (郑州) or the place table (广东, 陕西), longest first
    glossary_places = getattr(index, "_place_names", None)
    if glossary_places is None:
        glossary_places = {}
        for term in index.terms.values():
            concept = index.concepts[term.concept_id]
            if concept.kind == "place" and concept.en:
                glossary_places.setdefault(term.zh, concept.en)
        try:
            index._place_names = glossary_places
        except AttributeError:
            pass
    for k in range(min(len(simplified), 8), 1, -1):
        piece = simplified[-k:]
        base, suffix = split_place(piece)
        if base[0] in _NOT_A_PLACE_START:
            continue
        en = glossary_places.get(piece) or glossary_places.get(base)
        known = places().get(base) or places().get(piece)
        if known and known.kind == "generic":
            continue
        if en or known:
            return start - k, _place_english(base, suffix, _bare_place(en) if en else known.en)
    # otherwise jieba's place tag on the last word before the organisation
    words = list(pseg.cut(simplified))
    if not words:
        return None
    word, flag = words[-1]
    if flag != "ns" or len(word) < 2 or word[0] in _NOT_A_PLACE_START:
        return None
    base, suffix = split_place(word)
    return start - len(word), _place_english(base, suffix, romanize_place(base)[0])


_PLACE_UNIT_WORDS = re.compile(r"\s+(province|city|municipality|autonomous region|special administrative region)$")


def _bare_place(english: str) -> str:
    """A place's name without the lower-case unit house style adds in running text ("Guangdong province" →
    Guangdong): the organisation's rendering brings its own ("Provincial Federation of Trade Unions")."""
    return _PLACE_UNIT_WORDS.sub("", english)


def _place_english(base: str, suffix: str, name: str) -> str:
    if suffix in ("区", "县"):
        return f"{name} {_UNITS[suffix]}"
    return name


def place_organisations(text: str, occurrences, index, renderings_of) -> list[PlaceOrganisation]:
    """Every place + union organisation in the source that no glossary term covers whole. `renderings_of(zh)`
    gives the preferred rendering of the generic organisation (市总工会 → "municipal federation of trade
    unions"), or None."""
    out = []
    taken_until = -1
    for m in _ORG_AFTER_PLACE.finditer(to_simplified(text)):
        if m.start() < taken_until:
            continue
        org = m.group()
        unit = "市" if org == "市总" else ""
        if org != "市总" and m.start() > 0 and to_simplified(text[m.start() - 1]) in "市省区县":
            unit = to_simplified(text[m.start() - 1])
        if org == "工会" and not unit:
            continue  # 广东工会: "Guangdong's trade unions", not a name
        # the place, with its unit character (广州市 before 总工会; 广州市 of 广州市总)
        place = _place_before(text, m.start() + (1 if org == "市总" else 0), index)
        if place is None:
            continue
        start, place_en = place
        end = m.end()
        # a glossary term covering the whole name (郑州市总工会) or reaching out of it is the name, or not one
        if any(o.start < end and o.end > start and not (o.start >= start and o.end <= end and o.end - o.start < end - start)
               for o in occurrences):
            continue
        generic_zh = {"省": "省总工会", "市": "市总工会"}.get(unit, "市总工会") if org != "工会" else "工会"
        rendering = renderings_of(generic_zh) or ("trade union" if org == "工会" else "federation of trade unions")
        bare = _title(_GENERIC.sub("", rendering))
        full = _title(rendering)
        if unit == "省":
            expected = [f"{place_en} {full}", f"{place_en} {bare}"]
        elif unit in ("区", "县"):
            expected = [f"{place_en} {bare}"]
        else:
            expected = [f"{place_en} {bare}"] + ([f"{place_en} {full}"] if full != bare else [])
        if org == "工会":
            expected.append(f"{place_en} Federation of Trade Unions")
        out.append(PlaceOrganisation(text[start:end], start, end, place_en, expected))
        taken_until = end
    return out


def find_phrase(folded: list[str], phrase_variants: list[list[str]]) -> list[tuple[int, int]]:
    """(first word, stop word) of every place where one of the folded phrases occurs in the folded words."""
    out = []
    for words in phrase_variants:
        n = len(words)
        first = words[0]
        for i, w in enumerate(folded):
            if w == first and folded[i:i + n] == words:
                out.append((i, i + n))
    return sorted(set(out))


# --- people's and places' spellings ---------------------------------------------------------------------

_CAPITALISED = re.compile(r"[A-Z][a-zü]+(?:-[A-Za-zü]+|['’](?!s\b)[a-zü]+)*")  # Xi'an, not Zhengzhou's


def _key(text: str) -> str:
    return re.sub(r"[^a-zü]", "", text.lower())


def _syllable_spellings(pinyin: str) -> list[str]:
    """A toneless pinyin syllable and its Wade-Giles spellings, as keys (ts'ai → tsai; hsü written hsu or
    hsü): the older romanisation drafts fall back on (Tsai for 蔡 Cai, Chang for 张 Zhang)."""
    wade = to_wade_glides(pinyin).replace("'", "").replace("’", "")
    return list(dict.fromkeys([pinyin, wade.replace("v", "ü"), wade.replace("v", "u")]))


def _other_romanisations(zh: str) -> tuple[set[str], set[str]]:
    """Keys of a person's name spelt with any syllable in Wade-Giles (Tsai Qi, Tsai Chi, Cai Chi for 蔡奇),
    surname first and given name first; the house (pinyin) spelling itself is left out."""
    surname, given = split_name(zh)
    family = ([to_normal(s, v_to_u=True) for s in surname.reading.split()] if surname
              else lazy_pinyin(zh[0], style=Style.NORMAL, v_to_u=True))
    given_syllables = lazy_pinyin(given, style=Style.NORMAL, v_to_u=True)
    options = [_syllable_spellings(s) for s in family + given_syllables]
    house = "".join(family + given_syllables)
    first, reverse = set(), set()
    for combination in islice(product(*options), 256):  # a name has 2-4 syllables: at most 81 spellings
        parts = list(combination)
        key = "".join(parts)
        if key == house:
            continue
        first.add(key)
        reverse.add("".join(parts[len(family):] + parts[:len(family)]))
    return first, reverse


@dataclass
class NameMismatch:
    zh: str
    expected: str
    found: str
    start: int
    end: int
    why: str
    notes: list[str]
    zh_offsets: list[list[int]]


def name_mismatches(draft: str, names) -> list[NameMismatch]:
    """Spellings in the draft that are close to a source name's house romanisation but are not it: a
    misread surname (Ceng Defeng for Zeng Defeng), a split or hyphenated given name (Zeng De-feng), the
    given name first (Defeng Zeng), a misspelt place (Guangchou)."""
    words = [(m.start(), m.end(), m.group()) for m in _CAPITALISED.finditer(draft)]
    # runs of capitalised words separated by one space: where a name can be
    runs: list[list[tuple[int, int, str]]] = []
    for w in words:
        if runs and draft[runs[-1][-1][1]:w[0]] == " ":
            runs[-1].append(w)
        else:
            runs.append([w])
    exact = {n.en for n in names}  # another name of the story, spelled right
    out: list[NameMismatch] = []
    taken: set[int] = set()
    for name in names:
        if name.kind not in ("person", "place") or not name.en:
            continue
        expected = name.en
        if name.kind == "place":
            expected = re.sub(r"\s+(province|district|county|town|township|autonomous region)$", "", expected)
        expected_words = expected.split()
        key = _key(expected)
        reversed_key = _key(" ".join(expected_words[1:] + expected_words[:1])) if len(expected_words) == 2 else None
        other_first, other_reversed = _other_romanisations(name.zh) if name.kind == "person" else (set(), set())
        for run in runs:
            for size in ((1,) if name.kind == "place" else (2, 3)):
                for i in range(len(run) - size + 1):
                    piece = run[i:i + size]
                    start, end = piece[0][0], piece[-1][1]
                    if start in taken:
                        continue
                    found = draft[start:end]
                    found_key = _key(found)
                    if found == expected or found in exact:
                        continue
                    if found_key == key:
                        why = "written apart or hyphenated"
                    elif reversed_key and found_key == reversed_key:
                        why = "given name first"
                    elif found_key in other_first:
                        why = "Wade-Giles or mixed romanisation, not pinyin"
                    elif found_key in other_reversed:
                        why = "Wade-Giles or mixed romanisation, given name first"
                    elif (name.kind == "person" and len(piece) == 2 and _key(piece[1][2]) == _key(expected_words[-1])
                          and len(expected_words) == 2 and SequenceMatcher(None, found_key, key).ratio() >= 0.75):
                        why = "a different surname"
                    elif (name.kind == "place" and len(found_key) >= 5 and found_key[0] == key[:1]
                          and SequenceMatcher(None, found_key, key).ratio() >= 0.85):
                        why = "a different spelling"
                    else:
                        continue
                    taken.add(start)
                    zh_span = [[name.first, name.first + len(name.forms[0])]] if name.forms and name.first >= 0 else []
                    out.append(NameMismatch(name.zh, expected, found, start, end, why, list(name.notes), zh_span))
    return sorted(out, key=lambda m: m.start)
