"""Approving a mined candidate in a real browser (headless Debian chromium via Playwright): log in, open the
queue, open a candidate, check the filled-in draft, add an English rendering with its source, approve, and
find the new entry on the lookup site."""
from __future__ import annotations

import re

from glossary.mining import queue as mined
from glossary.store.schema import open_db
from tests.curation_support import PASSWORD, add_accounts


def test_an_editor_approves_a_candidate_in_the_browser(mined_db_path, live_server, browser_page):
    add_accounts(mined_db_path)
    db = open_db(mined_db_path)
    candidate = mined.get_candidate(db, "劳动合同")
    assert candidate["status"] == "new"
    page = browser_page

    page.goto(live_server + "/curate/")
    page.wait_for_url(re.compile(r"/login"))  # the queue needs a login
    page.fill("input[name=name]", "eddie")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/curate/$"))

    page.click(f"#candidate-{candidate['id']} a.candidate")
    page.wait_for_url(re.compile(rf"/curate/candidates/{candidate['id']}$"))
    assert page.locator("ol.examples mark").first.inner_text() == "劳动合同"
    approve = page.locator("form.approve")
    assert approve.locator("input[name=zh-0-hant]").input_value() == "勞動合同"
    assert approve.locator("input[name=zh-0-pinyin]").input_value() == "láo dòng hé tóng"
    approve.locator("select[name=kind]").select_option("legal-concept")
    approve.locator("input[name=en-0-term]").fill("labour contract")
    approve.locator("input[name=en-0-sources-add]").fill("house")  # the source picker adds a source by key
    approve.locator("button[type=submit]").click()

    page.wait_for_url(re.compile(r"/curate/$"))
    assert "Approved 劳动合同: new concept labour-contract" in page.locator(".flash").first.inner_text()
    assert page.locator(f"#candidate-{candidate['id']}").count() == 0  # out of the queue

    page.goto(live_server + "/term/labour-contract")
    assert page.locator("h1 [lang=zh-Hant]").first.inner_text() == "勞動合同"
    assert page.locator(".preferred .en").inner_text() == "labour contract"
    assert page.locator(".preferred .badge.house").count() == 1  # shown as a house proposal, not as official
    assert mined.get_candidate(db, candidate["id"])["status"] == "approved"
    db.close()
