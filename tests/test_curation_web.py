"""Editing on the site: the edit form round trip, two editors on one concept, many editors at once, the
history page with restore, and the changes export."""
from __future__ import annotations

import re
import threading

import pytest

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store
from glossary.search.lookup import lookup
from glossary.store.schema import open_db
from tests.curation_support import add_accounts, as_multidict, form_fields, login, set_field


@pytest.fixture
def accounts(db_path, fast_hashing):
    add_accounts(db_path)


@pytest.fixture
def editor(client, accounts):
    login(client, "eddie")
    return client


def edit_fields(client, slug):
    page = client.get(f"/curate/concepts/{slug}/edit")
    assert page.status_code == 200
    return form_fields(page.get_data(as_text=True), f"/curate/concepts/{slug}/edit")


def concept_changes(db, **kwargs):
    """Journal entries about concepts (not the accounts the fixtures made)."""
    return [e for e in journal.history(db, **kwargs) if e["concept_id"] is not None]


def post_edit(client, slug, fields):
    return client.post(f"/curate/concepts/{slug}/edit", data=as_multidict(fields))


def test_the_edit_form_round_trip_changes_nothing(editor, db):
    before = store.concept_state(db, curation.require_concept(db, "workers-congress"))
    response = post_edit(editor, "workers-congress", edit_fields(editor, "workers-congress"))
    assert response.status_code == 302
    assert store.concept_state(db, curation.require_concept(db, "workers-congress")) == before
    assert concept_changes(db) == []


def test_editing_renderings_on_the_site(editor, db):
    fields = edit_fields(editor, "workers-congress")
    # a new rendering in the first blank row, cited to the ACFTU, made preferred and moved to the top
    fields = set_field(fields, "en-3-term", "staff and workers' congress")
    fields = set_field(fields, "en-3-status", "preferred")
    fields = [(k, v) for k, v in fields if k != "en-3-sources"] + [("en-3-sources", "acftu")]
    fields = set_field(fields, "en-3-order", "0")
    fields = set_field(fields, "en-0-status", "admitted")
    fields = set_field(fields, "en-2-remove", "1")  # drop the deprecated one
    fields = set_field(fields, "note", "Use the full form on first mention.")
    fields = set_field(fields, "zh-1-pinyin", "zhi2 dai4 hui4")  # unchanged reading, other notation
    response = post_edit(editor, "workers-congress", fields)
    assert response.status_code == 302 and response.headers["Location"] == "/term/workers-congress"

    entry = lookup(db, "职代会")[0]
    assert [(t["term"], t["status"]) for t in entry["en_terms"]] == [
        ("staff and workers' congress", "preferred"),
        ("workers' congress", "admitted"),
        ("congress of workers and staff", "admitted"),
    ]
    assert entry["en_terms"][0]["sources"][0]["id"] == "acftu"
    assert entry["note"] == "Use the full form on first mention." and entry["version"] == 2
    assert entry["zh_terms"][1]["pinyin_reviewed"] is False
    [change] = concept_changes(db)
    assert change["user"] == "eddie" and change["action"] == "edit"


def test_bad_input_is_shown_with_the_form_and_loses_nothing(editor, db):
    fields = set_field(edit_fields(editor, "workers-congress"), "en-1-status", "preferred")
    fields = set_field(fields, "definition", "A draft definition the editor typed")
    response = post_edit(editor, "workers-congress", fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "exactly one preferred" in page
    assert "A draft definition the editor typed" in page  # the editor's input is still on the form
    assert concept_changes(db) == []


def test_the_site_escapes_what_editors_type(editor, db):
    fields = set_field(edit_fields(editor, "trade-union"), "note", "<script>alert(1)</script>")
    post_edit(editor, "trade-union", fields)
    page = editor.get("/curate/concepts/trade-union/history").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_two_editors_on_one_concept_the_second_is_shown_the_difference(app, accounts, db):
    ada, eddie = app.test_client(), app.test_client()
    login(ada, "ada")
    login(eddie, "eddie")
    ada_form = edit_fields(ada, "trade-union")
    eddie_form = edit_fields(eddie, "trade-union")

    assert post_edit(ada, "trade-union", set_field(ada_form, "definition", "An organisation of workers.")).status_code == 302
    response = post_edit(eddie, "trade-union", set_field(eddie_form, "note", "Lower case in running text."))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed by ada" in page and "An organisation of workers." in page and "Lower case in running text." in page
    now = store.concept_state(db, curation.require_concept(db, "trade-union"))
    assert now["definition"] == "An organisation of workers." and now["note"] is None  # nothing silently overwritten

    # the conflict page's form carries eddie's input and the new version: saving it is a deliberate choice
    retry = form_fields(page, "/curate/concepts/trade-union/edit")
    assert dict(retry)["version"] == str(now["version"]) and dict(retry)["note"] == "Lower case in running text."
    retry = set_field(retry, "definition", "An organisation of workers.")  # eddie keeps ada's definition
    assert post_edit(eddie, "trade-union", retry).status_code == 302
    final = store.concept_state(db, curation.require_concept(db, "trade-union"))
    assert (final["definition"], final["note"], final["version"]) == ("An organisation of workers.", "Lower case in running text.", 3)
    assert [e["user"] for e in concept_changes(db, oldest_first=True)] == ["ada", "eddie"]


def test_parallel_edits_from_many_threads_lose_nothing(app, accounts, db_path):
    """Eight editors at once, each adding renderings to one shared concept (retrying on a version
    conflict, as an editor would) and creating a concept of their own: every change arrives, no request
    fails with a database error."""
    threads_n, edits_each = 8, 3
    db = open_db(db_path)
    counts = lambda: {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("concepts", "terms", "journal")}
    before = counts()
    statuses: list[int] = []
    errors: list[str] = []

    def work(n):
        client = app.test_client()
        login(client, "eddie" if n % 2 else "ada")
        for j in range(edits_each):
            for _attempt in range(50):
                fields = edit_fields(client, "women-workers")
                rows = [k for k, v in fields if k.endswith("-term") and k.startswith("en-") and v]
                blank = f"en-{len(rows)}-"
                fields = set_field(fields, blank + "term", f"rendering {n}-{j}")
                fields = set_field(fields, blank + "status", "admitted")
                fields.append((blank + "sources", "house"))
                response = post_edit(client, "women-workers", fields)
                statuses.append(response.status_code)
                if response.status_code == 302:
                    break
                if response.status_code != 409:
                    errors.append(re.findall(r"flash error\">([^<]*)|<h1>([^<]*)", response.get_data(as_text=True)))
                    return
            else:
                errors.append(f"thread {n} never got its edit in")
        token_page = client.get("/curate/concepts/new").get_data(as_text=True)
        new = form_fields(token_page, "/curate/concepts/new")
        new = set_field(new, "id", f"thread-concept-{n}")
        new = set_field(new, "zh-0-term", f"测试术语{'一二三四五六七八'[n]}")
        new = set_field(new, "en-0-term", f"test term {n}")
        new.append(("en-0-sources", "house"))
        response = client.post("/curate/concepts/new", data=as_multidict(new))
        statuses.append(response.status_code)
        if response.status_code != 302:
            errors.append(re.findall(r"flash error\">([^<]*)|<h1>([^<]*)", response.get_data(as_text=True)))

    def guarded_work(n):
        try:
            work(n)
        except Exception as exc:  # a thread's exception would otherwise show only as a wrong count
            errors.append(f"thread {n}: {exc!r}")

    threads = [threading.Thread(target=guarded_work, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert set(statuses) <= {302, 409}
    after = counts()
    edits = threads_n * edits_each
    assert after["concepts"] == before["concepts"] + threads_n
    # each new concept has a zh-Hans, a zh-Hant and an English term; each edit added one English term
    assert after["terms"] == before["terms"] + 3 * threads_n + edits
    assert after["journal"] == before["journal"] + edits + threads_n
    renderings = {t["term"] for t in lookup(db, "女职工")[0]["en_terms"]}
    assert {f"rendering {n}-{j}" for n in range(threads_n) for j in range(edits_each)} <= renderings
    assert lookup(db, "女职工")[0]["version"] == 1 + edits
    db.close()


def test_history_page_and_restore(editor, db):
    original = store.concept_state(db, curation.require_concept(db, "trade-union"))
    post_edit(editor, "trade-union", set_field(edit_fields(editor, "trade-union"), "definition", "First definition."))
    post_edit(editor, "trade-union", set_field(edit_fields(editor, "trade-union"), "definition", "Second definition."))
    page = editor.get("/curate/concepts/trade-union/history").get_data(as_text=True)
    assert "First definition." in page and "Second definition." in page and "eddie" in page

    first, second = concept_changes(db, oldest_first=True)[:2]
    # the newest change offers only the state before it: the state after it is the concept as it is now
    newest = page.split(f'action="/curate/concepts/trade-union/restore/{second["id"]}"')
    assert len(newest) == 2 and 'value="before"' in newest[1].split("</form>")[0]
    restore_form = form_fields(page, f"/curate/concepts/trade-union/restore/{first['id']}")
    response = editor.post(f"/curate/concepts/trade-union/restore/{first['id']}", data=as_multidict(restore_form))
    assert response.status_code == 302
    now = store.concept_state(db, curation.require_concept(db, "trade-union"))
    assert now["definition"] == "First definition." and now["version"] == 4
    # restoring with a stale version is refused
    stale = editor.post(f"/curate/concepts/trade-union/restore/{first['id']}", data=as_multidict(
        set_field(set_field(restore_form, "side", "before"), "version", "2")))
    assert stale.status_code == 302
    assert "Not restored" in editor.get("/curate/concepts/trade-union/history").get_data(as_text=True)
    # the state before the first change is the built one
    before_form = set_field(set_field(restore_form, "side", "before"), "version", "4")
    editor.post(f"/curate/concepts/trade-union/restore/{first['id']}", data=as_multidict(before_form))
    assert curation.differences(original, store.concept_state(db, curation.require_concept(db, "trade-union"))) == []


def test_changes_page_and_export(editor, db):
    post_edit(editor, "trade-union", set_field(edit_fields(editor, "trade-union"), "definition", "Changed."))
    page = editor.get("/curate/changes?since=2000-01-01").get_data(as_text=True)
    assert "trade-union" in page and "definition added" in page
    export = editor.get("/curate/changes.json?since=2000-01-01").get_json()
    assert export["since"] == "2000-01-01"
    [change] = [c for c in export["changes"] if c["slug"]]
    assert change["after"]["definition"] == "Changed." and change["before"]["definition"] is None
    assert editor.get("/curate/changes.json?since=someday").status_code == 400


def test_changes_command_exports_json_and_the_curated_file_shape(editor, db, runner):
    import json

    import yaml

    post_edit(editor, "trade-union", set_field(edit_fields(editor, "trade-union"), "definition", "Changed."))
    exported = json.loads(runner.invoke(["changes", "--since", "2000-01-01"]).output)
    assert [c["slug"] for c in exported["changes"] if c["slug"]] == ["trade-union"]
    as_yaml = runner.invoke(["changes", "--since", "2000-01-01", "--format", "yaml"]).output
    [concept] = yaml.safe_load(as_yaml)
    assert concept["id"] == "trade-union" and concept["definition"] == "Changed."
    history = runner.invoke(["history", "--concept", "trade-union"]).output
    assert "eddie" in history and "definition added" in history
    assert json.loads(runner.invoke(["history", "--json", "--since", "2999-01-01"]).output) == []
    bad = runner.invoke(["history", "--since", "soon"])
    assert bad.exit_code == 1 and "not a date" in bad.output


def test_a_stale_restore_tells_the_editor_restoring_what_happened(app, accounts, db):
    """Restoring from a history page opened before someone else's save: the message speaks to the editor
    restoring (who changed it since they opened the history; nothing restored; choose again), not as if they
    had been editing, and their own change made in another window is theirs ("you"), not a name."""
    ada, eddie = app.test_client(), app.test_client()
    login(ada, "ada")
    login(eddie, "eddie")
    post_edit(eddie, "trade-union", set_field(edit_fields(eddie, "trade-union"), "definition", "First definition."))
    history = "/curate/concepts/trade-union/history"
    first = concept_changes(db)[0]
    restore = f"/curate/concepts/trade-union/restore/{first['id']}"
    stale_form = set_field(form_fields(eddie.get(history).get_data(as_text=True), restore), "side", "before")

    post_edit(ada, "trade-union", set_field(edit_fields(ada, "trade-union"), "definition", "Ada's definition."))
    assert eddie.post(restore, data=as_multidict(stale_form)).status_code == 302
    message = re.search(r'class="flash error">([^<]+)<', eddie.get(history).get_data(as_text=True)).group(1)
    assert message.startswith("Not restored: trade-union has changed since you opened its history")
    assert "by ada" in message and "choose the state to restore again" in message
    assert "while you were editing" not in message and "submit again" not in message
    assert store.concept_state(db, curation.require_concept(db, "trade-union"))["definition"] == "Ada's definition."

    # eddie's own change, made in another window since he opened the history, is his: "you", not "eddie"
    stale_form = set_field(form_fields(eddie.get(history).get_data(as_text=True), restore), "side", "before")
    post_edit(eddie, "trade-union", set_field(edit_fields(eddie, "trade-union"), "definition", "Eddie again."))
    eddie.post(restore, data=as_multidict(stale_form))
    message = re.search(r'class="flash error">([^<]+)<', eddie.get(history).get_data(as_text=True)).group(1)
    assert "by you (in another window)" in message and "eddie" not in message
    # and in an edit conflict, the editor whose save was refused reads about the other editor by name
    eddie_form = edit_fields(eddie, "trade-union")
    post_edit(ada, "trade-union", set_field(edit_fields(ada, "trade-union"), "note", "Ada's note."))
    page = post_edit(eddie, "trade-union", set_field(eddie_form, "definition", "Eddie's.")).get_data(as_text=True)
    assert "changed by ada while you were editing" in page
