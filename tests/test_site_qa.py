"""What a new user's walk through the site found (round 8), each with the behaviour that fixes it: an over-long
search in the address, a source URL with a `<`, the favicon, datelines in the draft checker, and the wording of
a stale restore."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest

from glossary.store import config

LONG_QUERY = "职工代表大会" * 75  # 450 characters: over the search's 200, and ~4 KB percent-encoded


# --- 1. a very long query in the address -----------------------------------------------------------------------

def test_a_long_query_gets_the_sites_own_message_on_the_page_and_in_the_api(client):
    page = client.get("/search?q=" + quote(LONG_QUERY))
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "query too long (450 characters; at most 200)" in text
    assert "<title>query too long (450 characters; at most 200) ·" in text  # not 200 characters of the query as the tab's title
    api = client.get("/api/search?q=" + quote(LONG_QUERY))
    assert api.status_code == 400
    assert api.get_json()["error"]["message"] == "query too long (450 characters; at most 200)"


def test_serve_runs_gunicorn_with_the_sites_worker_and_the_longest_request_line(runner, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "execvp", lambda file, argv: calls.append(argv))
    assert runner.invoke(["serve", "--port", "5999"]).exit_code == 0
    argv = calls[0]
    assert argv[argv.index("--limit-request-line") + 1] == "8190"  # gunicorn's maximum (default 4094)
    assert argv[argv.index("--worker-class") + 1] == "web.serving.SiteWorker"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_site(db_path):
    """The site under gunicorn exactly as `glossary serve` starts it, on a free port; yields the port."""
    from glossary.cli.site import gunicorn_command

    port = _free_port()
    env = dict(os.environ, GLOSSARY_DB=str(db_path), GLOSSARY_READ_ONLY="",
               PYTHONPATH=str(config.PROJECT_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    server = subprocess.Popen(gunicorn_command("127.0.0.1", port, 1), cwd=config.PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):  # up to 30 s on a busy machine
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get(port: int, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def test_under_gunicorn_every_long_address_gets_the_sites_message(gunicorn_site):
    # ~4 KB: beyond gunicorn's default limit, now the app's own page and JSON
    status, body = _get(gunicorn_site, "/search?q=" + quote(LONG_QUERY))
    assert status == 400 and "query too long (450 characters; at most 200)" in body
    status, body = _get(gunicorn_site, "/api/search?q=" + quote(LONG_QUERY))
    assert status == 400 and '"query too long (450 characters; at most 200)"' in body
    status, body = _get(gunicorn_site, "/search?q=" + quote(LONG_QUERY * 2))  # 900 characters: ~8 KB, still read
    assert status == 400 and "query too long (900 characters; at most 200)" in body
    # longer than any request line gunicorn reads (12 KB, 40 KB): the site's page, not gunicorn's bare 414
    for repeat in (3, 10):
        for path in ("/search", "/api/search"):
            status, body = _get(gunicorn_site, f"{path}?q=" + quote(LONG_QUERY * repeat))
            assert status == 414
            assert "Address too long" in body and "A search takes at most 200 characters" in body
            assert "Request Line is too large" not in body
    assert _get(gunicorn_site, "/api/search?q=zdh")[0] == 200  # the worker still serves ordinary requests


# --- 2. a source URL with a `<` ------------------------------------------------------------------------------

@pytest.fixture
def editor(client, db_path, fast_hashing):
    from tests.curation_support import add_accounts, login

    add_accounts(db_path)
    login(client, "eddie")
    return client


def test_a_source_url_with_an_angle_bracket_is_refused_saying_what_is_wrong(editor, db):
    from tests.curation_support import csrf_token

    url = "https://www.acftu.org/news<2024>.html"
    response = editor.post("/curate/sources", data={
        "csrf_token": csrf_token(editor, "/curate/sources"), "id": "acftu-news", "title": "ACFTU news",
        "publisher": "", "url": url, "authority": "union"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # not "must be an http:// or https:// address": it is one; the < is what is wrong, and where
    assert "the URL contains &#39;&lt;&#39; (at character 27)" in page and "%3C" in page
    assert "must start with http" not in page
    assert url.replace("<", "&lt;").replace(">", "&gt;") in page  # the form keeps what was typed
    assert db.execute("SELECT count(*) FROM sources WHERE id = 'acftu-news'").fetchone()[0] == 0
    # the edit form says the same
    response = editor.post("/curate/sources/house", data={
        "csrf_token": csrf_token(editor, "/curate/sources/house"), "title": "House", "publisher": "",
        "url": "https://example.org/a b", "authority": "house"})
    assert response.status_code == 400
    assert "the URL contains a space (at character 22)" in response.get_data(as_text=True)


@pytest.mark.parametrize("url, problem", [
    ("https://example.org/x<y", "contains '<' (at character 22)"),
    ("javascript:alert(1)", "must start with http:// or https://"),
    ("http://", "has no host name"),
    ("https://example.org/ok", None),
])
def test_what_is_wrong_with_a_url_in_words(url, problem):
    from glossary.store.urls import url_problem

    if problem is None:
        assert url_problem(url) is None
    else:
        assert problem in url_problem(url)


# --- 3. the favicon ------------------------------------------------------------------------------------------

def test_the_site_has_a_favicon_linked_from_every_page(client, db_path, fast_hashing):
    from html.parser import HTMLParser

    from tests.curation_support import add_accounts, login

    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert icon.cache_control.max_age == 86400  # not fetched again on every page

    class Icons(HTMLParser):
        def __init__(self):
            super().__init__()
            self.icons = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "link" and attrs.get("rel") == "icon":
                self.icons.append(attrs["href"])

    add_accounts(db_path)
    login(client, "eddie")
    for url in ("/", "/search?q=zdh&all=1", "/term/workers-congress", "/no-such-page", "/curate/sources", "/check"):
        parser = Icons()
        parser.feed(client.get(url).get_data(as_text=True))
        assert "/favicon.ico" in parser.icons, url
        svg = [href for href in parser.icons if href.endswith(".svg")]
        assert svg, url
        response = client.get(svg[0])
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data and b"<script" not in response.data


# --- 4. the draft checker and a story's datelines, source lines and bylines ---------------------------------

STORY_ZH = ("郑州市总工会召开职代会\n"
            "2024年05月01日 来源：新华社\n"
            "【2024-05-01】\n"
            "\n"
            "郑州市总工会召开职代会，审议女职工保护办法。\n"
            "工会建立帮扶困难职工长效机制！\n")
STORY_EN = ("Zhengzhou unions hold a workers' congress\n"
            "By Wang Ming | China Daily\n"
            "\n"
            "The Zhengzhou Federation of Trade Unions held a workers' congress on rules for women workers.\n"
            "The trade union set up a long-term mechanism to help needy workers.\n")


def _plain(markup) -> str | None:
    import html
    import re

    return None if markup is None else html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def _with_xinhua(db):
    from glossary.store.concepts import insert_concept

    with db.conn:
        insert_concept(db, {"id": "xinhua", "kind": "organisation", "zh": [{"term": "新华社"}],
                            "en": [{"term": "Xinhua News Agency", "status": "preferred", "sources": ["house"]}]})


def test_metadata_lines_pair_only_with_each_other_and_the_story_stays_in_step(db):
    from glossary.editing.check import check
    from glossary.editing.check_output import aligned_paragraphs

    rows = [(_plain(r.zh), _plain(r.en), r.metadata) for r in aligned_paragraphs(check(db, STORY_ZH, STORY_EN))]
    assert rows == [
        ("郑州市总工会召开职代会", "Zhengzhou unions hold a workers' congress", False),
        ("2024年05月01日 来源：新华社", "By Wang Ming | China Daily", True),
        ("【2024-05-01】", None, True),
        ("郑州市总工会召开职代会，审议女职工保护办法。",
         "The Zhengzhou Federation of Trade Unions held a workers' congress on rules for women workers.", False),
        ("工会建立帮扶困难职工长效机制！", "The trade union set up a long-term mechanism to help needy workers.", False),
    ]


def test_a_term_only_in_a_source_line_asks_for_no_rendering(db, runner, tmp_path):
    from glossary.editing.check import check

    _with_xinhua(db)
    assert [f.zh for f in check(db, STORY_ZH, STORY_EN).findings if f.type == "missing"] == []
    # in the story itself it is still missing from the draft
    in_text = STORY_ZH.replace("审议", "新华社报道，审议")
    assert [f.zh for f in check(db, in_text, STORY_EN).findings if f.type == "missing"] == ["新华社"]
    # and so on the command line
    (tmp_path / "zh.txt").write_text(STORY_ZH, "utf-8")
    (tmp_path / "en.txt").write_text(STORY_EN, "utf-8")
    result = runner.invoke(["check", "--zh", str(tmp_path / "zh.txt"), "--en", str(tmp_path / "en.txt"), "--json"])
    assert [f for f in __import__("json").loads(result.output) if f["type"] == "missing"] == []


def test_the_check_page_shades_metadata_rows(client):
    from tests.test_editing_web import post

    page = post(client, "/check", zh=STORY_ZH, en=STORY_EN).get_data(as_text=True)
    table = page.split('class="side-by-side"')[1].split("</table>")[0]
    assert table.count('<tr class="metadata"') == 2
    assert table.index("By Wang Ming") < table.index("to help needy workers")


@pytest.mark.parametrize("line", [
    "2024年05月01日 来源：新华社", "【2024-05-01】", "本报记者 王明", "来源： 工人日报", "2013年10月18日 星期五",
    "2024-05-01 10:14:30 来源：中工网 作者：王明", "新华社北京5月1日电", "發布時間：2024-05-01",
    "By Wang Ming | China Daily", "Updated: 2024-05-01 10:14", "China Daily | Updated: 2024-05-01 10:14",
    "By WANG MING in Zhengzhou", "Monday, May 1, 2024", "(Xinhua)", "Source: Xinhua",
])
def test_metadata_lines(line):
    from glossary.lang.story_lines import is_metadata_line

    assert is_metadata_line(line)


@pytest.mark.parametrize("line", [
    "郑州市总工会推进工资集体协商", "2024年5月1日，郑州市总工会召开职工代表大会。", "全国总工会表示，将继续开展劳动竞赛。",
    "郑州 新闻", "新华社", "Zhengzhou union pushes collective wage bargaining", "by the union and the workers",
    "On May 1, 2024, the union met.", "Workers Celebrate May Day", "China Daily", "Source of the law: the NPC.",
])
def test_story_lines_that_are_not_metadata(line):
    from glossary.lang.story_lines import is_metadata_line

    assert not is_metadata_line(line)
