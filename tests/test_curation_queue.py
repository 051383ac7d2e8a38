"""The review queue on the site, on the test glossary with the statutes mined into it: the queue, approving
(with the draft's traditional form and pinyin editable), merging, rejecting (and staying rejected when the
texts are mined again), and the "done means" run: ten approvals that show up in lookup, history and TBX."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store
from glossary.search.lookup import lookup
from glossary.mining import queue as mined
from glossary.store.schema import GlossaryError
from tests.curation_support import as_multidict, form_fields, set_field
from tests.curation_support import mined_db, mined_editor_client  # noqa: F401 (fixtures: client and db on the mined glossary)

# Statute terms an editor would approve, with renderings (as house proposals in the test glossary).
GOOD_TERMS = {
    "劳动合同": "labour contract",
    "用人单位": "employer",
    "劳动争议": "labour dispute",
    "农民工": "migrant worker",
    "集体合同": "collective contract",
    "劳动报酬": "labour remuneration",
    "劳动行政部门": "labour administration department",
    "社会保障": "social security",
    "劳动关系": "labour relations",
    "劳动争议仲裁委员会": "labour dispute arbitration commission",
    "仲裁员": "arbitrator",
    "事业单位": "public institution",
}


def candidate_id(db, term):
    found = mined.get_candidate(db, term)
    assert found is not None and found["status"] == "new", term
    return found["id"]


def approve_form(client, cid):
    page = client.get(f"/curate/candidates/{cid}")
    assert page.status_code == 200
    return page.get_data(as_text=True), form_fields(page.get_data(as_text=True), f"/curate/candidates/{cid}/approve")


def approve(client, cid, english, **fields):
    _page, form = approve_form(client, cid)
    form = set_field(form, "en-0-term", english)
    form.append(("en-0-sources", "house"))
    for name, value in fields.items():
        form = set_field(form, name.replace("_", "-"), value)
    return client.post(f"/curate/candidates/{cid}/approve", data=as_multidict(form))


def test_the_queue_lists_candidates_best_first_with_evidence(client, db):
    page = client.get("/curate/").get_data(as_text=True)
    best = mined.list_candidates(db, known=False, limit=3)
    positions = [page.index(f'id="candidate-{c["id"]}"') for c in best]
    assert positions == sorted(positions)
    assert "score" in page and "C-value" in page and "<mark" in page
    # terms the glossary already has (工会) are left out unless asked for
    union = mined.get_candidate(db, "工会")
    assert f'id="candidate-{union["id"]}"' not in page
    assert f'id="candidate-{union["id"]}"' in client.get("/curate/?known=1").get_data(as_text=True)
    assert client.get("/curate/?status=rejected").status_code == 200


def test_readers_cannot_see_or_use_the_queue(mined_db_path, app, db):
    reader = app.test_client()
    assert reader.get("/curate/").status_code == 302
    assert reader.get("/curate/candidates/1").status_code == 302
    token = re.search(r'name="csrf_token" value="([^"]+)"', reader.get("/login").get_data(as_text=True)).group(1)
    cid = mined.list_candidates(db, limit=1)[0]["id"]
    assert reader.post(f"/curate/candidates/{cid}/reject", data={"csrf_token": token}).status_code == 401
    assert mined.get_candidate(db, cid)["status"] == "new"


def test_approving_a_candidate_makes_a_concept_with_traditional_form_and_pinyin(client, db):
    cid = candidate_id(db, "劳动合同")
    page, form = approve_form(client, cid)
    fields = dict(form)
    assert (fields["zh-0-term"], fields["zh-0-hant"], fields["zh-0-pinyin"]) == ("劳动合同", "勞動合同", "láo dòng hé tóng")
    assert "用人单位" in page or "<mark" in page  # example sentences are shown

    concepts = db["concepts"].count
    response = approve(client, cid, "labour contract", kind="legal-concept")
    assert response.status_code == 302
    [entry] = lookup(db, "勞動合同")
    assert (entry["slug"], entry["en"], entry["kind"], entry["pinyin"]) == ("labour-contract", "labour contract", "legal-concept", "láo dòng hé tóng")
    assert entry["en_house_proposal"] is True
    assert mined.get_candidate(db, cid)["status"] == "approved"
    assert mined.get_candidate(db, cid)["concept_id"] == entry["id"]
    change = journal.history(db, limit=1)[0]
    assert (change["action"], change["user"], change["candidate_id"], change["slug"]) == ("approve", "eddie", cid, "labour-contract")
    assert f'id="candidate-{cid}"' not in client.get("/curate/").get_data(as_text=True)
    # the candidate's page now points to the concept and offers no second approval; a replayed form is refused
    page = client.get(f"/curate/candidates/{cid}").get_data(as_text=True)
    assert "/term/labour-contract" in page and f"/curate/candidates/{cid}/approve" not in page
    again = client.post(f"/curate/candidates/{cid}/approve", data=as_multidict(
        set_field(set_field(form, "en-0-term", "labour contract"), "en-0-sources", "house")))
    assert again.status_code == 400 and "already approved (concept labour-contract)" in again.get_data(as_text=True)
    assert db["concepts"].count == concepts + 1


def test_the_draft_is_editable_before_saving(client, db):
    cid = candidate_id(db, "用人单位")
    response = approve(client, cid, "employer", id="employing-unit", zh_0_hant="用人單位", zh_0_pinyin="yong4 ren2 dan1 wei4",
                       definition="An enterprise or other organisation that employs workers.")
    assert response.status_code == 302
    state = store.concept_state(db, curation.require_concept(db, "employing-unit"))
    assert state["definition"].startswith("An enterprise")
    assert state["zh"][0]["pinyin"] == "yòng rén dān wèi" and state["zh"][0]["pinyin_reviewed"] is False  # unchanged reading
    cid = candidate_id(db, "农民工")
    approve(client, cid, "migrant worker", zh_0_pinyin="nóng mín gōng ", zh_1_term="农民工人")
    state = store.concept_state(db, curation.require_concept(db, "migrant-worker"))
    assert [t["term"] for t in state["zh"]] == ["农民工", "农民工人"]


def test_a_bad_approval_keeps_the_editors_input_and_creates_nothing(client, db):
    cid = candidate_id(db, "劳动争议")
    concepts = db["concepts"].count
    response = approve(client, cid, "labour dispute", id="Not A Slug")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "lowercase" in page and "labour dispute" in page
    assert db["concepts"].count == concepts and mined.get_candidate(db, cid)["status"] == "new"


def test_an_approval_without_english_is_refused_and_creates_nothing(client, db):
    cid = candidate_id(db, "事业单位")
    concepts = db["concepts"].count
    _page, form = approve_form(client, cid)  # the draft as offered: no English yet
    response = client.post(f"/curate/candidates/{cid}/approve", data=as_multidict(form))
    assert response.status_code == 400 and "needs an English rendering" in response.get_data(as_text=True)
    assert db["concepts"].count == concepts and mined.get_candidate(db, cid)["status"] == "new"


def test_an_edit_cannot_remove_every_english_rendering(db):
    slug = next(iter(db["concepts"].rows))["slug"]
    state = store.concept_state(db, curation.require_concept(db, slug))
    assert state["en"]
    with pytest.raises(GlossaryError, match="needs an English rendering"):
        curation.save_concept(db, slug, {**state, "en": []}, state["version"], "eddie", "removed all English")
    assert store.concept_state(db, curation.require_concept(db, slug))["en"] == state["en"]  # nothing written


def test_merging_a_candidate_into_a_concept(client, db):
    cid = candidate_id(db, "集体合同")
    page = client.get(f"/curate/candidates/{cid}").get_data(as_text=True)
    form = set_field(form_fields(page, f"/curate/candidates/{cid}/merge"), "concept", "工会")  # by a Chinese term
    form = set_field(form, "type", "variant")
    assert client.post(f"/curate/candidates/{cid}/merge", data=as_multidict(form)).status_code == 302
    entry = lookup(db, "集体合同")[0]
    assert entry["slug"] == "trade-union" and "集体合同" in [t["term"] for t in entry["zh_terms"]]
    assert [t for t in entry["zh_terms"] if t["term"] == "集体合同"][0]["type"] == "variant"
    found = mined.get_candidate(db, cid)
    assert (found["status"], found["concept_id"]) == ("merged", entry["id"])
    assert journal.history(db, limit=1)[0]["action"] == "merge"
    bad = set_field(form, "concept", "no-such-concept")
    other = candidate_id(db, "劳动关系")
    assert client.post(f"/curate/candidates/{other}/merge", data=as_multidict(bad)).status_code == 400


def test_a_rejected_candidate_stays_rejected_when_mined_again(client, db, runner, mined_db_path):
    cid = candidate_id(db, "书面")
    source = mined.get_candidate(db, cid)["examples"][0]["document"]
    page = client.get(f"/curate/candidates/{cid}").get_data(as_text=True)
    form = set_field(form_fields(page, f"/curate/candidates/{cid}/reject"), "note", "not a term: an adverb")
    assert client.post(f"/curate/candidates/{cid}/reject", data=as_multidict(form)).status_code == 302
    approved = candidate_id(db, "劳动报酬")
    approve(client, approved, "labour remuneration")

    result = runner.invoke(["mine", source, "--db", str(mined_db_path), "--top", "200"])
    assert result.exit_code == 0, result.output
    assert mined.get_candidate(db, cid)["status"] == "rejected"
    assert mined.get_candidate(db, cid)["note"] == "not a term: an adverb"
    assert mined.get_candidate(db, approved)["status"] == "approved"
    assert f'id="candidate-{cid}"' not in client.get("/curate/").get_data(as_text=True)
    # and it can be put back
    page = client.get(f"/curate/candidates/{cid}").get_data(as_text=True)
    client.post(f"/curate/candidates/{cid}/reopen", data=as_multidict(form_fields(page, f"/curate/candidates/{cid}/reopen")))
    assert mined.get_candidate(db, cid)["status"] == "new"
    assert [e["action"] for e in journal.history(db) if e["candidate_id"] == cid] == ["reopen", "reject"]


def test_done_means_ten_approved_candidates_in_lookup_history_and_tbx(client, db, runner, tmp_path):
    """Mining the statute texts and approving ten candidates on the site gives ten new concepts that appear
    in lookup, in the history and in the TBX export."""
    queue = mined.list_candidates(db, known=False, limit=200)
    chosen = [c for c in queue if c["term"] in GOOD_TERMS][:10]
    assert len(chosen) == 10, [c["term"] for c in chosen]
    concepts_before = db["concepts"].count
    for c in chosen:
        response = approve(client, c["id"], GOOD_TERMS[c["term"]])
        assert response.status_code == 302, c["term"]
    assert db["concepts"].count == concepts_before + 10

    for c in chosen:
        result = runner.invoke(["lookup", c["term"], "--json"])
        assert result.exit_code == 0, c["term"]
        assert json.loads(result.output)[0]["en"] == GOOD_TERMS[c["term"]]
        assert lookup(db, GOOD_TERMS[c["term"]])[0]["zh"] == c["term"]

    history = runner.invoke(["history", "--json"])
    approvals = [e for e in json.loads(history.output) if e["action"] == "approve"]
    assert sorted(e["candidate_id"] for e in approvals) == sorted(c["id"] for c in chosen)
    assert all(e["user"] == "eddie" for e in approvals)

    tbx = tmp_path / "glossary.tbx"
    exported = runner.invoke(["export", "--format", "tbx", "-o", str(tbx)])
    assert exported.exit_code == 0, exported.output
    root = ET.parse(tbx).getroot()
    texts = {el.text for el in root.iter() if el.tag.split("}")[-1] == "term"}
    for c in chosen:
        assert c["term"] in texts and GOOD_TERMS[c["term"]] in texts, c["term"]
    assert re.search(r"labour-contract", tbx.read_text("utf-8"))


def test_an_example_the_corpus_already_holds_is_linked_where_it_is(db):
    from glossary.curation.examples import keep_candidate_examples

    sentence_id, text = db.execute("SELECT id, text FROM sentences WHERE kind = 'body' ORDER BY id LIMIT 1").fetchone()
    documents = db["documents"].count
    with db.conn:  # a copy of a corpus document, mined from elsewhere
        assert keep_candidate_examples(db, [{"document": "/srv/uploads/copy.txt", "sentence": text}]) == {sentence_id}
    assert db["documents"].count == documents  # no mined document for it
    with db.conn:  # a sentence the corpus lacks is stored under its mined document, by file name
        [new] = keep_candidate_examples(db, [{"document": "/srv/uploads/copy.txt", "sentence": "新的一句话。"}])
    assert db.execute("SELECT d.title FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id = ?",
                      [new]).fetchone()[0] == "copy.txt"
