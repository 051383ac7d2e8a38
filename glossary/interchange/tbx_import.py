"""Importing termbases: TBX (v3 and 2008 "martif") read safely, and any import merged into the glossary.

Files from elsewhere vary, and the reader meets them where they are: `tbx` (v3, DCA or DCT style) and
`martif` roots; `termSec`, `tig` and `ntig/termGrp`; statuses written `preferredTerm-admn-sts`, `preferred`,
`admitted`, `notRecommended`, `deprecated` …; language codes `zh`, `zh-CN`, `zh-TW`, `zh-Hans`, `en-US` ….
The mapping of the glossary's own export (see tbx_export.py) is read back exactly, so export → import →
export gives the same document.

Merging never overwrites curated work, and happens only on identity: an entry joins a concept that has one
of its Chinese terms when it has the concept's id, or nothing tells them apart (no other subject or
definition, an English rendering in common); two entries of one file with the same Chinese but other ids or
parts of speech are homographs and become two concepts; anything else in doubt is held for review. New
renderings and terms are added with the imported file as their source, and where the file disagrees with
the glossary (another preferred rendering, another status, another definition) the glossary's is kept and
the disagreement reported. Statuses are read by meaning (term_status.py): a forbidden term is deprecated,
the file's own word kept in the note. What the glossary has no place for (an entry without a Chinese term,
terms in other languages, an entry in doubt) is kept untouched in the `import_held` table and listed, never
dropped in silence; the report also lists every merge with its reason, the data categories dropped and
what the import filled in where the file said nothing.

An import is one transaction: any failure leaves the database exactly as it was, and a dry run is the same
import rolled back at the end, so its report is exactly what the real import would do.

Safety: the XML parser never expands entities, never loads a DTD and never touches the network; a file
that declares entities (billion laughs, XXE) is refused, and a malformed one reports line and column.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import sqlite_utils
from lxml import etree

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store, urls
from glossary.lang import pinyin as py
from glossary.store import termcheck
from glossary.store.curated import AUTHORITIES, HOUSE_SOURCE, KINDS, TERM_TYPES
from glossary.store.schema import GlossaryError
from glossary.interchange.term_status import TBX_BASIC_VALUES, is_status_category, normalise_status, original_note, read_status  # noqa: F401
from glossary.interchange.tbx_export import (BROADER_REF, CAT_NOTE_SEPARATOR, KIND_NOTE, RESPONSIBILITY,
                                             REVIEWED_PINYIN_LANG, TBX_NS, XML_LANG)
from glossary.lang.text import to_simplified

GLOSSARY_LANGS = ("zh-Hans", "zh-Hant", "en")
JOURNAL_USER = "import"  # the journal's `user` for changes an import makes
# SQLite page cache while importing (negative: KiB): a large import inserts all over the term and search
# indexes, and with the default 2 MB cache most of those inserts go back to the disk.
IMPORT_CACHE_KIB = -65536

_TERM_TYPES = {t.lower(): t for t in TERM_TYPES} | {
    "abbreviatedform": "abbreviation", "initialism": "acronym", "full form": "fullForm", "short form": "shortForm",
}
# term-level categories with no field here that a translator needs (IATE's reliability, regional usage): kept
# in the term's note, named
TERM_NOTE_CATEGORIES = {"reliabilitycode": "reliability", "geographicalusage": "geographical usage",
                        "usagenote": "usage", "register": "register", "normativeauthorizationorg": "authority"}
_WRAPPERS = {"descrip", "admin", "termNote", "transac", "transacNote", "ref", "xref", "adminNote", "descripNote"}
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
_SENTENCE_CITATION = re.compile(r", sentence (\d+)$")


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


# --- safe XML -----------------------------------------------------------------------------------------

def _syntax_error(path, exc: etree.XMLSyntaxError, log=None) -> GlossaryError:
    line, column = exc.position if exc.position else (exc.lineno, 0)
    message = exc.msg or str(exc)
    # iterparse can raise a vaguer error ("no element found (line 0)") than the one its log recorded first
    fatal = [e for e in (log or []) if e.level >= etree.ErrorLevels.ERROR]
    if fatal:
        line, column, message = fatal[0].line, fatal[0].column, fatal[0].message
    if "amplification" in message or ("entity" in message.lower() and "loop" in message.lower()):
        # the parser's own guard stopped an expansion: the same refusal, in our words, whatever its wording
        return GlossaryError(f"{path}: refused: the file declares XML entities (the parser stopped their "
                             f"expansion at line {line}); {_ENTITIES_OFF}")
    return GlossaryError(f"{path}: not well-formed XML at line {line}, column {column}: {message}")


_ENTITIES_OFF = "entity expansion is off (it is how a billion-laughs file exhausts memory)"
_PROLOG_BYTES = 1 << 16
_ENTITY_DECL = re.compile(r"<!ENTITY\s+%?\s*([^\s>]+)([^>]*)>")


def _prolog(path) -> str:
    """The start of an XML file as text (UTF-8 or UTF-16 by its BOM), for the entity check; a stream is
    read and rewound when it can be."""
    if hasattr(path, "read"):
        if not (hasattr(path, "seekable") and path.seekable()):
            return ""
        position = path.tell()
        head = path.read(_PROLOG_BYTES)
        path.seek(position)
    else:
        with open(path, "rb") as fh:
            head = fh.read(_PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def refuse_declared_entities(path, text: str) -> None:
    """GlossaryError if the document type declares entities: refused before the parser sees the file, so
    the refusal and its message do not depend on which guard of which libxml2 version would trip first."""
    doctype = text.split("<!DOCTYPE", 1)[1] if "<!DOCTYPE" in text else ""
    found = _ENTITY_DECL.findall(doctype)
    if not found:
        return
    external = [(name, rest) for name, rest in found if re.search(r"\b(SYSTEM|PUBLIC)\b", rest)]
    if external:
        name, rest = external[0]
        target = re.search(r"[\"']([^\"']*)[\"']", rest)
        raise GlossaryError(
            f"{path}: refused: the file declares an external entity ({name} → {target.group(1) if target else '?'}); "
            "external entities (XXE) are never loaded"
        )
    names = ", ".join(name for name, _ in found[:5])
    raise GlossaryError(f"{path}: refused: the file declares XML entities ({names}); {_ENTITIES_OFF}")


def iterparse_safely(path: str | Path, events=("start", "end")) -> Iterator[tuple[str, etree._Element]]:
    """lxml iterparse with entities unresolved, no DTD loading and no network; a document that declares
    entities is refused before any of its content is read."""
    refuse_declared_entities(getattr(path, "name", "<stream>") if hasattr(path, "read") else path, _prolog(path))
    parser = etree.iterparse(
        path if hasattr(path, "read") else str(path), events=events, resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )
    checked = False
    try:
        for event, element in parser:
            if not checked:
                _refuse_entities(path, element.getroottree().docinfo)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(getattr(path, "name", "<stream>") if hasattr(path, "read") else path, exc,
                            parser.error_log) from None


def _refuse_entities(path, docinfo) -> None:
    dtd = docinfo.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if entities:
        external = [e for e in entities if e.system_url]
        if external:
            e = external[0]
            raise GlossaryError(
                f"{path}: refused: the file declares an external entity ({e.name} → {e.system_url}); "
                "external entities (XXE) are never loaded"
            )
        names = ", ".join(e.name for e in entities[:5])
        raise GlossaryError(f"{path}: refused: the file declares XML entities ({names}); {_ENTITIES_OFF}")


def parse_safely(path: str | Path) -> etree._ElementTree:
    """A whole (small) document, parsed with the same protections (the `validate` command uses it)."""
    for _event, element in iterparse_safely(path, events=("end",)):
        pass
    return element.getroottree()


# --- reading TBX --------------------------------------------------------------------------------------

def _local(element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""  # QName(…).localname, without a QName


def _category(element) -> str | None:
    """The data category of an element: @type of a TBX wrapper (descrip, termNote …), or for DCT-style
    files the element's own name (`<basic:administrativeStatus>`)."""
    qname = etree.QName(element)
    if qname.namespace in (None, TBX_NS):
        return element.get("type") if qname.localname in _WRAPPERS else None
    return qname.localname


def _text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _inner_text(element) -> str:
    """Text kept as written (sentences and notes keep their line breaks)."""
    return "".join(element.itertext()).strip()


@dataclass
class _Preamble:
    root: str  # tbx | martif
    title: str | None
    description: str | None
    objects: dict[str, dict]  # back-matter refObject id → {"section": type, item type: text}


def _read_preamble(path) -> _Preamble:
    """Pass 1: the root, the header and the back matter (which v3 puts after the body), in constant memory."""
    root_name, title, description, objects = None, None, None, {}
    section = None
    for event, element in iterparse_safely(path):
        name = _local(element)
        if event == "start":
            if root_name is None:
                root_name = name
                if name not in ("tbx", "martif"):
                    raise GlossaryError(f"{path}: not a TBX file (root element <{name}>, expected <tbx> or <martif>)")
            elif name in ("refObjectSec", "refObjectList"):  # v3, martif
                section = element.get("type")
            continue
        if name == "title" and title is None:
            title = _text_of(element)
        elif name == "p" and description is None and element.getparent() is not None \
                and _local(element.getparent()) == "sourceDesc":
            description = _text_of(element)
        elif name == "refObject" and element.get("id"):
            items = {"section": section}
            for item in element.iter("{*}item", "item"):
                items.setdefault(item.get("type") or "item", _inner_text(item))
            objects[element.get("id")] = items
        elif name in ("conceptEntry", "termEntry"):
            _free(element)
    return _Preamble(root_name, title, description, objects)


def _free(element) -> None:
    """Drop a processed entry (and those before it) so parsing a large file keeps memory flat."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_tbx(path: str | Path) -> tuple[FileInfo, Iterator[Entry]]:
    """The file's description and a stream of its entries (pass 2)."""
    path = Path(path)
    preamble = _read_preamble(path)
    info = FileInfo(path.name, "tbx" if preamble.root == "tbx" else "tbx2008", _sha256(path),
                    preamble.title, preamble.description, list(preamble.objects.values()))

    def entries() -> Iterator[Entry]:
        root_lang = basic = None
        for event, element in iterparse_safely(path):
            name = _local(element)
            if event == "start":
                if root_lang is None:
                    root_lang = element.get(XML_LANG) or "en"
                    basic = (element.get("type") or "").lower() == "tbx-basic"
                continue
            if name in ("conceptEntry", "termEntry"):
                if basic:
                    _check_basic(element, info.problems)
                entry = _parse_entry(element, root_lang, preamble.objects)
                # the XML as written, made only if the entry is held (the element lives until the next one)
                entry.original_of = lambda e=element: etree.tostring(e, encoding="unicode").strip()
                yield entry
                entry.original_of = None
                _free(element)

    return info, entries()


# TBX-Basic's data categories by wrapper element (the DCA style; a DCT file names them as elements)
_BASIC_CATEGORIES = {
    "descrip": {"subjectField", "definition", "context"},
    "admin": {"source", "customerSubset", "projectSubset"},
    "termNote": {"termType", "administrativeStatus", "partOfSpeech", "grammaticalGender", "geographicalUsage",
                 "termLocation"},
    "ref": {"crossReference"}, "xref": {"externalCrossReference", "xGraphic"},
    "transac": {"transactionType"}, "transacNote": {"responsibility"},
}


def _check_basic(entry, problems: Counter) -> None:
    """A file that calls itself TBX-Basic but writes categories or status values TBX-Basic does not have: it
    is still read as far as it can be, and the report says the file is not valid TBX-Basic."""
    for element in entry.iter():
        qname = etree.QName(element) if isinstance(element.tag, str) else None
        if qname is None or qname.namespace not in (None, TBX_NS) or qname.localname not in _BASIC_CATEGORIES:
            continue
        category = element.get("type")
        if category not in _BASIC_CATEGORIES[qname.localname]:
            problems[f"{qname.localname} type {category!r} is not a TBX-Basic data category"] += 1
        elif category == "administrativeStatus" and _text_of(element) not in TBX_BASIC_VALUES:
            value = _text_of(element)
            problems[f"administrativeStatus {value!r} is not one of TBX-Basic's values (preferredTerm-admn-sts …); "
                     f"read as {normalise_status(value) or 'no status'}"] += 1


def _parse_entry(element, root_lang: str, objects: dict) -> Entry:
    entry = Entry(element.get("id"), f"line {element.sourceline}")
    ignored = entry.ignored
    for child in element:
        name = _local(child)
        if name in ("langSec", "langSet"):
            _parse_lang(child, entry, objects, ignored)
        else:
            _concept_item(child, entry, normalise_lang(root_lang), ignored)
    return entry


def _append(current: str | None, text: str) -> str:
    return f"{current}\n{text}" if current else text


def _concept_item(element, entry: Entry, lang: str | None, ignored: Counter) -> None:
    """A concept-level (or langSec-level) item: subject, definition, notes, cross-references, dates."""
    name, category = _local(element), _category(element)
    own_lang = normalise_lang(element.get(XML_LANG))
    if name in ("descripGrp", "adminGrp", "termNoteGrp"):
        for child in element:
            if _local(child) in ("admin", "adminNote", "note", "descripNote") or _category(child) == "source":
                ignored[f"{_category(child) or _local(child)} (of a {name})"] += 1
            else:
                _concept_item(child, entry, lang, ignored)
        return
    if name == "transacGrp":
        _transaction(element, entry)
        return
    if category == "subjectField":
        entry.subject = _append(entry.subject, _text_of(element))
    elif category == "definition":
        where = own_lang or lang
        if where == "en":
            entry.definition = _append(entry.definition, _inner_text(element))
        elif where in ("zh-Hans", "zh-Hant"):
            entry.note_zh = _append(entry.note_zh, _inner_text(element))
        else:
            ignored[f"definition ({where})"] += 1
    elif category == "crossReference" and element.get("target"):
        text = _text_of(element)
        kind = "broader" if text.startswith(BROADER_REF) else "related"
        entry.links.append((element.get("target"), kind))
    elif name == "note" and category is None:
        text = _inner_text(element)
        kind = text[len(KIND_NOTE):].strip() if text.startswith(KIND_NOTE) else None
        where = own_lang or lang
        if kind in KINDS and not element.get(XML_LANG):
            entry.kind = kind
        elif where in ("zh-Hans", "zh-Hant"):
            entry.note_zh = _append(entry.note_zh, text)
        elif where in ("en", None):
            entry.note = _append(entry.note, text)
        else:
            ignored[f"note ({where})"] += 1
    else:
        ignored[category or name] += 1


def _transaction(group, entry: Entry) -> None:
    kind = when = None
    for child in group:
        if _category(child) == "transactionType":
            kind = _text_of(child)
        elif _local(child) == "date":
            when = _text_of(child)
        elif _category(child) == "responsibility" and _text_of(child) != RESPONSIBILITY:
            # who made a change: the glossary keeps no such field (its journal names the importer)
            entry.ignored[f"transacNote responsibility '{_text_of(child)}'"] += 1
        elif _category(child) != "responsibility":
            entry.ignored[_category(child) or _local(child)] += 1
    if not when:
        return
    if kind == "origination":
        entry.created = min(entry.created or when, when)
    elif kind == "modification":
        entry.modified = max(entry.modified or when, when)


def _parse_lang(element, entry: Entry, objects: dict, ignored: Counter) -> None:
    raw = element.get(XML_LANG)
    lang = normalise_lang(raw)
    for child in element:
        name = _local(child)
        if name in ("termSec", "tig", "ntig"):
            term = _parse_term(child, lang, objects, ignored)
            if term is not None:
                term.raw_lang = raw
                entry.terms.append(term)
        elif lang in GLOSSARY_LANGS:
            _concept_item(child, entry, lang, ignored)
        # a langSec in another language is held whole, with the entry's original XML


def _parse_term(container, lang: str | None, objects: dict, ignored: Counter) -> Term | None:
    term_element = next((e for e in container.iter("{*}term", "term")), None)
    if term_element is None:
        return None
    text = _text_of(term_element)
    if not text:
        return None
    term = Term(lang, text)
    _term_items(container, term, objects, ignored, skip=term_element)
    return term


def _term_items(parent, term: Term, objects: dict, ignored: Counter, skip) -> None:
    for element in parent:
        if element is skip:
            continue
        name, category = _local(element), _category(element)
        if name in ("termGrp", "termNoteGrp"):
            _term_items(element, term, objects, ignored, skip)
        elif name == "descripGrp":
            _term_group(element, term, objects, ignored)
        elif is_status_category(category):
            status, original = read_status(_text_of(element))
            if term.status is None and term.status_original is None:
                term.status, term.status_original = status, original
            else:
                ignored[f"{category} '{_text_of(element)}' (a second status)"] += 1
        elif category and category.lower() in TERM_NOTE_CATEGORIES:
            term.note = _append(term.note, f"{TERM_NOTE_CATEGORIES[category.lower()]}: {_text_of(element)}")
        elif category == "partOfSpeech":
            term.pos = _text_of(element)
            ignored[category] += 1
        elif category == "termType":
            kind = normalise_term_type(_text_of(element))
            if kind:
                term.type = kind
            else:
                ignored[f"termType '{_text_of(element)}'"] += 1
        elif category == "source":
            term.sources.append(_source_ref(element, objects))
        elif category == "context":
            term.contexts.append(Context(_inner_text(element)))
        elif name == "note" and category is None:
            own = (element.get(XML_LANG) or "").lower()
            if own.startswith("zh-latn") and term.pinyin is None:
                term.pinyin = _text_of(element)
                term.pinyin_reviewed = own == REVIEWED_PINYIN_LANG.lower()
            elif _is_cat_note(term.text, _text_of(element)):
                pass  # our martif export's "rendering — status — sources" line: said again by status and sources
            else:
                term.note = _append(term.note, _inner_text(element))
        elif name == "transacGrp":
            ignored["transacGrp (term level)"] += 1
        else:
            ignored[category or name] += 1


def _is_cat_note(term: str, text: str) -> bool:
    parts = text.split(CAT_NOTE_SEPARATOR)
    return len(parts) >= 2 and parts[0] == term and parts[1] in ("preferred", "admitted", "deprecated")


def _term_group(group, term: Term, objects: dict, ignored: Counter) -> None:
    """A descripGrp at term level: a context sentence with its source (or another description)."""
    descrip = next((e for e in group if _category(e) == "context"), None)
    if descrip is None:
        for child in group:
            ignored[f"{_category(child) or _local(child)} (of a descripGrp)"] += 1
        return
    context = Context(_inner_text(descrip))
    for child in group:
        if child is descrip:
            continue
        if _category(child) == "source":
            context.citation = _text_of(child)
            target = objects.get(child.get("target") or "")
            if target and target.get("section") == "documents":
                context.document = target
        else:
            ignored[f"{_category(child) or _local(child)} (of a context)"] += 1
    term.contexts.append(context)


def _source_ref(element, objects: dict) -> SourceRef:
    target = objects.get(element.get("target") or "")
    if target and target.get("section") == "sources" and target.get("key"):
        return SourceRef(target["key"], target.get("title") or _text_of(element), target.get("publisher"),
                         target.get("url"), target.get("authority"))
    return SourceRef(title=_text_of(element))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- merging into the glossary ------------------------------------------------------------------------

def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    return text if text and text[0].isalpha() else (f"c-{text}" if text else "")


class Importer:
    """Merges entries into the database (inside a transaction the caller owns)."""

    def __init__(self, db: sqlite_utils.Database, info: FileInfo, report: ImportReport, user: str = JOURNAL_USER):
        self.db, self.info, self.report, self.user = db, info, report, user
        self.today = date.today().isoformat()
        self.file_key = slugify(Path(info.name).stem) or "file"
        self.source_keys: dict[tuple, str] = {}
        self.file_source_key: str | None = None
        self.concept_of_key: dict[str, int] = {}
        self.pending_links: list[tuple[int, str, str, str]] = []
        self.sentences: dict[tuple[str, str], int] = {}
        self.new_documents: set[str] = set()
        self.journaled: list[tuple[int, str, dict | None]] = []  # (concept, slug, state before) to journal
        # concept → (entry id, parts of speech, made by this import) of the file's first entry there
        self.file_entries: dict[int, tuple[str | None, set[str], bool]] = {}
        self.created: set[int] = set()  # concepts this import made
        self.import_id = db["imports"].insert({
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "file": info.name,
            "sha256": info.sha256, "format": info.format,
        }).last_pk
        report.import_id = self.import_id
        if info.title and _meta(db, "title") is None:  # an empty glossary takes the termbase's title
            db["meta"].upsert_all(
                [{"key": "title", "value": info.title}]
                + ([{"key": "description", "value": info.description}] if info.description else []),
                pk="key",
            )

    # sources ----------------------------------------------------------------------------------------

    def file_source(self) -> str:
        """The source row standing for the file itself: renderings it gives without naming a source."""
        if self.file_source_key is None:
            about = self.info.title or self.info.description
            title = f"{about} (imported file {self.info.name})" if about else f"Imported file {self.info.name}"
            self.file_source_key = self._source(SourceRef(f"import-{self.file_key}", title))
        return self.file_source_key

    def _source(self, ref: SourceRef) -> str:
        """The key of the source row for a reference, created if new. Authority is the file's word when it
        gives one (our own exports do), else "reference": imported text is never made a house rendering
        unless the file itself calls it a house proposal."""
        signature = (ref.key, ref.title, ref.publisher, ref.url, ref.authority)
        if signature not in self.source_keys:
            self.source_keys[signature] = self._find_or_add_source(ref)
        return self.source_keys[signature]

    def _find_or_add_source(self, ref: SourceRef) -> str:
        if ref.key is None and re.match(r"house proposal\b", ref.title or "", re.IGNORECASE):
            house = self.db.execute("SELECT id FROM sources WHERE id = ? AND authority = 'house'",
                                    [HOUSE_SOURCE]).fetchone()
            if house:
                return HOUSE_SOURCE
            ref = SourceRef(HOUSE_SOURCE, ref.title, authority="house")
        if ref.key is None and ref.title:  # cited by title only: the glossary's source of that title, if any
            known = self.db.execute("SELECT id FROM sources WHERE title = ? ORDER BY id LIMIT 1", [ref.title]).fetchone()
            if known:
                return known[0]
        row = {"title": ref.title or ref.key, "publisher": ref.publisher, "url": ref.url,
               "authority": ref.authority if ref.authority in AUTHORITIES else "reference"}
        if row["url"] and not urls.is_web_url(row["url"]):
            # it would become a link on the site: only web addresses are kept (glossary/store/urls.py)
            self.report.warnings.append(f"source {ref.key or ref.title!r}: its URL {row['url'][:80]!r} is not an "
                                        "http:// or https:// address and was left out")
            row["url"] = None
        if ref.key is None:  # cited by text only: one row per distinct citation in this file
            row["publisher"] = self.info.title or self.info.name
            if urls.is_web_url(ref.title):
                row["url"] = ref.title
            base = f"import-{self.file_key}-" + hashlib.sha1((ref.title or "").encode()).hexdigest()[:8]
        else:
            base = ref.key
        key, n = base, 1
        while True:
            existing = self.db.execute(
                "SELECT title, publisher, url, authority FROM sources WHERE id = ?", [key]).fetchone()
            if existing is None:
                self.db["sources"].insert({"id": key, **row})
                break
            # the same source when every field the file gives agrees (a CSV gives no publisher or URL)
            given = [(mine, theirs) for mine, theirs in zip(existing, (row["title"], row["publisher"], row["url"],
                                                                        ref.authority)) if theirs]
            if ref.key is not None and all(mine == theirs for mine, theirs in given):
                break
            if tuple(existing) == (row["title"], row["publisher"], row["url"], row["authority"]):
                break
            n += 1
            key = f"{base}-{n}"
        if key != base and ref.key is not None:
            self.report.warnings.append(
                f"source {ref.key!r} differs from the glossary's source of that key; imported as {key!r}")
        return key

    def sources_of(self, term: Term) -> list[str]:
        keys = [self._source(ref) for ref in term.sources] or [self.file_source()]
        return list(dict.fromkeys(keys))

    # entries ----------------------------------------------------------------------------------------

    def add(self, entry: Entry) -> None:
        if entry.skipped:
            self.report.warnings.append(f"{entry.where}: {entry.skipped}")
            return
        self.report.entries += 1
        self.report.terms_in_file += len(entry.terms)
        problem = next(filter(None, (termcheck.chinese_term_problem(t.text)
                                     for t in entry.terms_in("zh-Hans", "zh-Hant"))), None)
        if problem:  # markup or another script as a Chinese term: kept whole in import_held, not imported
            self._hold(entry, entry.terms, f"not a Chinese term: {problem}")
            self.report.terms["held"] += len(entry.terms)
            return
        self._statuses(entry)
        if entry.needs_holding():
            foreign = entry.foreign_terms()
            if not entry.terms_in("zh-Hans", "zh-Hant"):
                self._hold(entry, entry.terms, "no Chinese term")
            else:
                codes = sorted({t.raw_lang or "no language code" for t in foreign})
                self._hold(entry, foreign, "languages not in the glossary (" + ", ".join(codes) + ")")
        zh = self._chinese(entry)
        if zh:
            self.report.ignored.update(entry.ignored)  # (a wholly held entry keeps them in its XML)
            owners = self._owners([t["term"] for t in zh])
            same_id = [o for o in owners if entry.key and self._slug_of(o) == entry.key]
            if same_id:
                owners = set(same_id)
            if len(owners) > 1:
                slugs = ", ".join(sorted(self._slug_of(o) for o in owners))
                self._hold(entry, entry.terms_in(*GLOSSARY_LANGS),
                           f"its Chinese terms belong to different concepts ({slugs})")
            elif owners:
                owner = owners.pop()
                verdict, why = self._identity(entry, owner)
                slug = self._slug_of(owner)
                if verdict == "merge":
                    self._merge(entry, zh, owner)
                    self.report.joined.append(f"{entry.name} → {slug}: {why}")
                    self._made(entry, owner, created=owner in self.created)
                elif verdict == "new":
                    self.report.homographs.append(f"{entry.name}: a concept of its own beside {slug} ({why})")
                    self._made(entry, self._add_new(entry, zh), created=True)
                else:
                    self._hold(entry, entry.terms_in(*GLOSSARY_LANGS),
                               f"same Chinese as {slug}, but {why}: review before merging")
            else:
                self._made(entry, self._add_new(entry, zh), created=True)
        for term in entry.terms:
            self.report.terms[term.outcome or "held"] += 1

    def _statuses(self, entry: Entry) -> None:
        """Statuses the file wrote in words of its own: the value kept in the term's note, the mapping counted.
        An English context sentence (IATE has them) goes into the note too: the glossary's examples are Chinese."""
        for term in entry.terms:
            if term.lang == "en" and term.contexts:
                for context in term.contexts:
                    cited = f" ({context.citation})" if context.citation else ""
                    term.note = _append(term.note, f"context: {context.text}{cited}")
                term.contexts = []
            if not term.status_original:
                continue
            note = original_note(term.status_original)
            if note not in (term.note or ""):
                term.note = f"{term.note}\n{note}" if term.note else note
            mapped = term.status or "not understood (no status given)"
            self.report.statuses[f"{term.status_original!r} → {mapped}"] += 1

    def _made(self, entry: Entry, concept_id: int, created: bool) -> None:
        """Which entry of this file made or joined a concept (homographs within the file are told apart)."""
        self.file_entries.setdefault(concept_id, (entry.key, entry.parts_of_speech(), created))

    def _identity(self, entry: Entry, concept_id: int) -> tuple[str, str]:
        """Whether an entry sharing a Chinese term with a concept is that concept: ("merge", why), ("new", why)
        for a homograph the file itself keeps apart, or ("hold", why) when in doubt."""
        slug = self._slug_of(concept_id)
        if entry.key and entry.key == slug:
            return "merge", "same id"
        made = self.file_entries.get(concept_id)
        if made is not None:
            key, pos, created = made
            # the file itself keeps them apart: a concept of its own where the other entry made the concept,
            # held where that entry joined one the glossary had
            verdict = "new" if created else "hold"
            if entry.key and key and entry.key != key:
                return verdict, f"same Chinese as another entry of the file ({key})"
            theirs = entry.parts_of_speech()
            if pos and theirs and not pos & theirs:
                return verdict, f"another part of speech ({', '.join(sorted(theirs))}) than entry {key or ''} of the file"
        subject, definition = self.db.execute(
            "SELECT subject, definition FROM concepts WHERE id = ?", [concept_id]).fetchone()
        for name, mine, theirs in (("subject field", subject, entry.subject),
                                   ("definition", definition, entry.definition)):
            if mine and theirs and not _compatible(mine, theirs, name == "subject field"):
                return "hold", f"another {name} (“{_preview(theirs)}”)"
        english = {_written(t.text).casefold() for t in entry.terms_in("en")}
        if not english:
            return "merge", "same Chinese, no English rendering to tell them apart"
        ours = {_written(t).casefold(): t for (t,) in self.db.execute(
            "SELECT term FROM terms WHERE concept_id = ? AND lang = 'en'", [concept_id])}
        shared = [ours[k] for k in ours if k in english]
        if not shared:
            return "hold", "no English rendering in common"
        return "merge", f"same Chinese, rendering “{shared[0]}” in common"

    def _hold(self, entry: Entry, held: list[Term], reason: str) -> None:
        for term in held:
            term.outcome = "held"
        original = entry.as_written()
        self.db["import_held"].insert(
            {
                "import_id": self.import_id,
                "entry": entry.name,
                "reason": reason,
                "terms": json.dumps([{"lang": t.raw_lang or t.lang, "term": t.text, "status": t.status}
                                     for t in held], ensure_ascii=False),
                "original": original,
                "fingerprint": hashlib.sha256(original.encode()).hexdigest(),
            },
            ignore=True,  # the same entry held again by a second import of the file
        )
        self.report.held.append(f"{entry.name}: {reason}")

    def _chinese(self, entry: Entry) -> list[dict]:
        """The entry's Chinese terms as zh-Hans terms, each with its traditional form and the file's terms
        it stands for. A traditional term pairs with the simplified term it converts to (exactly, else by
        lookup key); those left over pair in order when as many are left on each side (a curated traditional
        form that conversion does not give back); a traditional term alone gives its simplified form."""
        hans, hant = entry.terms_in("zh-Hans"), entry.terms_in("zh-Hant")
        pairs: dict[int, Term] = {}
        unpaired = []
        for t in hant:
            simplified, key = to_simplified(t.text), store.chinese_key(t.text)
            free = [i for i in range(len(hans)) if i not in pairs]
            match = next((i for i in free if hans[i].text == simplified), None)
            if match is None:
                match = next((i for i in free if store.chinese_key(hans[i].text) == key), None)
            if match is None:
                unpaired.append(t)
            else:
                pairs[match] = t
        lone = [i for i in range(len(hans)) if i not in pairs]
        if unpaired and len(unpaired) == len(lone):
            pairs.update(zip(lone, unpaired))
            unpaired = []
        result = []
        for i, h in enumerate(hans):
            result.append({"term": h.text, "hant": pairs[i].text if i in pairs else None, "status": h.status,
                           "type": h.type, "note": h.note, "pinyin": h.pinyin, "reviewed": h.pinyin_reviewed,
                           "members": [h] + ([pairs[i]] if i in pairs else [])})
        for t in unpaired:
            result.append({"term": to_simplified(t.text), "hant": t.text, "status": t.status, "type": t.type,
                           "note": t.note, "pinyin": None, "reviewed": False, "members": [t]})
        unique, seen = [], set()
        for z in result:  # the same term twice in one entry counts once (written forms that differ are kept)
            if z["term"] in seen:
                for member in z["members"]:
                    member.outcome = "present"
                continue
            seen.add(z["term"])
            unique.append(z)
        return unique

    def _owners(self, texts: list[str]) -> set[int]:
        owners = set()
        for text in texts:
            for (cid,) in self.db.execute(
                "SELECT DISTINCT concept_id FROM terms WHERE norm = ? AND lang IN ('zh-Hans', 'zh-Hant')",
                [store.chinese_key(text)],
            ):
                owners.add(cid)
        return owners

    def _slug_of(self, concept_id: int) -> str:
        return self.db.execute("SELECT slug FROM concepts WHERE id = ?", [concept_id]).fetchone()[0]

    def _english(self, entry: Entry) -> list[Term]:
        """The entry's English terms, one per written form: "All-China …" and "All China …", or "Li Yuanfa"
        and a deprecated "Li YuanFa", are different renderings, though lookup folds them together."""
        english, seen = [], set()
        for term in entry.terms_in("en"):
            key = _written(term.text)
            if key in seen:
                term.outcome = "present"
                continue
            seen.add(key)
            english.append(term)
        return english

    def _pinyin_override(self, z: dict) -> str | None:
        """The file's reading where a person reviewed it, or where it differs from the one the glossary
        derives (either way it is then stored as reviewed)."""
        if not z["pinyin"]:
            return None
        problem = termcheck.reading_problem(z["term"], z["pinyin"])
        if problem:  # not pinyin (markup, another term's reading): the glossary derives the reading instead
            self.report.warnings.append(f"reading refused, derived instead: {problem}")
            return None
        if z["reviewed"]:
            return z["pinyin"]
        # the syllables alone, not py.reading(): insert_chinese_term derives the full reading once more anyway
        # (lower-cased both: the stored reading of T恤 is "t xù", the syllables "T xù")
        derived = " ".join(s for s in py.syllables(z["term"]) if s.strip()).lower()
        given = unicodedata.normalize("NFC", z["pinyin"].lower())
        return None if derived == given else z["pinyin"]

    def _zh_row(self, z: dict, status: str | None) -> dict:
        row = {"term": z["term"], "type": self._term_type(z["type"]), "note": z["note"]}
        if status:
            row["status"] = status
        if z["hant"]:
            row["hant"] = z["hant"]
        override = self._pinyin_override(z)
        if override:
            row["pinyin"] = override
        return row

    def _add_new(self, entry: Entry, zh: list[dict]) -> int:
        english = self._english(entry)
        preferred = [t for t in english if t.status == "preferred"]
        for extra in preferred[1:]:
            self.report.warnings.append(
                f"{entry.name}: more than one preferred rendering; “{extra.text}” imported as admitted")
        # no preferred rendering: the first without a status, else the first the file approved in words of its
        # own ("Approved"); never one it deprecates or whose status is not understood
        unmarked = [t for t in english if t.status is None and not t.status_original] or [
            t for t in english if t.status == "admitted" and t.status_original]
        promoted = unmarked[0] if not preferred and unmarked else None
        if promoted is not None:
            self.report.warnings.append(
                f"{entry.name}: no rendering marked preferred; took the first, “{promoted.text}”")
        en_rows = []
        for term in english:
            if term is promoted or (preferred and term is preferred[0]):
                status = "preferred"
            else:
                status = term.status if term.status in ("admitted", "deprecated") else "admitted"
            en_rows.append({"term": term.text, "status": status, "type": self._term_type(term.type),
                            "note": term.note, "sources": self.sources_of(term)})
        slug = self._new_slug(entry, english, zh)
        zh_rows = []
        for position, z in enumerate(zh):
            status = z["status"] or ("preferred" if position == 0 else "admitted")
            zh_rows.append(self._zh_row(z, status))
        if entry.kind not in KINDS:
            self.report.defaulted["kind: none in the file, 'general' given"] += 1
        if not entry.created:
            self.report.defaulted["origination date: none in the file, the import's date given"] += 1
        concept_id = store.insert_concept(self.db, {
            "id": slug,
            "kind": entry.kind if entry.kind in KINDS else "general",
            "subject": entry.subject,
            "definition": entry.definition,
            "note_zh": entry.note_zh,
            "note": entry.note,
            "created": entry.created or self.today,
            "modified": entry.modified or entry.created or self.today,
            "zh": zh_rows,
            "en": en_rows,
        })
        for z in zh:
            for member in z["members"]:
                member.outcome = "added"
        for term in english:
            term.outcome = "added"
        self._after_terms(entry, concept_id, zh, english)
        self.report.added.append(slug)
        self.journaled.append((concept_id, slug, None))
        self.created.add(concept_id)
        return concept_id

    def _term_type(self, given: str | None) -> str:
        if given:
            return given
        self.report.defaulted["termType: none in the file, fullForm given"] += 1
        return "fullForm"

    def _new_slug(self, entry: Entry, english: list[Term], zh: list[dict]) -> str:
        if entry.key and _SLUG.match(entry.key) and not self._slug_taken(entry.key):
            return entry.key  # the file's id, when it can be a slug: what a round trip needs
        from_key = slugify(entry.key or "")
        if entry.key and entry.key[0].isalpha() and from_key and not self._slug_taken(from_key):
            return from_key  # IATE-3526311 → iate-3526311: the file's id still recognisable
        preferred = next((t for t in english if t.status == "preferred"), english[0] if english else None)
        return curation.suggest_slug(self.db, {
            "en": [{"term": preferred.text, "status": "preferred"}] if preferred else [],
            "zh": [{"term": zh[0]["term"]}],
        })

    def _slug_taken(self, slug: str) -> bool:
        return self.db.execute("SELECT 1 FROM concepts WHERE slug = ?", [slug]).fetchone() is not None

    def _merge(self, entry: Entry, zh: list[dict], concept_id: int) -> None:
        concept = dict(zip(
            ("slug", "kind", "subject", "definition", "note_zh", "note"),
            self.db.execute("SELECT slug, kind, subject, definition, note_zh, note FROM concepts WHERE id = ?",
                            [concept_id]).fetchone(),
        ))
        slug, changed = concept["slug"], False
        before = store.concept_state(self.db, concept_id)
        # Chinese terms: new synonyms join the concept (never as a second preferred term)
        ours = {
            norm: status for norm, status in self.db.execute(
                "SELECT norm, status FROM terms WHERE concept_id = ? AND lang = 'zh-Hans'", [concept_id])
        }
        position = self.db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM terms WHERE concept_id = ? AND lang = 'zh-Hans'",
            [concept_id]).fetchone()[0]
        for z in zh:
            key = store.chinese_key(z["term"])
            if key in ours or self._owners([z["term"]]) == {concept_id}:
                outcome = "present"
            else:
                status = "admitted" if z["status"] in (None, "preferred") else z["status"]
                store.insert_chinese_term(self.db, concept_id, self._zh_row(z, status), position)
                position += 1
                outcome, changed = "added", True
            for member in z["members"]:
                member.outcome = outcome
        # English renderings: new ones added; a disagreement is reported, the glossary's kept
        rows = self.db.execute(
            "SELECT id, term, status FROM terms WHERE concept_id = ? AND lang = 'en' ORDER BY position",
            [concept_id]).fetchall()
        existing = {_written(term): (term_id, status, term) for term_id, term, status in rows}
        preferred = next((term for _id, term, status in rows if status == "preferred"), None)
        position = len(rows)
        english = self._english(entry)
        for term in english:
            key = _written(term.text)
            if key in existing:
                term_id, status, text = existing[key]
                if term.status not in (None, status):
                    self.report.conflicts.append(
                        f"{slug}: “{text}” is {status} in the glossary, {term.status} in the file")
                    term.outcome = "conflict"
                    continue
                term.outcome = "present"
                new_sources = [k for k in self.sources_of(term) if not self.db.execute(
                    "SELECT 1 FROM term_sources WHERE term_id = ? AND source_id = ?", [term_id, k]).fetchone()]
                if new_sources:
                    self.db["term_sources"].insert_all(
                        [{"term_id": term_id, "source_id": k} for k in new_sources])
                    changed = True
                continue
            status = term.status or "admitted"
            if status == "preferred" and preferred is not None:
                self.report.conflicts.append(
                    f"{slug}: the file prefers “{term.text}”, the glossary prefers “{preferred}” (not added)")
                term.outcome = "conflict"
                continue
            if status == "preferred":
                preferred = term.text
            self._insert_english(concept_id, term, status, position)
            position += 1
            term.outcome, changed = "added", True
        # concept fields: fill what is empty, report what differs
        for name in ("kind", "subject", "definition", "note_zh", "note"):
            theirs = getattr(entry, name)
            if not theirs or (name == "kind" and theirs not in KINDS):
                continue
            mine = concept[name]
            if mine == theirs:
                continue
            if not mine or (name == "kind" and mine == "general"):
                self.db.execute(f"UPDATE concepts SET {name} = ? WHERE id = ?", [theirs, concept_id])
                changed = True
            elif " ".join(mine.split()) != " ".join(theirs.split()):
                self.report.conflicts.append(
                    f"{slug}: {name}: the file has “{_preview(theirs)}”, the glossary “{_preview(mine)}”")
        if changed:
            self.db.execute("UPDATE concepts SET version = version + 1, modified = ? WHERE id = ?",
                            [self.today, concept_id])
        self._after_terms(entry, concept_id, zh, english)
        (self.report.merged if changed else self.report.unchanged).append(slug)
        if changed:
            self.journaled.append((concept_id, slug, before))

    def _insert_english(self, concept_id: int, term: Term, status: str, position: int) -> int:
        term_id = self.db["terms"].insert({
            "concept_id": concept_id, "lang": "en", "term": term.text, "term_type": self._term_type(term.type),
            "status": status, "position": position, "note": term.note, "norm": store.english_key(term.text),
        }).last_pk
        self.db["term_sources"].insert_all([{"term_id": term_id, "source_id": k} for k in self.sources_of(term)])
        return term_id

    def _after_terms(self, entry: Entry, concept_id: int, zh: list[dict], english: list[Term]) -> None:
        """Links (resolved at the end, when every entry is in) and example sentences."""
        if entry.key:
            self.concept_of_key.setdefault(entry.key, concept_id)
        for target, kind in entry.links:
            self.pending_links.append((concept_id, target, kind, entry.name))
        for z in zh:
            for member in z["members"]:
                if member.contexts:
                    self._add_contexts(concept_id, member)
        for term in english:  # the glossary's example sentences are Chinese
            if term.contexts:
                self.report.ignored["context of an English term"] += len(term.contexts)

    def _add_contexts(self, concept_id: int, term: Term) -> None:
        row = self.db.execute(
            "SELECT id FROM terms WHERE concept_id = ? AND lang = ? AND term = ?",
            [concept_id, term.lang, term.text]).fetchone()
        if row is None:
            return
        for context in term.contexts:
            sentence_id = self._sentence(context)
            start = context.text.find(term.text)
            self.db.execute(
                'INSERT OR IGNORE INTO examples (term_id, sentence_id, start, "end") VALUES (?, ?, ?, ?)',
                [row[0], sentence_id, max(start, 0), start + len(term.text) if start >= 0 else 0])

    def _sentence(self, context: Context) -> int:
        document = self._document(context)
        cached = self.sentences.get((document, context.text))
        if cached:
            return cached
        row = None
        if document not in self.new_documents:  # a document this import made has all its sentences cached
            row = self.db.execute("SELECT id FROM sentences WHERE document_id = ? AND text = ?",
                                  [document, context.text]).fetchone()
        if row:
            self.sentences[(document, context.text)] = row[0]
            return row[0]
        match = _SENTENCE_CITATION.search(context.citation or "") if context.document else None
        position = int(match.group(1)) - 1 if match else None
        if position is None or self.db.execute(
                "SELECT 1 FROM sentences WHERE document_id = ? AND position = ?", [document, position]).fetchone():
            position = self.db.execute(
                "SELECT coalesce(max(position), -1) + 1 FROM sentences WHERE document_id = ?", [document]
            ).fetchone()[0]
        sentence_id = self.db.execute(
            "INSERT INTO sentences (document_id, position, kind, text) VALUES (?, ?, 'body', ?)",
            [document, position, context.text]).lastrowid
        self.sentences[(document, context.text)] = sentence_id
        return sentence_id

    def _document(self, context: Context) -> str:
        """The document a context sentence comes from: the one the file describes (our own exports), else
        one per distinct citation in this file."""
        if context.document and context.document.get("key"):
            d = context.document
            row = {"id": d["key"], "title": d.get("title") or d["key"], "date": d.get("date"),
                   "publisher": d.get("publisher"), "file": d.get("file")}
        else:
            citation = context.citation or ""
            digest = hashlib.sha1(citation.encode()).hexdigest()[:8]
            row = {"id": f"import-{self.file_key}-{digest}",
                   "title": citation or f"Contexts in {self.info.name}", "publisher": self.info.title}
        if row["id"] not in self.new_documents and not self.db.execute(
                "SELECT 1 FROM documents WHERE id = ?", [row["id"]]).fetchone():
            self.db["documents"].insert(row)
            self.new_documents.add(row["id"])
        return row["id"]

    def finish(self) -> None:
        # the sources and documents the file describes, cited or not: nothing it says is dropped
        for item in self.info.back:
            if item.get("section") == "sources" and item.get("key"):
                self._source(SourceRef(item["key"], item.get("title"), item.get("publisher"), item.get("url"),
                                       item.get("authority")))
            elif item.get("section") == "documents" and item.get("key"):
                self._document(Context("", document=item))
        for concept_id, target, kind, name in self.pending_links:
            target_id = self.concept_of_key.get(target)
            if target_id is None:
                found = self.db.execute("SELECT id FROM concepts WHERE slug = ?", [target]).fetchone()
                target_id = found[0] if found else None
            if target_id is None:
                self.report.warnings.append(f"{name}: cross-reference to {target!r}, which is not in the glossary")
                continue
            if target_id != concept_id:
                self.db["links"].insert({"concept_id": concept_id, "target_id": target_id, "type": kind}, ignore=True)
        # every concept the import made or changed goes into the curation journal (history, restore);
        # written last, so the states include the links
        summary = f"import #{self.import_id} of {self.info.name}"
        for concept_id, slug, before in self.journaled:
            journal.record(self.db, self.user, "import", concept_id=concept_id, slug=slug,
                           summary=("merged from " if before else "added from ") + summary,
                           before=before, after=store.concept_state(self.db, concept_id))
        self.db["imports"].update(self.import_id, {
            "source_id": self.file_source_key,
            "report": json.dumps(self.report.as_dict(), ensure_ascii=False),
        })


def _compatible(mine: str, theirs: str, nested: bool) -> bool:
    """The same field value, spacing, case and final full stop aside; for a subject field also a broader or
    narrower one ("labour relations" and "labour relations; wages")."""
    a, b = (" ".join(x.split()).casefold().rstrip(".。") for x in (mine, theirs))
    return a == b or (nested and (a in b or b in a))


def _written(text: str) -> str:
    """A rendering as written, for telling renderings apart: Unicode-normalised, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _preview(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _meta(db, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


# --- running an import --------------------------------------------------------------------------------
