"""The site in a real browser (headless Debian chromium via Playwright): search, open a term page, see the term
highlighted in its example sentences, open a sentence's context, and save a screenshot."""
from __future__ import annotations

import re


def test_search_open_term_and_see_highlight(live_server, browser_page, tmp_path):
    page = browser_page
    page.goto(live_server + "/")
    page.fill("input[name=q]", "职")
    page.click("form.search button[type=submit]")
    page.wait_for_url(re.compile(r"/search\?q="))
    first = page.locator("ol.results li a.headword", has_text="职工代表大会").first
    assert first.inner_text() == "职工代表大会"

    first.click()
    page.wait_for_url(re.compile(r"/term/workers-congress"))
    assert page.locator("h1 [lang=zh-Hans]").first.inner_text() == "职工代表大会"
    assert page.locator("h1 [lang=zh-Hant]").first.inner_text() == "職工代表大會"
    assert page.locator(".preferred .en").inner_text() == "workers' congress"

    marks = page.locator("ol.examples .sentence mark")
    assert marks.count() >= 2
    assert set(marks.all_inner_texts()) <= {"职工代表大会", "职代会"}
    # the highlight is visible: a background colour, not just an element
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")

    # the sentences before and after, on demand (a <details>, no JavaScript of ours)
    details = page.locator("ol.examples details.context").first
    assert not details.locator(".after, .before").first.is_visible()
    details.locator("summary").click()
    assert details.locator(".after, .before").first.is_visible()

    shot = tmp_path / "term-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_search_box_takes_pinyin_and_shows_bad_input_as_an_error(live_server, browser_page):
    page = browser_page
    page.goto(live_server + "/search?q=zdh")
    assert "职工代表大会" in page.locator("ol.results").inner_text()
    response = page.goto(live_server + "/search?q=%FF")
    assert response.status == 400
    assert "UTF-8" in page.locator(".error").inner_text()
