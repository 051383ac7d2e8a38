"""`glossary publish`: a consistent, numbered, read-only copy of the editors' glossary for the readers' site.

The editors' database is the single writer. Publishing takes a snapshot of it with `VACUUM INTO` (one read
transaction: editors keep saving meanwhile), prepares it for reading — rollback journal instead of WAL, the
editors' accounts left out, its version and date in `meta` — and renames it over the target. A rename is
atomic: a reader that already has the old file open keeps reading it until its request ends, and the site
opens the new file on the next request (web/db.py notices the file changed), so no request is dropped.
Copy the published file to each reading host the same way (to a temporary name, then rename).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from glossary.store.schema import ACCOUNT_ACTIONS, GlossaryError, open_db

# Tables a public copy does not carry: the editors' accounts (password hashes, session versions); the
# journal's entries about them go too.
PRIVATE_TABLES = ("users",)


def published_version(path: Path) -> int:
    """The publish version of an existing copy (0 when there is none or it was never published)."""
    if not Path(path).exists():
        return 0
    try:
        db = open_db(path, migrate_forward=False)
    except GlossaryError:
        return 0
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'publish_version'").fetchone()
        return int(row[0]) if row else 0
    finally:
        db.close()


def publish(source: Path, target: Path) -> dict:
    """Write a read-only copy of the glossary at `source` to `target`; return its version, date and digest."""
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise GlossaryError("publish to another file: the editors' database stays where it is")
    db = open_db(source)  # migrated forward: the copy is at this program's schema version
    tmp = target.with_name(target.name + ".publishing")
    if tmp.exists():
        tmp.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        db.execute("VACUUM INTO ?", [str(tmp)])
    finally:
        db.close()
    version = published_version(target) + 1
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # an immutable copy must not need a -wal file
        with conn:
            for table in PRIVATE_TABLES:
                if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone():
                    conn.execute(f"DELETE FROM {table}")
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'").fetchone():
                conn.execute("DELETE FROM journal WHERE action LIKE ?", [ACCOUNT_ACTIONS])  # the accounts' history too
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             [("publish_version", str(version)), ("published_at", stamp)])
        conn.execute("VACUUM")  # the accounts' pages are gone from the file, not just unlinked
    finally:
        conn.close()
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return {"path": str(target), "version": version, "published_at": stamp, "sha256": digest,
            "bytes": target.stat().st_size}
