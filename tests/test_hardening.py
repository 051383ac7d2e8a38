"""What a hostile probe of the site and the importer found (issue 19), each with the behaviour that fixes it:
links only to web addresses, redirects only within the site, revocable sessions, headers, huge ids, login
throttling, validated terms and readings, mining that says what it dropped, and the API as documented."""
from __future__ import annotations

import re

import pytest

from glossary.store import curated, urls
from glossary.curation import sources, users
from glossary.store.schema import GlossaryError
from glossary.interchange.formats import import_file
from tests.curation_support import PASSWORD, add_accounts, csrf_token, login

HOSTILE_URLS = ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "java\tscript:alert(1)", "//evil.example/", "http://"]


@pytest.fixture
def accounts(db_path, fast_hashing):
    add_accounts(db_path)


def hostile_tbx(tmp_path, url: str, key: str = "evil-source"):
    """A TBX v3 file whose back matter describes a source with `url`, cited by a new concept's rendering."""
    from xml.sax.saxutils import escape
    path = tmp_path / "hostile.tbx"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>Hostile</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="h1">
      <langSec xml:lang="zh"><termSec><term>劳动竞赛新词</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>new labour emulation</term>
        <admin type="source" target="src1">Evil source</admin></termSec></langSec>
    </conceptEntry>
  </body>
  <back><refObjectSec type="sources"><refObject id="src1">
    <item type="key">{key}</item><item type="title">Evil source</item><item type="url">{escape(url)}</item>
    <item type="authority">reference</item>
  </refObject></refObjectSec></back></text>
</tbx>""", encoding="utf-8")
    return path


# --- 1. links only to web addresses -----------------------------------------------------------------------

@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_web_addresses_count_as_urls(url):
    assert not urls.is_web_url(url)
    with pytest.raises(GlossaryError, match="http:// or https://"):
        curated.check_source("a-source", {"title": "A", "authority": "media", "url": url})


def test_web_addresses_are_urls():
    assert urls.is_web_url("https://www.acftu.org/xw/202501/t1.html")
    assert urls.is_web_url("HTTP://example.org/path?q=工会")


@pytest.mark.parametrize("url", HOSTILE_URLS[:4])
def test_an_imported_source_keeps_no_script_url(db, tmp_path, url):
    report = import_file(db, hostile_tbx(tmp_path, url))
    stored = db.execute("SELECT title, url FROM sources WHERE id = 'evil-source'").fetchone()
    assert stored == ("Evil source", None)  # the source is kept, its non-web URL is not
    assert any("not an http:// or https:// address" in w for w in report.warnings)


def test_an_imported_web_url_is_kept(db, tmp_path):
    import_file(db, hostile_tbx(tmp_path, "https://example.org/a"))
    assert db.execute("SELECT url FROM sources WHERE id = 'evil-source'").fetchone()[0] == "https://example.org/a"


def test_an_editor_cannot_save_a_script_url(db):
    with pytest.raises(GlossaryError, match="http:// or https://"):
        sources.save_source(db, "evil", {"title": "Evil", "authority": "media", "url": "javascript:alert(1)"},
                             "eddie", new=True)


def test_import_on_the_site_links_no_script_url(client, accounts, tmp_path):
    login(client, "eddie")
    token = csrf_token(client, "/download/import")
    path = hostile_tbx(tmp_path, " JaVaScRiPt:alert(1)")
    with path.open("rb") as fh:
        response = client.post("/download/import", data={"csrf_token": token, "apply": "1",
                                                         "file": (fh, "hostile.tbx")})
    assert response.status_code == 200
    page = client.get("/curate/sources").get_data(as_text=True)
    assert "Evil source" in page
    assert not re.search(r'href="\s*(javascript|data|vbscript):', page, re.IGNORECASE)


def test_a_script_url_already_stored_is_never_a_link(client, db):
    # an older database may hold one: the templates link web addresses only
    db.execute("UPDATE sources SET url = 'javascript:alert(1)'")
    db.conn.commit()
    slug = db.execute("""SELECT c.slug FROM concepts c JOIN terms t ON t.concept_id = c.id
                         JOIN term_sources ts ON ts.term_id = t.id LIMIT 1""").fetchone()[0]
    for path in ("/curate/sources", f"/term/{slug}"):
        page = client.get(path).get_data(as_text=True)
        assert "javascript:" not in re.sub(r"\(not a web address: [^)]*\)", "", page)
        assert 'href="javascript' not in page


# --- 2. redirects after login stay on the site -----------------------------------------------------------

@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/x", "/\r\nSet-Cookie: a=b", "//evil.example/",
                                    "/\\evil.example", "https://evil.example/", "/ /evil.example", "/\x0b/evil"])
def test_login_never_redirects_off_the_site(client, accounts, target):
    token = csrf_token(client)
    response = client.post("/login", data={"name": "eddie", "password": PASSWORD, "csrf_token": token,
                                           "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/curate/"


def test_login_from_the_query_string_redirects_safely(client, accounts):
    # the login form carries ?next= from the address; a percent-encoded tab arrives as a real one
    page = client.get("/login?next=/%09/evil.example/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    nxt = re.search(r'name="next" value="([^"]*)"', page)
    response = client.post("/login", data={"name": "eddie", "password": PASSWORD, "csrf_token": token,
                                           "next": nxt.group(1) if nxt else ""})
    assert response.headers["Location"] == "/curate/"


def test_login_keeps_a_path_on_the_site(client, accounts):
    token = csrf_token(client)
    response = client.post("/login", data={"name": "eddie", "password": PASSWORD, "csrf_token": token,
                                           "next": "/curate/concepts/trade-union/edit?x=1"})
    assert response.headers["Location"] == "/curate/concepts/trade-union/edit?x=1"


# --- 7. cookie and headers --------------------------------------------------------------------------------

def test_the_session_cookie_is_samesite_and_httponly(client, accounts):
    response = login(client, "eddie")
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("path", ["/", "/login", "/api/search?q=工会", "/term/nothing-here", "/static/site.css"])
def test_every_response_forbids_framing_and_foreign_scripts(client, path):
    response = client.get(path)
    headers = response.headers
    response.close()
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


# --- 6. ids beyond 64 bits are not found, not a server error ----------------------------------------------

HUGE = ["9223372036854775808", "99999999999999999999999", "-9223372036854775809"]


def test_huge_ids_are_404_on_the_reader_pages(client):
    for huge in HUGE:
        for path in (f"/term/{huge}", f"/term/{huge}/card", f"/api/terms/{huge}", f"/api/terms/{huge}/examples",
                     f"/curate/concepts/{huge}/history"):
            assert client.get(path).status_code == 404, path


def test_huge_ids_and_numbers_never_break_an_editor_route(client, app, accounts):
    login(client, "ada")
    token = csrf_token(client, "/curate/changes")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.arguments or "any(" in rule.rule:
            continue
        for huge in HUGE:
            path = re.sub(r"<[^>]+>", huge, rule.rule)
            query = f"?page={huge}&version={huge}"
            form = {"csrf_token": token, "version": huge, "target": huge, "concept": huge, "side": "after"}
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(path + query, method=method, data=form if method == "POST" else None)
                assert response.status_code < 500, (method, path)
                assert response.status_code in (302, 400, 404, 405, 409), (method, path, response.status_code)


def test_huge_page_numbers_never_break_a_listing(client, accounts):
    login(client, "eddie")
    for path in ("/curate/", "/curate/changes", "/browse/kind/organisation", "/search?q=工会"):
        assert client.get(f"{path}{'&' if '?' in path else '?'}page={HUGE[1]}").status_code < 500, path


# --- 3. sessions end on logout, a new password, a new role, and after a working day -----------------------

def _can_edit(client) -> bool:
    """Whether the client's session may open an edit form (a reader is sent to the login page)."""
    return client.get("/curate/concepts/trade-union/edit").status_code == 200


def _steal_session(client, app):
    """A second client with a copy of the first one's session cookie (what a thief would hold)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_logout_ends_a_copied_session(client, app, accounts, db):
    login(client, "eddie")
    thief = _steal_session(client, app)
    assert _can_edit(thief)
    token = csrf_token(thief, "/curate/concepts/trade-union/edit")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/curate/changes")})
    assert not _can_edit(thief)
    before = db.execute("SELECT count(*) FROM journal").fetchone()[0]
    response = thief.post("/curate/concepts/trade-union/edit", data={"csrf_token": token, "version": "1",
                                                                     "definition": "stolen"})
    assert response.status_code in (400, 401)  # refused: CSRF token of an ended session, or not logged in
    assert db.execute("SELECT count(*) FROM journal").fetchone()[0] == before


def test_a_new_password_or_role_ends_the_old_sessions(client, app, accounts, db):
    login(client, "eddie")
    users.set_password(db, "eddie", "a brand new password")  # an admin's reset (here from the command line)
    assert not _can_edit(client)
    login(client, "eddie", "a brand new password")
    assert _can_edit(client)
    users.set_role(db, "eddie", "admin")
    assert not _can_edit(client)


def test_an_admin_changing_their_own_password_stays_logged_in(client, accounts):
    login(client, "ada")
    thief = _steal_session(client, client.application)
    token = csrf_token(client, "/users")
    response = client.post("/users", data={"csrf_token": token, "action": "password", "name": "ada",
                                           "password": "ada's new password", "confirm": "ada's new password"})
    assert response.status_code == 302
    assert _can_edit(client) and not _can_edit(thief)


def test_a_session_lasts_a_working_day(client, accounts, monkeypatch):
    import time as time_module

    from web import sessions
    login(client, "eddie")
    cookie = next(v for v in client.post("/login", data={"name": "eddie", "password": PASSWORD,
                                                          "csrf_token": csrf_token(client)}).headers.getlist("Set-Cookie")
                  if v.startswith("session="))
    assert "Expires=" in cookie  # not a 31-day cookie: it expires with the session
    assert _can_edit(client)
    now = time_module.time()
    monkeypatch.setattr(sessions.time, "time", lambda: now + sessions.LIFETIME.total_seconds() + 60)
    assert not _can_edit(client)


# --- 5. guessing is throttled per client; nobody can lock an editor out -----------------------------------

def _login_from(app, address: str, name: str, password: str):
    client = app.test_client()
    token = csrf_token(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_failed_logins_are_throttled_per_client_not_per_account(app, accounts):
    from web import throttle
    allowed = int(throttle.PER_CLIENT_AND_ACCOUNT.split()[0])
    statuses = [_login_from(app, "203.0.113.9", "eddie", "wrong password!").status_code for _ in range(allowed + 1)]
    assert statuses == [401] * allowed + [429]
    refused = _login_from(app, "203.0.113.9", "eddie", PASSWORD)  # that client waits, even with the password
    assert refused.status_code == 429 and "wait a minute" in refused.get_data(as_text=True)
    assert "Retry-After" in refused.headers
    # the editor, from their own machine, is not locked out
    assert _login_from(app, "198.51.100.7", "eddie", PASSWORD).status_code == 302


def test_one_client_guessing_many_accounts_is_throttled(app, accounts):
    from web import throttle
    allowed = int(throttle.PER_CLIENT.split()[0])
    statuses = [_login_from(app, "203.0.113.10", f"user{i}", "wrong password!").status_code for i in range(allowed + 1)]
    assert statuses[:allowed] == [401] * allowed and statuses[-1] == 429


def test_successful_logins_are_not_throttled(app, accounts):
    from web import throttle
    allowed = int(throttle.PER_CLIENT_AND_ACCOUNT.split()[0])
    for _ in range(allowed + 2):
        assert _login_from(app, "192.0.2.1", "eddie", PASSWORD).status_code == 302


# --- 9. Chinese terms and readings are checked on every way in --------------------------------------------

BAD_TERMS = ["<img src=x onerror=alert(1)>工会", "工会<b>", "工会 onclick", "アルバイト工会", "工會\u202e", "trade union"]


@pytest.mark.parametrize("text", BAD_TERMS)
def test_markup_or_another_script_is_not_a_chinese_term(text):
    from glossary.store import termcheck
    assert termcheck.chinese_term_problem(text)


@pytest.mark.parametrize("text", ["工会", "世界500强", "停工、怠工", "中国梦·劳动美", "12351职工维权热线", "A股"])
def test_chinese_terms_as_the_glossary_writes_them(text):
    from glossary.store import termcheck
    assert termcheck.chinese_term_problem(text) is None


@pytest.mark.parametrize("reading, ok", [("gōng huì", True), ("gong1 hui4", True), ("gong hui", True),
                                         ("<script>alert(1)</script>", False), ("alert hui", False),
                                         ("gōng", False), ("gōng huì huì", False), ("gong <b>", False)])
def test_a_reading_is_pinyin_one_syllable_per_character(reading, ok):
    from glossary.store import termcheck
    assert (termcheck.reading_problem("工会", reading) is None) == ok


def test_the_readings_of_numbers_in_a_term_stand_for_themselves():
    from glossary.lang import pinyin
    from glossary.store import termcheck
    term = "12351职工维权热线"
    assert termcheck.reading_problem(term, pinyin.reading(term).marks) is None


def _tbx_with(tmp_path, zh: str, reading: str | None = None, reviewed: bool = True):
    from xml.sax.saxutils import escape
    note = ""
    if reading is not None:
        lang = "zh-Latn-pinyin-x-reviewed" if reviewed else "zh-Latn-pinyin"
        note = f'<note xml:lang="{lang}">{escape(reading)}</note>'
    path = tmp_path / "terms.tbx"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>Careless</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="zh"><termSec><term>{escape(zh)}</term>{note}</termSec></langSec>
      <langSec xml:lang="en"><termSec><term>careless term</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="zh"><termSec><term>劳动竞赛新词</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>good term</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>""", encoding="utf-8")
    return path


def test_an_import_holds_an_entry_whose_chinese_term_is_markup(db, tmp_path):
    report = import_file(db, _tbx_with(tmp_path, "<img src=x onerror=alert(1)>工会"))
    assert db.execute("SELECT count(*) FROM terms WHERE term LIKE '%<img%'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM terms WHERE term = 'good term'").fetchone()[0] == 1  # the rest goes in
    held = db.execute("SELECT reason, original FROM import_held").fetchall()
    assert len(held) == 1 and "not a Chinese term" in held[0][0] and "onerror" in held[0][1]  # kept, not lost
    assert any("not a Chinese term" in h for h in report.held)


def test_an_import_refuses_a_reading_that_is_not_pinyin(db, tmp_path):
    report = import_file(db, _tbx_with(tmp_path, "劳动新星", "<script>alert(1)</script>"))
    pinyin, reviewed = db.execute("SELECT pinyin, pinyin_reviewed FROM terms WHERE term = '劳动新星'").fetchone()
    assert pinyin == "láo dòng xīn xīng" and reviewed == 0
    assert any("reading refused" in w and "劳动新星" in w for w in report.warnings)


def test_a_curated_file_with_markup_in_a_term_does_not_build():
    concept = {"id": "bad", "kind": "organisation", "zh": [{"term": "<b>工会</b>"}],
               "en": [{"term": "union", "status": "preferred", "sources": ["house"]}]}
    with pytest.raises(GlossaryError, match="written in Chinese characters"):
        curated.validate_concepts([concept], {"house": {}})
    concept["zh"] = [{"term": "工会", "pinyin": "<script>x</script>"}]
    with pytest.raises(GlossaryError, match="syllable"):
        curated.validate_concepts([concept], {"house": {}})


def test_the_library_refuses_markup_whatever_the_caller(db):
    from glossary.store import concepts as store
    with pytest.raises(GlossaryError, match="written in Chinese characters"):
        store.insert_concept(db, {"id": "bad", "kind": "organisation", "zh": [{"term": "工会<script>"}], "en": []})


def test_an_editor_cannot_save_markup_or_a_bad_reading(client, accounts, db):
    from tests.curation_support import as_multidict, form_fields, set_field
    login(client, "eddie")
    html = client.get("/curate/concepts/trade-union/edit").get_data(as_text=True)
    fields = form_fields(html, "/curate/concepts/trade-union/edit")
    before = db.execute("SELECT count(*) FROM journal").fetchone()[0]
    for changes, message in (({"zh-0-term": "<img src=x onerror=alert(1)>工会"}, "written in Chinese characters"),
                             ({"zh-0-pinyin": "alert(1) huì", "zh-0-reviewed": "1"}, "not a pinyin syllable")):
        changed = fields
        for name, value in changes.items():
            changed = set_field(changed, name, value)
        response = client.post("/curate/concepts/trade-union/edit", data=as_multidict(changed))
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.execute("SELECT count(*) FROM journal").fetchone()[0] == before


# --- 10. mining: furniture is a short line, and what cleaning drops is said --------------------------------

def test_a_file_without_line_breaks_is_mined_whole(tmp_path):
    from glossary.mining.inputs import read_document
    # every 5,000-character piece holds 用户名…登录, the login-bar rule: only a short line can be a login bar
    sentence = "会员可凭用户名和密码登录服务平台，工会开展工资集体协商，推动职工代表大会制度落实。"
    path = tmp_path / "one-line.txt"
    path.write_text(sentence * 8_000, "utf-8")
    doc = read_document(path)
    assert doc.chars >= 0.99 * len(sentence) * 8_000
    assert any("were cut" in note for note in doc.notes)


def test_a_long_paragraph_starting_like_a_byline_is_article_text():
    from glossary.lang.text import clean_paragraphs
    paragraph = "本报记者 王明 报道：" + "郑州市总工会推动工资集体协商全覆盖，职工收入稳步增长。" * 5
    assert [p.text for p in clean_paragraphs(paragraph)] == [paragraph]
    assert clean_paragraphs("本报记者 王明") == []  # a byline on its own line is furniture


def test_mining_says_what_cleaning_left_out(tmp_path):
    from glossary.mining.inputs import read_document
    article = "郑州市总工会推动工资集体协商全覆盖，职工收入稳步增长。\n"
    path = tmp_path / "page.txt"
    path.write_text(article + "相关新闻\n" + "全国总工会部署职工代表大会工作，推进厂务公开。\n" * 200, "utf-8")
    doc = read_document(path)
    note = next(n for n in doc.notes if "left out" in n)
    assert "相关新闻" in note and "characters" in note


def test_a_file_of_nothing_but_furniture_says_what_it_was(tmp_path):
    from glossary.mining.inputs import read_document
    from glossary.lang.text import TextError
    path = tmp_path / "bar.txt"
    path.write_text("用户名 密码 登录 注册\n来源：新华社\n", "utf-8")
    with pytest.raises(TextError, match="furniture line"):
        read_document(path)


# --- 11. the API as its description says (schemathesis runs in tests/test_api_schema.py) --------------------

def test_a_wrong_method_says_which_are_allowed(client):
    response = client.post("/api/search?q=工会")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["status"] == 405


@pytest.mark.parametrize("query", ["/api/terms/trade-union/examples?per_page=10&per_page=100",
                                   "/api/terms/trade-union/examples?context=2",
                                   "/api/terms/trade-union/examples?context=yes",
                                   "/api/terms/trade-union/examples?page=1000001",
                                   "/api/search?q=工会&q=职工",
                                   "/api/search?q=",
                                   "/api/search?q=%20%20"])
def test_ambiguous_or_out_of_range_parameters_are_400(client, query):
    response = client.get(query)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_the_description_states_the_limits_the_api_enforces():
    from web.api import MAX_PAGE, OPENAPI
    search = {p["name"]: p for p in OPENAPI["paths"]["/api/search"]["get"]["parameters"]}
    assert search["q"]["schema"]["minLength"] == 1
    examples = {p["name"]: p for p in OPENAPI["paths"]["/api/terms/{key}/examples"]["get"]["parameters"]}
    assert examples["page"]["schema"]["maximum"] == MAX_PAGE
    assert examples["context"]["schema"]["enum"] == ["0", "1"]
    for path in OPENAPI["paths"].values():
        if "parameters" in path["get"]:
            assert "414" in path["get"]["responses"] and "400" in path["get"]["responses"]


# --- 4. a large import runs outside the request ------------------------------------------------------------

def test_a_large_import_runs_outside_the_request(app, client, accounts, tmp_path, db):
    from web import imports
    app.config.update(IMPORT_BACKGROUND_BYTES=100, IMPORT_JOBS_DIR=str(tmp_path / "jobs"))
    login(client, "eddie")
    token = csrf_token(client, "/download/import")
    path = _tbx_with(tmp_path, "劳动新星")
    with path.open("rb") as fh:
        response = client.post("/download/import", data={"csrf_token": token, "apply": "1", "file": (fh, "big.tbx")})
    assert response.status_code == 303  # answered at once: the import goes on in a thread
    job_page = response.headers["Location"]
    job = job_page.rsplit("/", 1)[-1]
    imports.wait(job)
    page = client.get(job_page).get_data(as_text=True)
    assert "Imported" in page and "big.tbx" in page and "added: 2 concepts" in page
    assert db.execute("SELECT count(*) FROM terms WHERE term = '劳动新星'").fetchone()[0] == 1
    assert not (tmp_path / "jobs" / job / "big.tbx").exists()  # the upload is not kept


def test_a_failed_background_import_says_why_and_writes_nothing(app, client, accounts, tmp_path, db):
    from web import imports
    app.config.update(IMPORT_BACKGROUND_BYTES=100, IMPORT_JOBS_DIR=str(tmp_path / "jobs"))
    login(client, "eddie")
    token = csrf_token(client, "/download/import")
    before = db.execute("SELECT count(*) FROM terms").fetchone()[0]
    response = client.post("/download/import", data={"csrf_token": token, "apply": "1",
                                                      "file": (__import__("io").BytesIO(b"<tbx><unclosed>" * 20), "bad.tbx")})
    job = response.headers["Location"].rsplit("/", 1)[-1]
    imports.wait(job)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not imported" in page and "not well-formed" in page
    assert db.execute("SELECT count(*) FROM terms").fetchone()[0] == before


def test_import_jobs_are_for_editors_and_ids_are_checked(client, accounts):
    assert client.get("/download/import/0123456789abcdef").status_code == 302  # to the login page
    login(client, "eddie")
    assert client.get("/download/import/0123456789abcdef").status_code == 404
    assert client.get("/download/import/..%2F..%2Fetc").status_code == 404
