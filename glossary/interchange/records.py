"""What an imported entry holds, whatever the format it was read from, and the helpers every reader shares.

Each reader (tbx_read for TBX v3 and martif, multiterm, tabular for CSV/TSV/OmegaT, spreadsheet for .xlsx)
turns a file into a FileInfo and a stream of Entry records; the one Importer (importer.py) merges those into
the glossary and fills in an ImportReport. Language codes, term types and statuses are normalised here (the
statuses by meaning, in term_status.py), so every reader reads them alike.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from glossary.lang.text import CONTROL_CHARS
from glossary.store.curated import TERM_TYPES
from glossary.interchange.term_status import normalise_status  # noqa: F401  (re-exported: the readers' statuses)

GLOSSARY_LANGS = ("zh-Hans", "zh-Hant", "en")

_TERM_TYPES = {t.lower(): t for t in TERM_TYPES} | {
    "abbreviatedform": "abbreviation", "initialism": "acronym", "full form": "fullForm", "short form": "shortForm",
}


def normalise_lang(code: str | None) -> str | None:
    """zh-Hans / zh-Hant / en for the codes files use (zh, zh-CN, zh_TW, zh-Hant-HK, en-US, EN …); other
    languages are returned as written; None for no code."""
    if not code or not code.strip():
        return None
    parts = code.strip().replace("_", "-").lower().split("-")
    if parts[0] in ("zh", "zho", "chi", "cmn"):
        traditional = "hant" in parts or any(p in ("tw", "hk", "mo") for p in parts[1:])
        return "zh-Hant" if traditional else "zh-Hans"
    if parts[0] in ("en", "eng"):
        return "en"
    return code.strip()


def normalise_term_type(value: str | None) -> str | None:
    return _TERM_TYPES.get((value or "").strip().lower()) if value else None


# --- what an imported entry holds, whatever the format --------------------------------------------------

@dataclass
class SourceRef:
    """Where a rendering comes from: a source described in the file (its back matter), or just cited by text."""

    key: str | None = None  # the source's key in the file's back matter
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    authority: str | None = None


@dataclass
class Context:
    text: str
    citation: str | None = None  # the admin source text
    document: dict | None = None  # the cited document's refObject items (our own exports)


@dataclass
class Term:
    lang: str | None  # normalised (zh-Hans, zh-Hant, en) or as written
    text: str
    status: str | None = None
    type: str | None = None
    note: str | None = None
    status_original: str | None = None  # the status as the file wrote it, where it says more (Forbidden …)
    pos: str | None = None  # part of speech, where the file gives one (tells homographs apart)
    pinyin: str | None = None
    pinyin_reviewed: bool = False
    sources: list[SourceRef] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    raw_lang: str | None = None
    outcome: str | None = None  # added | present | conflict | held


@dataclass
class Entry:
    key: str | None  # the entry's id in the file
    where: str  # "line 12" / "row 3", for messages
    terms: list[Term] = field(default_factory=list)
    kind: str | None = None
    subject: str | None = None
    definition: str | None = None
    note_zh: str | None = None
    note: str | None = None
    created: str | None = None
    modified: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (target key, related | broader)
    original: str | None = None  # the entry as written, kept when (part of) it is held
    original_of: object = None  # or a function giving it (while a TBX entry is being imported)
    ignored: Counter = field(default_factory=Counter)  # data categories the glossary has no field for
    skipped: str | None = None  # why a line of a table could not be read as an entry

    @property
    def name(self) -> str:
        return f"{self.key} ({self.where})" if self.key else self.where

    def terms_in(self, *langs: str) -> list[Term]:
        return [t for t in self.terms if t.lang in langs]

    def foreign_terms(self) -> list[Term]:
        return [t for t in self.terms if t.lang not in GLOSSARY_LANGS]

    def needs_holding(self) -> bool:
        return not self.terms_in("zh-Hans", "zh-Hant") or bool(self.foreign_terms())

    def parts_of_speech(self) -> set[str]:
        return {t.pos.lower() for t in self.terms if t.pos}

    def as_written(self) -> str:
        if self.original is None and callable(self.original_of):
            self.original = self.original_of()
        return self.original or json.dumps(
            {k: v for k, v in asdict(self).items() if k != "original_of"}, ensure_ascii=False)


@dataclass
class FileInfo:
    """What an import knows about the file as a whole."""

    name: str
    format: str  # tbx | tbx2008 | csv | tsv
    sha256: str
    title: str | None = None
    description: str | None = None
    back: list[dict] = field(default_factory=list)  # back-matter refObjects (sources, documents)
    problems: Counter = field(default_factory=Counter)  # how the file breaks its own dialect (reported)


# --- the report ---------------------------------------------------------------------------------------

@dataclass
class ImportReport:
    file: str
    format: str
    dry_run: bool
    entries: int = 0
    terms_in_file: int = 0
    terms: Counter = field(default_factory=Counter)  # outcome → count; sums to terms_in_file
    added: list[str] = field(default_factory=list)  # concept slugs
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)  # "entry → concept: why": every entry merged into a concept
    homographs: list[str] = field(default_factory=list)  # entries made concepts of their own beside another
    held: list[str] = field(default_factory=list)  # "entry: reason"
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: Counter = field(default_factory=Counter)  # data categories the glossary has no field for
    statuses: Counter = field(default_factory=Counter)  # "'Forbidden' → deprecated": values kept in the note
    defaulted: Counter = field(default_factory=Counter)  # what the file did not say and the import filled in
    import_id: int | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        for name in ("terms", "ignored", "statuses", "defaulted"):
            data[name] = dict(getattr(self, name))
        return data

    def summary(self, limit: int = 20) -> str:
        lines = [f"{self.file} ({self.format}): {self.entries} entries, {self.terms_in_file} terms"]
        for label, items in (("added", self.added), ("merged", self.merged), ("unchanged", self.unchanged)):
            if items:
                shown = ", ".join(items[:8]) + (", …" if len(items) > 8 else "")
                lines.append(f"  {label}: {len(items)} concepts ({shown})")
        for label, items in (("entries merged into a concept (why)", self.joined),
                             ("homographs: concepts of their own", self.homographs),
                             ("held for review (kept in the import_held table)", self.held)):
            if items:
                lines.append(f"  {label}: {len(items)}")
                lines.extend(f"    {item}" for item in items[:limit])
                if len(items) > limit:
                    lines.append(f"    … and {len(items) - limit} more (all in the import's report)")
        lines.append("  terms: " + ", ".join(f"{self.terms[k]} {k}" for k in ("added", "present", "conflict", "held")))
        for label, items in (("conflicts (the glossary's version kept)", self.conflicts), ("warnings", self.warnings)):
            if items:
                lines.append(f"  {label}: {len(items)}")
                lines.extend(f"    {item}" for item in items[:limit])
                if len(items) > limit:
                    lines.append(f"    … and {len(items) - limit} more")
        if self.ignored:
            lines.append("  not imported (no place in the glossary): "
                         + ", ".join(f"{name} ×{n}" for name, n in self.ignored.most_common()))
        if self.statuses:
            lines.append("  statuses mapped (the file's value kept in the term's note): "
                         + ", ".join(f"{name} ×{n}" for name, n in self.statuses.most_common()))
        if self.defaulted:
            lines.append("  defaulted (the file says nothing): "
                         + ", ".join(f"{name} ×{n}" for name, n in self.defaulted.most_common()))
        lines.append("dry run: nothing was written" if self.dry_run else f"imported (import #{self.import_id})")
        return "\n".join(lines)


# --- control characters ---------------------------------------------------------------------------------
# Control characters (lang.text.CONTROL_CHARS): XML 1.0 cannot hold them (the TBX exports) and openpyxl refuses
# them (the .xlsx export). A vertical tab or form feed is how some spreadsheets write a line break inside a cell:
# it becomes one; the others are dropped.

def without_controls(text: str) -> str:
    return CONTROL_CHARS.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def clean_controls(entry: Entry) -> list[str]:
    """Take control characters out of every text of an entry (in place); one message per field cleaned, saying
    which characters went, for the import's warnings."""
    messages = []

    def clean(owner, name: str, label: str) -> None:
        value = getattr(owner, name)
        if isinstance(value, str) and CONTROL_CHARS.search(value):
            found = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in CONTROL_CHARS.findall(value)}))
            setattr(owner, name, without_controls(value))
            messages.append(f"{entry.where}: control characters taken out of {label} ({found})")

    for name in ("key", "kind", "subject", "definition", "note_zh", "note", "created", "modified"):
        clean(entry, name, f"the entry's {name}")
    for term in entry.terms:
        for name in ("text", "note", "pinyin", "status", "type", "pos", "status_original"):
            clean(term, name, f"the {name} of {term.text!r}")
        for source in term.sources:
            for name in ("key", "title", "publisher", "url"):
                clean(source, name, f"a source's {name} of {term.text!r}")
        for context in term.contexts:
            for name in ("text", "citation"):
                clean(context, name, f"a context of {term.text!r}")
    return messages


# --- helpers the readers share ------------------------------------------------------------------------

def append_text(current: str | None, text: str) -> str:
    return f"{current}\n{text}" if current else text


def free_element(element) -> None:
    """Drop a processed entry (and those before it) so parsing a large file keeps memory flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
