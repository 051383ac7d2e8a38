"""Layouts at a phone's width (390 px) and a desktop's (1,280 px), in headless Debian chromium: no page of
the editor's day scrolls sideways (issue #18): the check findings table, annotate, the term page, the
approve and edit forms with their source picker, and /curate/sources; Chinese terms never wrap mid-word."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.mining import queue as mined
from glossary.store.schema import open_db
from tests.curation_support import PASSWORD, add_accounts

DATA = Path(__file__).parent / "data"
WIDTHS = (390, 1280)


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def log_in(page, base):
    page.goto(base + "/login")
    page.fill("input[name=name]", "eddie")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def editor_page(mined_db_path, live_server, browser):
    add_accounts(mined_db_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server)
    yield page
    context.close()


def _pages(db):
    candidate = mined.list_candidates(db, known=False, limit=1)[0]["id"]
    return ["/", "/term/workers-congress", "/search?q=工&all=1", "/annotate", "/check", "/curate/sources",
            "/curate/", f"/curate/candidates/{candidate}", "/curate/concepts/workers-congress/edit",
            "/curate/concepts/new", "/api/docs"]


def test_no_page_scrolls_sideways(editor_page, live_server, mined_db_path):
    page = editor_page
    db = open_db(mined_db_path)
    try:
        paths = _pages(db)
    finally:
        db.close()
    wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server + path)
            if overflow(page) > 0:
                wide.append((width, path, overflow(page)))
    assert wide == [], wide


def _check_a_story(page, base):
    page.goto(base + "/check")
    page.fill("textarea[name=zh]", "郑州市总工会召开职代会。工会和女职工维权，长效机制。" * 3)
    page.fill("textarea[name=en]", "The Zhengzhou City Federation of Trade Unions held a congress of workers and staff. "
                                   "The labour union and women workers' rights, a long-lasting mechanism. " * 3)
    page.click("form.editing button[type=submit]")
    page.wait_for_selector("table.findings")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_check_findings_fit_and_chinese_terms_do_not_wrap(editor_page, live_server, width):
    page = editor_page
    page.set_viewport_size({"width": width, "height": 900})
    _check_a_story(page, live_server)
    assert overflow(page) <= 0
    # every Chinese term in the table sits on one line
    heights = page.evaluate("""[...document.querySelectorAll('table.findings td[lang|=zh] ')].map(
        td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; })""")
    assert heights and max(heights) <= 1
    page.goto(live_server + "/annotate")
    page.fill("textarea[name=zh]", (DATA / "guangzhou_story_zh.txt").read_text("utf-8"))
    page.click("form.editing button[type=submit]")
    page.wait_for_selector("table.terms")
    assert overflow(page) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_edit_form_fits_and_its_source_picker_adds_sources(editor_page, live_server, mined_db_path, width):
    page = editor_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server + "/curate/concepts/workers-congress/edit")
    assert overflow(page) <= 0
    assert page.locator("select[multiple]").count() == 0  # no Ctrl-click multi-select
    picker = page.locator("input[name=en-0-sources-add]")
    assert picker.get_attribute("list")  # typed with suggestions from a datalist
    before = page.locator("input[type=checkbox][name=en-0-sources]:checked").count()
    picker.fill("house")
    page.click("button[type=submit].save")
    page.wait_for_load_state()
    page.goto(live_server + "/curate/concepts/workers-congress/edit")
    after = page.locator("input[type=checkbox][name=en-0-sources]:checked").count()
    assert after in (before, before + 1)  # house added (or already there), nothing dropped
    assert re.search("house", page.locator("fieldset.renderings").inner_text())
