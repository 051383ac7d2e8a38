"""A mined candidate's example sentences, kept when it is approved or merged: the sentences come from the
mined documents, which need not be in corpus/, so they are stored as documents and sentences of their own
(a document per mined file, named by its file name, never its path on the server) and linked as examples
like any corpus sentence; a sentence the corpus already holds is linked where it is. A rebuild from data/ and corpus/ keeps only the corpus's examples."""
from __future__ import annotations

import hashlib
import re
from pathlib import PureWindowsPath

from glossary.store.corpus import find_body_sentence


def document_name(path: str | None) -> str:
    """The file name of a mined document's path (either kind of slash): what the queue shows."""
    return PureWindowsPath(path or "").name or (path or "")


def _document_id(path: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", document_name(path).lower()).strip("-")[:40] or "document"
    return f"mined-{name}-{hashlib.sha1(path.encode('utf-8')).hexdigest()[:8]}"


def keep_candidate_examples(db, examples: list[dict]) -> set[int]:
    """Store the example sentences (document, sentence) as body sentences, once each; return the ids of
    those to link (the caller relinks them, inside its transaction)."""
    sentence_ids: set[int] = set()
    for example in examples:
        path, sentence = example.get("document") or "", example.get("sentence") or ""
        if not sentence.strip():
            continue
        # a sentence the corpus already holds (the mined file was a copy of a corpus document) is linked where it
        # is, not stored twice under a mined document
        known = find_body_sentence(db, sentence)
        if known is not None:
            sentence_ids.add(known)
            continue
        document_id = _document_id(path)
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
            db.execute("INSERT INTO documents (id, title, file) VALUES (?, ?, ?)",
                       [document_id, document_name(path), document_name(path)])
        row = db.execute("SELECT id FROM sentences WHERE document_id = ? AND text = ?", [document_id, sentence]).fetchone()
        if row is None:
            position = db.execute("SELECT coalesce(max(position), -1) + 1 FROM sentences WHERE document_id = ?",
                                  [document_id]).fetchone()[0]
            db.execute("INSERT INTO sentences (document_id, position, start, kind, text) VALUES (?, ?, 0, 'body', ?)",
                       [document_id, position, sentence])
            row = db.execute("SELECT id FROM sentences WHERE document_id = ? AND position = ?",
                             [document_id, position]).fetchone()
        sentence_ids.add(row[0])
    return sentence_ids
