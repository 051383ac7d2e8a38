"""Exporting the glossary as TBX: TBX-Basic v3 (ISO 30042:2019, DCA style) and TBX 2008 "martif" for CAT tools.

Both are streamed: the database is read concept by concept (one ordered cursor per table, merged on the
concept id) and each entry is serialised and written before the next is read, so memory does not grow
with the glossary. The output is deterministic (no timestamps), so export → import → export can be
compared byte for byte.

How the glossary maps onto TBX-Basic v3 (the reader in tbx_read.py reads the same mapping back):

| glossary | TBX |
|---|---|
| concept slug | conceptEntry/@id (the slug is already an XML ID; else `concept.N`) |
| subject, definition | descrip subjectField, descrip definition (xml:lang="en"), concept level |
| kind | note `kind: organisation`, concept level |
| 知识点 note, usage note | note xml:lang="zh-Hans", note xml:lang="en", concept level |
| related / broader links | ref crossReference target=<concept id> (text: head term; `broader concept: …`) |
| created / modified | transacGrp origination / modification with date and responsibility |
| zh-Hans, zh-Hant, en terms | langSec > termSec: termType, administrativeStatus (`preferredTerm-admn-sts` …) |
| pinyin | note xml:lang="zh-Latn-pinyin" on the zh-Hans termSec (TBX-Basic has no pinyin category); a reading a person reviewed: "zh-Latn-pinyin-x-reviewed" |
| term note | note on the termSec |
| sources of a rendering | admin source target=<refObject> (text: the source's title) |
| example sentences | descripGrp: descrip context + admin source target=<document refObject> ("…, sentence N") |
| sources, documents | back/refObjectSec type="sources" / "documents": refObject with items key, title, … |

The martif export is for OmegaT, Weblate/translate-toolkit and Okapi, which read only TBX 2008: the document
in zh-Hans, each entry's languages in the order zh-Hans, en, zh-Hant (translate-toolkit takes the second as
the target), terms with their statuses, pinyin (a zh-Latn-pinyin note) and definitions, each rendering's
sources as `admin source` pointing at back-matter refObjects (key, title, authority: a re-import keeps them)
and one note per rendering that names it, its status and its sources' authority (OmegaT shows all notes of
an entry as one comment, so each must say which rendering it is about). Deprecated English renderings are
left out unless asked for: OmegaT ignores administrativeStatus and would offer them as translations.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlite_utils
from lxml import etree

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PINYIN_LANG = "zh-Latn-pinyin"  # BCP 47: Chinese in Latin script, Hanyu Pinyin
REVIEWED_PINYIN_LANG = PINYIN_LANG + "-x-reviewed"  # a reading a person set (private-use subtag)
RESPONSIBILITY = "glossary build"
KIND_NOTE = "kind: "
BROADER_REF = "broader concept: "
STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
LANG_ORDER = {"zh-Hans": 0, "zh-Hant": 1, "en": 2}
DEFAULT_TITLE = "Chinese–English glossary of trade-union and labour-relations terms"
_CONCEPT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")  # no dots: back-matter ids use them, so never collide
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$")
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- reading the database concept by concept ---------------------------------------------------------

@dataclass
class ConceptRecord:
    """One concept with everything the exports need, read in one step of the merge join."""

    concept: dict
    terms: list[dict]  # zh-Hans, zh-Hant, en (then any other language), each by position
    sources: dict[int, list[str]] = field(default_factory=dict)  # term id → source keys, in citation order
    contexts: dict[int, list[dict]] = field(default_factory=dict)  # term id → example sentences
    links: list[dict] = field(default_factory=list)

    def terms_in(self, lang: str) -> list[dict]:
        return [t for t in self.terms if t["lang"] == lang]


class _RowsByConcept:
    """The rows of one query ordered by concept id, handed out one concept at a time."""

    def __init__(self, cursor):
        self._columns = [c[0] for c in cursor.description]
        self._rows = iter(cursor)
        self._next = next(self._rows, None)

    def take(self, concept_id: int) -> list[dict]:
        taken = []
        while self._next is not None and self._next[0] <= concept_id:
            if self._next[0] == concept_id:
                taken.append(dict(zip(self._columns, self._next)))
            self._next = next(self._rows, None)
        return taken


def iter_concepts(db: sqlite_utils.Database) -> Iterator[ConceptRecord]:
    """Every concept in id order with its terms, sources, example sentences and links; streamed."""
    conn = db.conn
    concepts = conn.execute(
        "SELECT id, slug, kind, subject, definition, note_zh, note, created, modified FROM concepts ORDER BY id"
    )
    columns = [c[0] for c in concepts.description]
    terms = _RowsByConcept(conn.execute(
        """SELECT concept_id, id, lang, term, term_type, status, position, note, hans_id, pinyin, pinyin_reviewed
           FROM terms ORDER BY concept_id"""
    ))
    term_sources = _RowsByConcept(conn.execute(
        """SELECT t.concept_id, ts.term_id, ts.source_id FROM term_sources ts JOIN terms t ON t.id = ts.term_id
           ORDER BY t.concept_id, ts.rowid"""
    ))
    contexts = _RowsByConcept(conn.execute(
        """SELECT t.concept_id, e.term_id, s.text, s.document_id AS document, s.position, min(e.start) AS start
           FROM examples e JOIN terms t ON t.id = e.term_id JOIN sentences s ON s.id = e.sentence_id
           JOIN documents d ON d.id = s.document_id
           GROUP BY e.term_id, e.sentence_id
           ORDER BY t.concept_id, e.term_id, d.date, d.id, s.position"""
    ))
    links = _RowsByConcept(conn.execute(
        """SELECT l.concept_id, l.type, c.id AS target_id, c.slug AS target_slug,
                  (SELECT term FROM terms WHERE concept_id = c.id AND lang = 'zh-Hans'
                   ORDER BY position, id LIMIT 1) AS target_term
           FROM links l JOIN concepts c ON c.id = l.target_id ORDER BY l.concept_id, l.type, c.id"""
    ))
    for row in concepts:
        concept = dict(zip(columns, row))
        cid = concept["id"]
        record = ConceptRecord(
            concept,
            sorted(terms.take(cid), key=lambda t: (LANG_ORDER.get(t["lang"], 9), t["lang"], t["position"], t["id"])),
        )
        for row in term_sources.take(cid):
            record.sources.setdefault(row["term_id"], []).append(row["source_id"])
        for row in contexts.take(cid):
            record.contexts.setdefault(row["term_id"], []).append(row)
        record.links = links.take(cid)
        yield record


def concept_xml_id(slug: str | None, concept_id: int) -> str:
    """A conceptEntry id: the slug when it is a valid XML ID, else `concept.N`."""
    return slug if slug and _CONCEPT_ID.match(slug) else f"concept.{concept_id}"


def _object_ids(keys: list[str], prefix: str) -> dict[str, str]:
    """XML IDs for back-matter objects (`source.law-2021`), unique even when keys need cleaning."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for key in keys:
        base = prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", key)
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}.{n}"
        used.add(candidate)
        ids[key] = candidate
    return ids


def _meta(db, key: str) -> str | None:
    if not db["meta"].exists():
        return None
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _rows(db, sql: str) -> list[dict]:
    cursor = db.execute(sql)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r)) for r in cursor]


def _text(value) -> str:
    """Text safe for XML 1.0 (control characters cannot be written at all)."""
    return _BAD_XML_CHARS.sub("", str(value))


def _sub(parent, tag: str, text=None, lang: str | None = None, **attrs) -> etree._Element:
    if lang:
        attrs[XML_LANG] = lang
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _text(text)
    return element


def _term_element(entry, lang_secs: dict, term: dict, lang_tag: str, term_tag: str) -> etree._Element:
    """A term's element (v3 langSec/termSec, 2008 langSet/tig) with its term, termType and status; the
    language section is made on the language's first term."""
    lang_sec = lang_secs.get(term["lang"])
    if lang_sec is None:
        lang_sec = lang_secs[term["lang"]] = _sub(entry, lang_tag, lang=term["lang"])
    element = _sub(lang_sec, term_tag)
    _sub(element, "term", term["term"])
    if term["term_type"]:
        _sub(element, "termNote", term["term_type"], type="termType")
    if term["status"] in STATUS_TO_TBX:
        _sub(element, "termNote", STATUS_TO_TBX[term["status"]], type="administrativeStatus")
    return element


def _chunk(element, level: int) -> bytes:
    etree.indent(element, space="  ", level=level)
    return ("  " * level).encode() + etree.tostring(element, encoding="UTF-8") + b"\n"


# --- TBX-Basic v3 ------------------------------------------------------------------------------------

class _Back:
    """The sources and documents a v3 export refers to, as back-matter refObjects."""

    def __init__(self, db):
        self.sources = _rows(db, "SELECT id, title, publisher, url, authority FROM sources ORDER BY id")
        self.documents = _rows(db, "SELECT id, title, date, publisher, file FROM documents ORDER BY id")
        self.source_ids = _object_ids([s["id"] for s in self.sources], "source.")
        self.source_titles = {s["id"]: s["title"] for s in self.sources}
        self.document_ids = _object_ids([d["id"] for d in self.documents], "document.")
        self.documents_by_id = {d["id"]: d for d in self.documents}

    def element(self) -> etree._Element | None:
        back = etree.Element("back")
        for kind, rows, ids, fields in (
            ("sources", self.sources, self.source_ids, ("title", "publisher", "url", "authority")),
            ("documents", self.documents, self.document_ids, ("title", "date", "publisher", "file")),
        ):
            if not rows:
                continue
            section = _sub(back, "refObjectSec", type=kind)
            for row in rows:
                ref_object = _sub(section, "refObject", id=ids[row["id"]])
                _sub(ref_object, "item", row["id"], type="key")
                for name in fields:
                    if row[name]:
                        _sub(ref_object, "item", row[name], type=name)
        return back if len(back) else None

    def context_citation(self, context: dict) -> str:
        document = self.documents_by_id[context["document"]]
        dated = f"{document['title']} ({document['date']})" if document["date"] else document["title"]
        return f"{dated}, sentence {context['position'] + 1}"


def _header_v3(db) -> tuple[bytes, bytes]:
    """The bytes before the first conceptEntry and after the last one (less the back matter)."""
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, "en")
    file_desc = _sub(_sub(root, f"{{{TBX_NS}}}tbxHeader"), f"{{{TBX_NS}}}fileDesc")
    _sub(_sub(file_desc, f"{{{TBX_NS}}}titleStmt"), f"{{{TBX_NS}}}title", _meta(db, "title") or DEFAULT_TITLE)
    source_desc = _sub(file_desc, f"{{{TBX_NS}}}sourceDesc")
    _sub(source_desc, f"{{{TBX_NS}}}p", _meta(db, "description") or "Exported from the trade-union glossary.")
    _sub(root, f"{{{TBX_NS}}}text").text = "\n"
    etree.indent(root, space="  ")
    text = etree.tostring(root, encoding="unicode")
    head, tail = text.split("<text>")
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return (declaration + head + "<text>\n").encode(), tail.encode()


def _transactions(parent, concept: dict) -> None:
    for kind, date in (("origination", concept["created"]), ("modification", concept["modified"])):
        if date and _DATE.match(str(date)):
            group = _sub(parent, "transacGrp")
            _sub(group, "transac", kind, type="transactionType")
            _sub(group, "transacNote", RESPONSIBILITY, type="responsibility")
            _sub(group, "date", date)


def _concept_descrips(entry: etree._Element, c: dict) -> None:
    """The concept-level subject field and definition, written alike in both formats."""
    if c["subject"]:
        _sub(entry, "descrip", c["subject"], type="subjectField")
    if c["definition"]:
        _sub(entry, "descrip", c["definition"], lang="en", type="definition")


def concept_entry_v3(record: ConceptRecord, back: _Back) -> etree._Element:
    c = record.concept
    entry = etree.Element("conceptEntry", id=concept_xml_id(c["slug"], c["id"]))
    _concept_descrips(entry, c)
    if c["kind"]:
        _sub(entry, "note", KIND_NOTE + c["kind"])
    if c["note_zh"]:
        _sub(entry, "note", c["note_zh"], lang="zh-Hans")
    if c["note"]:
        _sub(entry, "note", c["note"], lang="en")
    for link in record.links:
        label = link["target_term"] or link["target_slug"]
        _sub(entry, "ref", (BROADER_REF + label) if link["type"] == "broader" else label,
             type="crossReference", target=concept_xml_id(link["target_slug"], link["target_id"]))
    _transactions(entry, c)
    lang_secs: dict[str, etree._Element] = {}
    for term in record.terms:
        term_sec = _term_element(entry, lang_secs, term, "langSec", "termSec")
        for key in record.sources.get(term["id"], []):
            _sub(term_sec, "admin", back.source_titles[key], type="source", target=back.source_ids[key])
        for context in record.contexts.get(term["id"], []):
            group = _sub(term_sec, "descripGrp")
            _sub(group, "descrip", context["text"], type="context")
            _sub(group, "admin", back.context_citation(context), type="source",
                 target=back.document_ids[context["document"]])
        if term["lang"] == "zh-Hans" and term["pinyin"]:
            _sub(term_sec, "note", term["pinyin"], lang=REVIEWED_PINYIN_LANG if term["pinyin_reviewed"] else PINYIN_LANG)
        if term["note"]:
            _sub(term_sec, "note", term["note"])
    return entry


def iter_tbx(db: sqlite_utils.Database) -> Iterator[bytes]:
    """A TBX-Basic v3 (DCA) document, in chunks of bytes: the whole glossary, deprecated terms included."""
    back = _Back(db)
    head, tail = _header_v3(db)
    yield head
    opened = False
    for record in iter_concepts(db):
        if not record.terms:
            continue  # TBX needs at least one langSec; a concept without terms has nothing to carry
        if not opened:  # <body> needs at least one conceptEntry, so it opens with the first
            yield b"    <body>\n"
            opened = True
        yield _chunk(concept_entry_v3(record, back), 3)
    if opened:
        yield b"    </body>\n"
    back_element = back.element()
    if back_element is not None:
        yield _chunk(back_element, 2)
    yield b"  " + tail.lstrip()
    yield b"\n"


# --- TBX 2008 (martif) for CAT tools -----------------------------------------------------------------

def _header_martif(db) -> tuple[bytes, bytes]:
    # the document's language is the source language: CAT tools (translate-toolkit) take it as such
    root = etree.Element("martif", type="TBX")
    root.set(XML_LANG, "zh-Hans")
    file_desc = _sub(_sub(root, "martifHeader"), "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", _meta(db, "title") or DEFAULT_TITLE, lang="en")
    _sub(_sub(file_desc, "sourceDesc"), "p", _meta(db, "description") or "Exported from the trade-union glossary.",
         lang="en")
    _sub(root, "text").text = "\n"
    etree.indent(root, space="  ")
    head, tail = etree.tostring(root, encoding="unicode").split("<text>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + head + "<text>\n").encode(), tail.encode()


AUTHORITY_LABELS = {"house": "house proposal", "law": "law", "union": "union", "media": "media",
                    "government": "government", "international": "international", "reference": "reference"}
CAT_NOTE_SEPARATOR = " — "  # "rendering — status — source [authority]": the note a translator reads


def cat_note(term: dict, sources: list[dict]) -> str:
    """A rendering's status and sources in one line that names the rendering: OmegaT shows all notes of an
    entry together, so each must say which rendering it is about."""
    parts = [term["term"], term["status"]]
    if sources:
        parts.append("; ".join(f"{s['title']} [{AUTHORITY_LABELS.get(s['authority'], s['authority'])}]"
                               for s in sources))
    return CAT_NOTE_SEPARATOR.join(parts)


class _MartifSources:
    """The sources renderings cite, as martif back matter (refObjectList), so a re-import keeps each
    source's key and authority (house proposals stay house proposals)."""

    def __init__(self, db):
        self.rows = {r["id"]: r for r in _rows(db, "SELECT id, title, publisher, url, authority FROM sources ORDER BY id")}
        self.ids = _object_ids(list(self.rows), "source.")

    def element(self) -> etree._Element | None:
        if not self.rows:
            return None
        back = etree.Element("back")
        listing = _sub(back, "refObjectList", type="sources")
        for key, row in self.rows.items():
            ref_object = _sub(listing, "refObject", id=self.ids[key])
            _sub(ref_object, "item", key, type="key")
            for name in ("title", "publisher", "url", "authority"):
                if row[name]:
                    _sub(ref_object, "item", row[name], type=name)
        return back


def term_entry_martif(record: ConceptRecord, sources: _MartifSources,
                      include_deprecated: bool = False) -> etree._Element | None:
    """A termEntry for CAT tools, or None when no English rendering is left to offer. Languages in the order
    zh-Hans, en, zh-Hant: a reader that takes the second language as the target (translate-toolkit) gets
    English."""
    english = [t for t in record.terms_in("en") if include_deprecated or t["status"] != "deprecated"]
    chinese = record.terms_in("zh-Hans")
    if not english or not chinese:
        return None
    c = record.concept
    entry = etree.Element("termEntry", id=concept_xml_id(c["slug"], c["id"]))
    _concept_descrips(entry, c)
    lang_secs: dict[str, etree._Element] = {}
    for term in chinese + english + record.terms_in("zh-Hant"):
        tig = _term_element(entry, lang_secs, term, "langSet", "tig")
        if term["lang"] == "en":
            cited = [sources.rows[k] for k in record.sources.get(term["id"], [])]
            for source in cited:
                _sub(tig, "admin", source["title"], type="source", target=sources.ids[source["id"]])
            _sub(tig, "note", cat_note(term, cited))
        if term["lang"] == "zh-Hans" and term["pinyin"]:
            _sub(tig, "note", term["pinyin"], lang=REVIEWED_PINYIN_LANG if term["pinyin_reviewed"] else PINYIN_LANG)
        if term["note"]:
            _sub(tig, "note", term["note"])
    return entry


def iter_martif(db: sqlite_utils.Database, include_deprecated: bool = False) -> Iterator[bytes]:
    """A TBX 2008 (martif) document for CAT tools, in chunks of bytes."""
    sources = _MartifSources(db)
    head, tail = _header_martif(db)
    yield head
    yield b"    <body>\n"
    for record in iter_concepts(db):
        entry = term_entry_martif(record, sources, include_deprecated)
        if entry is not None:
            yield _chunk(entry, 3)
    yield b"    </body>\n"
    back = sources.element()
    if back is not None:
        yield _chunk(back, 2)
    yield b"  " + tail.lstrip()
    yield b"\n"
