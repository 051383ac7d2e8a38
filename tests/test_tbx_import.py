"""TBX import: round trip, merging without overwriting, the files other tools write, the LTAC examples without
loss of terms, hostile and malformed files refused, and one transaction per import."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree

from glossary.store import concepts as store
from glossary.store.build import content_dump
from glossary.store.schema import GlossaryError, open_db
from glossary.interchange.tbx_export import iter_tbx
from glossary.interchange.formats import import_file
from glossary.interchange.records import normalise_lang, normalise_status

DATA = Path(__file__).parent / "data" / "tbx"


def export(db) -> bytes:
    return b"".join(iter_tbx(db))



def dump(db) -> list[str]:
    return content_dump(db)


def concept_terms(db, slug: str) -> dict[tuple[str, str], str]:
    """(lang, term) → status for one concept."""
    return {
        (lang, term): status for lang, term, status in db.execute(
            "SELECT t.lang, t.term, t.status FROM terms t JOIN concepts c ON c.id = t.concept_id WHERE c.slug = ?",
            [slug])
    }


def sources_of(db, term: str) -> list[tuple[str, str]]:
    return db.execute(
        """SELECT s.id, s.authority FROM term_sources ts JOIN sources s ON s.id = ts.source_id
           JOIN terms t ON t.id = ts.term_id WHERE t.term = ? ORDER BY ts.rowid""", [term]).fetchall()


# --- round trip ---------------------------------------------------------------------------------------

def test_round_trip_is_byte_identical(db, empty_db, tmp_path):
    first = export(db)
    path = tmp_path / "glossary.tbx"
    path.write_bytes(first)
    report = import_file(empty_db, path)
    assert report.terms["added"] == report.terms_in_file == db["terms"].count
    assert export(empty_db) == first
    # and the glossary behind it: same concepts, terms with their derived pinyin, sources, examples, links
    for table in ("concepts", "terms", "sources", "term_sources", "links", "examples", "documents"):
        assert empty_db[table].count == db[table].count, table
    entry = store.get_entry(empty_db, store.concept_id_for(empty_db, "workers-congress"))
    assert entry["pinyin"] == "zhí gōng dài biǎo dà huì" and entry["zh_hant"] == "職工代表大會"
    assert entry["en_house_proposal"] is False
    # a reading a person reviewed stays reviewed (zh-Latn-pinyin-x-reviewed), a derived one stays derived
    reviewed = "SELECT term, pinyin, pinyin_reviewed FROM terms WHERE lang = 'zh-Hans' ORDER BY term"
    assert empty_db.execute(reviewed).fetchall() == db.execute(reviewed).fetchall()
    assert ("长效机制", "cháng xiào jī zhì", 1) in db.execute(reviewed).fetchall()
    assert [x["sentence"] for x in entry["examples"]] == [
        x["sentence"] for x in store.get_entry(db, store.concept_id_for(db, "workers-congress"))["examples"]]


def test_shipped_glossary_round_trips(real_db_path, empty_db, tmp_path):
    """The real glossary: case and punctuation variants (All-China / All China, 中国梦·劳动美 / 中国梦。劳动美),
    curated traditional forms, reviewed readings, sources nobody cites yet — the document comes back the same."""
    real = open_db(real_db_path, migrate_forward=False)
    first = export(real)
    real.close()
    path = tmp_path / "glossary.tbx"
    path.write_bytes(first)
    report = import_file(empty_db, path)
    assert report.terms["added"] == report.terms_in_file and not report.conflicts
    assert export(empty_db) == first


def test_importing_the_glossarys_own_export_changes_nothing(db, tmp_path):
    path = tmp_path / "glossary.tbx"
    path.write_bytes(export(db))
    before = dump(db)
    report = import_file(db, path)
    assert report.terms["present"] == report.terms_in_file and not report.conflicts
    assert len(report.unchanged) == db["concepts"].count and not report.added and not report.merged
    assert [line for line in dump(db) if "INSERT INTO \"imports\"" not in line] == before


# --- merging ------------------------------------------------------------------------------------------

def test_merge_adds_new_renderings_and_reports_conflicts(db):
    before = concept_terms(db, "workers-congress")
    report = import_file(db, DATA / "quirks_martif.tbx")
    assert report.format == "tbx2008"
    # ntig/termGrp, bare codes: 职代会 joins workers-congress; the new rendering is added, cited to the file
    after = concept_terms(db, "workers-congress")
    assert after == {**before, ("en", "workers' assembly"): "admitted"}
    assert sources_of(db, "workers' assembly") == [("import-quirks-martif-f37a29a4", "reference")]
    # the rendering the glossary already has gains the file as a source; nothing is made a house rendering
    assert ("import-quirks-martif", "reference") in sources_of(db, "workers' congress")
    # 工会 → "labor union" alone: same Chinese but no rendering in common, so maybe another sense (a homograph):
    # held for review, never merged in silence
    assert concept_terms(db, "trade-union")[("en", "trade union")] == "preferred"
    assert ("en", "labor union") not in concept_terms(db, "trade-union")
    assert report.conflicts == []
    assert report.held == ["t3 (line 54): same Chinese as trade-union, but no English rendering in common: "
                           "review before merging"]
    assert report.joined == ["t1 (line 15) → workers-congress: same Chinese, rendering “workers' congress” in common"]
    # a new concept, statuses mapped from "preferredTerm-admn-sts" and "notRecommended"
    assert concept_terms(db, "t2") == {
        ("zh-Hans", "集体合同"): "preferred", ("zh-Hant", "集體合同"): "preferred",
        ("en", "collective contract"): "preferred", ("en", "collective agreement"): "deprecated",
    }
    assert report.added == ["t2"] and report.merged == ["workers-congress"]
    assert report.unchanged == []
    assert dict(report.terms) == {"added": 4, "present": 2, "held": 2}
    assert sum(report.terms.values()) == report.terms_in_file == 8
    # the import is logged with its report
    logged = db.execute("SELECT file, format, source_id, report FROM imports").fetchall()
    assert logged[0][:3] == ("quirks_martif.tbx", "tbx2008", "import-quirks-martif")
    assert json.loads(logged[0][3])["terms"] == {"added": 4, "present": 2, "held": 2}
    # and what it changed is in the curation journal, with the state before and after (history, restore)
    journal = db.execute("SELECT user, action, slug, summary, before, after FROM journal ORDER BY id").fetchall()
    assert [(j[0], j[1], j[2]) for j in journal] == [("import", "import", "workers-congress"), ("import", "import", "t2")]
    assert journal[0][3] == "merged from import #1 of quirks_martif.tbx"
    before, after = json.loads(journal[0][4]), json.loads(journal[0][5])
    assert [t["term"] for t in after["en"]] == [t["term"] for t in before["en"]] + ["workers' assembly"]


def test_merged_concept_keeps_curated_fields_and_reports_differences(db, tmp_path):
    path = tmp_path / "other.tbx"
    path.write_text("""<martif type="TBX" xml:lang="en"><text><body>
      <termEntry id="e1"><descrip type="definition">Another definition.</descrip>
        <langSet xml:lang="zh-Hans"><tig><term>工会</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>trade union</term></tig></langSet></termEntry>
    </body></text></martif>""", "utf-8")
    version = db.execute("SELECT version FROM concepts WHERE slug = 'trade-union'").fetchone()[0]
    report = import_file(db, path)
    definition = db.execute("SELECT definition, version FROM concepts WHERE slug = 'trade-union'").fetchone()
    assert definition == ("Another definition.", version + 1)  # empty field filled, version bumped
    # another definition under another id: maybe another concept, so held for review
    path.write_text(path.read_text("utf-8").replace("Another definition.", "A third one."), "utf-8")
    report = import_file(db, path)
    assert db.execute("SELECT definition FROM concepts WHERE slug = 'trade-union'").fetchone()[0] == "Another definition."
    assert report.held == ["e1 (line 2): same Chinese as trade-union, but another definition (“A third one.”): "
                           "review before merging"] and not report.merged
    # under the concept's own id it is the same concept: merged, the glossary's definition kept and the
    # difference reported
    path.write_text(path.read_text("utf-8").replace('id="e1"', 'id="trade-union"'), "utf-8")
    report = import_file(db, path)
    assert db.execute("SELECT definition FROM concepts WHERE slug = 'trade-union'").fetchone()[0] == "Another definition."
    assert report.conflicts == ["trade-union: definition: the file has “A third one.”, the glossary “Another definition.”"]
    assert report.joined == ["trade-union (line 2) → trade-union: same id"]


def test_regional_codes_traditional_only_terms_and_held_languages(db):
    report = import_file(db, DATA / "quirks_v3.tbx")
    assert report.format == "tbx"
    # zh-TW only: the simplified term is derived, the traditional kept as written
    assert concept_terms(db, "x1") == {
        ("zh-Hans", "工资集体协商"): "preferred", ("zh-Hant", "工資集體協商"): "preferred",
        ("en", "collective wage bargaining"): "preferred",
    }
    assert concept_terms(db, "x2")[("en", "transparency of factory affairs")] == "deprecated"
    # French and an English-only entry are held, untouched, not dropped
    held = db.execute("SELECT entry, reason, terms, original FROM import_held ORDER BY id").fetchall()
    assert [(h[1], json.loads(h[2])) for h in held] == [
        ("languages not in the glossary (fr)",
         [{"lang": "fr", "term": "transparence des affaires de l'usine", "status": None}]),
        ("no Chinese term", [{"lang": "en-US", "term": "shop steward", "status": "admitted"}]),
    ]
    assert "<term>shop steward</term>" in held[1][3]
    assert dict(report.terms) == {"added": 5, "held": 2}
    # no source given: the file itself is the source, authority "reference"
    assert sources_of(db, "collective wage bargaining") == [("import-quirks-v3", "reference")]


def test_statuses_and_language_codes_are_normalised():
    assert [normalise_status(s) for s in ("preferredTerm-admn-sts", "preferred", "admitted", "notRecommended",
                                          "deprecated", "supersededTerm-admn-sts", "Admitted Term", "whatever")] \
        == ["preferred", "preferred", "admitted", "deprecated", "deprecated", "deprecated", "admitted", None]
    assert [normalise_lang(c) for c in ("zh", "zh-CN", "zh_cn", "zh-Hans", "zh-TW", "zh-HK", "zh-Hant-TW", "en",
                                        "en-US", "EN-GB", "fr", "")] \
        == ["zh-Hans", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hant", "zh-Hant", "zh-Hant", "en", "en", "en", "fr", None]


def test_shared_samples_import(shared_dir, empty_db):
    samples = shared_dir / "tbx-schemas" / "samples"
    report = import_file(empty_db, samples / "zh_en_tbx-basic_v3_VALID.tbx")
    assert report.terms["added"] == report.terms_in_file == 7
    assert concept_terms(empty_db, "c1")[("en", "labor union congress")] == "deprecated"
    report = import_file(empty_db, samples / "zh_en_tbx2008_martif.tbx")  # the DOCTYPE's DTD is never loaded
    assert report.format == "tbx2008" and report.terms_in_file == 6


# --- the LTAC example files: no term lost -------------------------------------------------------------

LTAC_FILES = [
    "tbx-basic/DCA/Example_Astronomy_DCA_VALID.tbx",
    "tbx-basic/DCT/Example_Astronomy_DCT_VALID.tbx",
    "tbx-min/DCA/Example_Astronomy_DCA_VALID.tbx",
    "tbx-core/Schemas/Example_Astronomy_DCA_VALID.tbx",
    "test-files/basic_good.tbx",
    "test-files/min_good.tbx",
    "test-files/core_structure_good.tbx",
]


@pytest.mark.parametrize("name", LTAC_FILES)
def test_ltac_examples_import_without_loss_of_terms(shared_dir, db, name):
    path = shared_dir / "tbx-schemas" / name
    in_file = [e for e in etree.parse(str(path)).iter() if isinstance(e.tag, str) and etree.QName(e).localname == "term"]
    report = import_file(db, path)
    assert report.terms_in_file == len(in_file) > 100
    assert sum(report.terms.values()) == len(in_file)
    # the files are English/Spanish/Zulu: with no Chinese term every entry is held whole, every term listed
    held_terms = [t["term"] for (terms,) in db.execute("SELECT terms FROM import_held") for t in json.loads(terms)]
    assert sorted(held_terms) == sorted(" ".join("".join(e.itertext()).split()) for e in in_file)
    assert report.terms["held"] == len(in_file)


# --- safety -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, why", [
    ("billion_laughs.tbx", "declares XML entities"),
    ("xxe.tbx", "declares an external entity"),
])
def test_hostile_files_are_refused(db, name, why):
    before = dump(db)
    with pytest.raises(GlossaryError) as refused:
        import_file(db, DATA / name)
    assert "refused" in str(refused.value) and why in str(refused.value)
    assert dump(db) == before


def test_an_entity_bomb_is_refused_in_our_words_whichever_guard_stops_it(db, monkeypatch):
    """With the pre-parse check bypassed, the parser's own guard (libxml2's, worded differently by version)
    stops the expansion; the refusal still says why in the project's words and nothing is written."""
    from glossary.interchange import tbx_read

    before = dump(db)
    monkeypatch.setattr(tbx_read, "refuse_declared_entities", lambda path, text: None)
    monkeypatch.setattr(tbx_read, "_refuse_entities", lambda path, docinfo: None)
    with pytest.raises(GlossaryError) as refused:
        import_file(db, DATA / "billion_laughs.tbx")
    assert "refused" in str(refused.value) and "declares XML entities" in str(refused.value)
    assert dump(db) == before


def test_malformed_file_reports_line_and_column(db):
    before = dump(db)
    with pytest.raises(GlossaryError, match=r"not well-formed XML at line 10, column \d+"):
        import_file(db, DATA / "malformed.tbx")
    assert dump(db) == before


def test_import_command_refuses_hostile_files_cleanly(runner, db_path):
    result = runner.invoke(["import", str(DATA / "xxe.tbx")])
    assert result.exit_code == 1 and "external entity" in result.output and "Traceback" not in result.output


def test_a_failure_half_way_leaves_the_database_as_it_was(db, monkeypatch):
    before = dump(db)
    real_insert = store.insert_concept
    calls = []

    def failing_insert(database, concept):
        calls.append(concept["id"])
        if len(calls) == 2:
            raise RuntimeError("disk full (simulated)")
        return real_insert(database, concept)

    monkeypatch.setattr(store, "insert_concept", failing_insert)
    with pytest.raises(RuntimeError, match="simulated"):
        import_file(db, DATA / "quirks_v3.tbx")
    assert len(calls) == 2  # the first concept had been written …
    assert dump(db) == before  # … and was rolled back with everything else


def test_dry_run_reports_exactly_what_the_import_does_and_writes_nothing(db_path):
    db = open_db(db_path)
    before = dump(db)
    dry = import_file(db, DATA / "quirks_martif.tbx", dry_run=True)
    assert dump(db) == before
    real = import_file(db, DATA / "quirks_martif.tbx")
    assert {**dry.as_dict(), "dry_run": None, "import_id": None} == {**real.as_dict(), "dry_run": None, "import_id": None}
    db.close()


def test_import_command_dry_run(runner, db_path):
    result = runner.invoke(["import", str(DATA / "quirks_martif.tbx"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "added: 1 concepts (t2)" in result.output
    assert "t3 (line 54): same Chinese as trade-union, but no English rendering in common" in result.output
    assert "dry run: nothing was written" in result.output
    db = open_db(db_path)
    assert db["imports"].count == 0
    db.close()


def test_undeclared_entities_are_malformed_not_expanded():
    from glossary.interchange.tbx_read import iterparse_safely

    document = b"<martif><text><body><termEntry><langSet><tig><term>&nbsp;</term></tig></langSet></termEntry>"
    with pytest.raises(GlossaryError, match=r"line 1, column \d+: Entity 'nbsp' not defined"):
        list(iterparse_safely(io.BytesIO(document + b"</body></text></martif>")))


def test_traditional_terms_pair_with_their_simplified_forms(empty_db, tmp_path):
    path = tmp_path / "pairs.tbx"
    path.write_text("""<martif type="TBX" xml:lang="en"><text><body><termEntry id="workers-congress">
        <langSet xml:lang="zh-Hans"><tig><term>职工代表大会</term></tig><tig><term>职代会</term></tig></langSet>
        <langSet xml:lang="zh-Hant"><tig><term>職代會</term></tig><tig><term>職工代表大會</term></tig></langSet>
        <langSet xml:lang="en"><tig><term>workers' congress</term></tig></langSet>
    </termEntry></body></text></martif>""", "utf-8")
    report = import_file(empty_db, path)
    pairs = empty_db.execute(
        """SELECT h.term, t.term FROM terms t JOIN terms h ON h.id = t.hans_id ORDER BY h.position""").fetchall()
    assert pairs == [("职工代表大会", "職工代表大會"), ("职代会", "職代會")]
    assert report.terms == {"added": 5}
    assert report.warnings == ["workers-congress (line 1): no rendering marked preferred; took the first, “workers' congress”"]
