"""The editing aid on the site: the Annotate and Check pages, their bad-input messages (never a 500), and
both pages driven in a real browser."""
from __future__ import annotations

import html
import re

import pytest

STORY = "郑州市总工会召开职代会，审议女职工保护办法，实施“两金一卡”制度。\n工会建立帮扶困难职工长效机制！"
DRAFT = ("The Zhengzhou Federation of Trade Unions held a workers' representative conference on rules for women "
         "workers.\nThe labour union set up a long-term mechanism to help needy workers.")


def csrf_token(client, path):
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return match.group(1) if match else None


def post(client, path, **fields):
    token = csrf_token(client, path)
    data = {**fields, **({"csrf_token": token} if token else {})}
    return client.post(path, data=data)


def alert(response) -> str:
    return html.unescape(re.search(r'class="error" role="alert">([^<]+)<', response.get_data(as_text=True)).group(1))


def test_pages_have_their_forms(client):
    for path, fields in (("/annotate", ["zh"]), ("/check", ["zh", "en"])):
        response = client.get(path)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert all(f'<textarea id="{name}" name="{name}"' in page for name in fields)
        assert f'action="{path}"' in page


def test_annotate_page(client):
    response = post(client, "/annotate", zh=STORY)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    marks = re.findall(r'<mark class="term[^"]*" data-concept="([^"]+)" title="([^"]+)">([^<]+)</mark>', page)
    assert [m[2] for m in marks] == ["郑州市总工会", "职代会", "女职工", "工会", "长效机制"]
    assert ("workers-congress", "workers&#39; congress · zhí dài huì · short for 职工代表大会", "职代会") in marks
    # the term list, the box and the candidates
    assert re.search(r"<td[^>]*>Zhengzhou Federation of Trade Unions <span class=\"badge house\">house proposal</span></td>", page)
    box = page.split('class="news-box"')[1].split("</aside>")[0]
    assert "职工代表大会" in box and "【知识点】" in box and "职工代表大会是企业实行民主管理的基本形式。" in box
    assert "【相关词汇】" in box and "trade union" in box
    assert "两金一卡" in box and "numbered slogan" in box
    assert '<span lang="zh-Hans">两金一卡</span> <span class="kind">numbered slogan</span>' in page.split('id="new-h"')[1]


def test_annotate_escapes_the_story(client):
    page = post(client, "/annotate", zh="<script>alert('x')</script>工会").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_check_page_reports_and_pairs_paragraphs(client):
    response = post(client, "/check", zh=STORY, en=DRAFT)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    findings = re.findall(r'<tr class="finding (\w+)">\s*<td[^>]*><span class="finding-type \w+">\w+</span>', page)
    assert findings == ["deprecated", "deprecated"]  # workers' representative conference, labour union
    rows = page.split('class="side-by-side"')[1].split("</table>")[0]
    cells = re.findall(r'<td lang="(zh-Hans|en)">(.*?)</td>', rows, re.S)
    assert [lang for lang, _ in cells] == ["zh-Hans", "en", "zh-Hans", "en"]
    assert '<mark class="en deprecated"' in cells[1][1] and "labour union</mark>" in cells[3][1]
    assert '<mark class="en preferred" title="glossary: preferred rendering">long-term mechanism</mark>' in cells[3][1]


def test_check_page_with_a_clean_draft(client):
    page = post(client, "/check", zh="工会召开职代会。", en="The trade union held a workers' congress.")
    assert "No findings" in page.get_data(as_text=True)


@pytest.mark.parametrize("path, fields, status, message", [
    ("/annotate", {"zh": ""}, 400, "the Chinese article is empty"),
    ("/annotate", {"zh": "The union held its congress."}, 400, "is this the English draft?"),
    ("/annotate", {"zh": "工" * 100_001}, 400, "too long (100,001 characters; at most 100,000)"),
    ("/check", {"zh": DRAFT, "en": STORY}, 400, "is this the English draft?"),
    ("/check", {"zh": STORY, "en": STORY}, 400, "are the Chinese story and the English draft swapped?"),
    ("/check", {"zh": STORY, "en": ""}, 400, "the English draft is empty"),
    ("/annotate", {"zh": "工会" * 2_500_000}, 413, "The text is too large"),
    ("/check", {"zh": "工会", "en": "union " * 1_000_000}, 413, "Paste one story at a time"),
])
def test_bad_input_gets_a_clear_message(client, path, fields, status, message):
    response = post(client, path, **fields)
    assert response.status_code == status
    assert message in alert(response)


def test_mixed_scripts_are_annotated_with_a_note(client):
    page = post(client, "/annotate", zh="鄭州市總工會和女职工").get_data(as_text=True)
    assert "mixes simplified and traditional" in page
    assert ">鄭州市總工會</mark>" in page and ">女职工</mark>" in page


def test_a_paste_keeps_the_text_in_the_form_after_an_error(client):
    response = post(client, "/check", zh=STORY, en="")
    assert html.escape(STORY.split("\n")[0], quote=False) in response.get_data(as_text=True)


# --- in a real browser --------------------------------------------------------------------------------

def test_annotate_and_check_in_the_browser(live_server, browser_page, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(live_server + "/annotate")
    page.fill("textarea#zh", STORY)
    page.click("form.editing button[type=submit]")
    page.wait_for_selector(".annotated mark.term")
    marks = page.locator(".annotated mark.term")
    assert marks.all_inner_texts() == ["郑州市总工会", "职代会", "女职工", "工会", "长效机制"]
    assert marks.nth(1).get_attribute("title") == "workers' congress · zhí dài huì · short for 职工代表大会"
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("aside.news-box h2").inner_text().startswith("Words in the news")
    assert "两金一卡" in page.locator("aside.news-box").inner_text()
    # the box stands beside the story on a wide screen
    story_box = page.locator("section.story").bounding_box()
    news_box = page.locator("aside.news-box").bounding_box()
    assert news_box["x"] > story_box["x"] + story_box["width"] - 1
    page.screenshot(path=str(tmp_path / "annotate.png"), full_page=True)

    page.click("header.site nav >> text=Check a draft")
    page.wait_for_url(re.compile(r"/check$"))
    page.fill("textarea#zh", STORY)
    page.fill("textarea#en", DRAFT)
    page.click("form.editing button[type=submit]")
    page.wait_for_selector("table.findings")
    assert page.locator("table.findings tbody tr").count() == 2
    rows = page.locator("table.side-by-side tbody tr")
    assert rows.count() == 2
    zh_cell, en_cell = rows.nth(1).locator("td").all()
    zh_box, en_box = zh_cell.bounding_box(), en_cell.bounding_box()
    assert abs(zh_box["y"] - en_box["y"]) < 2 and en_box["x"] > zh_box["x"]  # paragraph-aligned columns
    deprecated = en_cell.locator("mark.en.deprecated")
    assert deprecated.inner_text() == "labour union"
    assert "use “trade union”" in deprecated.get_attribute("title")
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)
    assert (tmp_path / "check.png").stat().st_size > 10_000
