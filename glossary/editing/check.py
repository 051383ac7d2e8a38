"""Checking an English draft against its Chinese source and the glossary, as terminology QA tools do.

For every concept whose Chinese term occurs in the source, the draft should use its approved English:
- `missing`: none of the concept's renderings is in the draft;
- `deprecated`: a deprecated rendering is used (the preferred one is suggested); reported wherever it occurs;
- `admitted`: an admitted rendering is used where a preferred one exists;
- `inconsistent`: the concept is rendered two ways in the draft;
- `unrendered`: the concept has no approved rendering yet, so nothing can be checked.
Plus house-style findings (`style`): labor not labour, "Hunan province" and "Zhengzhou" not "Hunan
Province" and "Zhengzhou City", no tone marks in body text, ü never written v, "12th Five-Year Plan (2011-15)".

The renderings are found in the draft by glossary.editing.english_matching (on folded words, longest
first); the report side by side is glossary.editing.check_output's.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from operator import attrgetter

from glossary.editing.annotate import (CONTROL_CHARS, Annotation, InputError, count_chinese, count_latin,
                                       find_source_terms, normalize_newlines)
from glossary.editing.check_names import find_phrase, name_mismatches, place_organisations
from glossary.editing.english_matching import (WORD, DraftScan, EnglishIndex, EnglishMatch, Rendering,
                                               english_index, find_crossing, find_renderings, rendering_variants,
                                               scan_draft, tokenize)
from glossary.editing.names import split_syllables
from glossary.lang.spelling import british_ise_words
from glossary.lang.story_lines import metadata_spans

MAX_DRAFT_CHARS = 300_000  # about 50,000 words
APPROVED = ("preferred", "admitted")
SHORT_TYPES = ("abbreviation", "acronym", "shortForm")  # "ACFTU", "the federation": second references


# --- input ---------------------------------------------------------------------------------------------

def prepare_draft(text: str) -> str:
    if text is None or not text.strip():
        raise InputError("the English draft is empty: paste or give the English version")
    if "\x00" in text:
        raise InputError("the English draft contains binary data (NUL bytes), not text")
    if len(text) > MAX_DRAFT_CHARS:
        raise InputError(f"the English draft is too long ({len(text):,} characters; at most {MAX_DRAFT_CHARS:,}): "
                         "give one story at a time")
    text = CONTROL_CHARS.sub(" ", normalize_newlines(text))
    latin = count_latin(text)
    # Chinese characters lie beyond Latin-1: only a text with more of those than Latin letters can be
    # mostly Chinese, so an English draft is not scanned for them (a C-level encode counts them)
    beyond_latin1 = len(text) - len(text.encode("latin-1", "ignore"))
    cjk = count_chinese(text) if beyond_latin1 > latin else 0
    if cjk > latin:
        raise InputError(f"the English draft is mostly Chinese ({cjk:,} Chinese characters, {latin:,} Latin letters): "
                         "are the Chinese story and the English draft swapped?")
    return text


# --- findings ------------------------------------------------------------------------------------------

@dataclass
class Finding:
    type: str  # missing | deprecated | admitted | inconsistent | unrendered | style
    zh: str | None  # the Chinese term (None for house-style findings)
    found: str | None  # what the draft has
    expected: str | None  # what it should have
    message: str
    concept: str | None = None  # the concept's slug
    rule: str | None = None  # house-style rule
    zh_offsets: list[list[int]] = field(default_factory=list)  # [start, end] in the Chinese source
    en_offsets: list[list[int]] = field(default_factory=list)  # [start, end] in the English draft

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class CheckReport:
    findings: list[Finding]
    source: Annotation
    draft: str
    matches: list[EnglishMatch]  # glossary renderings found in the draft
    statuses: dict[tuple[int, int], str]  # (start, end) of a match → preferred / admitted / deprecated
    warnings: list[str]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.type] = out.get(f.type, 0) + 1
        return out


def _quote(text: str) -> str:
    return f"“{text}”"


def check(db, zh_text: str, en_text: str) -> CheckReport:
    """Check an English draft against its Chinese source; findings in source order, house style last."""
    source = find_source_terms(db, zh_text)  # its term list and candidates are never needed here
    draft = prepare_draft(en_text)
    index = english_index(db)
    scan = scan_draft(index, draft)  # shared with the look for crossing renderings below
    matches = find_renderings(index, draft, scan)

    # a term only in a dateline, source line or byline (来源：新华社) asks for no rendering in the draft
    occurrences = _outside_metadata(source.occurrences, metadata_spans(source.text))
    # a place + union organisation the glossary lacks whole (广州市总工会) is one name, not 市总工会
    name_findings: list[Finding] = []
    organisations = place_organisations(source.text, occurrences, source.index,
                                        lambda zh: _generic_rendering(source.index, zh))
    if organisations:
        occurrences, matches, name_findings = _organisation_findings(organisations, occurrences, draft, matches)

    uses, statuses = _rendering_uses(index, matches)
    for f in name_findings:  # the names found in the draft show as well-rendered
        for start, end in f.en_offsets if f.type == "name-ok" else ():
            statuses[(start, end)] = "preferred"
    name_findings = [f for f in name_findings if f.type != "name-ok"]

    # the source's concepts in order of first occurrence, each with its term as first written; where
    # each occurs is gathered only for the concepts with a finding
    concept_ids = list(map(_CONCEPT_ID, occurrences))
    first_term = dict(zip(reversed(concept_ids), map(_TERM_ID, reversed(occurrences))))
    zh_concepts = dict.fromkeys(concept_ids)
    renderings = index.renderings
    _add_crossing_uses(index, draft, scan, uses, [cid for cid in zh_concepts if cid not in uses])
    to_report = []
    for cid in zh_concepts:
        used = uses.get(cid)
        if used is not None and len(used) == 1 and renderings[next(iter(used))].status == "preferred":
            continue  # the usual case: one rendering used, the preferred one (as _concept_findings has it)
        to_report.append(cid)
    zh_spans: dict[int, list[list[int]]] = {cid: [] for cid in to_report}
    if to_report:
        for occ in occurrences:
            spans = zh_spans.get(occ.concept_id)
            if spans is not None:
                spans.append([occ.start, occ.end])

    findings: list[Finding] = []
    for cid in to_report:
        findings += _concept_findings(index, source.index.concepts[cid].slug, source.index.terms[first_term[cid]].zh,
                                      zh_spans[cid], index.by_concept.get(cid, []), uses.get(cid, {}))
    # a deprecated rendering is wrong even where its concept is not in the source
    for cid, by_rendering in uses.items():
        if cid in zh_concepts:
            continue
        concept = source.index.concepts.get(cid)
        for rid, ms in by_rendering.items():
            r = index.renderings[rid]
            if r.status == "deprecated":
                findings.append(_deprecated(concept.slug if concept else None, concept.head if concept else None,
                                            [], r, ms, _preferred(index.by_concept.get(cid, []))))
    findings += name_findings + _name_spellings(db, source, draft)
    findings.sort(key=lambda f: f.zh_offsets[0][0] if f.zh_offsets else len(source.text))  # source order
    findings += _not_already_reported(house_style(draft), findings)
    return CheckReport(findings, source, draft, matches, statuses, list(source.warnings))


def _outside_metadata(occurrences: list, spans: list[tuple[int, int]]) -> list:
    if not spans:
        return occurrences
    return [o for o in occurrences if not any(start <= o.start < end for start, end in spans)]


def _generic_rendering(index, zh: str) -> str | None:
    """The preferred rendering of the concept whose term is zh (市总工会), or None."""
    table = getattr(index, "_by_zh", None)
    if table is None:
        table = {}
        for term in index.terms.values():
            table.setdefault(term.zh, index.concepts[term.concept_id].en)
        index._by_zh = table
    return table.get(zh)


def _organisation_findings(organisations, occurrences, draft: str, matches: list[EnglishMatch]):
    """The source's occurrences and the draft's matches without those inside a place + organisation name,
    and a `missing` finding for each such name the draft does not give as expected ("name-ok" for the
    spans where it does)."""
    starts, ends, folded = tokenize(draft)
    findings: list[Finding] = []
    en_spans: list[tuple[int, int]] = []
    by_zh: dict[str, Finding] = {}
    for org in organisations:
        variants = [words for text in org.expected for words in rendering_variants(text)]
        spans = [(starts[i], ends[stop - 1]) for i, stop in find_phrase(folded, variants)]
        en_spans += spans
        f = by_zh.get(org.zh)
        if f is None:
            if spans:
                f = Finding("name-ok", org.zh, draft[spans[0][0]:spans[0][1]], org.expected[0], "")
            else:
                alternatives = org.expected[1:]
                f = Finding("missing", org.zh, None, org.expected[0],
                            f"{org.zh}: not rendered in the draft; expected {_quote(org.expected[0])}"
                            + (f" (or {', '.join(map(_quote, alternatives))})" if alternatives else "")
                            + f" ({org.place} + the organisation)", rule="place-organisation")
            by_zh[org.zh] = f
            findings.append(f)
        f.zh_offsets.append([org.start, org.end])
        if f.type == "name-ok":
            f.en_offsets = [list(span) for span in spans]
    inside_names = [(o.start, o.end) for o in organisations]
    occurrences = [occ for occ in occurrences
                   if not any(s <= occ.start and occ.end <= e for s, e in inside_names)]
    matches = [m for m in matches if not any(s <= m.start and m.end <= e for s, e in en_spans)]
    return occurrences, matches, findings


def _name_spellings(db, source: Annotation, draft: str) -> list[Finding]:
    """A `name` finding for each draft spelling close to, but not, the house romanisation of one of the
    source's people and places (Ceng Defeng for 曾德峰, Zeng Defeng)."""
    from glossary.editing.names import find_names

    out: dict[tuple[str, str], Finding] = {}
    for m in name_mismatches(draft, find_names(db, source.text, annotation=source)):
        f = out.get((m.zh, m.found))
        if f is None:
            notes = f" ({'; '.join(m.notes)})" if m.notes else ""
            f = out[(m.zh, m.found)] = Finding(
                "name", m.zh, m.found, m.expected,
                f"{m.zh}: {_quote(m.found)} in the draft, but the name is {_quote(m.expected)} in house style "
                f"({m.why}){notes}", rule="name-spelling", zh_offsets=m.zh_offsets)
        f.en_offsets.append([m.start, m.end])
    return list(out.values())


_CONCEPT_ID = attrgetter("concept_id")
_TERM_ID = attrgetter("term_id")


def _rendering_uses(index: EnglishIndex, matches: list[EnglishMatch]) -> tuple[dict, dict]:
    """Which renderings of which concepts the draft uses: concept → rendering id → matches, and the status
    shown for each match's span. Where renderings of one concept fold alike, the one spelled as in the
    draft counts, else the better status; a span shared by concepts shows the worst status."""
    uses: dict[int, dict[int, list[EnglishMatch]]] = {}
    statuses: dict[tuple[int, int], str] = {}
    renderings = index.renderings
    for m in matches:
        ids = m.rendering_ids
        if len(ids) == 1:  # the usual case: the words are one rendering's only
            r = renderings[ids[0]]
            uses.setdefault(r.concept_id, {}).setdefault(r.id, []).append(m)
            statuses[(m.start, m.end)] = r.status
            continue
        by_concept: dict[int, Rendering] = {}
        for rid in ids:
            r = renderings[rid]
            best = by_concept.get(r.concept_id)
            if best is None or _better(r, best, m.text):
                by_concept[r.concept_id] = r
        for r in by_concept.values():
            uses.setdefault(r.concept_id, {}).setdefault(r.id, []).append(m)
        statuses[(m.start, m.end)] = min((_STATUS_RANK[r.status], r.status) for r in by_concept.values())[1]
    return uses, statuses


def _add_crossing_uses(index: EnglishIndex, draft: str, scan: DraftScan, uses: dict, unused: list[int]) -> None:
    """The source's concepts with no rendering found may have one crossing a longer rendering the scan
    took first: in "labour union reform" the scan finds the deprecated "labour union", and "union reform"
    renders 工会改革 all the same (the deprecated rendering is still reported where it is)."""
    ids = [r.id for cid in unused for r in index.by_concept.get(cid, ())]
    for m in find_crossing(index, draft, ids, scan) if ids else ():
        by_concept: dict[int, Rendering] = {}
        for rid in m.rendering_ids:
            r = index.renderings[rid]
            best = by_concept.get(r.concept_id)
            if best is None or _better(r, best, m.text):
                by_concept[r.concept_id] = r
        for r in by_concept.values():
            uses.setdefault(r.concept_id, {}).setdefault(r.id, []).append(m)


def _not_already_reported(style: list[Finding], findings: list[Finding]) -> list[Finding]:
    """House-style findings outside the deprecated renderings already reported: "labour union" is one
    deprecated rendering (whose advice is the preferred one), not also a British spelling; inside an
    admitted or other rendering ("May Day Labour Medal") the spelling is still reported, every time."""
    reported = sorted((start, end) for f in findings if f.type == "deprecated" for start, end in f.en_offsets)
    starts = [start for start, _ in reported]

    def inside_reported(start: int, end: int) -> bool:
        # renderings found in the draft never overlap, so only the last one starting at or before start
        # can hold this span
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and end <= reported[i][1]

    out = []
    for f in style:
        f.en_offsets = [[s, e] for s, e in f.en_offsets if not inside_reported(s, e)]
        if f.en_offsets:
            out.append(f)
    return out


_STATUS_ORDER = ["deprecated", "admitted", "preferred"]  # the worst status of a shared span is shown
_STATUS_RANK = {status: rank for rank, status in enumerate(_STATUS_ORDER)}


def _better(candidate: Rendering, current: Rendering, surface: str) -> bool:
    """Of two renderings of one concept that fold alike, the one spelled as in the draft, else the better
    status."""
    exact = surface.lower().replace("’", "'")
    if (candidate.term.lower() == exact) != (current.term.lower() == exact):
        return candidate.term.lower() == exact
    return _STATUS_ORDER.index(candidate.status) > _STATUS_ORDER.index(current.status)


def _preferred(renderings: list[Rendering]) -> Rendering | None:
    return next((r for r in renderings if r.status == "preferred"), None)


def _offsets(ms: list[EnglishMatch]) -> list[list[int]]:
    return [[m.start, m.end] for m in ms]


def _deprecated(slug, zh, zh_offsets, r: Rendering, ms: list[EnglishMatch], preferred: Rendering | None) -> Finding:
    expected = preferred.term if preferred else None
    advice = f"; use {_quote(expected)}" if expected else ""
    return Finding("deprecated", zh, ms[0].text, expected,
                   f"{zh or slug}: {_quote(ms[0].text)} is a deprecated rendering{advice}",
                   slug, zh_offsets=zh_offsets, en_offsets=_offsets(ms))


def _concept_findings(index: EnglishIndex, slug: str, zh: str, zh_offsets: list[list[int]],
                      renderings: list[Rendering], used: dict[int, list[EnglishMatch]]) -> list[Finding]:
    if len(used) == 1:  # the usual case, quickly: one rendering used, and it is the preferred one
        only = index.renderings[next(iter(used))]
        if only.status == "preferred":
            return []
    preferred = _preferred(renderings)
    approved = [r for r in renderings if r.status in APPROVED]
    out = []
    if not approved:
        out.append(Finding("unrendered", zh, None, None,
                           f"{zh}: the glossary has no approved English rendering for this term yet",
                           slug, zh_offsets=zh_offsets))
    for rid, ms in used.items():
        r = index.renderings[rid]
        if r.status == "deprecated":
            out.append(_deprecated(slug, zh, zh_offsets, r, ms, preferred))
    ways = [rid for rid in used if index.renderings[rid].status in APPROVED
            and index.renderings[rid].term_type not in SHORT_TYPES]
    if len(ways) >= 2:
        found = [used[rid][0].text for rid in ways]
        out.append(Finding("inconsistent", zh, " / ".join(found), preferred.term if preferred else None,
                           f"{zh}: rendered {len(ways)} ways in the draft ({', '.join(map(_quote, found))})"
                           + (f"; use {_quote(preferred.term)} throughout" if preferred else ""),
                           slug, zh_offsets=zh_offsets,
                           en_offsets=sorted(o for rid in ways for o in _offsets(used[rid]))))
    elif len(ways) == 1 and index.renderings[ways[0]].status == "admitted" and preferred:
        ms = used[ways[0]]
        out.append(Finding("admitted", zh, ms[0].text, preferred.term,
                           f"{zh}: {_quote(ms[0].text)} is admitted, but the house rendering is {_quote(preferred.term)}",
                           slug, zh_offsets=zh_offsets, en_offsets=_offsets(ms)))
    if approved and not used:
        alternatives = [r.term for r in approved if r is not preferred]
        expected = preferred.term if preferred else approved[0].term
        out.append(Finding("missing", zh, None, expected,
                           f"{zh}: not rendered in the draft; expected {_quote(expected)}"
                           + (f" (or {', '.join(map(_quote, alternatives))})" if alternatives else ""),
                           slug, zh_offsets=zh_offsets))
    return out


# --- house style ---------------------------------------------------------------------------------------

# British stems house style spells the American way (-ise words: glossary.lang.spelling)
_BRITISH_STEMS = (("labour", "labor"), ("honour", "honor"), ("centre", "center"), ("programme", "program"))
_SPELLING_STEMS = tuple(british for british, _american in _BRITISH_STEMS)
_SPELLING = re.compile(rf"\b(?:{'|'.join(_SPELLING_STEMS)})[a-z]*\b", re.IGNORECASE)
_ADMIN_AFTER_NAME = re.compile(r"\b([A-Z][a-z]+(?:['’][a-z]+)*)\s+(Province|City|County|District)\b")
_TONED = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
_TONED_CHAR = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ]")
_V_FOR_U = re.compile("[lnLN][vV]")  # lv, nv: where pinyin has lü, nü
_FIVE_YEAR = re.compile(r"five[\s-]*year", re.IGNORECASE)


_ADMIN_UNITS = ("Province", "City", "County", "District")


def _spelling_matches(draft: str):
    """_SPELLING.finditer(draft), faster: the regex is tried only where str.find (a C scan of the lowered
    text) sees one of its stems; every match starts at a word boundary, so no two overlap."""
    lowered = draft.lower()
    if len(lowered) != len(draft) or "ı" in lowered or "ſ" in lowered:
        # lowering moved offsets (İ), or a letter the regex's case folding equates with i or s: the plain way
        yield from _SPELLING.finditer(draft)
        return
    starts = []
    for stem in _SPELLING_STEMS:
        pos = lowered.find(stem)
        while pos >= 0:
            starts.append(pos)
            pos = lowered.find(stem, pos + 1)
    for pos in sorted(starts):
        m = _SPELLING.match(draft, pos)
        if m:
            yield m


def _words_with(char_pattern: re.Pattern, text: str):
    """The words of text that contain a match of char_pattern (a rare character or pair: one fast scan,
    then only those words are looked at)."""
    seen: set[int] = set()
    for m in char_pattern.finditer(text):
        start = m.start()
        while start > 0 and (text[start - 1].isalnum() or (text[start - 1] in "'’" and start > 1
                                                             and text[start - 2].isalnum())):
            start -= 1
        if start in seen:
            continue
        seen.add(start)
        word = WORD.match(text, start)
        if word:
            yield word


def _plan_mentions(text: str):
    """Mentions of a numbered Five-Year Plan, looked for only round the words "five year"."""
    seen: set[int] = set()
    for hit in _FIVE_YEAR.finditer(text):
        m = _PLAN.search(text, max(0, hit.start() - 20), min(len(text), hit.end() + 30))
        if m and m.start() not in seen:
            seen.add(m.start())
            yield m
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"]
_PLAN = re.compile(
    r"\b(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>" + "|".join(_ORDINALS) + r"))[\s-]+five[\s-]*year[\s-]+plan"
    r"(?:\s*(?P<years>\(\s*\d{4}\s*(?:-|–|—|to)\s*\d{2,4}\s*\)))?",
    re.IGNORECASE,
)


def _american(word: str) -> str:
    out = word
    for british, american in _BRITISH_STEMS:
        if out.lower().startswith(british):
            head = american.capitalize() if out[0].isupper() else american
            out = head + out[len(british):]
            break
    return out


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def plan_years(n: int) -> str:
    """The years of the nth Five-Year Plan as China Daily writes them: 2011-15, 1996-2000."""
    start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    end = start + 4
    return f"{start}-{end % 100:02d}" if start // 100 == end // 100 else f"{start}-{end}"


def _toneless(word: str) -> str:
    out = []
    for ch in word:
        base = unicodedata.normalize("NFD", ch)
        if ch in _TONED:
            letter = base[0]
            out.append("ü" if letter == "u" and "\u0308" in base else ("Ü" if letter == "U" and "\u0308" in base else letter))
        else:
            out.append(ch)
    return "".join(out)


def _every_syllable_toned(word: str, syllables: list[str] | None) -> bool:
    """Pinyin with tone marks marks each syllable once (Zhèngzhōu); "résumé" splits into syllables too,
    but not every one carries a mark."""
    if not syllables:
        return False
    letters = [ch for ch in word if ch not in "'’"]
    pos = 0
    for syllable in syllables:
        piece = letters[pos:pos + len(syllable)]
        pos += len(syllable)
        if sum(ch.lower() in _TONED for ch in piece) != 1:
            return False
    return True


def house_style(draft: str) -> list[Finding]:
    """House-style findings in the draft, one per distinct wrong form with all its offsets."""
    grouped: dict[tuple[str, str], Finding] = {}

    def add(rule: str, start: int, end: int, expected: str, message: str):
        found = draft[start:end]
        f = grouped.get((rule, found))
        if f is None:
            f = grouped[(rule, found)] = Finding("style", None, found, expected, message, rule=rule)
        f.en_offsets.append([start, end])

    for m in _spelling_matches(draft):
        expected = _american(m.group())
        add("american-spelling", m.start(), m.end(), expected,
            f"{_quote(m.group())}: house style is American spelling ({_quote(expected)})")
    for start, end, word, expected in british_ise_words(draft):
        add("american-spelling", start, end, expected,
            f"{_quote(word)}: house style is American spelling ({_quote(expected)})")
    for m in (_ADMIN_AFTER_NAME.finditer(draft) if any(unit in draft for unit in _ADMIN_UNITS) else ()):
        name, unit = m.group(1), m.group(2)
        if unit != "City" and re.match(r"\s+(?:of\s+)?[A-Z]", draft[m.end():m.end() + 6]):
            continue  # part of a longer proper name: the Tianhe District Federation of Trade Unions
        if not split_syllables(name):
            continue  # not a Chinese place name (Mexico City, Forbidden City)
        expected = name if unit == "City" else f"{name} {unit.lower()}"
        why = "no “City” after a city's name" if unit == "City" else f"lowercase {unit.lower()} after a name"
        add("place-name", m.start(), m.end(), expected, f"{_quote(m.group())}: write {_quote(expected)} ({why})")
    for m in _words_with(_TONED_CHAR, draft):
        word = m.group()
        plain = _toneless(word)
        if _every_syllable_toned(word, split_syllables(plain)):
            add("tone-marks", m.start(), m.end(), plain, f"{_quote(word)}: no tone marks in body text ({_quote(plain)})")
    for m in _words_with(_V_FOR_U, draft):
        word = m.group()
        if not word.isupper():
            with_u = word.replace("v", "ü").replace("V", "Ü")
            syllables = split_syllables(with_u)
            if syllables and any(s.endswith(("ü", "üe")) and s[0] in "ln" for s in syllables):
                add("u-umlaut", m.start(), m.end(), with_u, f"{_quote(word)}: write ü, never v ({_quote(with_u)})")
    seen_plans: set[int] = set()
    for m in _plan_mentions(draft):
        n = int(m.group("num")) if m.group("num") else _ORDINALS.index(m.group("word").lower()) + 1
        canonical = f"{_ordinal(n)} Five-Year Plan"
        with_years = f"{canonical} ({plan_years(n)})"
        found = re.sub(r"\s+", " ", m.group())
        first = n not in seen_plans
        seen_plans.add(n)
        ok = found == with_years or (not first and found == canonical)
        if not ok:
            expected = with_years if first or m.group("years") else canonical
            add("five-year-plan", m.start(), m.end(), expected,
                f"{_quote(found)}: write {_quote(expected)}" + (" on first mention" if first else ""))
    return sorted(grouped.values(), key=lambda f: f.en_offsets[0][0])


def findings_json(report: CheckReport) -> list[dict]:
    return [f.to_dict() for f in report.findings]

