"""Publishing a read-only copy for the readers' hosts, and serving it: `glossary publish`, `serve --read-only`."""
from __future__ import annotations

import hashlib

import pytest

from glossary.curation import users
from glossary.store.build import content_dump
from glossary.store.publish import publish
from glossary.store.schema import GlossaryError, open_db
from web import create_app


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published(db, db_path, tmp_path):
    users.add_user(db, "eddie", "a long enough password", "editor")
    target = tmp_path / "replica" / "terms.db"
    done = publish(db_path, target)
    return target, done


def test_a_published_copy_holds_the_glossary_without_the_accounts(db, published):
    target, done = published
    copy = open_db(target, read_only=True)
    assert done["version"] == 1
    assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    meta = dict(copy.execute("SELECT key, value FROM meta"))
    assert meta["publish_version"] == "1" and meta["published_at"] == done["published_at"]
    assert copy.execute("SELECT count(*) FROM journal WHERE action LIKE 'user-%'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM journal WHERE action = 'user-add'").fetchone()[0] == 1  # there, not here
    glossary_tables = [line for line in content_dump(db) if not line.startswith(('INSERT INTO "users"', 'INSERT INTO "meta"'))
                       and not (line.startswith('INSERT INTO "journal"') and "'user-add'" in line)]
    copied = [line for line in content_dump(copy) if not line.startswith('INSERT INTO "meta"')]
    assert [line for line in copied if line.startswith("INSERT")] == [
        line for line in glossary_tables if line.startswith("INSERT")]
    assert b"a long enough password" not in target.read_bytes()


def test_publishing_again_numbers_the_copy_and_refuses_the_editors_file(db_path, published):
    target, _ = published
    assert publish(db_path, target)["version"] == 2
    with pytest.raises(GlossaryError):
        publish(db_path, db_path)


def test_a_replica_reads_without_writing_and_serves_no_editors_pages(published):
    target, _ = published
    before = digest(target)
    app = create_app({"TESTING": True, "GLOSSARY_DB": str(target), "READ_ONLY": True})
    client = app.test_client()
    page = client.get("/term/workers-congress")
    assert page.status_code == 200
    # and no link leads to them: no "Curate" in the header, no "History" of the concept
    html = page.get_data(as_text=True)
    assert 'href="/curate/' not in html and 'href="/login' not in html
    assert client.get("/api/search?q=职代会").status_code == 200
    for url in ("/login", "/curate/", "/curate/concepts/workers-congress/edit", "/download/import"):
        assert client.get(url).status_code == 404, url
    assert client.post("/login", data={"user": "eddie"}).status_code == 404
    assert digest(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["terms.db"]  # no -wal, no -shm, no journal


def test_a_replica_picks_up_a_new_copy_on_the_next_request(db, db_path, published):
    target, _ = published
    app = create_app({"TESTING": True, "GLOSSARY_DB": str(target), "READ_ONLY": True})
    client = app.test_client()
    assert client.get("/term/workers-congress").status_code == 200
    with db.conn:
        db.execute("UPDATE concepts SET definition = 'Published twice.' WHERE slug = 'workers-congress'")
    publish(db_path, target)
    assert "Published twice." in client.get("/term/workers-congress").get_data(as_text=True)


def test_publish_and_serve_commands(runner, tmp_path):
    target = tmp_path / "out" / "terms.db"
    result = runner.invoke(["publish", str(target)])
    assert result.exit_code == 0 and "published version 1" in result.output
    assert runner.invoke(["info", "--db", str(target)]).exit_code == 0
