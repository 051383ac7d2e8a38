"""Aligning a Chinese text with its English translation.

Two inputs:
- already aligned line by line (line n of one file translates line n of the other, as official bilingual
  statutes are published): read as they are, with an optional NAME.meta.tsv (columns line, type, zh_ref,
  en_ref, note) giving each line's kind, its reference and a note on how the sides differ;
- two running texts: paragraphs (non-empty lines) are first cut at anchors both sides share — article
  numbers (第十二条 / 第 12 條 ↔ Article 12) — and the stretches between anchors are aligned by length with
  NLTK's Gale-Church aligner (nltk.translate.gale_church), the chosen well-kept implementation. A paragraph
  the aligner leaves without a partner is kept as a one-sided unit, never forced onto a neighbour.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Iterator

from glossary.lang.text import read_text, to_simplified

_HANZI = re.compile(r"[\u3400-\u9fff]")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_ARTICLE = re.compile(r"^\s*第\s*([0-9一二三四五六七八九十百零〇两]+)\s*[条條]")
_EN_ARTICLE = re.compile(r"^\s*Article\s+(\d+)\b", re.I)


@dataclass
class Unit:
    zh: str
    en: str
    label: str = ""  # "Article 3", a heading …
    kind: str = ""  # heading, article, paragraph
    note: str = ""  # how the two sides differ, where known

    @property
    def status(self) -> str:
        return "aligned" if self.zh and self.en else ("zh-only" if self.zh else "en-only")


def chinese_number(text: str) -> int | None:
    """12, 十二, 一百零五 → int (article numbers)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def article_of(zh: str = "", en: str = "") -> int | None:
    m = _ZH_ARTICLE.match(zh) if zh else _EN_ARTICLE.match(en)
    if not m:
        return None
    return chinese_number(m.group(1)) if zh else int(m.group(1))


def read_aligned(zh_path: Path, en_path: Path) -> Iterator[Unit]:
    """Line-by-line aligned files, unit by unit (a large archive is never held as a list); both must have the
    same number of lines (ValueError at the first line one of them lacks)."""
    zh_text, en_text = read_text(zh_path)[0], read_text(en_path)[0]
    meta = _read_meta(zh_path)
    for n, (zh, en) in enumerate(zip_longest(_lines(zh_text), _lines(en_text)), 1):
        if zh is None or en is None:
            raise ValueError(f"{zh_path if zh is None else en_path} ends at line {n - 1} and the other file goes on: "
                             "not aligned line by line (leave out --aligned to align them)")
        if not zh.strip() and not en.strip():
            continue
        row = meta.get(n, {})
        number = article_of(zh=zh)
        label = row.get("en_ref") or (f"Article {number}" if number else "")
        yield Unit(zh.strip(), en.strip(), label, row.get("type", ""), row.get("note", ""))


def _lines(text: str) -> Iterator[str]:
    """The lines of a text without building a list of them."""
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text):
        yield m.group().rstrip("\r\n")


def _read_meta(zh_path: Path) -> dict[int, dict]:
    """NAME.meta.tsv beside NAME.zh.txt, if there is one."""
    name = zh_path.name.split(".")[0]
    meta_path = zh_path.with_name(f"{name}.meta.tsv")
    if not meta_path.exists():
        return {}
    rows = csv.DictReader(read_text(meta_path)[0].splitlines(), delimiter="\t")
    return {int(r["line"]): r for r in rows if (r.get("line") or "").isdigit()}


def _length(text: str, zh: bool) -> int:
    return len(_HANZI.findall(text)) + len(re.findall(r"[A-Za-z0-9]+", text)) if zh else len(text)


def align_running(zh_text: str, en_text: str) -> list[Unit]:
    """Align two running texts: paragraphs, cut at shared article numbers, then Gale-Church by length."""
    zh_paras = [p.strip() for p in zh_text.splitlines() if p.strip()]
    en_paras = [p.strip() for p in en_text.splitlines() if p.strip()]
    if not zh_paras or not en_paras:
        return [Unit(p, "") for p in zh_paras] + [Unit("", p) for p in en_paras]
    # the document's own ratio of English to Chinese length: what a 1:1 pair looks like in this translation
    ratio = sum(_length(p, False) for p in en_paras) / max(1, sum(_length(p, True) for p in zh_paras))
    units: list[Unit] = []
    for zh_block, en_block in _anchored_blocks(zh_paras, en_paras):
        units += _gale_church(zh_block, en_block, ratio)
    return units


def _anchored_blocks(zh: list[str], en: list[str]) -> list[tuple[list[str], list[str]]]:
    """Cut both sides where the same article number opens a paragraph on each side, in order."""
    en_at = {}
    for j, p in enumerate(en):
        number = article_of(en=p)
        if number is not None and number not in en_at:
            en_at[number] = j
    cuts, last_j = [(0, 0)], 0
    for i, p in enumerate(zh):
        number = article_of(zh=to_simplified(p))
        j = en_at.get(number) if number is not None else None
        if j is not None and j > last_j and i > cuts[-1][0]:
            cuts.append((i, j))
            last_j = j
    cuts.append((len(zh), len(en)))
    return [(zh[a:c], en[b:d]) for (a, b), (c, d) in zip(cuts, cuts[1:])]


def _gale_church(zh: list[str], en: list[str], ratio: float) -> list[Unit]:
    if not zh or not en:
        return [Unit(p, "") for p in zh] + [Unit("", p) for p in en]
    from nltk.translate.gale_church import LanguageIndependent, align_blocks  # only when aligning: slow import

    zh_lengths = [max(1, _length(p, True)) for p in zh]
    en_lengths = [max(1, _length(p, False)) for p in en]
    scaled = [max(1, round(n * ratio)) for n in zh_lengths]
    pairs = align_blocks(scaled, en_lengths, LanguageIndependent)
    # group the (i, j) links into units: connected i's and j's together
    groups: list[tuple[set[int], set[int]]] = []
    for i, j in pairs:
        if groups and (i in groups[-1][0] or j in groups[-1][1]):
            groups[-1][0].add(i)
            groups[-1][1].add(j)
        else:
            groups.append(({i}, {j}))
    linked_zh = {i for i, _ in pairs}
    linked_en = {j for _, j in pairs}
    units: list[Unit] = []
    i = j = 0
    for zs, es in groups:
        while i < min(zs):  # one-sided units before this group stay on their own
            if i not in linked_zh:
                units.append(Unit(zh[i], ""))
            i += 1
        while j < min(es):
            if j not in linked_en:
                units.append(Unit("", en[j]))
            j += 1
        units.append(Unit(" ".join(zh[k] for k in sorted(zs)), " ".join(en[k] for k in sorted(es))))
        i, j = max(zs) + 1, max(es) + 1
    units += [Unit(zh[k], "") for k in range(i, len(zh))] + [Unit("", en[k]) for k in range(j, len(en))]
    return units
