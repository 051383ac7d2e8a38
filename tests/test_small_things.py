"""Small things people notice (issue #18): the API link opens a page for people, JSON comes as UTF-8
characters, and `glossary export` writes to standard output without -o."""
from __future__ import annotations


def test_the_api_link_opens_the_openapi_document_for_people(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/api/docs"' in home
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "/api/search" in html and "/api/openapi.json" in html and "<code>q</code>" in html


def test_json_is_utf8_not_escaped(client):
    response = client.get("/api/search?q=职代会")
    raw = response.get_data()
    assert "职工代表大会".encode("utf-8") in raw and b"\\u" not in raw
    assert response.get_json()["results"]


def test_export_writes_to_standard_output_without_o(runner):
    result = runner.invoke(["export", "--format", "tsv"])
    assert result.exit_code == 0 and "职工代表大会" in result.output
