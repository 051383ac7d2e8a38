"""Sources of renderings on the site: readers see them, editors add and correct them, journaled and checked."""
from __future__ import annotations

import pytest
import yaml

from glossary.store import curated
from glossary.curation import journal
from glossary.store.schema import GlossaryError
from tests.curation_support import add_accounts, csrf_token, form_fields, login, set_field, as_multidict

NEW = {"id": "chinadaily-2026-05-01", "title": "China Daily, 1 May 2026: model workers honored",
       "publisher": "China Daily", "url": "https://www.chinadaily.com.cn/a/202605/01/example.html",
       "authority": "media"}


@pytest.fixture
def editor(client, db_path, fast_hashing):
    add_accounts(db_path)
    login(client, "eddie")
    return client


def source_rows(db):
    return {row[0]: row for row in db.execute("SELECT id, title, publisher, url, authority FROM sources")}


def add(client, **fields):
    return client.post("/curate/sources", data={**NEW, **fields, "csrf_token": csrf_token(client, "/curate/sources")})


def test_readers_see_the_sources_and_how_often_each_is_cited(client, db):
    page = client.get("/curate/sources").get_data(as_text=True)
    cited = db.execute("SELECT count(*) FROM term_sources WHERE source_id = 'house'").fetchone()[0]
    assert cited > 0
    assert "<code>house</code>" in page and f'<td data-label="cited by">{cited}</td>' in page
    assert "Add a source" not in page


def test_a_reader_cannot_add_a_source(client, db, db_path, fast_hashing):
    add_accounts(db_path)  # a token from the login page, but no login
    response = client.post("/curate/sources", data={**NEW, "csrf_token": csrf_token(client)})
    assert response.status_code == 401
    assert NEW["id"] not in source_rows(db)


def test_an_editor_adds_a_source_and_cites_it_on_a_concept(editor, db, runner, tmp_path):
    response = add(editor)
    assert response.status_code == 302
    assert source_rows(db)[NEW["id"]] == tuple(NEW.values())
    entry = journal.history(db, limit=1)[0]
    assert (entry["action"], entry["user"], entry["after"]["id"]) == ("add-source", "eddie", NEW["id"])
    assert NEW["title"] in editor.get("/curate/sources").get_data(as_text=True)

    # the new source is offered on the edit form and can be cited
    page = editor.get("/curate/concepts/women-workers/edit").get_data(as_text=True)
    assert f'value="{NEW["id"]}"' in page
    fields = form_fields(page, "/curate/concepts/women-workers/edit")
    blank = f"en-{len([k for k, v in fields if k.startswith('en-') and k.endswith('-term') and v])}-"
    fields = set_field(fields, blank + "term", "women employees")
    fields = set_field(fields, blank + "status", "admitted")
    fields.append((blank + "sources", NEW["id"]))
    assert editor.post("/curate/concepts/women-workers/edit", data=as_multidict(fields)).status_code == 302
    cited = db.execute("SELECT count(*) FROM term_sources WHERE source_id = ?", [NEW["id"]]).fetchone()[0]
    assert cited == 1

    # and `glossary dump` writes it back to the glossary folder
    result = runner.invoke(["dump", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    dumped = curated.load_glossary(tmp_path)[0]
    assert dumped[NEW["id"]] == {k: v for k, v in NEW.items() if k != "id"}


@pytest.mark.parametrize("fields, message", [
    ({"url": "javascript:alert(1)"}, "http:// or https://"),
    ({"id": "Bad Key!"}, "lower-case letters"),
    ({"title": "  "}, "needs a title"),
    ({"authority": "official"}, "authority must be one of"),
    ({"id": "house"}, "already a source"),
    ({"url": "http://en.acftu.org/28598/201408/15/140815175317628.shtml/"}, "already has that URL"),  # one key a page
])
def test_a_bad_source_is_refused_and_nothing_is_written(editor, db, fields, message):
    before = source_rows(db)
    entries = len(journal.history(db))
    response = add(editor, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert source_rows(db) == before and len(journal.history(db)) == entries


def test_an_editor_corrects_a_source_and_the_house_source_stays_a_house_proposal(editor, db):
    token = csrf_token(editor, "/curate/sources/house")
    fields = {"title": "House proposal", "authority": "house", "csrf_token": token}
    assert editor.post("/curate/sources/house", data=fields).status_code == 302
    assert source_rows(db)["house"][1] == "House proposal"
    entry = journal.history(db, limit=1)[0]
    assert entry["action"] == "edit-source" and entry["before"]["title"] != entry["after"]["title"]

    response = editor.post("/curate/sources/house", data={**fields, "authority": "law"})
    assert response.status_code == 400 and source_rows(db)["house"][4] == "house"
    assert editor.get("/curate/sources/no-such-source").status_code == 404


def test_what_editors_type_is_escaped(editor, db):
    assert add(editor, title="<script>alert(1)</script>").status_code == 302
    page = editor.get("/curate/sources").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_curated_file_refuses_a_source_link_that_is_not_a_web_address(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"house": {"title": "House", "authority": "house"},
                                    "x": {"title": "X", "authority": "media", "url": "javascript:alert(1)"}}))
    with pytest.raises(GlossaryError, match="http:// or https://"):
        curated.load_sources(path)


def test_the_curated_files_refuse_two_keys_for_one_page(tmp_path):
    path = tmp_path / "sources.yaml"
    page = {"title": "A page", "authority": "media", "url": "https://example.org/a"}
    path.write_text(yaml.safe_dump({"house": {"title": "House", "authority": "house"}, "a": page, "b": page}))
    with pytest.raises(GlossaryError, match="has the URL of 'a'"):
        curated.load_sources(path)
