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
