"""The site's downloads: an index page and the four exports, streamed with the right type and file name."""
from __future__ import annotations

import io

import pytest
from lxml import etree

from glossary.tbx_export import iter_tbx


def test_download_index_lists_every_format(client):
    page = client.get("/download/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("glossary.tbx", "glossary-cat.tbx", "glossary.tsv", "glossary.csv"):
        assert f'href="/download/{name}"' in html
    assert "<title>Download" in html


@pytest.mark.parametrize("name, media_type, marker", [
    ("glossary.tbx", "application/x-tbx", b'<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"'),
    ("glossary-cat.tbx", "application/x-tbx", b'<martif type="TBX"'),
    ("glossary.tsv", "text/tab-separated-values", "# zh-Hans\ten\tcomment\n".encode()),
    ("glossary.csv", "text/csv", b"concept,zh,zh_type,zh_status,pinyin,en,"),
])
def test_downloads_stream_each_export(client, name, media_type, marker):
    response = client.get(f"/download/{name}")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == media_type
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert marker in response.get_data()


def test_tbx_download_is_the_command_line_export(client, db):
    assert client.get("/download/glossary.tbx").get_data() == b"".join(iter_tbx(db))


def test_cat_download_includes_deprecated_only_when_asked(client):
    default = client.get("/download/glossary-cat.tbx").get_data()
    included = client.get("/download/glossary-cat.tbx?include-deprecated=1").get_data()
    assert b"deprecatedTerm-admn-sts" not in default and b"deprecatedTerm-admn-sts" in included
    etree.parse(io.BytesIO(included))  # well-formed


def test_unknown_download_is_404(client):
    assert client.get("/download/glossary.exe").status_code == 404
