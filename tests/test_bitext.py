"""Bilingual documents: adding (aligned, or aligned by the tool), the concordance, renderings proposed from the
evidence, and checking a published translation."""
from __future__ import annotations

import json
import re

import pytest

from glossary.bitext import align, documents, evidence, review
from glossary.store.build import content_dump
from glossary.store.schema import GlossaryError

# Made-up sentences in the shape of a statute and its translation (the tests' own text).
ZH = """第一条 为了保障职工权益，制定本办法。
第二条 工会依法组织职工参与民主管理。
工会召开职代会，审议集体合同草案。
第三条 本办法自公布之日起施行。
"""
EN = """Article 1 These Measures are formulated to protect the rights of workers.
Article 2 The trade union organizes workers to take part in democratic management according to law.
The trade union convenes the workers' congress to deliberate on the draft collective contract.
Article 3 These Measures take effect on the date of promulgation.
"""


def write(tmp_path, zh=ZH, en=EN, name="measures"):
    (tmp_path / f"{name}.zh.txt").write_text(zh, "utf-8")
    (tmp_path / f"{name}.en.txt").write_text(en, "utf-8")
    return tmp_path / f"{name}.zh.txt", tmp_path / f"{name}.en.txt"


def test_chinese_article_numbers():
    assert [align.chinese_number(t) for t in ("十二", "一百零五", "四十五", "3", "两")] == [12, 105, 45, 3, 2]


def test_running_texts_are_aligned_at_articles(db, tmp_path):
    units = align.align_running(ZH, EN)
    assert [u.status for u in units] == ["aligned"] * 4
    assert [u for u in units if u.zh.startswith("第二条")][0].en.startswith("Article 2")
    assert [u for u in units if u.zh.startswith("第三条")][0].en.startswith("Article 3")
    # a paragraph the translator left out: kept on its own, or the unit it joins is flagged by the check
    zh_path, en_path = write(tmp_path, zh=ZH + "这一段译者没有翻译，它讲的是另外一件事情，篇幅也比较长，还有好几个分句。\n")
    documents.add_bitext(db, zh_path, en_path, title="Left out", authority="law", aligned=False)
    units = documents.units_of(db, "left-out")
    alone = [u for u in units if "译者没有翻译" in u.zh and u.status == "zh-only"]
    flagged = [f for f in review.review_bitext(db, "left-out") if f["kind"] in ("untranslated", "possibly incomplete")]
    assert alone or flagged


def test_add_aligned_then_concordance_and_proposals(db, tmp_path):
    zh_path, en_path = write(tmp_path)
    done = documents.add_bitext(db, zh_path, en_path, title="Sample measures", authority="law",
                                url="https://example.org/measures")
    assert (done.units, done.aligned) == (4, 4)
    found = evidence.concordance(db, "职代会")
    pair = found["pairs"][0]
    assert pair["title"] == "Sample measures" and pair["authority"] == "law"
    a, b = pair["zh_spans"][0]
    assert pair["zh"][a:b] == "职代会"
    a, b = pair["en_spans"][0]
    assert pair["en"][a:b].lower() == "workers' congress"
    proposed = evidence.proposals(db, "工会")["proposals"]
    assert proposed[0]["english"] == "trade union" and proposed[0]["count"] == 2


def test_traditional_chinese_finds_the_same_pairs(db, tmp_path):
    from glossary.lang.text import to_traditional

    zh_path, en_path = write(tmp_path, zh=to_traditional(ZH))
    documents.add_bitext(db, zh_path, en_path, title="Traditional measures", authority="law", region="TW")
    pairs = evidence.concordance(db, "职代会")["pairs"]
    assert pairs and pairs[0]["region"] == "TW" and "職代會" in pairs[0]["zh"]


def test_bad_bitexts_change_nothing(db, tmp_path):
    before = content_dump(db)
    zh_path, en_path = write(tmp_path)
    (tmp_path / "empty.en.txt").write_text("", "utf-8")
    with pytest.raises(GlossaryError):
        documents.add_bitext(db, zh_path, tmp_path / "empty.en.txt", title="x", authority="law")
    with pytest.raises(GlossaryError):
        documents.add_bitext(db, zh_path, en_path, title="x", authority="wiki")
    with pytest.raises(GlossaryError):
        documents.add_bitext(db, zh_path, en_path, title="x", authority="law", url="javascript:alert(1)")
    assert content_dump(db) == before


def test_check_reports_an_untranslated_unit(db, tmp_path):
    zh_path, en_path = write(tmp_path, en=EN.replace(
        "The trade union convenes the workers' congress to deliberate on the draft collective contract.", ""))
    documents.add_bitext(db, zh_path, en_path, title="Gappy", authority="law", aligned=True)
    findings = review.review_bitext(db, "gappy")
    assert any(f["kind"] == "untranslated" for f in findings)


def test_the_site_shows_translated_before(db, client, tmp_path):
    zh_path, en_path = write(tmp_path)
    documents.add_bitext(db, zh_path, en_path, title="Sample <b>measures</b>", authority="law")
    page = client.get("/term/workers-congress").get_data(as_text=True)
    assert "Translated before" in page and "<mark>职代会</mark>" in page
    assert "Sample &lt;b&gt;measures&lt;/b&gt;" in page
    data = client.get("/api/terms/trade-union/translations").get_json()
    assert data["pairs"] and data["proposals"][0]["english"] == "trade union"


def test_taiwan_acts_load_with_one_command_and_check_finds_the_two_gaps(runner, shared_dir):
    parallel = shared_dir / "parallel"
    if not parallel.is_dir():
        pytest.skip(f"no parallel texts at {parallel}")
    result = runner.invoke(["bitext", "add", str(parallel), "--authority", "law", "--region", "TW"])
    assert result.exit_code == 0 and result.output.count("added") == 4, result.output
    union = runner.invoke(["bitext", "check", "taiwan-labor-union-act", "--no-terms", "--json"])
    assert union.exit_code == 1 and "Article 3" in {f["label"] for f in json.loads(union.output)}
    standards = runner.invoke(["bitext", "check", "taiwan-labor-standards-act", "--no-terms", "--json"])
    assert "Article 45" in {f["label"] for f in json.loads(standards.output)}
    proposed = json.loads(runner.invoke(["bitext", "propose", "團體協約", "--json"]).output)
    assert proposed["proposals"][0]["english"] == "collective agreement" and proposed["regions"] == ["TW"]


# --- accepting a proposal with one action ------------------------------------------------------------------

def test_an_editor_accepts_a_proposed_rendering_citing_the_translation(db, db_path, client, tmp_path, fast_hashing):
    from tests.curation_support import add_accounts, as_multidict, form_fields, login

    zh = "第一条 劳务派遣单位应当依法订立合同。\n第二条 劳务派遣单位不得克扣报酬。\n"
    en = ("Article 1 A labor dispatch agency shall conclude contracts according to law.\n"
          "Article 2 A labor dispatch agency shall not withhold pay.\n")
    zh_path, en_path = write(tmp_path, zh=zh, en=en, name="dispatch")
    documents.add_bitext(db, zh_path, en_path, title="Dispatch rules", authority="law", region="TW",
                         url="https://example.org/dispatch")
    from glossary.curation import edits
    from glossary.store import concepts as store

    state = edits.draft_concept("劳务派遣单位", "organisation")  # a concept holding the term, a house rendering
    state["en"] = [{"term": "staffing agency", "status": "preferred", "sources": ["house"]}]
    edits.create_concept(db, {**state, "id": "dispatch-agency"}, "test")
    add_accounts(db_path)
    login(client, "eddie")
    page = client.get("/curate/concepts/dispatch-agency/edit").get_data(as_text=True)
    assert "labor dispatch agency" in page
    fields = form_fields(page, "/curate/concepts/dispatch-agency/accept-proposal")
    assert ("english", "labor dispatch agency") in fields
    assert client.post("/curate/concepts/dispatch-agency/accept-proposal", data=as_multidict(fields)).status_code == 302
    saved = store.concept_state(db, store.concept_id_for(db, "dispatch-agency"))
    added = [t for t in saved["en"] if t["term"] == "labor dispatch agency"][0]
    assert added["status"] == "admitted" and "Taiwan usage" in added["note"]  # regional: never preferred
    source = db.execute("SELECT authority, url FROM sources WHERE id = ?", [added["sources"][0]]).fetchone()
    assert source == ("law", "https://example.org/dispatch")
    # without a login (or a CSRF token) nothing is accepted
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)})
    assert client.post("/curate/concepts/dispatch-agency/accept-proposal", data=as_multidict(fields)).status_code in (302, 400, 403)
    assert len([t for t in store.concept_state(db, store.concept_id_for(db, "dispatch-agency"))["en"]]) == 2


def test_a_law_s_name_is_proposed_with_its_closing_act(db, tmp_path):
    # "Act" and "Law" close no proposal for other terms (statutes' boilerplate), but close a law's own name
    zh = "第一条 依照工会法，工会依法维护职工权益。\n第二条 违反工会法的，由有关部门处理。\n第三条 工会法另有规定的，从其规定。\n"
    en = ("Article 1 Under the Labor Union Act, unions protect the rights of workers according to law.\n"
          "Article 2 Violations of the Labor Union Act are handled by the competent authorities.\n"
          "Article 3 Where the Labor Union Act provides otherwise, those provisions prevail.\n")
    zh_path, en_path = write(tmp_path, zh=zh, en=en, name="act")
    documents.add_bitext(db, zh_path, en_path, title="An act", authority="law")
    assert evidence.proposals(db, "工会法")["proposals"][0]["english"] == "labor union act"
    assert not [p for p in evidence.proposals(db, "工会")["proposals"] if p["english"].endswith((" act", " law"))]


def test_the_concordance_says_how_many_pairs_there_are_beyond_those_shown(db, tmp_path):
    zh_path, en_path = write(tmp_path)
    documents.add_bitext(db, zh_path, en_path, title="Sample measures", authority="law")
    found = evidence.concordance(db, "工会", limit=1)
    assert len(found["pairs"]) == 1 and found["total"] == 2
    assert evidence.concordance(db, "工会", limit=5)["total"] == 2


def test_check_groups_a_term_missing_again_and_again_and_names_headings_by_their_text(db, runner, tmp_path):
    """`bitext check` prints one line per term missing from its units' English, with how often and where,
    not one line per occurrence; a heading is named by its text, not a unit number."""
    zh = ("第一章 工会\n"
          "第一条 工会代表职工。工会维护职工权益。\n"
          "第二条 工会依法开展工作。\n")
    en = ("Chapter I Workers' Organizations\n"
          "Article 1 The workers' organization represents workers. It protects their rights.\n"
          "Article 2 The workers' organization works according to law.\n")
    zh_path, en_path = write(tmp_path, zh=zh, en=en, name="grouped")
    (tmp_path / "grouped.meta.tsv").write_text("line\ttype\tzh_ref\ten_ref\tnote\n1\theading\t\t\t\n", "utf-8")
    documents.add_bitext(db, zh_path, en_path, title="Grouped", authority="law", aligned=True)
    findings = review.review_bitext(db, "grouped")
    assert [(f["label"], f["term"]) for f in findings] == [
        ("Chapter I Workers' Organizations", "工会"), ("Article 1", "工会"), ("Article 1", "工会"),
        ("Article 2", "工会")]
    result = runner.invoke(["bitext", "check", "grouped"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert [line for line in lines if line.startswith("工会")] == [
        "工会: rendering missing 4 times (none of trade union in the English), in Chapter I Workers' "
        "Organizations, Article 1 (2), Article 2"]
    assert "unit 1" not in result.output
