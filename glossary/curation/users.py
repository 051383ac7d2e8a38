"""Editors' accounts: who may change the glossary on the site.

Two roles: an `editor` curates entries; an `admin` also manages accounts. Readers need no account.
Passwords are stored only as werkzeug.security hashes (scrypt). Failed logins are counted (a successful one
resets the count) but never lock an account: that would let anyone who knows a user name lock its editor out.
Guessing is throttled per client and per client and account instead, where logins arrive (web/throttle.py).
Account changes are journaled like concept changes (without the hash).
"""
from __future__ import annotations

import re
from functools import lru_cache

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

from glossary.curation import journal
from glossary.store.schema import GlossaryError

ROLES = ("editor", "admin")
MIN_PASSWORD_LENGTH = 10
PASSWORD_METHOD = "scrypt"  # werkzeug's default and strongest; the stored hash names its method
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")


@lru_cache(maxsize=None)
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name costs as long as a wrong password."""
    return generate_password_hash("not a password of anyone", method=PASSWORD_METHOD)


class LoginFailed(GlossaryError):
    """Wrong name or password (deliberately not saying which)."""


def _public(row: dict) -> dict:
    return {key: row[key] for key in ("id", "name", "role", "created", "last_login", "failed_logins", "locked_until")}


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise GlossaryError("a user name is 2-40 letters, digits, dots, hyphens or underscores, starting with a letter or digit")
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise GlossaryError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise GlossaryError(f"role must be one of {', '.join(ROLES)}")
    return role


def _row(db: sqlite_utils.Database, name: str) -> dict | None:
    cursor = db.execute("SELECT * FROM users WHERE name = ? COLLATE NOCASE", [name])
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row)) if row else None


def get_user(db: sqlite_utils.Database, name: str) -> dict | None:
    row = _row(db, name)
    return _public(row) if row else None


def get_user_by_id(db: sqlite_utils.Database, user_id: int) -> dict | None:
    cursor = db.execute("SELECT * FROM users WHERE id = ?", [user_id])
    row = cursor.fetchone()
    return _public(dict(zip([c[0] for c in cursor.description], row))) if row else None


def list_users(db: sqlite_utils.Database) -> list[dict]:
    cursor = db.execute("SELECT * FROM users ORDER BY name COLLATE NOCASE")
    columns = [c[0] for c in cursor.description]
    return [_public(dict(zip(columns, row))) for row in cursor.fetchall()]


def add_user(db: sqlite_utils.Database, name: str, password: str, role: str, by: str | None = None) -> dict:
    """Create an account; `by` is the admin doing it (None from the command line)."""
    name, role = check_name(name), check_role(role)
    check_password(password)
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)  # slow on purpose: outside the write lock
    with journal.transaction(db):
        if _row(db, name):
            raise GlossaryError(f"there is already a user called {name}")
        db["users"].insert(
            {"name": name, "password_hash": password_hash, "role": role, "created": journal.timestamp(), "failed_logins": 0}
        )
        user = get_user(db, name)
        journal.record(db, by or "(command line)", "user-add", summary=f"added {role} {name}", after=user)
    return user


def remove_user(db: sqlite_utils.Database, name: str, by: str | None = None) -> None:
    with journal.transaction(db):
        user = get_user(db, name)
        if not user:
            raise GlossaryError(f"no user called {name}")
        if user["role"] == "admin" and _count_admins(db) == 1 and by is not None:
            raise GlossaryError("cannot remove the last admin on the site (use the command line)")
        db.execute("DELETE FROM users WHERE id = ?", [user["id"]])
        journal.record(db, by or "(command line)", "user-remove", summary=f"removed {user['name']}", before=user)


def set_password(db: sqlite_utils.Database, name: str, password: str, by: str | None = None) -> None:
    """A new password; the user's sessions on the site end with the old one (web/sessions.py)."""
    check_password(password)
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    with journal.transaction(db):
        user = get_user(db, name)
        if not user:
            raise GlossaryError(f"no user called {name}")
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
            [password_hash, user["id"]],
        )
        journal.record(db, by or "(command line)", "user-password", summary=f"new password for {user['name']}")


def set_role(db: sqlite_utils.Database, name: str, role: str, by: str | None = None) -> None:
    check_role(role)
    with journal.transaction(db):
        user = get_user(db, name)
        if not user:
            raise GlossaryError(f"no user called {name}")
        if user["role"] == "admin" and role != "admin" and _count_admins(db) == 1 and by is not None:
            raise GlossaryError("cannot demote the last admin on the site (use the command line)")
        db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user["id"]])
        journal.record(
            db, by or "(command line)", "user-role", summary=f"{user['name']}: {user['role']} → {role}",
            before={"name": user["name"], "role": user["role"]}, after={"name": user["name"], "role": role},
        )


def _count_admins(db) -> int:
    return db.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]


def authenticate(db: sqlite_utils.Database, name: str, password: str) -> dict:
    """The user, if name and password match; else LoginFailed. Failed attempts are counted (in their own
    small transaction) for the admins' list; they lock nothing (the site throttles guessing instead)."""
    row = _row(db, (name or "").strip())
    if row is None:
        check_password_hash(_dummy_hash(), password or "")
        raise LoginFailed("wrong name or password")
    if not check_password_hash(row["password_hash"], password or ""):
        with journal.transaction(db):
            db.execute("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", [row["id"]])
        raise LoginFailed("wrong name or password")
    with journal.transaction(db):
        db.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE id = ?",
            [journal.timestamp(), row["id"]],
        )
    return get_user_by_id(db, row["id"])
