"""Check's findings about names (issue #18): a place + union organisation is one name, draft spellings of
the source's people are held against their house romanisation, every British spelling is reported (inside
renderings too), `names --confirm` refuses non-GB/T 28039 spellings unless told, and `check` exits 1 on
findings. Ends with a real-looking story and draft, checked against the shipped glossary."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.editing import check as chk, check_output
from glossary.editing import names
from glossary.store.schema import GlossaryError, open_db
from glossary.store.concepts import insert_concept

DATA = Path(__file__).parent / "data"


def add_concept(db, slug, zh_terms, en_terms, kind="organisation"):
    with db.conn:
        return insert_concept(db, {
            "id": slug, "kind": kind, "zh": [{"term": t} for t in zh_terms],
            "en": [{"term": t, "status": s, "sources": ["house"]} for t, s in en_terms],
        })


def found(report):
    return [(f.type, f.zh, f.found, f.expected) for f in report.findings]


@pytest.fixture
def federations(db):
    add_concept(db, "municipal-federation", ["市总工会", "市总"],
                [("municipal federation of trade unions", "preferred"), ("city federation", "admitted")])
    add_concept(db, "provincial-federation", ["省总工会"], [("provincial federation of trade unions", "preferred")])
    return db


@pytest.mark.parametrize("zh, en", [
    ("广州市总工会召开会议。", "The Guangzhou Federation of Trade Unions held a meeting."),
    ("广州市总工会召开会议。", "The Guangzhou Municipal Federation of Trade Unions held a meeting."),
    ("广州市总召开会议。", "The Guangzhou Federation of Trade Unions held a meeting."),
    ("广东省总工会召开会议。", "The Guangdong Provincial Federation of Trade Unions held a meeting."),
    ("广东省总工会召开会议。", "The Guangdong Federation of Trade Unions held a meeting."),
    ("天河区总工会召开会议。", "The Tianhe District Federation of Trade Unions held a meeting."),
])
def test_a_place_and_a_union_organisation_are_one_name(federations, zh, en):
    assert chk.check(federations, zh, en).findings == []


def test_the_name_built_from_the_place_is_expected(federations):
    report = chk.check(federations, "广州市总工会召开会议。", "The municipal federation of trade unions held a meeting.")
    assert found(report) == [("missing", "广州市总工会", None, "Guangzhou Federation of Trade Unions")]
    assert report.findings[0].zh_offsets == [[0, 6]]


def test_the_generic_organisation_alone_is_still_checked(federations):
    # 全市 is not a place: 市总工会 there is the generic organisation
    report = chk.check(federations, "全市总工会召开会议。", "The meeting was held.")
    assert found(report) == [("missing", "市总工会", None, "municipal federation of trade unions")]


def test_a_misread_surname_is_reported(db):
    zh = "工会主席曾德峰说，工会开会。"
    report = chk.check(db, zh, "Ceng Defeng, the trade union's chairman, said the trade union met.")
    assert found(report) == [("name", "曾德峰", "Ceng Defeng", "Zeng Defeng")]
    assert report.findings[0].en_offsets == [[0, 11]]
    assert chk.check(db, zh, "Zeng Defeng, the trade union's chairman, said the trade union met.").findings == []
    apart = chk.check(db, zh, "Zeng De-feng, the trade union's chairman, said the trade union met.")
    assert found(apart) == [("name", "曾德峰", "Zeng De-feng", "Zeng Defeng")]


@pytest.mark.parametrize("spelling, why", [
    ("Tsai Qi", "Wade-Giles or mixed romanisation, not pinyin"),  # the surname in Wade-Giles
    ("Tsai Chi", "Wade-Giles or mixed romanisation, not pinyin"),  # both
    ("Cai Chi", "Wade-Giles or mixed romanisation, not pinyin"),  # the given name
    ("Qi Tsai", "Wade-Giles or mixed romanisation, given name first"),
])
def test_a_wade_giles_or_mixed_romanisation_of_a_source_name_is_reported(db, spelling, why):
    zh = "市委书记蔡奇说，工会开会。"
    report = chk.check(db, zh, f"{spelling}, the city's party chief, said the trade union met.")
    assert found(report) == [("name", "蔡奇", spelling, "Cai Qi")]
    assert why in report.findings[0].message
    assert chk.check(db, zh, "Cai Qi, the city's party chief, said the trade union met.").findings == []


def test_a_name_whose_chinese_is_not_in_the_story_keeps_its_own_spelling(db):
    # Tsai Ing-wen and Ma Ying-jeou (Taiwan) are not in the Chinese: their spellings are theirs, not errors
    report = chk.check(db, "市委书记蔡奇说，工会开会。",
                       "Cai Qi, the city's party chief, said the trade union met, as Tsai Ing-wen and Ma Ying-jeou did.")
    assert report.findings == []


def test_every_british_spelling_is_reported_inside_renderings_too(db):
    add_concept(db, "may-1-medal", ["五一劳动奖章"], [("National May 1 Labor Medal", "preferred"),
                                                    ("May Day Labour Medal", "admitted")])
    report = chk.check(db, "五一劳动奖章。", "He won the May Day Labour Medal for labour rights and labour peace.")
    style = [f for f in report.findings if f.type == "style"]
    assert [(f.found, f.en_offsets) for f in style] == [("Labour", [[19, 25]]), ("labour", [[36, 42], [54, 60]])]
    assert [f.type for f in report.findings if f.type != "style"] == ["admitted"]


def test_a_deprecated_british_rendering_is_still_one_finding(db):
    report = chk.check(db, "工会开会。", "The labour union met.")
    assert found(report) == [("deprecated", "工会", "labour union", "trade union")]


def test_check_exits_1_on_findings_0_when_clean_2_on_errors(runner, tmp_path):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("工会开会。", encoding="utf-8")
    en.write_text("The trade union met.", encoding="utf-8")
    assert runner.invoke(["check", "--zh", str(zh), "--en", str(en)]).exit_code == 0
    en.write_text("The labour union met in the labour centre.", encoding="utf-8")
    result = runner.invoke(["check", "--zh", str(zh), "--en", str(en)])
    assert result.exit_code == 1 and "[en 4-16]" in result.output
    assert runner.invoke(["check", "--zh", str(zh), "--en", str(en), "--json"]).exit_code == 1
    missing = runner.invoke(["check", "--zh", str(tmp_path / "none.txt"), "--en", str(en)])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_check_lists_every_place_of_a_style_finding(runner, tmp_path):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("工会开会。", encoding="utf-8")
    en.write_text("The trade union met on labour rights and labour law.", encoding="utf-8")
    result = runner.invoke(["check", "--zh", str(zh), "--en", str(en)])
    assert "[en 23-29, 41-47]" in result.output


def test_confirm_refuses_a_nonstandard_spelling_unless_told(runner, tmp_path, db_path):
    story = tmp_path / "story.txt"
    story.write_text("徐留平说，工会开会。", encoding="utf-8")
    refused = runner.invoke(["names", str(story), "--confirm", '徐留平="Hsu Liuping"'])
    assert refused.exit_code == 1 and "not the GB/T 28039 spelling" in refused.output and "Xu Liuping" in refused.output
    db = open_db(db_path)
    try:
        assert db.execute("SELECT count(*) FROM terms WHERE term = '徐留平'").fetchone()[0] == 0
    finally:
        db.close()
    kept = runner.invoke(["names", str(story), "--confirm", '徐留平="Hsu Liuping"', "--nonstandard"])
    assert kept.exit_code == 0 and "confirmed" in kept.output
    assert runner.invoke(["names", str(story), "--confirm", '徐留平="Xu Liuping"']).exit_code == 1  # now a clash


def test_standard_spellings_allow_polyphonic_given_names():
    assert names.standard_spellings("曾德峰", "person") == ["Zeng Defeng"]
    assert "Li Yuanle" in names.standard_spellings("李元乐", "person") or "Li Yuanyue" in names.standard_spellings(
        "李元乐", "person")
    with pytest.raises(GlossaryError):
        names.check_standard_spelling("徐留平", "Hsu Liuping", "person")


def test_the_guangzhou_story_and_its_draft_have_no_wrong_finding(real_db_path):
    """A real-looking story (广州市总工会, 广东省总工会, 曾德峰, 工会驿站) and a correct draft: no findings; the same
    draft with four mistakes: exactly those four."""
    zh = (DATA / "guangzhou_story_zh.txt").read_text("utf-8")
    good = (DATA / "guangzhou_draft_en.txt").read_text("utf-8")
    db = open_db(real_db_path, migrate_forward=False)
    try:
        assert chk.check(db, zh, good).findings == []
        bad = (good.replace("Zeng Defeng", "Ceng Defeng").replace("National May 1 Labor Medal", "National May 1 Labour Medal")
               .replace("Guangdong Provincial Federation", "Guangdong provincial trade union federation"))
        got = found(chk.check(db, zh, bad))
    finally:
        db.close()
    assert got == [
        ("name", "曾德峰", "Ceng Defeng", "Zeng Defeng"),
        ("missing", "广东省总工会", None, "Guangdong Provincial Federation of Trade Unions"),
        ("style", None, "Labour", "Labor"),
    ]


def test_a_misspelt_name_is_marked_in_the_draft(db):
    report = chk.check(db, "工会主席曾德峰说，工会开会。", "Ceng Defeng, the trade union's chairman, said the trade union met.")
    spans = [(s.start, s.end, s.css) for s in check_output.draft_spans(report)]
    assert (0, 11, "name") in spans


def test_a_misspelt_place_is_reported(real_db_path):
    db = open_db(real_db_path, migrate_forward=False)
    try:
        zh = "深圳市宝安区的工人说，工会很好。"
        wrong = chk.check(db, zh, "Workers in Shenzen said the trade union was good.")
        assert found(wrong) == [("name", "深圳", "Shenzen", "Shenzhen")]
        assert chk.check(db, zh, "Workers in Shenzhen said the trade union was good.").findings == []
    finally:
        db.close()
