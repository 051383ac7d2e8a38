"""The corpus: the documents whose sentences give the glossary its examples.

The shipped terms.db holds the two sample articles; `glossary corpus add` brings in a user's own archive
(files or folders), so that every concept's examples come from it. Adding is incremental — only the new
documents' sentences are matched against the glossary — and adding a file again replaces its documents;
removing a document removes its sentences and examples.

A file is one document, unless it is a digest of stories, each opening with a line `【YYYY-MM-DD】title`
(as news transcripts are kept): then each story is a document. A line `来源：URL` (or `Source: URL`) near a
document's top gives its source URL. Title, date and URL given on the command line win.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from glossary.lang.matcher import Matcher
from glossary.lang.text import TextError, clean_document, read_text
from glossary.store.example_matching import ExampleMatcher, example_matcher
from glossary.store.schema import SENTENCE_KEY_CHARS, GlossaryError

SUFFIXES = (".txt", ".md")
_STORY = re.compile(r"^【(\d{4}-\d{2}-\d{2})】(.*)$", re.M)
_SOURCE_LINE = re.compile(r"^\s*(?:来源|來源|Source)\s*[:：]\s*(https?://\S+)\s*$", re.M | re.I)
_DATE_IN_NAME = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_ID = re.compile(r"[^A-Za-z0-9._-]+")
_HEAD = 400  # characters of a document's top searched for its source line


@dataclass
class Document:
    id: str
    title: str
    text: str  # raw text, cleaned when stored
    file: str
    encoding: str
    date: str = ""
    url: str | None = None
    publisher: str | None = None


@dataclass
class AddReport:
    documents: int = 0
    replaced: int = 0
    sentences: int = 0
    examples: int = 0
    characters: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .txt/.md files of the given files and folders (folders searched recursively, leaving out a
    folder's README, which describes the folder), in name order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                            and not p.name.upper().startswith("README"))
        elif path.is_file():
            files.append(path)
        else:
            raise GlossaryError(f"{path}: no such file or folder")
    return files


def _doc_id(path: Path, root: Path | None) -> str:
    rel = path.relative_to(root) if root and path.is_relative_to(root) else Path(path.name)
    return _ID.sub("-", str(rel.with_suffix(""))).strip("-") or "document"


def read_documents(path: Path, root: Path | None = None, *, title: str | None = None, date: str | None = None,
                   url: str | None = None, publisher: str | None = None) -> list[Document]:
    """The documents of one file (one, or one per story of a digest). Raises TextError for a file that is
    not usable text."""
    raw, encoding = read_text(path)
    if not raw.strip():
        raise TextError("empty file")
    base = _doc_id(path, root)
    name_date = _DATE_IN_NAME.search(path.stem)
    file_date = "-".join(name_date.groups()) if name_date else ""
    stories = list(_STORY.finditer(raw))
    if not stories:
        source = _SOURCE_LINE.search(raw[:_HEAD])
        first_line = next((line.strip() for line in raw.splitlines() if line.strip()), path.stem)
        return [Document(base, title or first_line[:200], raw, str(path), encoding, date or file_date,
                         url or (source.group(1) if source else None), publisher)]
    documents = []
    for n, story in enumerate(stories, 1):
        end = stories[n].start() if n < len(stories) else len(raw)
        body = raw[story.end():end]
        source = _SOURCE_LINE.search(body[:_HEAD])
        if source:  # the source line is metadata, not text
            body = body[:source.start()] + body[source.end():]
        documents.append(Document(f"{base}-{n:03d}", title or story.group(2).strip()[:200] or base, body,
                                  str(path), encoding, date or story.group(1),
                                  url or (source.group(1) if source else None), publisher))
    return documents


def term_matcher(db: sqlite_utils.Database) -> Matcher:
    """An automaton over every Chinese term (simplified and traditional) of the glossary → term id."""
    return Matcher(db.execute("SELECT term, id FROM terms WHERE lang IN ('zh-Hans', 'zh-Hant')").fetchall())


def link_examples(db: sqlite_utils.Database, matcher: ExampleMatcher | None = None) -> int:
    """Redo every example link: each occurrence of a glossary term in a body sentence, longest match first
    (and an enumeration's items inside it: glossary.store.example_matching)."""
    matcher = matcher or example_matcher(db)
    db.execute("DELETE FROM examples")
    rows = [{"term_id": m.value, "sentence_id": sentence_id, "start": m.start, "end": m.end}
            for sentence_id, text in db.execute("SELECT id, text FROM sentences WHERE kind = 'body' ORDER BY id")
            for m in matcher.find(text)]
    db["examples"].insert_all(rows, ignore=True, batch_size=1000)
    return len(rows)


def find_body_sentence(db: sqlite_utils.Database, text: str) -> int | None:
    """The first body sentence (by id) whose text is exactly `text`, or None: an index search on the sentence's
    first characters (the index of schema migration 11; the expression must be the index's, word for word).
    `+text`, not `text`: SQLite would otherwise put the value for `text` into substr(text, …) too, and the
    expression, no longer the index's, would send it scanning every sentence."""
    return db.execute("SELECT min(id) FROM sentences WHERE substr(text, 1, {n}) = substr(?, 1, {n}) "
                      "AND +text = ? AND kind = 'body'".format(n=SENTENCE_KEY_CHARS), [text, text]).fetchone()[0]


def _delete(db: sqlite_utils.Database, where: str, params: list) -> int:
    ids = [r[0] for r in db.execute(f"SELECT id FROM documents WHERE {where}", params)]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM examples WHERE sentence_id IN (SELECT id FROM sentences WHERE document_id IN ({marks}))", chunk)
        db.execute(f"DELETE FROM sentences WHERE document_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM documents WHERE id IN ({marks})", chunk)
    return len(ids)


def store_document(db: sqlite_utils.Database, doc: Document, matcher: ExampleMatcher, report: AddReport) -> None:
    """Clean one document and store it with its sentences and their examples (inside the caller's
    transaction). A document with the same id is replaced."""
    existing = db.execute("SELECT file FROM documents WHERE id = ?", [doc.id]).fetchone()
    if existing and existing[0] != doc.file:
        raise GlossaryError(f"{doc.file}: its document id {doc.id!r} is taken by {existing[0]}; nothing was added "
                            "(add the folder above it, so that ids include the folder's name)")
    report.replaced += _delete(db, "id = ?", [doc.id])
    text, sentences = clean_document(doc.text)
    # plain executemany: sqlite-utils' insert_all wraps each batch in a savepoint, ten times slower here
    conn = db.conn
    conn.execute("INSERT INTO documents (id, title, date, publisher, file, encoding, text, url) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (doc.id, doc.title, doc.date, doc.publisher, doc.file, doc.encoding, text, doc.url))
    first = (conn.execute("SELECT max(id) FROM sentences").fetchone()[0] or 0) + 1
    conn.executemany("INSERT INTO sentences (id, document_id, position, start, kind, text) VALUES (?, ?, ?, ?, ?, ?)",
                     [(first + i, doc.id, i, s.start, s.kind, s.text) for i, s in enumerate(sentences)])
    examples = [(m.value, first + i, m.start, m.end)
                for i, s in enumerate(sentences) if s.kind == "body" for m in matcher.find(s.text)]
    conn.executemany('INSERT OR IGNORE INTO examples (term_id, sentence_id, start, "end") VALUES (?, ?, ?, ?)', examples)
    report.documents += 1
    report.sentences += len(sentences)
    report.examples += len(examples)
    report.characters += len(text)


def add_paths(db: sqlite_utils.Database, paths: Iterable[str | Path], *, title: str | None = None,
              date: str | None = None, url: str | None = None, publisher: str | None = None,
              progress: Callable[[int, int], None] | None = None) -> AddReport:
    """Add every document of the given files and folders, in one transaction: a failure leaves the corpus
    as it was. A file that is not usable text is reported and skipped. Title, date and URL, when given, apply
    to every document (meant for adding one)."""
    report = AddReport()
    files = find_files(paths)
    roots = {Path(p): Path(p) for p in paths if Path(p).is_dir()}
    matcher = example_matcher(db)
    with db.conn:
        for n, path in enumerate(files, 1):
            root = next((r for r in roots if path.is_relative_to(r)), None)
            try:
                documents = read_documents(path, root, title=title, date=date, url=url, publisher=publisher)
            except TextError as exc:
                report.problems.append((str(path), str(exc)))
                continue
            # adding a file again replaces all its documents, also stories it no longer holds
            report.replaced += _delete(db, "file = ? AND id NOT IN (%s)" % ",".join("?" * len(documents)),
                                       [str(path), *(d.id for d in documents)])
            for doc in documents:
                store_document(db, doc, matcher, report)
            if progress:
                progress(n, len(files))
    return report


def remove(db: sqlite_utils.Database, ids: Iterable[str] = (), files: Iterable[str] = ()) -> int:
    """Remove documents by id, or every document of a file, with their sentences and examples."""
    removed = 0
    with db.conn:
        for doc_id in ids:
            removed += _delete(db, "id = ?", [doc_id])
        for file in files:
            removed += _delete(db, "file = ?", [str(file)])
    return removed


def documents(db: sqlite_utils.Database) -> Iterator[dict]:
    """Each document with its sentence and example counts, by date then id."""
    sql = """SELECT d.id, d.title, d.date, d.url, d.file,
                    (SELECT count(*) FROM sentences s WHERE s.document_id = d.id) AS sentences,
                    (SELECT count(*) FROM examples e JOIN sentences s ON s.id = e.sentence_id
                     WHERE s.document_id = d.id) AS examples
             FROM documents d ORDER BY d.date, d.id"""
    for row in db.execute(sql):
        yield dict(zip(("id", "title", "date", "url", "file", "sentences", "examples"), row))
