"""Editors' login and logout, account management for admins, and what protects every form.

- Sessions are signed with a secret made once per installation (instance/secret_key, mode 0600, never
  committed; config SECRET_KEY_FILE puts it elsewhere); config SECRET_KEY overrides it, and a TESTING app
  without one gets a throwaway secret. Logout, a new password or a new role end a user's sessions (web/sessions.py).
- Flask-WTF's CSRFProtect checks a token on every POST, PUT, PATCH and DELETE of the site.
- `login_required` / `admin_required` guard the views that change anything; readers need no login.
"""
from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import (Blueprint, Flask, abort, flash, g, redirect, render_template, request, session,
                   url_for)
from flask_wtf.csrf import CSRFError, CSRFProtect

from glossary.curation import journal, users
from glossary.store.schema import GlossaryError

from . import sessions, throttle
from .db import get_db

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()


def load_or_create_secret(path: Path) -> str:
    """The installation's session secret: read from `path`, created there (0600) on first use. Made via a
    private temporary file and a hard link, so two workers starting at once agree on one secret."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another worker won the race: use its secret
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def init_app(app: Flask) -> None:
    if not app.config.get("SECRET_KEY"):
        # tests get a throwaway secret rather than a file in the project
        secret_file = app.config.get("SECRET_KEY_FILE") or Path(app.instance_path) / "secret_key"
        app.config["SECRET_KEY"] = secrets.token_hex(32) if app.testing else load_or_create_secret(Path(secret_file))
    # cookie attributes and security headers: web/security.py
    # a token lives as long as the session: an editor may keep an edit form open for hours
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    sessions.init_app(app)
    throttle.init_app(app)  # failed logins throttled per client and per client and account
    app.before_request(load_user)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(journal.Busy, busy)
    app.register_blueprint(bp)


def editing_db():
    """The request's database, ready for writes: WAL mode, so readers and writers do not block each other.
    Switched on at the first write, not at start-up, so that a site only read from leaves the file as it was
    (the shipped terms.db stays byte-identical to its build)."""
    db = get_db()
    if not g.get("wal_checked"):
        journal.enable_wal(db)
        g.wal_checked = True
    return db


def load_user() -> None:
    # None when logged out, or when the session was ended (logout, new password or role, expiry: web/sessions.py)
    g.user = sessions.current_user(get_db()) if "user_id" in session else None


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            if request.method == "GET":
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            abort(401)
        return view(**kwargs)

    return wrapped


def admin_required(view):
    @functools.wraps(view)
    @login_required
    def wrapped(**kwargs):
        if g.user["role"] != "admin":
            abort(403)
        return view(**kwargs)

    return wrapped


def csrf_failed(error: CSRFError):
    return render_template("auth/error.html", title="Form expired",
                           message=f"{error.description} Nothing was saved: go back, reload the page and submit again."), 400


def busy(error: journal.Busy):
    return render_template("auth/error.html", title="Busy", message=str(error)), 503


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host. Browsers drop tabs and line breaks
    from a URL (`/\t/evil.example/` is `//evil.example/` to them) and a line break cannot go in a header, so a
    target with any control character or space is refused outright, as is one naming a scheme or host."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not any(ch.isspace() or ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 for ch in target)):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("curate.queue")


@bp.route("/login", methods=["GET", "POST"])
@throttle.limit_login
def login():
    if request.method == "POST":
        try:
            user = users.authenticate(editing_db(), request.form.get("name", ""), request.form.get("password", ""))
        except GlossaryError as exc:
            flash(str(exc), "error")
            return render_template("auth/login.html", name=request.form.get("name", ""),
                                   next=request.form.get("next")), 401
        sessions.start(editing_db(), user)  # a fresh session: no fixation
        flash(f"Logged in as {user['name']} ({user['role']}).", "info")
        return redirect(_safe_next(request.form.get("next")))
    return render_template("auth/login.html", name="", next=request.args.get("next"))


@bp.route("/logout", methods=["POST"])
def logout():
    if g.user is not None:
        sessions.end_all(editing_db(), g.user["id"])  # a copy of the cookie is worthless now
    session.clear()
    flash("Logged out.", "info")
    return redirect(url_for("pages.index"))


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def manage_users():
    """Admins add and remove accounts, change roles and set passwords."""
    db = editing_db()
    if request.method == "POST":
        form, action, me = request.form, request.form.get("action"), g.user["name"]
        name = form.get("name", "")
        try:
            if action in ("add", "password"):
                if form.get("password", "") != form.get("confirm", ""):
                    raise GlossaryError("the two passwords differ")
            if action == "add":
                users.add_user(db, name, form.get("password", ""), form.get("role", "editor"), by=me)
                flash(f"Added {form.get('role')} {name}.", "info")
            elif action == "password":
                users.set_password(db, name, form.get("password", ""), by=me)
                flash(f"New password set for {name}.", "info")
            elif action == "role":
                users.set_role(db, name, form.get("role", ""), by=me)
                flash(f"{name} is now {form.get('role')}.", "info")
            elif action == "remove":
                if name.lower() == me.lower():
                    raise GlossaryError("you cannot remove your own account while logged in")
                users.remove_user(db, name, by=me)
                flash(f"Removed {name}.", "info")
            else:
                abort(400)
            if action in ("password", "role") and name.strip().lower() == me.lower():
                sessions.start(db, users.get_user(db, name.strip()))  # their other sessions end, this one goes on
        except GlossaryError as exc:
            flash(str(exc), "error")
            return render_template("auth/users.html", users=users.list_users(db), roles=users.ROLES), 400
        return redirect(url_for("auth.manage_users"))
    return render_template("auth/users.html", users=users.list_users(db), roles=users.ROLES)
