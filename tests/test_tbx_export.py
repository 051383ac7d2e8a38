"""TBX export: the v3 file is valid against the TBX core structure (RelaxNG) and the TBX-Basic DCA Schematron,
and carries what the glossary knows; the martif file loads in a real reader (translate-toolkit)."""
from __future__ import annotations

import io

import pytest
from lxml import etree

from glossary.store.schema import create_db
from glossary.interchange.schematron import Schematron
from glossary.interchange.tbx_export import iter_martif, iter_tbx

NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export(db, fmt="tbx", **kwargs) -> bytes:
    generate = iter_tbx if fmt == "tbx" else iter_martif
    return b"".join(generate(db, **kwargs))


@pytest.fixture
def relaxng(shared_dir):
    return etree.RelaxNG(etree.parse(str(shared_dir / "tbx-schemas" / "core" / "TBXcoreStructV03.rng")))


@pytest.fixture
def schematron(shared_dir):
    return Schematron(shared_dir / "tbx-schemas" / "tbx-basic" / "DCA" / "TBX-Basic_DCA.sch")


def assert_valid_v3(data: bytes, relaxng, schematron) -> etree._ElementTree:
    tree = etree.parse(io.BytesIO(data))
    assert relaxng.validate(tree), [str(e) for e in relaxng.error_log]
    failures = schematron.validate(tree)
    assert failures == [], [str(f) for f in failures]
    return tree


# --- the validators can fail: checked on the known-good and known-bad files -----------------------------

@pytest.mark.parametrize("name", [
    "samples/zh_en_tbx-basic_v3_VALID.tbx",
    "tbx-basic/DCA/Example_Astronomy_DCA_VALID.tbx",
])
def test_schematron_runner_passes_known_good_files(shared_dir, schematron, name):
    assert schematron.validate(etree.parse(str(shared_dir / "tbx-schemas" / name))) == []


def test_schematron_runner_fails_known_bad_sample(shared_dir, schematron):
    failures = schematron.validate(etree.parse(str(shared_dir / "tbx-schemas/samples/zh_en_tbx-basic_v3_INVALID.tbx")))
    messages = {(f.pattern, f.location.rsplit("/", 1)[-1]) for f in failures}
    # the sample's two faults: a usageNote description and statuses written "preferred"
    assert ("dialectEnforcement", "@type") in messages
    assert any(p == "module.min.termNote" for p, _ in messages)
    assert all(f.line for f in failures)


@pytest.mark.parametrize("name, fault", [
    ("test-files/basic_bad.tbx", "Permitted type value"),
    ("test-files/min_good.tbx", "The name of this dialect should be TBX-Basic"),
])
def test_schematron_runner_fails_files_that_break_the_dialect(shared_dir, schematron, name, fault):
    failures = schematron.validate(etree.parse(str(shared_dir / "tbx-schemas" / name)))
    assert any(fault in f.message for f in failures)


def test_relaxng_rejects_the_bad_core_structure_file(shared_dir, relaxng):
    assert relaxng.validate(etree.parse(str(shared_dir / "tbx-schemas/test-files/core_structure_good.tbx")))
    assert not relaxng.validate(etree.parse(str(shared_dir / "tbx-schemas/test-files/core_structure_bad.tbx")))


# --- the v3 export ------------------------------------------------------------------------------------

def test_v3_export_is_valid_against_both_schemas(db, relaxng, schematron):
    tree = assert_valid_v3(export(db), relaxng, schematron)
    root = tree.getroot()
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    assert len(root.findall(".//t:conceptEntry", NS)) == db["concepts"].count


def test_shipped_glossary_export_is_valid(real_db_path, relaxng, schematron):
    from glossary.store.schema import open_db

    real = open_db(real_db_path, migrate_forward=False)
    try:
        tree = assert_valid_v3(export(real), relaxng, schematron)
        assert len(tree.findall(".//t:conceptEntry", NS)) == real["concepts"].count
    finally:
        real.close()


def test_empty_glossary_exports_a_valid_document(tmp_path, relaxng, schematron):
    db = create_db(tmp_path / "empty.db")
    tree = assert_valid_v3(export(db), relaxng, schematron)
    assert tree.find(".//t:body", NS) is None  # <body> needs an entry; an empty glossary has none


def test_v3_export_carries_what_the_glossary_knows(db):
    tree = etree.parse(io.BytesIO(export(db)))
    entry = tree.find(".//t:conceptEntry[@id='workers-congress']", NS)
    assert entry.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "workplace democracy"
    definition = entry.find("t:descrip[@type='definition']", NS)
    assert definition.text.startswith("The body of elected") and definition.get(XML_LANG) == "en"
    assert entry.find("t:note[@xml:lang='zh-Hans']", {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}) \
        .text == "职工代表大会是企业实行民主管理的基本形式。"
    assert "kind: mechanism" in [n.text for n in entry.findall("t:note", NS)]
    ref = entry.find("t:ref[@type='crossReference']", NS)
    assert ref.get("target") == "trade-union" and tree.find(".//t:conceptEntry[@id='trade-union']", NS) is not None
    transactions = {g.findtext("t:transac", namespaces=NS): g for g in entry.findall("t:transacGrp", NS)}
    assert set(transactions) == {"origination", "modification"}
    assert transactions["origination"].findtext("t:date", namespaces=NS) == "2026-11-22"
    assert transactions["origination"].findtext("t:transacNote[@type='responsibility']", namespaces=NS)

    def term_sec(lang, text):
        for sec in entry.findall(f"t:langSec[@xml:lang='{lang}']/t:termSec",
                                 {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}):
            if sec.findtext("t:term", namespaces=NS) == text:
                return sec
        raise AssertionError(f"no {lang} term {text}")

    abbreviation = term_sec("zh-Hans", "职代会")
    assert abbreviation.findtext("t:termNote[@type='termType']", namespaces=NS) == "abbreviation"
    assert abbreviation.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS) == "admittedTerm-admn-sts"
    assert [n.text for n in abbreviation.findall("t:note", NS)] == ["zhí dài huì"]  # pinyin
    context = abbreviation.find("t:descripGrp", NS)
    assert "职代会" in context.findtext("t:descrip[@type='context']", namespaces=NS)
    assert context.find("t:admin[@type='source']", NS).get("target") == "document.doc-a"
    assert term_sec("zh-Hant", "職代會") is not None

    preferred = term_sec("en", "workers' congress")
    assert preferred.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS) == "preferredTerm-admn-sts"
    source = preferred.find("t:admin[@type='source']", NS)
    assert source.text == "Trade Union Law (2021), English text" and source.get("target") == "source.law-2021"
    deprecated = term_sec("en", "workers' representative conference")
    assert deprecated.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS) == "deprecatedTerm-admn-sts"
    # every rendering's source is described in the back matter, house proposals as such
    house = tree.find(".//t:back/t:refObjectSec[@type='sources']/t:refObject[@id='source.house']", NS)
    assert house.findtext("t:item[@type='authority']", namespaces=NS) == "house"


def test_v3_export_is_deterministic(db):
    assert export(db) == export(db)


def test_v3_export_escapes_markup_in_text(db, relaxng, schematron):
    db.execute("UPDATE concepts SET note = ? WHERE slug = 'trade-union'", ["<b>&amp; \"quotes\"</b> & more"])
    tree = assert_valid_v3(export(db), relaxng, schematron)
    notes = [n.text for n in tree.findall(".//t:conceptEntry[@id='trade-union']/t:note", NS)]
    assert "<b>&amp; \"quotes\"</b> & more" in notes


# --- the martif export, read by translate-toolkit -----------------------------------------------------

def load_martif(data: bytes):
    from translate.storage.tbx import tbxfile

    return tbxfile(io.BytesIO(data), sourcelanguage="zh-Hans", targetlanguage="en")


def test_martif_export_loads_in_translate_toolkit(db):
    store = load_martif(export(db, "tbx2008"))
    units = {unit.source: unit for unit in store.units}
    assert set(units) == {"职工代表大会", "工会", "郑州市总工会", "长效机制", "女职工"}
    congress = units["职工代表大会"]
    assert congress.target == "workers' congress"
    assert [t.text for t in congress.get_source_terms()] == ["职工代表大会", "职代会"]
    targets = {t.text: t.administrative_status for t in congress.get_target_terms()}
    assert targets == {"workers' congress": "preferredTerm-admn-sts",
                       "congress of workers and staff": "admittedTerm-admn-sts"}
    # the house proposal says so where a translator sees it
    notes = [n.text for t in units["长效机制"].get_target_terms() for n in t.notes]
    assert any("House proposal" in n for n in notes)


def test_martif_export_leaves_deprecated_renderings_out_unless_asked(db):
    default = load_martif(export(db, "tbx2008"))
    assert not any(t.deprecated for u in default.units for t in u.get_target_terms())
    assert "labour union" not in [t.text for u in default.units for t in u.get_target_terms()]

    included = load_martif(export(db, "tbx2008", include_deprecated=True))
    deprecated = {t.text for u in included.units for t in u.get_target_terms() if t.deprecated}
    assert deprecated == {"workers' representative conference", "labour union"}


# --- the command --------------------------------------------------------------------------------------

def test_export_command_writes_every_format(runner, db, tmp_path, relaxng, schematron):
    for fmt in ("tbx", "tbx2008", "tsv", "csv", "omegat", "xlsx"):
        out = tmp_path / f"glossary.{fmt}"
        result = runner.invoke(["export", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    assert (tmp_path / "glossary.tbx").read_bytes() == export(db)
    assert_valid_v3((tmp_path / "glossary.tbx").read_bytes(), relaxng, schematron)
    result = runner.invoke(["export", "--format", "tbx2008", "--include-deprecated", "-o", str(tmp_path / "all.tbx")])
    assert b"deprecatedTerm-admn-sts" in (tmp_path / "all.tbx").read_bytes()
    assert b"deprecatedTerm-admn-sts" not in (tmp_path / "glossary.tbx2008").read_bytes()


def test_validate_command(runner, db, tmp_path, shared_dir):
    out = tmp_path / "glossary.tbx"
    runner.invoke(["export", "-o", str(out)])
    ok = runner.invoke(["validate", str(out), "--schemas", str(shared_dir / "tbx-schemas")])
    assert ok.exit_code == 0 and "valid TBX-Basic" in ok.output
    bad = runner.invoke(["validate", str(shared_dir / "tbx-schemas/samples/zh_en_tbx-basic_v3_INVALID.tbx"),
                         "--schemas", str(shared_dir / "tbx-schemas")])
    assert bad.exit_code == 1
    assert "Permitted type value(s)" in bad.output and "5 problems" in bad.output


def test_validate_says_at_once_that_a_martif_file_is_not_tbx_v3(runner, db, tmp_path, shared_dir):
    martif = tmp_path / "cat.tbx"
    runner.invoke(["export", "--format", "tbx2008", "-o", str(martif)])
    result = runner.invoke(["validate", str(martif), "--schemas", str(shared_dir / "tbx-schemas")])
    assert result.exit_code == 1 and "TBX 2008 (martif)" in result.output
    assert len(result.output.splitlines()) == 1  # one line, not a problem per element
    other = tmp_path / "other.xml"
    other.write_text("<glossary><entry/></glossary>", "utf-8")
    result = runner.invoke(["validate", str(other), "--schemas", str(shared_dir / "tbx-schemas")])
    assert result.exit_code == 1 and "<glossary>" in result.output
