"""Reading TBX (v3 and 2008 "martif") into entries (records.py), with an XML parser that cannot be turned against us.

Files from elsewhere vary, and the reader meets them where they are: `tbx` (v3, DCA or DCT style) and
`martif` roots; `termSec`, `tig` and `ntig/termGrp`; statuses written `preferredTerm-admn-sts`, `preferred`,
`admitted`, `notRecommended`, `deprecated` …; language codes `zh`, `zh-CN`, `zh-TW`, `zh-Hans`, `en-US` ….
The mapping of the glossary's own export (see tbx_export.py) is read back exactly, so export → import →
export gives the same document. Merging the entries into the glossary is importer.py's work.

Safety: the XML parser never expands entities, never loads a DTD and never touches the network; a file
that declares entities (billion laughs, XXE) is refused, and a malformed one reports line and column.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from glossary.store.curated import KINDS
from glossary.store.schema import GlossaryError
from glossary.interchange.records import (GLOSSARY_LANGS, Context, Entry, FileInfo, SourceRef, Term, append_text,
                                          free_element, normalise_lang, normalise_term_type, sha256)
from glossary.interchange.term_status import TBX_BASIC_VALUES, is_status_category, normalise_status, read_status
from glossary.interchange.tbx_export import (BROADER_REF, CAT_NOTE_SEPARATOR, KIND_NOTE, RESPONSIBILITY,
                                             REVIEWED_PINYIN_LANG, TBX_NS, XML_LANG)

# term-level categories with no field here that a translator needs (IATE's reliability, regional usage): kept
# in the term's note, named
TERM_NOTE_CATEGORIES = {"reliabilitycode": "reliability", "geographicalusage": "geographical usage",
                        "usagenote": "usage", "register": "register", "normativeauthorizationorg": "authority"}
_WRAPPERS = {"descrip", "admin", "termNote", "transac", "transacNote", "ref", "xref", "adminNote", "descripNote"}


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
            free_element(element)
    return _Preamble(root_name, title, description, objects)



def read_tbx(path: str | Path) -> tuple[FileInfo, Iterator[Entry]]:
    """The file's description and a stream of its entries (pass 2)."""
    path = Path(path)
    preamble = _read_preamble(path)
    info = FileInfo(path.name, "tbx" if preamble.root == "tbx" else "tbx2008", sha256(path),
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
                free_element(element)

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
        entry.subject = append_text(entry.subject, _text_of(element))
    elif category == "definition":
        where = own_lang or lang
        if where == "en":
            entry.definition = append_text(entry.definition, _inner_text(element))
        elif where in ("zh-Hans", "zh-Hant"):
            entry.note_zh = append_text(entry.note_zh, _inner_text(element))
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
            entry.note_zh = append_text(entry.note_zh, text)
        elif where in ("en", None):
            entry.note = append_text(entry.note, text)
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
            term.note = append_text(term.note, f"{TERM_NOTE_CATEGORIES[category.lower()]}: {_text_of(element)}")
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
                term.note = append_text(term.note, _inner_text(element))
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

