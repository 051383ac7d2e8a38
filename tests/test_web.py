"""The lookup site with Flask's test client: every page and API route, escaping, and bad input as clear 4xx."""
from __future__ import annotations

import re

import pytest
from flask import Blueprint, url_for

from glossary.store import concepts as store
from glossary.store.corpus import link_examples


def text_of(response) -> str:
    return response.get_data(as_text=True)


# --- pages ----------------------------------------------------------------------------------------------

def test_home_has_search_box_browse_and_lang(client):
    page = text_of(client.get("/"))
    assert '<html lang="en">' in page
    assert 'name="q"' in page and 'action="/search"' in page
    assert 'href="/browse/kind/mechanism"' in page
    assert '<span lang="zh-Hans">工会术语</span>' in page
    assert 'name="viewport"' in page


@pytest.mark.parametrize("query", ["职代会", "職代會", "zhidaihui", "zdh", "workers congress", "workers' congress"])
def test_search_finds_the_workers_congress_every_way(client, query):
    response = client.get("/search", query_string={"q": query})
    if response.status_code == 302:  # one exact hit: straight to its entry
        assert response.headers["Location"] == "/term/workers-congress"
        return
    page = text_of(response)
    first = re.search(r'<a class="headword" href="([^"]+)"', page)
    assert first and first.group(1) == "/term/workers-congress"


@pytest.mark.parametrize("fragment, expected", [("工", "郑州市总工会"), ("工会", "工会"), ("代表", "职工代表大会"),
                                                ("机制", "长效机制")])
def test_one_and_two_character_fragments(client, fragment, expected):
    page = text_of(client.get("/search", query_string={"q": fragment, "all": "1"}))
    assert f'<span lang="zh-Hans">{expected}</span>' in page


def test_search_miss_suggests(client):
    response = client.get("/search", query_string={"q": "职大会"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Not found" in page and "职工代表大会" in page


def test_empty_search_goes_home(client):
    assert client.get("/search?q=").status_code == 302


def test_term_page_shows_everything(client):
    page = text_of(client.get("/term/workers-congress"))
    assert '<span lang="zh-Hans" class="zh">职工代表大会</span>' in page
    assert '<span lang="zh-Hant" class="hant">職工代表大會</span>' in page
    assert '<p class="pinyin" lang="zh-Latn-pinyin">zhí gōng dài biǎo dà huì</p>' in page
    assert "workers&#39; congress" in page
    assert "congress of workers and staff" in page  # admitted
    assert "<del>workers&#39; representative conference</del>" in page  # deprecated
    assert "Trade Union Law (2021), English text" in page and 'class="badge law"' in page
    assert "house proposal" in page
    assert "The body of elected employee representatives" in page
    assert "职工代表大会是企业实行民主管理的基本形式。" in page  # 知识点
    assert '<span lang="zh-Hans">职代会</span> is short for' in page
    assert 'href="/term/trade-union"' in page  # related
    # examples: the term highlighted, the document and its date, counts per document, context on demand
    assert "<mark>职代会</mark>" in page and "<mark>职工代表大会</mark>" in page
    assert "测试文章" in page and "2013-10-18" in page
    assert re.search(r"<td>2013-10-18</td><td>2</td>", page)
    assert '<details class="context">' in page and "女职工保护办法" in page


def test_house_proposal_is_marked_on_the_preferred_rendering(client):
    page = text_of(client.get("/term/zhengzhou-ftu"))
    preferred = page.split('<p class="preferred">')[1].split("</p>")[0]
    assert "Zhengzhou Federation of Trade Unions" in preferred and "house proposal" in preferred
    law = text_of(client.get("/term/trade-union")).split('<p class="preferred">')[1].split("</p>")[0]
    assert "house proposal" not in law


def cite_instead(db, slug: str, source: dict, rendering_sql: str, *params) -> None:
    """Make the renderings of a concept that rendering_sql picks (…AND <rendering_sql>) cite a new source only."""
    with db.conn:
        db["sources"].insert(source)
        db.execute(f"UPDATE term_sources SET source_id = ? WHERE term_id IN (SELECT id FROM terms WHERE "
                   f"concept_id = ? AND lang = 'en' AND {rendering_sql})",
                   [source["id"], store.concept_id_for(db, slug), *params])


def test_a_rendering_only_reference_works_give_says_no_authority(db, client):
    # a dictionary or a wiki is cited, but is no authority: the page and the API say so, as for a house proposal
    cite_instead(db, "zhengzhou-ftu", {"id": "a-wiki", "title": "A wiki", "authority": "reference"}, "status = 'preferred'")
    preferred = text_of(client.get("/term/zhengzhou-ftu")).split('<p class="preferred">')[1].split("</p>")[0]
    assert "no authority" in preferred and "house proposal" not in preferred
    entry = client.get("/api/terms/zhengzhou-ftu").get_json()
    assert entry["en_no_authority"] is True and entry["en_house_proposal"] is False
    law = client.get("/api/terms/trade-union").get_json()
    assert law["en_no_authority"] is False


def test_conflicting_sources_are_shown(db, client):
    cite_instead(db, "workers-congress", {"id": "daily", "title": "China Daily", "authority": "media"}, "term = ?",
                 "congress of workers and staff")
    page = text_of(client.get("/term/workers-congress"))
    assert "Sources disagree" in page
    box = page.split('class="conflict"')[1].split("</div>")[0]
    assert "China Daily" in box and "Trade Union Law" in box


def test_examples_are_paginated_and_filtered_by_document(client, monkeypatch):
    from web import pages

    monkeypatch.setattr(pages, "EXAMPLES_PER_PAGE", 1)
    first = text_of(client.get("/term/workers-congress"))
    second = text_of(client.get("/term/workers-congress?page=2"))
    assert "page 1 of 2" in first and 'rel="next"' in first
    assert "page 2 of 2" in second and 'rel="prev"' in second
    assert first.split('<ol class="examples"')[1] != second.split('<ol class="examples"')[1]
    assert client.get("/term/workers-congress?page=3").status_code == 404
    assert "page 1 of 2" in text_of(client.get("/term/workers-congress?doc=doc-a"))
    assert client.get("/term/workers-congress?doc=nope").status_code == 404


def test_numeric_id_redirects_to_the_slug(client, db):
    cid = store.concept_id_for(db, "workers-congress")
    response = client.get(f"/term/{cid}")
    assert response.status_code == 301 and response.headers["Location"].endswith("/term/workers-congress")


def test_card_is_printable_and_copyable(client):
    page = text_of(client.get("/term/workers-congress/card"))
    card = page.split('<article class="card"')[1].split("</article>")[0]
    assert "职工代表大会" in card and "workers&#39; congress" in card
    assert "【知识点】" in card and "【相关词汇】" in card and "<mark>" in card
    copy = page.split('<textarea id="card-text" readonly')[1].split("</textarea>")[0]
    assert "职工代表大会 workers&#39; congress" in copy and "【知识点】" in copy and "工会 trade union" in copy
    assert "<mark>" not in copy
    assert "@media print" in text_of(client.get("/static/site.css"))


def test_browse_by_kind_and_by_letter(client):
    page = text_of(client.get("/browse"))
    assert "Mechanisms and systems" in page and 'href="/browse/az/z"' in page
    mechanisms = text_of(client.get("/browse/kind/mechanism"))
    assert mechanisms.index("长效机制") < mechanisms.index("职工代表大会")  # cháng before zhí
    assert "工会" not in mechanisms.split('<ul class="results">')[1]
    z = text_of(client.get("/browse/az/z"))
    assert "职工代表大会" in z and "郑州市总工会" in z and "长效机制" not in z.split('<ul class="results">')[1]
    assert client.get("/browse/kind/nonsense").status_code == 404
    assert client.get("/browse/az/%E5%B7%A5").status_code == 404
    assert client.get("/browse/az/z?page=2").status_code == 404


def test_browse_pages_are_paginated(client, monkeypatch):
    from web import pages

    monkeypatch.setattr(pages, "CONCEPTS_PER_PAGE", 1)
    first = text_of(client.get("/browse/kind/mechanism"))
    second = text_of(client.get("/browse/kind/mechanism?page=2"))
    assert "page 1 of 2" in first and 'href="/browse/kind/mechanism?page=2"' in first
    assert "长效机制" in first.split('<ul class="results">')[1] and "职工代表大会" in second.split('<ul class="results">')[1]
    z = text_of(client.get("/browse/az/z?page=2"))  # zhí gōng … after zhèng zhōu …
    assert "page 2 of 2" in z and "职工代表大会" in z.split('<ul class="results">')[1]
    assert client.get("/browse/kind/mechanism?page=3").status_code == 404


def test_nav_links_other_blueprints_only_when_present(app, db_path):
    from web import create_app

    if "downloads.index" not in app.view_functions:
        assert 'href="/downloads' not in text_of(app.test_client().get("/"))
    with_downloads = create_app({"TESTING": True, "GLOSSARY_DB": str(db_path)})
    if "downloads.index" not in with_downloads.view_functions:
        bp = Blueprint("downloads", __name__)
        bp.add_url_rule("/downloads/", "index", lambda: "files")
        with_downloads.register_blueprint(bp)
    with with_downloads.test_request_context():
        link = f'href="{url_for("downloads.index")}"'
    assert link in text_of(with_downloads.test_client().get("/"))


# --- escaping -------------------------------------------------------------------------------------------

def test_corpus_and_glossary_text_is_escaped(db, client):
    with db.conn:
        db["sources"].insert({"id": "sneaky", "title": "Sneaky source", "url": "JavaScript:alert(4)",
                              "authority": "media"})
        store.insert_concept(db, {"id": "xss", "kind": "general", "zh": [{"term": "维权"}],
                                  "definition": "<script>alert(1)</script>", "note_zh": "<b>粗</b>",
                                  "en": [{"term": "<img src=x onerror=alert(2)>", "status": "preferred",
                                          "sources": ["sneaky"]}]})
        db["sentences"].insert({"document_id": "doc-a", "position": 99, "start": 0, "kind": "body",
                                "text": "<i>职工维权</i><script>alert(3)</script>"})
        link_examples(db)
    for url in ("/term/xss", "/term/xss/card", "/search?q=维权&all=1", "/browse/kind/general"):
        page = text_of(client.get(url))
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>粗" not in page, url
    page = text_of(client.get("/term/xss"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and "Sneaky source" in page
    assert "&lt;i&gt;职工<mark>维权</mark>&lt;/i&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in page


# --- bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, status, message", [
    ("/search?q=" + "职" * 10_000, 400, "too long"),
    ("/search?q=%00", 400, "control characters"),
    ("/search?q=%FF", 400, "UTF-8"),
    ("/search?q=%E5%B7", 400, "UTF-8"),
    ("/search?q=%zz", 200, "Not found"),
    ("/term/no-such-term", 404, "No term"),
    ("/term/%00", 404, "No term"),
    ("/term/99999", 404, "No term"),
    ("/term/workers-congress?page=0", 400, "page must be"),
    ("/term/workers-congress?page=abc", 400, "whole number"),
    ("/term/workers-congress?page=99999999999999999999", 400, "whole number"),
    ("/no/such/page", 404, "no page"),
])
def test_bad_requests_get_clear_pages(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert message.lower() in text_of(response).lower()
    assert response.mimetype == "text/html"


def test_script_query_is_just_text(client):
    response = client.get("/search", query_string={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert" not in text_of(response) and "&lt;script&gt;alert(1)&lt;/script&gt;" in text_of(response)


def test_post_to_a_page_is_405(client):
    assert client.post("/search", data={"q": "x"}).status_code in (400, 405)


# --- API ------------------------------------------------------------------------------------------------

def test_api_search(client):
    data = client.get("/api/search", query_string={"q": "zdh"}).get_json()
    assert data["count"] >= 1
    top = data["results"][0]
    assert top["slug"] == "workers-congress" and top["zh"] == "职工代表大会" and top["en"] == "workers' congress"
    assert top["matched"]["how"] == "initials" and top["url"] == "/api/terms/workers-congress"
    assert client.get("/api/search", query_string={"q": "工"}).get_json()["count"] >= 3


def test_api_term_by_slug_and_id(client, db):
    by_slug = client.get("/api/terms/workers-congress").get_json()
    by_id = client.get(f"/api/terms/{by_slug['id']}").get_json()
    assert by_slug == by_id
    assert by_slug["zh_hant"] == "職工代表大會" and by_slug["en_deprecated"] == ["workers' representative conference"]
    assert {s["authority"] for s in by_slug["sources"]} == {"law", "house"}
    assert by_slug["example_count"] == 2 and by_slug["examples_url"] == "/api/terms/workers-congress/examples"


def test_api_examples_paginated(client, db):
    first = client.get("/api/terms/workers-congress/examples?per_page=1").get_json()
    second = client.get("/api/terms/workers-congress/examples?per_page=1&page=2").get_json()
    assert first["total"] == 2 and first["pages"] == 2 and len(first["examples"]) == 1
    assert first["examples"][0]["sentence_id"] != second["examples"][0]["sentence_id"]
    x = first["examples"][0]
    start, end = x["spans"][0]
    assert x["sentence"][start:end] in ("职代会", "职工代表大会")
    assert x["document"] == "doc-a" and x["date"] == "2013-10-18"
    for example in first["examples"] + second["examples"]:  # the batched context is store.sentence_context's
        assert {k: example[k] for k in ("before", "after")} == store.sentence_context(db, example["sentence_id"])
    assert second["examples"][0]["before"] or second["examples"][0]["after"]
    assert first["by_document"] == [{"document": "doc-a", "title": "测试文章", "date": "2013-10-18", "count": 2}]
    assert "before" not in client.get("/api/terms/workers-congress/examples?context=0").get_json()["examples"][0]


def test_api_kinds(client):
    kinds = {k["kind"]: k["count"] for k in client.get("/api/kinds").get_json()["kinds"]}
    assert kinds["mechanism"] == 2 and kinds["organisation"] == 2


@pytest.mark.parametrize("url, status", [
    ("/api/search?q=" + "x" * 10_000, 400), ("/api/search?q=%3Cscript%3E", 200), ("/api/search?q=%00", 400),
    ("/api/search?q=%FF", 400), ("/api/search", 400), ("/api/search?q=zdh&limit=0", 400),
    ("/api/terms/nope", 404), ("/api/terms/123456", 404), ("/api/terms/nope/examples", 404),
    ("/api/terms/workers-congress/examples?page=5", 404), ("/api/terms/workers-congress/examples?per_page=1000", 400),
    ("/api/nothing-here", 404),
])
def test_api_errors_are_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status and response.is_json
    if status >= 400:
        error = response.get_json()["error"]
        assert error["status"] == status and error["message"]


def test_openapi_document_describes_every_route(app, client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1") and doc["info"]["title"]
    routes = {rule.rule.replace("<key>", "{key}") for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.rule not in ("/api/", "/api/openapi.json")}
    assert "/api/terms/{key}/translations" in routes
    assert set(doc["paths"]) == routes
    for path, item in doc["paths"].items():
        url = path.replace("{key}", "workers-congress") + ("?q=zdh" if path == "/api/search" else "")
        assert client.get(url).status_code == 200, path
        for response in item["get"]["responses"].values():
            ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                assert ref.split("/")[-1] in doc["components"]["schemas"]
    index = client.get("/api/").get_json()
    assert index["openapi"].endswith("/api/openapi.json")


def test_reading_the_site_leaves_the_database_file_untouched(real_db_path, tmp_path):
    """`make serve` on the shipped terms.db: browsing must not rewrite the file (git would show it changed)."""
    import shutil

    from web import create_app

    path = tmp_path / "terms.db"
    shutil.copy(real_db_path, path)
    before = path.read_bytes()
    client = create_app({"TESTING": True, "GLOSSARY_DB": str(path)}).test_client()
    for url in ("/", "/search?q=职代会&all=1", "/term/workers-congress", "/browse", "/api/search?q=zdh", "/download/"):
        assert client.get(url).status_code == 200, url
    assert path.read_bytes() == before
