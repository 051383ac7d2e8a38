"""The site's downloads: an index page and the four exports, streamed with the right type and file name."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from glossary.store.schema import open_db
from glossary.interchange.tbx_export import iter_tbx
from tests.curation_support import add_accounts, csrf_token, login


def test_download_index_lists_every_format(client):
    page = client.get("/download/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("glossary.tbx", "glossary-cat.tbx", "glossary.tsv", "glossary.csv", "glossary-omegat.txt",
                 "glossary.xlsx"):
        assert f'href="/download/{name}"' in html
    assert "<title>Download" in html


@pytest.mark.parametrize("name, media_type, marker", [
    ("glossary.tbx", "application/x-tbx", b'<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"'),
    ("glossary-cat.tbx", "application/x-tbx", b'<martif type="TBX"'),
    ("glossary.tsv", "text/tab-separated-values", "# zh-Hans\ten\tcomment\n".encode()),
    ("glossary.csv", "text/csv", b"\xef\xbb\xbfconcept,zh,zh_type,zh_status,pinyin,en,"),
    ("glossary-omegat.txt", "text/plain", "\ufeff# zh-Hans\ten\tcomment\n".encode()),
    ("glossary.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
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


# --- importing on the site (editors only) ---------------------------------------------------------------

QUIRKS = Path(__file__).parent / "data" / "tbx" / "quirks_martif.tbx"


def upload(client, path: Path, apply: bool = False, name: str | None = None):
    data = {"csrf_token": csrf_token(client, "/download/import"),
            "file": (io.BytesIO(path.read_bytes()), name or path.name)}
    if apply:
        data["apply"] = "1"
    return client.post("/download/import", data=data, content_type="multipart/form-data")


def test_import_page_needs_a_login(client):
    response = client.get("/download/import")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/download/import").status_code in (400, 401)  # no CSRF token, no account


def test_editor_dry_run_then_import(client, db_path):
    add_accounts(db_path)
    login(client, "eddie")
    dry = upload(client, QUIRKS)
    html = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "Dry run: nothing was written" in html
    assert "added: 1 concepts (t2)" in html and "same Chinese as trade-union, but no English rendering in common" in html
    db = open_db(db_path)
    assert db.execute("SELECT count(*) FROM concepts WHERE slug = 't2'").fetchone()[0] == 0
    db.close()

    done = upload(client, QUIRKS, apply=True)
    assert done.status_code == 200 and "Imported" in done.get_data(as_text=True)
    db = open_db(db_path)
    assert db.execute("SELECT count(*) FROM concepts WHERE slug = 't2'").fetchone()[0] == 1
    # the journal names the editor who imported
    assert db.execute("SELECT DISTINCT user FROM journal WHERE action = 'import'").fetchall() == [("eddie",)]
    assert db.execute("SELECT file FROM imports").fetchall() == [("quirks_martif.tbx",)]
    db.close()


def test_hostile_upload_is_refused_on_the_page(client, db_path):
    add_accounts(db_path)
    login(client, "eddie")
    response = upload(client, Path(__file__).parent / "data" / "tbx" / "xxe.tbx", apply=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "xxe.tbx: refused: the file declares an external entity" in html
    assert "/tmp" not in html  # the message names the upload, not the server's temporary copy
