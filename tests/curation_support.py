"""Helpers for the curation and login tests: accounts on the test database, logging a test client in, and
reading an HTML form the way a browser submits it (so tests go through the real pages and their CSRF
tokens)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from glossary.curation import users
from glossary.store.schema import open_db

PASSWORD = "a long enough password"


def add_accounts(db_path) -> None:
    """An admin `ada` and an editor `eddie`, both with PASSWORD."""
    db = open_db(db_path)
    try:
        users.add_user(db, "ada", PASSWORD, "admin")
        users.add_user(db, "eddie", PASSWORD, "editor")
    finally:
        db.close()


def csrf_token(client, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, name: str, password: str = PASSWORD):
    return client.post("/login", data={"name": name, "password": password, "csrf_token": csrf_token(client)})


class _Forms(HTMLParser):
    """Collects each <form>'s successful controls: [(method, action, [(name, value), …]), …]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, list[tuple[str, str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(((a.get("method") or "get").lower(), a.get("action") or "", []))
        elif not self.forms:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if not a.get("name") or kind in ("submit", "button", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1][2].append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
            self._multiple = "multiple" in a
            self._options: list[tuple[str, bool]] = []
        elif tag == "option" and self._select:
            self._options.append([a.get("value"), "selected" in a, ""])
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        elif self._select and self._options and self._options[-1][0] is None:
            self._options[-1][2] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            options = [(v if v is not None else text.strip(), sel) for v, sel, text in self._options]
            chosen = [v for v, sel in options if sel]
            if not chosen and not self._multiple and options:
                chosen = [options[0][0]]
            self.forms[-1][2].extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1][2].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, action_contains: str, method: str = "post") -> list[tuple[str, str]]:
    """The fields a browser would submit from the first form (of this method) whose action contains
    `action_contains`."""
    parser = _Forms()
    parser.feed(html)
    for form_method, action, fields in parser.forms:
        if action_contains in action and form_method == method:
            return fields
    raise AssertionError(f"no form with action containing {action_contains!r}")


def set_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """Replace (or add) a single-valued field."""
    out = [(k, v) for k, v in fields if k != name]
    out.append((name, value))
    return out


def as_multidict(fields: list[tuple[str, str]]):
    from werkzeug.datastructures import MultiDict

    return MultiDict(fields)


# 2020s terms some tests treat as new to the glossary: the shipped glossary has grown to hold them, so those
# tests use a copy without them (the heads they end in, 劳动者 and 工会, stay)
NEW_TERMS = ("新就业形态", "新就业形态劳动者", "户外劳动者", "工会驿站", "户外劳动者服务站点")


def remove_concepts_holding(db, terms=NEW_TERMS) -> None:
    """Delete, from a test's copy of a glossary, the concepts holding these Chinese terms."""
    from glossary.curation import edits

    for term in terms:
        slug = edits.concept_holding(db, term)
        if not slug:
            continue
        with db.conn:
            concept_id = db.execute("SELECT id FROM concepts WHERE slug = ?", [slug]).fetchone()[0]
            ids = [r[0] for r in db.execute("SELECT id FROM terms WHERE concept_id = ?", [concept_id])]
            marks = ",".join("?" * len(ids))
            db.execute(f"DELETE FROM examples WHERE term_id IN ({marks})", ids)
            db.execute(f"DELETE FROM term_sources WHERE term_id IN ({marks})", ids)
            db.execute(f"DELETE FROM terms WHERE id IN ({marks}) AND hans_id IS NOT NULL", ids)
            db.execute(f"DELETE FROM terms WHERE id IN ({marks})", ids)
            db.execute("DELETE FROM links WHERE concept_id = ? OR target_id = ?", [concept_id, concept_id])
            db.execute("DELETE FROM concepts WHERE id = ?", [concept_id])


# The review-queue tests run on the mined test glossary. A module that imports these two fixtures has its
# `client` and `db` on that glossary (they override conftest's of the same names there).
@pytest.fixture(name="client")
def mined_editor_client(mined_db_path, app, fast_hashing):
    """An editor's client on the mined test glossary."""
    add_accounts(mined_db_path)
    client = app.test_client()
    login(client, "eddie")
    return client


@pytest.fixture(name="db")
def mined_db(mined_db_path, db):
    """conftest's `db`, opened on the mined glossary (mined_db_path fills the file first)."""
    return db
