"""Looking terms up as an English editor does (the lookup walk-through): British or American spelling, the
singular of a plural rendering, wildcards and search syntax typed out of habit, and learning which rendering
to use when the one typed is deprecated."""
from __future__ import annotations

import pytest

from glossary.lang.english import other_spellings, plural_key
from glossary.search import lookup
from glossary.store.concepts import insert_concept


def add_concept(db, slug, zh, en_terms):
    """en_terms: (term, status)."""
    with db.conn:
        return insert_concept(db, {
            "id": slug, "kind": "legal-concept", "zh": [{"term": zh}],
            "en": [{"term": t, "status": s, "sources": ["house"]} for t, s in en_terms],
        })


@pytest.fixture
def styled(db):
    """Renderings in house style (American), some with a British form kept as deprecated, one only British."""
    ids = {
        "child": add_concept(db, "child-labor", "童工", [("child labor", "preferred")]),
        "centre": add_concept(db, "service-center", "职工服务中心", [("workers' service center", "preferred")]),
        "forced": add_concept(db, "forced-labour-convention", "强迫劳动公约", [("Forced Labour Convention", "preferred")]),
        "contract": add_concept(db, "labor-contract", "劳动合同", [("labor contract", "preferred"),
                                                                    ("labour contract", "deprecated")]),
        "riders": add_concept(db, "riders", "外卖骑手", [("food delivery riders", "preferred")]),
        "migrants": add_concept(db, "migrant-workers", "农民工", [("migrant workers", "preferred")]),
    }
    return db, ids


@pytest.mark.parametrize("typed, concept", [
    ("child labour", "child"),                 # British typed, American rendering
    ("Workers' Service Centre", "centre"),
    ("forced labor convention", "forced"),     # American typed, British rendering (an ILO title)
    ("labour contracts", "contract"),          # British and plural
])
def test_either_spelling_finds_the_rendering_as_a_whole_term(styled, typed, concept):
    db, ids = styled
    hits = lookup.search(db, typed, 5)
    assert hits[0].concept_id == ids[concept]
    assert hits[0].how in lookup.EXACT_HOWS  # the whole rendering, so the site can go straight to it


def test_a_singular_finds_a_plural_rendering_as_a_whole_term(styled):
    db, ids = styled
    hits = lookup.search(db, "migrant worker", 5)
    assert hits[0].concept_id == ids["migrants"] and hits[0].how in lookup.EXACT_HOWS
    # and as whole words inside a longer rendering
    assert [h.concept_id for h in lookup.search(db, "delivery rider", 5)] == [ids["riders"]]


def test_the_spelling_typed_still_ranks_first(styled):
    db, ids = styled
    hits = lookup.search(db, "labour contract", 5)
    assert hits[0].concept_id == ids["contract"] and hits[0].term == "labour contract"


def test_spelling_and_plural_forms_of_a_key():
    assert other_spellings("labour organisation") == ["labor organization"]
    assert other_spellings("forced labor") == ["forced labour"]
    # mixed, as the ILO spells itself: both consistent spellings
    assert set(other_spellings("international labour organization")) == {
        "international labor organization", "international labour organisation"}
    assert other_spellings("trade union") == []


def test_an_ise_word_the_spelling_table_lacks_has_its_american_form_too():
    # the pair table has no modernisation/privatisation: the draft checker's -ise rule supplies them
    assert other_spellings("enterprise modernisation") == ["enterprise modernization"]
    assert other_spellings("privatisation") == ["privatization"]
    assert plural_key("migrant worker") == "migrant workers"
    assert plural_key("policy") == "policies"
    assert plural_key("migrant workers") is None  # already plural: never "workerss"


def test_a_deprecated_rendering_typed_says_which_to_use(styled, runner):
    db, ids = styled
    entry = lookup.lookup(db, "labour contract", 1, examples=0)[0]
    assert entry["matched"] == {"term": "labour contract", "lang": "en", "how": "english", "status": "deprecated",
                                "use": "labor contract"}
    assert "use" not in lookup.lookup(db, "labor contract", 1, examples=0)[0]["matched"]
    out = runner.invoke(["lookup", "labour contract", "--examples", "0"]).output
    assert "matched: labour contract (english) — deprecated: use labor contract" in out


@pytest.mark.parametrize("typed", ["工会*", "*工会", "trade union*"])
def test_a_wildcard_typed_out_of_habit_is_ignored(db, typed):
    hits = lookup.search(db, typed, 5)
    assert hits and hits[0].how in lookup.EXACT_HOWS and hits[0].term in ("工会", "trade union", "labour union")


def test_a_wildcard_alone_is_an_empty_query():
    with pytest.raises(lookup.QueryError, match="empty query"):
        lookup.clean_query("*")


def test_a_dotted_initialism_finds_the_initialism(db):
    add_concept(db, "acftu", "中华全国总工会", [("All-China Federation of Trade Unions", "preferred"),
                                               ("ACFTU", "admitted")])
    hits = lookup.search(db, "A.C.F.T.U.", 5)
    assert hits[0].term == "ACFTU" and hits[0].how in lookup.EXACT_HOWS


def test_pinyin_without_its_umlaut_also_finds_longer_terms(db):
    longer = add_concept(db, "women-workers-committee", "女职工委员会", [("women workers' committee", "preferred")])
    assert longer in [h.concept_id for h in lookup.search(db, "nuzhigong", 5)]


@pytest.mark.parametrize("typed, term", [
    ("a labour contract", "labour contract"), ("the labor contract", "labor contract"),
    ("SOEs", "SOE"),  # an acronym's plural
])
def test_an_article_or_an_acronyms_plural_finds_the_whole_rendering(styled, typed, term):
    db, ids = styled
    add_concept(db, "soe", "国有企业", [("state-owned enterprise", "preferred"), ("SOE", "admitted")])
    hits = lookup.search(db, typed, 5)
    assert hits[0].term == term and hits[0].how in lookup.EXACT_HOWS


def test_a_phrase_from_a_story_finds_the_terms_inside_it(db, runner):
    """Not a term itself: the glossary's terms in it, the longest first (and the command shows their entries)."""
    hits = lookup.search(db, "推进职代会建设，发挥工会作用", 5)
    assert [h.term for h in hits] == ["职代会", "工会"] and {h.how for h in hits} == {"in the query"}
    assert [h.term for h in lookup.search(db, "职工代表大会第三次会议", 5)][0] == "职工代表大会"
    out = runner.invoke(["lookup", "推进职代会建设", "--examples", "0"]).output
    assert "workers' congress" in out and "not found" not in out
    assert lookup.search(db, "工会", 5)[0].how == "exact"  # a term is never taken apart


def test_the_search_page_says_which_rendering_to_use_for_a_deprecated_one(styled, client):
    page = client.get("/search", query_string={"q": "labour contract", "all": "1"}).get_data(as_text=True)
    assert "deprecated" in page and 'use <span lang="en">labor contract</span>' in page
    page = client.get("/search", query_string={"q": "labor contract", "all": "1"}).get_data(as_text=True)
    assert 'use <span lang="en">' not in page
