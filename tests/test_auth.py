"""Accounts and logging in: password hashing, lockout, roles, CSRF, the session secret, and the commands."""
from __future__ import annotations

import json
import stat

import pytest

from glossary.curation import users
from glossary.store.schema import GlossaryError
from tests.curation_support import PASSWORD, add_accounts, csrf_token, login


def test_passwords_are_stored_only_as_hashes(db):
    users.add_user(db, "ada", PASSWORD, "admin")
    stored = db.execute("SELECT password_hash FROM users WHERE name = 'ada'").fetchone()[0]
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert users.authenticate(db, "ada", PASSWORD)["role"] == "admin"
    assert users.authenticate(db, "ADA", PASSWORD)["name"] == "ada"  # names are case-insensitive
    entry = db.execute("SELECT action, after FROM journal").fetchone()
    assert entry[0] == "user-add" and "password" not in entry[1]


@pytest.mark.parametrize(
    "name, password, role, message",
    [
        ("x", PASSWORD, "editor", "user name"),
        ("bad name", PASSWORD, "editor", "user name"),
        ("eve", "short", "editor", "at least"),
        ("eve", PASSWORD, "superuser", "role must be"),
    ],
)
def test_bad_accounts_are_refused(db, name, password, role, message):
    with pytest.raises(GlossaryError, match=message):
        users.add_user(db, name, password, role)
    assert users.list_users(db) == []


def test_duplicate_names_are_refused(db):
    users.add_user(db, "ada", PASSWORD, "admin")
    with pytest.raises(GlossaryError, match="already a user"):
        users.add_user(db, "Ada", PASSWORD, "editor")


def test_repeated_failures_never_lock_the_account(db, fast_hashing):
    # a lockout would let anyone who knows a user name lock its editor out; the site throttles instead
    users.add_user(db, "eddie", PASSWORD, "editor")
    for _ in range(10):
        with pytest.raises(users.LoginFailed):
            users.authenticate(db, "eddie", "wrong password!")
    assert users.get_user(db, "eddie")["failed_logins"] == 10
    assert users.authenticate(db, "eddie", PASSWORD)["failed_logins"] == 0
    with pytest.raises(users.LoginFailed):
        users.authenticate(db, "nobody", PASSWORD)


def test_user_commands(runner, db_path, fast_hashing):
    result = runner.invoke(["user", "add", "ada", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "added admin ada" in result.output and PASSWORD not in result.output
    mismatch = runner.invoke(["user", "add", "eddie"], input=f"{PASSWORD}\nsomething else\n")
    assert mismatch.exit_code == 1 and "do not match" in mismatch.output
    assert runner.invoke(["user", "add", "eddie"], input=f"{PASSWORD}\n").exit_code == 0  # one piped line will do
    short = runner.invoke(["user", "add", "eve"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least" in short.output
    listed = json.loads(runner.invoke(["user", "list", "--json"]).output)
    assert [(u["name"], u["role"]) for u in listed] == [("ada", "admin"), ("eddie", "editor")]
    assert "password_hash" not in listed[0]
    assert runner.invoke(["user", "set-role", "eddie", "admin"]).exit_code == 0
    assert runner.invoke(["user", "remove", "eddie"]).exit_code == 0
    assert "ada" in runner.invoke(["user", "list"]).output
    missing = runner.invoke(["user", "remove", "nobody"])
    assert missing.exit_code == 1 and "no user called nobody" in missing.output
    history = runner.invoke(["history"]).output
    assert "user-add" in history and "user-remove" in history


# --- the site ---------------------------------------------------------------------------------------------

@pytest.fixture
def accounts(db_path, fast_hashing):
    add_accounts(db_path)


def test_login_and_logout(client, accounts):
    assert client.get("/login").status_code == 200
    response = login(client, "eddie")
    assert response.status_code == 302
    assert "Log out eddie" in client.get("/curate/changes").get_data(as_text=True)
    token = csrf_token(client, "/curate/changes")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/curate/concepts/trade-union/edit").status_code == 302  # back to the login page


def test_wrong_password_on_the_site(client, accounts):
    response = login(client, "eddie", "wrong password!")
    assert response.status_code == 401 and "wrong name or password" in response.get_data(as_text=True)
    assert login(client, "eddie").status_code == 302


def test_login_redirects_only_within_the_site(client, accounts):
    token = csrf_token(client)
    response = client.post("/login", data={"name": "eddie", "password": PASSWORD, "csrf_token": token,
                                           "next": "//evil.example/"})
    assert response.headers["Location"] == "/curate/"


def test_a_reader_cannot_edit(client, accounts, db):
    assert client.get("/curate/concepts/trade-union/history").status_code == 200  # reading needs no login
    response = client.get("/curate/concepts/trade-union/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    token = csrf_token(client)
    for path in ("/curate/concepts/trade-union/edit", "/curate/concepts/new", "/curate/concepts/trade-union/restore/1"):
        assert client.post(path, data={"csrf_token": token, "version": "1", "definition": "x"}).status_code == 401
    assert client.get("/users").status_code == 302
    assert db.execute("SELECT count(*) FROM journal WHERE action NOT LIKE 'user-%'").fetchone()[0] == 0


def test_an_editor_cannot_manage_users(client, accounts, db):
    login(client, "eddie")
    assert client.get("/users").status_code == 403
    token = csrf_token(client, "/curate/changes")
    response = client.post("/users", data={"csrf_token": token, "action": "add", "name": "mallory",
                                           "password": PASSWORD, "confirm": PASSWORD, "role": "admin"})
    assert response.status_code == 403
    assert users.get_user(db, "mallory") is None


def test_an_admin_manages_users_on_the_site(client, accounts, db):
    login(client, "ada")
    token = csrf_token(client, "/users")
    response = client.post("/users", data={"csrf_token": token, "action": "add", "name": "mei",
                                           "password": PASSWORD, "confirm": PASSWORD, "role": "editor"})
    assert response.status_code == 302
    assert users.get_user(db, "mei")["role"] == "editor"
    response = client.post("/users", data={"csrf_token": token, "action": "add", "name": "li",
                                           "password": PASSWORD, "confirm": "different password", "role": "editor"})
    assert response.status_code == 400 and "differ" in response.get_data(as_text=True)
    client.post("/users", data={"csrf_token": token, "action": "role", "name": "mei", "role": "admin"})
    assert users.get_user(db, "mei")["role"] == "admin"
    client.post("/users", data={"csrf_token": token, "action": "remove", "name": "mei"})
    assert users.get_user(db, "mei") is None
    page = client.get("/users").get_data(as_text=True)
    assert "eddie" in page and "password_hash" not in page and "scrypt" not in page


def test_a_post_without_csrf_token_is_rejected(client, accounts, db):
    login(client, "ada")
    for path, data in [
        ("/curate/concepts/trade-union/edit", {"version": "1", "kind": "organisation", "definition": "x"}),
        ("/users", {"action": "add", "name": "mallory", "password": PASSWORD, "confirm": PASSWORD, "role": "admin"}),
        ("/login", {"name": "ada", "password": PASSWORD}),
    ]:
        response = client.post(path, data=data)
        assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True), path
        bad = client.post(path, data={**data, "csrf_token": "forged"})
        assert bad.status_code == 400, path
    assert users.get_user(db, "mallory") is None
    assert db.execute("SELECT definition FROM concepts WHERE slug = 'trade-union'").fetchone()[0] is None


def test_the_session_secret_is_made_once_per_installation_and_private(tmp_path):
    from web.auth import load_or_create_secret

    path = tmp_path / "instance" / "secret_key"
    secret = load_or_create_secret(path)
    assert len(secret) >= 64 and load_or_create_secret(path) == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_the_site_keeps_one_secret_across_starts(db_path, tmp_path):
    from web import create_app

    secret_file = tmp_path / "instance" / "secret_key"
    first = create_app({"GLOSSARY_DB": str(db_path), "SECRET_KEY_FILE": str(secret_file)})
    second = create_app({"GLOSSARY_DB": str(db_path), "SECRET_KEY_FILE": str(secret_file)})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == secret_file.read_text()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    # sessions signed by one worker are accepted by the other
    add_accounts(db_path)
    one, other = first.test_client(), second.test_client()
    login(one, "eddie")
    other.set_cookie("session", one.get_cookie("session").value)
    assert "Log out eddie" in other.get("/curate/changes").get_data(as_text=True)


def test_the_public_changes_leave_out_the_accounts(client, accounts, db, runner):
    # who the editors and admins are, and when their passwords changed, is not the glossary's public history
    assert db.execute("SELECT count(*) FROM journal WHERE action LIKE 'user-%'").fetchone()[0] >= 2
    page = client.get("/curate/changes").get_data(as_text=True)
    assert "user-add" not in page and "added editor" not in page and "added admin" not in page
    export = client.get("/curate/changes.json").get_json()
    assert not [c for c in export["changes"] if c["action"].startswith("user-")]
    assert "user-add" not in runner.invoke(["changes"]).output
    assert "user-add" in runner.invoke(["history"]).output  # the operator's own command still shows them
