"""Editors' sessions that can be ended: by logging out, by a new password, by a change of role, and after
LIFETIME (12 hours; config SESSION_LIFETIME, a timedelta or seconds).

Flask's session is a signed cookie: on its own it stays valid until it expires, whatever happens to the
account. Here the cookie also carries a token, an HMAC (under the site's secret) of the user's id, password
hash, role and session version; each request recomputes it from the database and drops the session on a
mismatch. A new password or role changes the token by itself (from the site or `glossary user …`); logging
out bumps the user's session version (kept in the `meta` table as `session-version:<id>`, so no schema
change), which ends every session of that user, including a cookie copied before the logout.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta

from flask import current_app, session

from glossary.curation import journal, users

LIFETIME = timedelta(hours=12)  # a working day: log in again the next morning


def _version_key(user_id: int) -> str:
    return f"session-version:{user_id}"


def _token(db, user_id: int) -> str | None:
    row = db.execute(
        "SELECT u.password_hash, u.role, (SELECT value FROM meta WHERE key = ?) FROM users u WHERE u.id = ?",
        [_version_key(user_id), user_id]).fetchone()
    if row is None:
        return None
    password_hash, role, version = row
    message = f"{user_id}\x00{version or 0}\x00{password_hash}\x00{role}".encode()
    return hmac.new(current_app.secret_key.encode(), message, hashlib.sha256).hexdigest()


def start(db, user: dict) -> None:
    """A fresh session for `user` (nothing kept from before: no fixation)."""
    session.clear()
    session.permanent = True  # the cookie expires with the session (PERMANENT_SESSION_LIFETIME)
    session["user_id"] = user["id"]
    session["since"] = int(time.time())
    session["token"] = _token(db, user["id"])


def current_user(db) -> dict | None:
    """The logged-in user, or None (the session is cleared when it was ended or has expired)."""
    user_id = session.get("user_id")
    if user_id is None:
        return None
    since, token = session.get("since"), session.get("token")
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    fresh = isinstance(since, int) and 0 <= time.time() - since < lifetime
    if not (fresh and isinstance(user_id, int) and isinstance(token, str)
            and hmac.compare_digest(token, _token(db, user_id) or "")):
        session.clear()
        return None
    return users.get_user_by_id(db, user_id)


def end_all(db, user_id: int) -> None:
    """End every session of the user, on every device: the version their tokens were made with is gone."""
    key = _version_key(user_id)
    with journal.transaction(db):
        row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, str(int(row[0] if row else 0) + 1)])


def init_app(app) -> None:
    # Flask's default config holds PERMANENT_SESSION_LIFETIME (31 days), so it is set from our own key
    lifetime = app.config.get("SESSION_LIFETIME", LIFETIME)
    app.config["PERMANENT_SESSION_LIFETIME"] = lifetime if isinstance(lifetime, timedelta) else timedelta(seconds=lifetime)
