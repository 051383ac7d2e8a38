"""The journal: every change to the glossary made through curation, with who, when, and the state before
and after (as JSON), written in the same transaction as the change itself.

`transaction` is how every curation write is made: one BEGIN IMMEDIATE … COMMIT per edit. Taking the write
lock up front means concurrent writers wait their turn (the busy timeout) instead of one of them failing
with "database is locked" when it tries to upgrade a read lock.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from datetime import date, datetime, timezone

import sqlite_utils

from glossary.store.schema import ACCOUNT_ACTIONS, GlossaryError

# Attempts to take the write lock, on top of SQLite's own busy timeout (5 s per attempt, see schema.py).
BEGIN_ATTEMPTS = 6


class Busy(GlossaryError):
    """The database stayed locked by other writers for too long; nothing was written."""


BUSY_MESSAGE = "the glossary is busy with other changes; nothing was saved — please try again"


def is_lock_error(exc: sqlite3.OperationalError) -> bool:
    """SQLite's "database is locked" / busy: another connection holds the lock; worth waiting for."""
    return "locked" in str(exc) or "busy" in str(exc)


def timestamp() -> str:
    """Now, in UTC, as ISO 8601 to the second ("2026-05-09T12:34:56Z"): sorts as text."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


# How long enable_wal keeps trying while another connection is writing (seconds).
WAL_SWITCH_PATIENCE = 10.0


def enable_wal(db: sqlite_utils.Database) -> None:
    """Write-ahead logging, so that readers never wait for a writer and vice versa. Persistent in the file;
    a no-op when already on.

    The switch needs an exclusive lock, and SQLite fails it at once with "database is locked" while another
    connection holds a write lock: its busy timeout does not apply. Two site workers taking their first
    edits at the same moment meet exactly that, so the switch is retried here until the writer is done."""
    deadline = time.monotonic() + WAL_SWITCH_PATIENCE
    delay = 0.005
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() > deadline:
                raise Busy(BUSY_MESSAGE) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database):
    """One write transaction: committed when the block ends, rolled back (nothing written) if it raises."""
    conn = db.conn
    if conn.in_transaction:
        raise RuntimeError("a curation write must not run inside another transaction")
    for attempt in range(BEGIN_ATTEMPTS):
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc):
                raise
            if attempt == BEGIN_ATTEMPTS - 1:
                raise Busy(BUSY_MESSAGE) from exc
            time.sleep(0.05 * (attempt + 1))
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def record(
    db: sqlite_utils.Database,
    user: str,
    action: str,
    *,
    concept_id: int | None = None,
    slug: str | None = None,
    candidate_id: int | None = None,
    summary: str = "",
    before=None,
    after=None,
) -> int:
    """Add a journal row; only inside the transaction that makes the change (so both or neither are kept)."""
    if not db.conn.in_transaction:
        raise RuntimeError("journal.record must run in the transaction that makes the change")
    return db["journal"].insert(
        {
            "at": timestamp(),
            "user": user,
            "action": action,
            "concept_id": concept_id,
            "slug": slug,
            "candidate_id": candidate_id,
            "summary": summary,
            "before": _json(before),
            "after": _json(after),
        }
    ).last_pk


def parse_since(value: str | date | None) -> str | None:
    """A date or date-time a user typed, as the UTC text the journal sorts by; GlossaryError if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value.isoformat()
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise GlossaryError(f"not a date: {text!r} (expected e.g. 2026-05-01 or 2026-05-01T09:30)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry(columns, row) -> dict:
    entry = dict(zip(columns, row))
    for key in ("before", "after"):
        entry[key] = json.loads(entry[key]) if entry[key] else None
    return entry


def history(
    db: sqlite_utils.Database,
    concept_id: int | None = None,
    since: str | date | None = None,
    limit: int | None = None,
    oldest_first: bool = False,
    accounts: bool = False,
) -> list[dict]:
    """Journal entries, newest first (or oldest first), for one concept or all, optionally since a date;
    entries about accounts only when asked for (accounts=True)."""
    where, params = [], []
    if not accounts:
        where.append("action NOT LIKE ?")
        params.append(ACCOUNT_ACTIONS)
    if concept_id is not None:
        where.append("concept_id = ?")
        params.append(concept_id)
    since = parse_since(since)
    if since:
        where.append("at >= ?")
        params.append(since)
    sql = "SELECT * FROM journal" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY id" + ("" if oldest_first else " DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    cursor = db.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [_entry(columns, row) for row in cursor.fetchall()]


def get_entry(db: sqlite_utils.Database, entry_id: int) -> dict | None:
    cursor = db.execute("SELECT * FROM journal WHERE id = ?", [entry_id])
    row = cursor.fetchone()
    return _entry([c[0] for c in cursor.description], row) if row else None


def export_since(db: sqlite_utils.Database, since: str | date | None) -> dict:
    """Every change since a date, oldest first, as one JSON-ready document."""
    return {
        "since": parse_since(since),
        "exported": timestamp(),
        "changes": history(db, since=since, oldest_first=True),
    }
