"""People and places in a Chinese story, romanised in house style, each flagged for review.

People follow GB/T 28039-2011: surname first, given name joined and capitalised, no tones, apostrophe
before a syllable starting with a, o or e (Xi'an): 李元法 → Li Yuanfa. pypinyin has no surname mode, so a
table (data/surnames.tsv) gives the surnames read differently (曾 Zeng, 单 Shan, 解 Xie …) and the compound
ones (欧阳 Ouyang). Places drop 市 ("Zhengzhou") and write provinces "Henan province"; data/places.tsv holds
the names that are not plain pinyin (陕西 Shaanxi, 内蒙古 Inner Mongolia). A name the glossary already has
(a confirmed spelling, or an established name such as 富士康 Foxconn) is given as the glossary has it.

People are found with jieba's part-of-speech tags (nr) and context: a title or byline word before the name
(主席, 记者 …) or a title or speech verb after it (主席, 说 …).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import jieba
import jieba.posseg as pseg
from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_normal

from glossary.data import rows as data_rows
from glossary.editing.name_lists import PERSON_TAGS, enumerated_names
from glossary.lang import pinyin as py
from glossary.store.schema import GlossaryError
from glossary.lang.text import has_cjk, is_cjk, to_simplified

jieba.setLogLevel(60)


# --- pinyin syllables ----------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def pinyin_syllables() -> frozenset:
    """Every toneless pinyin syllable (ü written ü), from pypinyin's character table."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = to_normal(reading, v_to_u=True)
            if re.fullmatch(r"[a-zü]+", plain) and re.search(r"[aeiouü]", plain):
                out.add(plain)
    return frozenset(out)


_MAX_SYLLABLE = 6  # zhuang, chuang, shuang


def split_syllables(word: str) -> list[str] | None:
    """Split a toneless word into pinyin syllables ("Zhengzhou" → zheng, zhou; "Xi'an" → xi, an), or None
    if it is not pinyin. An apostrophe is a syllable boundary."""
    syllables = pinyin_syllables()
    out: list[str] = []
    for part in re.split(r"['’]", word.lower()):
        if not part:
            return None
        found = _split(part, syllables)
        if found is None:
            return None
        out += found
    return out or None


@lru_cache(maxsize=50_000)
def _split(part: str, syllables: frozenset) -> list[str] | None:
    if not part:
        return []
    for size in range(min(_MAX_SYLLABLE, len(part)), 0, -1):
        head = part[:size]
        if head in syllables:
            rest = _split(part[size:], syllables)
            if rest is not None:
                return [head, *rest]
    return None


def join_syllables(syllables: list[str]) -> str:
    """Toneless syllables as one word, apostrophe before a, o or e after the first: xi an → xi'an."""
    out = ""
    for i, s in enumerate(syllables):
        if i and s[:1] in ("a", "o", "e"):
            out += "'"
        out += s
    return out


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


# --- tables --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Surname:
    zh: str
    reading: str  # tone marks, space between syllables
    kind: str  # special | compound | common
    note: str

    @property
    def plain(self) -> str:
        return join_syllables([to_normal(s, v_to_u=True) for s in self.reading.split()])


@lru_cache(maxsize=None)
def surnames() -> dict[str, Surname]:
    return {row[0]: Surname(row[0], row[1], row[2], row[3] if len(row) > 3 else "") for row in data_rows("surnames.tsv")}


@dataclass(frozen=True)
class Place:
    zh: str
    en: str
    kind: str
    note: str


@lru_cache(maxsize=None)
def places() -> dict[str, Place]:
    return {row[0]: Place(row[0], row[1], row[2], row[3] if len(row) > 3 else "") for row in data_rows("places.tsv")}


# --- romanising ----------------------------------------------------------------------------------------

def split_name(zh: str) -> tuple[Surname | None, str]:
    """(surname, given name): a compound surname is tried first (欧阳修 → 欧阳 + 修)."""
    table = surnames()
    if len(zh) >= 3 and zh[:2] in table:
        return table[zh[:2]], zh[2:]
    return table.get(zh[0]), zh[1:]


def romanize_person(zh: str) -> tuple[str, list[str]]:
    """A person's name in GB/T 28039 style, and notes for the reviewer."""
    surname, given = split_name(zh)
    notes = []
    if surname is None:
        family = join_syllables(lazy_pinyin(zh[0], style=Style.NORMAL, v_to_u=True))
        notes.append(f"{zh[0]} is not in the surname table: check the reading")
    else:
        family = surname.plain
        if surname.kind == "special":
            notes.append(f"{surname.zh} is read {_capitalize(family)} as a surname ({surname.note})")
        elif surname.kind == "compound":
            notes.append(f"{surname.zh} is a compound surname")
    given_syllables = lazy_pinyin(given, style=Style.NORMAL, v_to_u=True)
    for ch, readings in py.heteronyms(given).items():
        plain = sorted({to_normal(r, v_to_u=True) for r in readings})
        if len(plain) > 1:
            notes.append(f"{ch} can be read {' or '.join(plain)}")
    romanised = _capitalize(family)
    if given:
        romanised += " " + _capitalize(join_syllables(given_syllables))
    return romanised, notes


def person_reading(zh: str) -> str:
    """A name's tone-marked reading with the surname read as a surname (曾 zēng), for the glossary entry."""
    surname, given = split_name(zh)
    family = surname.reading.split() if surname else lazy_pinyin(zh[0], style=Style.TONE, v_to_u=True)
    return " ".join(family + lazy_pinyin(given, style=Style.TONE, v_to_u=True))


_PLACE_SUFFIXES = {  # suffix → how the English names the unit ("" = dropped, as for cities)
    "自治区": " autonomous region", "自治州": " autonomous prefecture", "省": " province", "市": "",
    "县": " county", "区": " district", "镇": " town", "乡": " township",
}


def split_place(zh: str) -> tuple[str, str]:
    """(base, suffix): 郑州市 → 郑州, 市; 河南 → 河南, ''."""
    for suffix in sorted(_PLACE_SUFFIXES, key=len, reverse=True):
        if zh.endswith(suffix) and len(zh) - len(suffix) >= 2:
            return zh[: -len(suffix)], suffix
    return zh, ""


def romanize_place(zh: str) -> tuple[str, list[str]]:
    base, suffix = split_place(zh)
    notes = []
    known = places().get(base) or places().get(zh)
    if known:
        name = known.en
        if known.note:
            notes.append(known.note)
        if known.kind == "province" and not suffix:
            notes.append(f"write “{name} province” where the province is meant")
    else:
        name = _capitalize(join_syllables(lazy_pinyin(base, style=Style.NORMAL, v_to_u=True)))
    unit = _PLACE_SUFFIXES.get(suffix, "")
    if suffix == "市":
        notes.append("市 dropped: house style writes the city's name alone")
    if known and known.kind in ("region", "sar") and suffix in ("自治区",):
        unit = ""
    return name + unit, notes


# --- finding names -------------------------------------------------------------------------------------

# words that introduce a name (a title or a byline) or follow one (a title, a speech verb)
_TITLES = ("主席", "书记", "经理", "董事长", "局长", "厅长", "部长", "市长", "省长", "县长", "区长", "主任", "院长",
           "厂长", "校长", "处长", "科长", "委员", "干部", "代表", "劳模", "记者", "通讯员", "总裁", "会长", "社长",
           "秘书长", "总监", "队长", "组长", "班长", "师傅", "教授", "专家")
_AFTER = ("主席", "书记", "同志", "先生", "女士", "师傅", "说", "表示", "认为", "介绍", "指出", "强调", "告诉")
_ORG_SUFFIXES = ("集团", "公司", "医院", "工厂", "厂", "大学", "学院", "银行", "中心", "协会", "商场", "酒店")
_BYLINE = re.compile(r"(?:记者|通讯员|摄影|实习生)((?:[ \u3000]+[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff]))+)")
_NOT_A_PLACE_START = set("各全本该我市省县区")


@dataclass
class NameEntry:
    zh: str
    kind: str  # person | place | (a glossary concept's kind for an established name)
    en: str
    source: str  # glossary | romanised
    review: bool  # True until a person confirms the spelling
    count: int = 0
    first: int = -1
    forms: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cue: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=4)  # people and places are both looked for in one story's tokens (the slow part)
def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    for word, flag in pseg.cut(text):
        out.append((word, flag, pos))
        pos += len(word)
    return out


def _is_cjk_word(word: str) -> bool:
    return bool(word) and all(is_cjk(ch) for ch in word)


def _freq(word: str) -> int:
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0


def _person_candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, cue) of each name-like span."""
    table = surnames()
    found: list[tuple[int, int, str]] = []
    for m in _BYLINE.finditer(text):
        offset = m.start(1)
        for part in re.finditer(r"[\u4e00-\u9fff]{2,4}", m.group(1)):
            if split_name(part.group())[0]:
                found.append((offset + part.start(), offset + part.end(), "byline"))
    tokens = [t for t in _tokens(text) if t[0].strip()]
    for i, (word, flag, start) in enumerate(tokens):
        prev = tokens[i - 1][0] if i else ""
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        known_surname = word[:2] in table or word[0] in table
        # a surname the table lacks (习近平) is still a name when jieba tags it one and a title or a verb of
        # saying stands beside it (below): the table lists the common surnames, not all of them
        if not _is_cjk_word(word) or not (known_surname or flag in PERSON_TAGS):
            continue
        if nxt.endswith(_ORG_SUFFIXES) or nxt in _ORG_SUFFIXES:
            continue  # 兰石集团, 普瑞眼科医院: a company's name
        if len(word) == 1 and prev.endswith(_TITLES) and _is_cjk_word(nxt) and len(nxt) <= 2 and flag == "nr":
            found.append((start, start + 1 + len(nxt), prev))  # 主席 李 元法: jieba split the name
            continue
        if not 2 <= len(word) <= 4:
            continue
        if prev.endswith(_TITLES):
            cue = prev
        elif nxt.startswith(_AFTER):
            cue = nxt
        elif flag == "nr" and _freq(word) == 0 and len(word) <= 3 and known_surname:
            cue = "name"  # a name jieba's model found, not a dictionary word
        else:
            continue
        if cue != "name" and flag not in PERSON_TAGS and _freq(word) > 0:
            continue  # an ordinary word after a title (主席 团)
        found.append((start, start + len(word), cue))
    return found


def _place_candidates(text: str) -> list[tuple[int, int]]:
    tokens = _tokens(text)
    words = {w for w, _f, _s in tokens}
    out = []
    for word, flag, start in tokens:
        if flag != "ns" or not _is_cjk_word(word) or len(word) < 2:
            continue
        base, suffix = split_place(word)
        known = places().get(word) or places().get(base)
        if known and known.kind == "generic":
            continue  # a common noun jieba tags as a place (都市, 大都市)
        if known:
            out.append((start, start + len(word)))
        elif base[0] in _NOT_A_PLACE_START:
            continue
        elif suffix or any(base + s in words for s in _PLACE_SUFFIXES):
            out.append((start, start + len(word)))
    return out


def _opens_organisation(text: str, start: int, end: int, occ) -> bool:
    """Whether the place at start:end, written with its unit (西安市, 海淀区), opens the term matched at `occ`
    (西安市总工会, or 市总工会 overlapping 西安市's 市): a local organisation's name, whose place the editor
    romanises even though the glossary renders the organisation. Only the unit character may be shared with
    the term, so a place is never cut out of a longer word."""
    base, suffix = split_place(to_simplified(text[start:end]))
    if not suffix or occ.end <= end:
        return False
    return occ.start == start or start + len(base) <= occ.start < end


def glossary_place(index, zh: str):
    """The glossary's term (TermInfo) of a place concept written `zh` (郑州市, 郑州), or None."""
    table = getattr(index, "_names_places", None)
    if table is None:
        table = {}
        for term in index.terms.values():
            if index.concepts[term.concept_id].kind == "place":
                table.setdefault(term.zh, term)
        index._names_places = table  # built once per glossary index (it is cached per glossary version)
    return table.get(to_simplified(zh))


def find_names(db, text: str, annotation=None) -> list[NameEntry]:
    """The people and places of a story: those the glossary has (confirmed spellings, established names)
    as it has them, and those found by jieba and context cues romanised and flagged for review. `annotation`:
    the story's annotation where the caller has one (check does)."""
    from glossary.editing.annotate import Occurrence, annotate

    if annotation is None:
        annotation = annotate(db, text)
    text = annotation.text
    index = annotation.index
    covered = bytearray(len(text))
    for occ in annotation.occurrences:
        covered[occ.start:occ.end] = b"\x01" * (occ.end - occ.start)
    in_slogans = bytearray(len(text))
    for cand in annotation.candidates:
        in_slogans[cand.first:cand.first + len(cand.text)] = b"\x01" * len(cand.text)
        covered[cand.first:cand.first + len(cand.text)] = b"\x01" * len(cand.text)

    entries: dict[tuple, NameEntry] = {}
    counted: set[int] = set()  # glossary occurrences already counted, by start

    def add_known(occ, cue: str | None = None):
        concept = index.concepts[occ.concept_id]
        entry = entries.get(("concept", concept.id))
        if entry is None:
            entry = entries[("concept", concept.id)] = _entry(index, occ.text, occ.text, concept.kind, cue, occ)
            entry.first = occ.start
        if occ.start not in counted:
            counted.add(occ.start)
            entry.count += 1
        if occ.text not in entry.forms:
            entry.forms.append(occ.text)

    def add(start: int, end: int, kind: str, cue: str | None):
        hit = next((o for o in annotation.occurrences if o.start <= start and end <= o.end), None)
        if hit is None and kind == "place":
            # a confirmed place inside this form of its name (郑州 in 郑州市)
            hit = next((o for o in annotation.occurrences if start == o.start and o.end <= end
                        and index.concepts[o.concept_id].kind == "place"), None)
        inside = None  # the organisation's name this place opens (西安市总工会), if any
        if hit is not None:
            if index.concepts[hit.concept_id].kind in ("person", "place") or (hit.start, hit.end) == (start, end):
                add_known(hit, cue)  # a confirmed spelling, or an established name (富士康 Foxconn)
                return
            if not (kind == "place" and _opens_organisation(text, start, end, hit)):
                return  # inside a term's name, not a place the editor writes (the glossary renders the whole)
            inside = hit.text  # 郑州市总工会: the glossary renders the organisation, the editor still spells 郑州
        elif any(covered[start:end]):
            overlap = next((o for o in annotation.occurrences if o.start < end and start < o.end), None)
            if (any(in_slogans[start:end]) or kind != "place" or overlap is None
                    or not _opens_organisation(text, start, end, overlap)):
                return  # part of a slogan (金一卡 in 两金一卡) or of a term
            inside = text[start:overlap.end]  # 西安市 + 市总工会: the place ends inside the organisation's term
        if inside is not None:
            zh = to_simplified(text[start:end])
            term = glossary_place(index, zh) or glossary_place(index, split_place(zh)[0])
            if term is not None:  # a confirmed place (郑州), though the organisation's term hides it
                add_known(Occurrence(start, end, text[start:end], term.id, term.concept_id), cue)
                return
        zh = text[start:end]
        key = ("zh", to_simplified(zh) if kind == "person" else split_place(to_simplified(zh))[0])
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _entry(index, key[1], zh, kind, cue, None)
            entry.first = start
        entry.count += 1
        if zh not in entry.forms:
            entry.forms.append(zh)
        if inside is not None:
            note = f"inside {inside}, which the glossary renders whole"
            if not any(n.startswith("inside ") for n in entry.notes):
                entry.notes.append(note)

    for occ in annotation.occurrences:  # the people and places the glossary knows, wherever they are
        if index.concepts[occ.concept_id].kind in ("person", "place"):
            add_known(occ)
    people = _person_candidates(text)
    # the names listed with those (张三、李四和王五等): jieba often misses or cuts the last ones
    seeds = [(s, e) for s, e, _cue in people] + [(o.start, o.end) for o in annotation.occurrences
                                                  if index.concepts[o.concept_id].kind == "person"]
    people += [(s, e, "list") for s, e in enumerated_names(text, seeds, split_name)]
    taken_until = -1
    # a byline span comes before jieba's shorter guess at the same name (胡忠和, not 胡忠)
    for start, end, cue in sorted(people, key=lambda c: (c[0], c[2] != "byline", -c[1])):
        if start < taken_until:
            continue
        taken_until = end
        add(start, end, "person", cue)
    for start, end in _place_candidates(text):
        add(start, end, "place", None)
    for entry in entries.values():
        if entry.kind == "place" and entry.source == "romanised" and len(entry.forms) > 1:
            # 郑州 and 郑州市 are one place: name it from its fullest form
            fullest = max(entry.forms, key=len)
            entry.en, entry.notes = romanize_place(fullest)
    return sorted(entries.values(), key=lambda e: e.first)


def _entry(index, key: str, zh: str, kind: str, cue: str | None, glossary_hit) -> NameEntry:
    if glossary_hit is not None:
        concept = index.concepts[glossary_hit.concept_id]
        if concept.en:
            confirmed = concept.kind in ("person", "place")
            return NameEntry(concept.head, concept.kind, concept.en, "glossary", review=False, cue=cue,
                             notes=["confirmed spelling" if confirmed else "established name in the glossary"])
    if kind == "person":
        en, notes = romanize_person(key)
    else:
        en, notes = romanize_place(zh)
    return NameEntry(key, kind, en, "romanised", review=True, cue=cue, notes=notes)


# --- confirming a spelling -----------------------------------------------------------------------------

def parse_confirmation(value: str) -> tuple[str, str]:
    """`李元法="Li Yuanfa"` or `李元法=Li Yuanfa` → (zh, en)."""
    if "=" not in value:
        raise GlossaryError(f"--confirm {value!r}: write it as 李元法=\"Li Yuanfa\"")
    zh, en = value.split("=", 1)
    zh, en = zh.strip(), en.strip().strip('"').strip("“”").strip()
    if not zh or not all(is_cjk(ch) or ch == "·" for ch in zh) or len(zh) > 20:
        raise GlossaryError(f"--confirm {value!r}: the name before = must be Chinese characters")
    if not en or has_cjk(en) or len(en) > 100 or not re.search(r"[A-Za-z]", en):
        raise GlossaryError(f"--confirm {value!r}: the spelling after = must be the romanised name")
    return zh, en


def standard_spellings(zh: str, kind: str) -> list[str]:
    """The house (GB/T 28039) spellings of a name: the romanisation, and for a person the other readings
    of polyphonic given-name characters (at most 32 combinations)."""
    from itertools import islice, product

    zh = to_simplified(zh)
    if kind == "place":
        return [romanize_place(zh)[0]]
    surname, given = split_name(zh)
    family = surname.plain if surname else join_syllables(lazy_pinyin(zh[0], style=Style.NORMAL, v_to_u=True))
    choices = []
    for ch in given:
        readings = [lazy_pinyin(ch, style=Style.NORMAL, v_to_u=True)[0]]
        for r in py.heteronyms(ch).get(ch, []):
            plain = to_normal(r, v_to_u=True)
            if plain not in readings:
                readings.append(plain)
        choices.append(readings)
    out = []
    for combination in islice(product(*choices), 32):
        name = _capitalize(family)
        if combination:
            name += " " + _capitalize(join_syllables(list(combination)))
        out.append(name)
    return out


def check_standard_spelling(zh: str, en: str, kind: str, nonstandard: bool = False) -> list[str]:
    """The standard spellings of zh; an error if en is not one of them and `nonstandard` is not given."""
    standard = standard_spellings(zh, kind)
    if en not in standard and not nonstandard:
        raise GlossaryError(f"{zh} = {en}: not the GB/T 28039 spelling ({' or '.join(map(repr, standard[:3]))}); "
                            "nothing stored. If this spelling is meant (a Hong Kong or Taiwan name, a person's own "
                            "spelling), confirm it again with --nonstandard")
    return standard


def _slug(text: str) -> str:
    text = to_normal(text.lower(), v_to_u=False).replace("ü", "v")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "name"


def confirm_name(db, zh: str, en: str, kind: str, nonstandard: bool = False) -> tuple[str, int | None]:
    """Remember a confirmed spelling as a concept of kind person or place (source: house). Returns
    (what happened, concept id). A name the glossary has with another spelling is an error, not an overwrite;
    so is a spelling that is not the GB/T 28039 one (Hsu Liuping for 徐留平) unless `nonstandard` says it is
    meant (a Hong Kong or Taiwan name, a person's own spelling)."""
    from glossary.store.concepts import insert_concept

    if kind not in ("person", "place"):
        raise GlossaryError(f"kind must be person or place, not {kind!r}")
    zh = to_simplified(zh)
    row = db.execute(
        """SELECT c.id, c.kind, (SELECT term FROM terms WHERE concept_id = c.id AND lang = 'en' AND status = 'preferred')
           FROM terms t JOIN concepts c ON c.id = t.concept_id WHERE t.lang = 'zh-Hans' AND t.term = ?""",
        [zh],
    ).fetchone()
    if row:
        concept_id, existing_kind, existing_en = row
        if existing_en == en:
            return f"{zh} = {en}: already confirmed", concept_id
        raise GlossaryError(f"{zh} is already in the glossary as {existing_en or '(no rendering)'} "
                            f"({existing_kind}); change it on the curation pages")
    standard = check_standard_spelling(zh, en, kind, nonstandard)
    base = f"{kind}-{_slug(en)}"
    slug, n = base, 1
    while db.execute("SELECT 1 FROM concepts WHERE slug = ?", [slug]).fetchone():
        n += 1
        slug = f"{base}-{n}"
    today = datetime.date.today().isoformat()
    with db.conn:
        concept_id = insert_concept(db, {
            "id": slug, "kind": kind, "subject": "names", "created": today,
            "zh": [{"term": zh, "pinyin": person_reading(zh) if kind == "person" else None}],
            "en": [{"term": en, "status": "preferred", "sources": ["house"],
                    "note": "spelling confirmed by an editor (glossary names --confirm)"
                            + ("; not the GB/T 28039 spelling, kept on purpose" if en not in standard else "")}],
        })
    return f"{zh} = {en}: confirmed ({kind}, {slug})", concept_id
