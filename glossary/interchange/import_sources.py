"""Where imported renderings and example sentences come from: the source rows and documents an import cites.

Part of an import (importer.py): a source the file describes is matched to the glossary's by key and fields, or
added (under a new key where the glossary's source of that key differs); a source cited by text only becomes
one row per distinct citation; renderings citing nothing are credited to the imported file itself. Context
sentences are stored in the document the file describes, else in one document per citation.
"""
from __future__ import annotations

import hashlib
import re

import sqlite_utils

from glossary.store import concepts as store, urls
from glossary.store.curated import AUTHORITIES, HOUSE_SOURCE
from glossary.interchange.records import Context, FileInfo, ImportReport, SourceRef, Term

_SENTENCE_CITATION = re.compile(r", sentence (\d+)$")


class ImportSources:
    """The source rows and documents of one import, created as its entries cite them (inside the import's
    transaction), each looked up once."""

    def __init__(self, db: sqlite_utils.Database, info: FileInfo, report: ImportReport, file_key: str):
        self.db, self.info, self.report, self.file_key = db, info, report, file_key
        self.source_keys: dict[tuple, str] = {}
        self.file_source_key: str | None = None
        self.sentences: dict[tuple[str, str], int] = {}
        self.new_documents: set[str] = set()

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
        same_page = store.source_of_page(self.db, row["url"])
        if same_page:  # one key per page: a page the glossary already cites is that source
            if ref.key is not None and same_page != ref.key:
                self.report.warnings.append(f"source {ref.key!r} has the URL of the glossary's source "
                                            f"{same_page!r}; cited as {same_page!r}")
            return same_page
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

    def keys_of(self, term: Term) -> list[str]:
        keys = [self._source(ref) for ref in term.sources] or [self.file_source()]
        return list(dict.fromkeys(keys))

    # entries ----------------------------------------------------------------------------------------

    def add_contexts(self, concept_id: int, term: Term) -> None:
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

    def add_back_matter(self) -> None:
        """The sources and documents the file describes, cited or not: nothing it says is dropped."""
        for item in self.info.back:
            if item.get("section") == "sources" and item.get("key"):
                self._source(SourceRef(item["key"], item.get("title"), item.get("publisher"), item.get("url"),
                                       item.get("authority")))
            elif item.get("section") == "documents" and item.get("key"):
                self._document(Context("", document=item))
