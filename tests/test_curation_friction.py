"""Curation friction (issue #18): an approved candidate keeps its example sentences, the queue names
documents by file name (never a server path), several candidates can be rejected at once, a Chinese
synonym added in the edit form is a variant, lookup prints no "None", and `user add` checks the name before
asking for a password and takes a piped password quietly."""
from __future__ import annotations

import re

from glossary.store import concepts as store
from glossary.search.lookup import lookup
from glossary.mining import queue as mined
from tests.curation_support import as_multidict, csrf_token, form_fields, set_field
from tests.curation_support import mined_db, mined_editor_client  # noqa: F401 (fixtures: client and db on the mined glossary)


def test_an_approved_candidate_keeps_its_example_sentences(client, db):
    candidate = mined.get_candidate(db, "劳动合同")
    assert candidate["examples"]
    page = client.get(f"/curate/candidates/{candidate['id']}").get_data(as_text=True)
    form = form_fields(page, f"/curate/candidates/{candidate['id']}/approve")
    form = set_field(form, "en-0-term", "labour contract")
    form.append(("en-0-sources", "house"))
    assert client.post(f"/curate/candidates/{candidate['id']}/approve", data=as_multidict(form)).status_code == 302
    [entry] = lookup(db, "劳动合同", examples=10)
    sentences = {x["sentence"] for x in store.get_examples(db, entry["id"], limit=100)}
    assert {x["sentence"] for x in candidate["examples"]} <= sentences
    assert entry["example_count"] >= len(candidate["examples"])
    term_page = client.get("/term/labour-contract").get_data(as_text=True)
    assert "/" not in re.search(r'class="source"><span lang="zh-Hans">([^<]*)', term_page).group(1)


def test_the_queue_shows_document_names_not_server_paths(client, db):
    page = client.get("/curate/").get_data(as_text=True)
    path = mined.list_candidates(db, known=False, limit=1)[0]
    document = mined.get_candidate(db, path["id"])["examples"][0]["document"]
    assert "/" in document  # mined from a path on the server
    assert document not in page and document.rsplit("/", 1)[-1] in page
    candidate_page = client.get(f"/curate/candidates/{path['id']}").get_data(as_text=True)
    assert document not in candidate_page


def test_bulk_reject(client, db):
    first, second, third = [c["id"] for c in mined.list_candidates(db, known=False, limit=3)]
    token = csrf_token(client, "/curate/")
    response = client.post("/curate/candidates/reject", data=as_multidict(
        [("csrf_token", token), ("ids", str(first)), ("ids", str(second)), ("note", "not terms")]))
    assert response.status_code == 302
    assert [mined.get_candidate(db, i)["status"] for i in (first, second, third)] == ["rejected", "rejected", "new"]
    # all or none: one already rejected refuses the lot
    response = client.post("/curate/candidates/reject", data=as_multidict(
        [("csrf_token", token), ("ids", str(third)), ("ids", str(first))]), follow_redirects=True)
    assert "Nothing rejected" in response.get_data(as_text=True)
    assert mined.get_candidate(db, third)["status"] == "new"
    assert client.post("/curate/candidates/reject", data={"ids": str(third)}).status_code == 400  # no CSRF token
    assert client.post("/curate/candidates/reject", data={"csrf_token": token, "ids": "x1"}).status_code == 400


def test_a_chinese_synonym_added_in_the_edit_form_is_a_variant(client, db):
    page = client.get("/curate/concepts/workers-congress/edit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    state = store.concept_state(db, store.concept_id_for(db, "workers-congress"))
    blank = len(state["zh"])  # the first empty row
    form = dict(form_fields(html, "/curate/concepts/workers-congress/edit"))
    assert form[f"zh-{blank}-type"] == "variant" and form["zh-0-type"] == "fullForm"
    new = client.get("/curate/concepts/new").get_data(as_text=True)
    fields = dict(form_fields(new, "/curate/concepts/new"))
    assert fields["zh-0-type"] == "fullForm" and fields["zh-1-type"] == "variant"


def test_lookup_prints_no_none_for_a_concept_without_a_subject(runner, db_path):
    from glossary.store.schema import open_db

    database = open_db(db_path)
    try:
        with database.conn:
            store.insert_concept(database, {"id": "no-subject", "kind": "legal-concept", "zh": [{"term": "无主题词"}],
                                            "en": [{"term": "no subject", "status": "preferred", "sources": ["house"]}]})
    finally:
        database.close()
    output = runner.invoke(["lookup", "无主题词"]).output
    assert "[legal-concept]" in output and "None" not in output


def test_user_add_refuses_a_taken_name_before_asking_for_a_password(runner, db_path, fast_hashing):
    assert runner.invoke(["user", "add", "ada"], input="a long enough password\n").exit_code == 0
    taken = runner.invoke(["user", "add", "ada"], input="")
    assert taken.exit_code == 1 and "already a user called ada" in taken.output and "Password" not in taken.output


def test_a_piped_password_gives_no_getpass_warning(tmp_path, db_path):
    import os
    import subprocess
    import sys

    from glossary.store import config

    env = {**os.environ, "GLOSSARY_DB": str(db_path), "PYTHONPATH": str(config.PROJECT_ROOT)}
    result = subprocess.run([sys.executable, "-c", "from glossary.cli.main import main; main()", "user", "add", "piper"],
                            input="a long enough password\n", capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "GetPassWarning" not in result.stderr and "added editor piper" in result.stdout
