"""The editor's day end to end on the site (issue #18), on a copy of the shipped glossary and the tests'
real-looking story: paste the story and read its terms (the new 工会驿站 listed), check a correct draft (no
findings) and a flawed one (exactly its mistakes), look up what it flagged, add the new term, and see it
known the next time."""
from __future__ import annotations

import shutil
from pathlib import Path

from glossary.store.schema import open_db
from tests.curation_support import (add_accounts, as_multidict, csrf_token, form_fields, login,
                                    remove_concepts_holding, set_field)

DATA = Path(__file__).parent / "data"


def test_the_editors_day(real_db_path, tmp_path, fast_hashing):
    from web import create_app

    path = tmp_path / "terms.db"
    shutil.copy(real_db_path, path)
    db = open_db(path)
    remove_concepts_holding(db)  # the shipped glossary holds 工会驿站 now: the walk-through meets it new
    db.close()
    add_accounts(path)
    client = create_app({"TESTING": True, "GLOSSARY_DB": str(path)}).test_client()
    login(client, "eddie")
    story = (DATA / "guangzhou_story_zh.txt").read_text("utf-8")
    draft = (DATA / "guangzhou_draft_en.txt").read_text("utf-8")

    # 1. paste the story: its terms, and the new term listed with a way to add it
    page = client.post("/annotate", data={"zh": story, "csrf_token": csrf_token(client, "/annotate")}).get_data(as_text=True)
    assert "工会驿站" in page.split('id="new-h"')[1] and "/curate/concepts/new?zh=" in page
    assert "五一</span> <span class=\"kind\">numbered slogan" not in page

    # 2. check the draft: a correct one has no findings, a flawed one exactly its mistakes
    token = csrf_token(client, "/check")
    page = client.post("/check", data={"zh": story, "en": draft, "csrf_token": token}).get_data(as_text=True)
    assert "No findings" in page
    flawed = draft.replace("Zeng Defeng", "Ceng Defeng").replace("collective wage negotiation", "collective bargaining")
    page = client.post("/check", data={"zh": story, "en": flawed, "csrf_token": token}).get_data(as_text=True)
    assert page.count('<tr class="finding ') == 2 and "Zeng Defeng" in page and "工资集体协商" in page

    # 3. look up what it flagged: straight to the entry
    response = client.get("/search?q=工资集体协商")
    assert response.status_code == 302
    assert "collective wage negotiation" in client.get(response.headers["Location"]).get_data(as_text=True)

    # 4. add the new term from the annotate list; the next story knows it
    form = form_fields(client.get("/curate/concepts/new?zh=工会驿站").get_data(as_text=True), "/curate/concepts/new")
    form = set_field(set_field(form, "en-0-term", "trade union service station"), "en-0-sources-add", "house")
    assert client.post("/curate/concepts/new", data=as_multidict(form)).status_code == 302
    page = client.post("/annotate", data={"zh": story, "csrf_token": csrf_token(client, "/annotate")}).get_data(as_text=True)
    assert "trade union service station" in page and "工会驿站" not in page.split('id="new-h"')[1]
