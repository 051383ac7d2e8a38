"""Every authority citation in the shipped glossary has a record of how it was checked (data/provenance/)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary.store import curated, provenance
from glossary.store.schema import GlossaryError

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def shipped():
    sources, concepts = curated.load_glossary(DATA)
    return sources, concepts, provenance.read_provenance(DATA)


def test_every_authority_citation_of_the_shipped_glossary_was_checked(shipped):
    sources, concepts, checks = shipped
    missing = provenance.unrecorded_citations(concepts, sources, checks)
    assert missing == [], f"{len(missing)} authority citations with no provenance row, e.g. {missing[:5]}"


def test_each_check_names_a_source_of_the_glossary_and_its_url(shipped):
    sources, _, checks = shipped
    wrong = provenance.misattributed_checks(sources, checks)
    assert wrong == [], [(c.file, c.source_key, why) for c, why in wrong[:5]]


def test_a_citation_taken_from_a_reference_table_is_in_that_table(shipped, shared_dir):
    _, _, checks = shipped
    tables: dict[str, list[dict]] = {}
    for name in set(provenance.FROM_TABLE.values()):
        with (shared_dir / "reference" / name).open(encoding="utf-8", newline="") as handle:
            tables[name] = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    from_tables = [c for c in checks if c.how_checked in provenance.FROM_TABLE]
    assert from_tables, "the shipped glossary takes renderings from the reference tables"
    for check in from_tables:
        # the table's rows for that page; its English must say the rendering (it may sit inside a longer
        # term of the page: "private pension" in "private pension scheme")
        table = tables[provenance.FROM_TABLE[check.how_checked]]
        if provenance.FROM_TABLE[check.how_checked] == "chinadaily_terms.tsv":
            said = [r["en"] for r in table if provenance.same_url(r["url"], check.url)]
        else:
            said = [en for r in table if any(provenance.same_url(u, check.url) for u in r["source"].split(";"))
                    for en in [r["english_preferred"], *r["english_alternatives"].split(";")]]
        assert any(provenance.says(en, check.en) for en in said), \
            f"{check.file}: {check.zh} / {check.en} is not in {check.how_checked} for {check.url}"


def test_a_citation_without_a_check_is_found(tmp_path):
    sources = {"house": {"title": "House", "authority": "house"},
               "npc": {"title": "A law", "authority": "law", "url": "https://npc.example/law"}}
    concepts = [{"id": "c", "en": [{"term": "Collective Contract", "sources": ["npc"]},
                                   {"term": "group deal", "sources": ["house"]}]}]
    seen = provenance.Check("集体合同", '"collective contract"', "npc", "http://npc.example/law/", "query", "x.tsv")
    assert provenance.unrecorded_citations(concepts, sources, [seen]) == []
    elsewhere = provenance.Check("集体合同", "collective contract", "other", "https://other.example", "query", "x.tsv")
    assert provenance.unrecorded_citations(concepts, sources, [elsewhere]) == [("c", "Collective Contract", "npc")]
    assert [why for _, why in provenance.misattributed_checks(sources, [elsewhere])] == ["no such source"]


def test_a_page_says_a_rendering_alone_or_inside_a_longer_term():
    assert provenance.says("private pension scheme", "Private pensions")
    assert provenance.says('the "996" work schedule', "996 work schedule")
    assert not provenance.says("pension", "private pension")
    assert not provenance.says("labor contractor", "labor contract")  # words, not substrings


def test_a_provenance_file_with_missing_values_is_refused(tmp_path):
    (tmp_path / "provenance").mkdir()
    path = tmp_path / "provenance" / "slice.tsv"
    path.write_text("zh\ten\tsource_key\turl\thow_checked\n工会\ttrade union\tnpc\t\tquery\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="line 2"):
        provenance.read_provenance(tmp_path)
    path.write_text("zh\ten\n工会\ttrade union\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="columns"):
        provenance.read_provenance(tmp_path)


def test_each_source_of_the_shipped_glossary_has_its_own_title(shipped):
    """Spreadsheets and MultiTerm files name a source by its title: two sources with one title would merge
    on the way back in."""
    sources, _, _ = shipped
    titles: dict[str, list[str]] = {}
    for key, source in sources.items():
        titles.setdefault(source["title"].strip().lower(), []).append(key)
    assert [keys for keys in titles.values() if len(keys) > 1] == []
