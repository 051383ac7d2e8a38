"""Reading SDL MultiTerm XML exports (`<mtf>`, UTF-8 or UTF-16), so a MultiTerm termbase can come over.

A MultiTerm entry is a `conceptGrp` with the entry number (`concept`), entry-level `descripGrp`s and
`transacGrp`s, and one `languageGrp` per language (`language type="Chinese" lang="ZH-CN"`) holding
`termGrp`s: the term, its `descrip`s (Status, Definition, Note, Source, Context, Part of speech …, named as
the termbase's designer chose, so matched case-insensitively) and its own transactions. The entries come out
as records.Entry, merged by the same importer as TBX; fields without a place here are listed in the
report, the status picklist (Approved / Forbidden / Proposed) is read by meaning (term_status).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from glossary.store.schema import GlossaryError
from glossary.interchange.records import (Context, Entry, FileInfo, SourceRef, Term, append_text, free_element,
                                          normalise_lang, normalise_term_type, sha256)
from glossary.interchange.tbx_read import iterparse_safely
from glossary.interchange.term_status import is_status_category, read_status

# descrip types (lower-cased, without spaces) → what they are here
_SUBJECT = {"subject", "subjectfield", "domain", "subdomain", "field", "topic"}
_DEFINITION = {"definition", "def"}
_NOTE = {"note", "notes", "comment", "comments", "remark", "usage", "usagenote"}
_SOURCE = {"source", "definitionsource", "termsource", "reference"}
_CONTEXT = {"context", "example", "contextsentence", "sample"}
_POS = {"partofspeech", "pos", "grammar", "wordclass"}
_TERM_TYPE = {"termtype", "type"}


def _key(name: str | None) -> str:
    return "".join((name or "").split()).lower()


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _descrips(parent) -> Iterator[tuple[str, str, etree._Element]]:
    """(type as written, text, element) of the descrips directly under a group (in descripGrp or bare)."""
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "descripGrp":
            for descrip in child:
                if isinstance(descrip.tag, str) and descrip.tag == "descrip":
                    yield descrip.get("type") or "", _text(descrip), descrip
        elif child.tag == "descrip":
            yield child.get("type") or "", _text(child), child


def read_multiterm(path: str | Path) -> tuple[FileInfo, Iterator[Entry]]:
    path = Path(path)
    info = FileInfo(path.name, "multiterm", sha256(path), title=path.stem)

    def entries() -> Iterator[Entry]:
        root = None
        for event, element in iterparse_safely(path):
            if root is None:
                root = element.tag
                if root != "mtf":
                    raise GlossaryError(f"{path}: not a MultiTerm XML file (root element <{root}>, expected <mtf>)")
            if event == "end" and element.tag == "conceptGrp":
                entry = _entry(element)
                entry.original_of = lambda e=element: etree.tostring(e, encoding="unicode").strip()
                yield entry
                entry.original_of = None
                free_element(element)

    return info, entries()


def _entry(group) -> Entry:
    number = group.find("concept")
    key = _text(number) if number is not None and _text(number) else None
    # MultiTerm numbers entries; as an id that cannot be a slug it names the entry in the report
    entry = Entry(key, f"line {group.sourceline}")
    for kind, text, element in _descrips(group):
        _entry_descrip(entry, kind, text, None)
    for transaction in group.findall("transacGrp"):
        _transaction(entry, transaction)
    for language in group.findall("languageGrp"):
        tag = language.find("language")
        code = tag.get("lang") if tag is not None else None
        name = tag.get("type") if tag is not None else None
        lang = normalise_lang(code) or _lang_from_name(name)
        for kind, text, _element in _descrips(language):
            _entry_descrip(entry, kind, text, lang)
        for term_group in language.findall("termGrp"):
            term = _term(term_group, lang, entry)
            if term is not None:
                term.raw_lang = code or name
                entry.terms.append(term)
    return entry


def _lang_from_name(name: str | None) -> str | None:
    word = (name or "").lower()
    if word.startswith("chinese"):
        return "zh-Hant" if any(r in word for r in ("taiwan", "hong kong", "traditional", "macao")) else "zh-Hans"
    if word.startswith("english"):
        return "en"
    return name


def _entry_descrip(entry: Entry, kind: str, text: str, lang: str | None) -> None:
    key = _key(kind)
    if not text:
        return
    if key in _SUBJECT:
        entry.subject = append_text(entry.subject, text)
    elif key in _DEFINITION or key in _NOTE:
        # Chinese text of either goes to the 知识点 note; English to the definition or the usage note
        field, label = ("definition", "Definition") if key in _DEFINITION else ("note", "Note")
        if lang in ("zh-Hans", "zh-Hant"):
            entry.note_zh = append_text(entry.note_zh, text)
        elif lang in ("en", None):
            setattr(entry, field, append_text(getattr(entry, field), text))
        else:
            entry.ignored[f"{label} ({lang})"] += 1
    else:
        entry.ignored[f"{kind} (MultiTerm field)"] += 1


def _transaction(entry: Entry, group) -> None:
    transac, date = group.find("transac"), group.find("date")
    if transac is None or date is None or not _text(date):
        return
    when = _text(date)[:10]
    kind = (transac.get("type") or "").lower()
    if kind == "origination":
        entry.created = min(entry.created or when, when)
    elif kind == "modification":
        entry.modified = max(entry.modified or when, when)
    if _text(transac):  # who made the change: no field for it here (the journal names the importer)
        entry.ignored[f"transaction by '{_text(transac)}'"] += 1


def _term(group, lang: str | None, entry: Entry) -> Term | None:
    element = group.find("term")
    if element is None or not _text(element):
        return None
    term = Term(lang, _text(element))
    for kind, text, descrip in _descrips(group):
        key = _key(kind)
        if not text:
            continue
        if is_status_category(kind) or key in ("status", "usagestatus", "termstatus"):
            if term.status is None and term.status_original is None:
                term.status, term.status_original = read_status(text)
        elif key in _SOURCE:
            term.sources.append(SourceRef(title=text))
        elif key in _CONTEXT:
            term.contexts.append(Context(text))
        elif key in _POS:
            term.pos = text
            entry.ignored[f"{kind} (MultiTerm field)"] += 1
        elif key in _TERM_TYPE and normalise_term_type(text):
            term.type = normalise_term_type(text)
        elif key in _DEFINITION:
            _entry_descrip(entry, kind, text, lang)
        elif key in _NOTE:
            term.note = append_text(term.note, text)
        else:
            entry.ignored[f"{kind} (MultiTerm field)"] += 1
    for transaction in group.findall("transacGrp"):
        if transaction.find("transac") is not None and _text(transaction.find("transac")):
            entry.ignored[f"transaction by '{_text(transaction.find('transac'))}'"] += 1
    return term
