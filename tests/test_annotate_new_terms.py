"""Annotate (issue #18): new compounds the glossary lacks are listed (the miner's tokens and statistics, not
a list), 五一 is not a numbered slogan, offsets are the same on the site and the command line, and a
traditional story's terms are listed as it writes them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.editing import annotate as ann, annotation_output
from glossary.store.schema import open_db

DATA = Path(__file__).parent / "data"


@pytest.fixture
def real_db(real_db_path, tmp_path):
    """A copy of the shipped glossary without the 2020s terms these tests treat as new."""
    import shutil

    from tests.curation_support import remove_concepts_holding

    path = tmp_path / "without-new-terms.db"
    shutil.copy(real_db_path, path)
    db = open_db(path)
    remove_concepts_holding(db)
    yield db
    db.close()


def candidates(annotation):
    return {c.text: c.kind for c in annotation.candidates}


def test_new_compounds_ending_in_a_known_head_are_listed(real_db):
    story = "推进新就业形态劳动者入会，为户外劳动者建设工会驿站。工会驿站服务环卫工人。"
    found = candidates(ann.annotate(real_db, story))
    assert found.get("新就业形态劳动者") == "new compound"
    assert found.get("户外劳动者") == "new compound"
    assert found.get("工会驿站") == "new compound"  # a glossary term + a noun, twice
    assert "建设工会驿站" not in found and "建设户外劳动者" not in found  # a verb and its object


def test_everyday_phrases_are_not_new_terms(real_db):
    found = candidates(ann.annotate(real_db, "广大职工和普通职工、优秀职工都参加。各级工会和全市工会开会。"))
    assert not any(kind == "new compound" for kind in found.values()), found


def test_the_guangzhou_story_lists_its_new_terms_and_not_may_day(real_db):
    story = (DATA / "guangzhou_story_zh.txt").read_text("utf-8")
    found = candidates(ann.annotate(real_db, story))
    assert "五一" not in found  # May Day in quotation marks, not a numbered slogan
    assert {"工会驿站", "户外劳动者"} <= set(found)


def test_quoted_numbered_slogans_are_still_found(db):
    found = candidates(ann.annotate(db, "培养“六有”先进单位，实施“两金一卡”制度。"))
    assert found.get("六有") == "numbered slogan" and found.get("两金一卡") == "numbered slogan"


def test_offsets_are_the_same_on_the_site_and_the_command_line(real_db_path, tmp_path):
    from click.testing import CliRunner

    from glossary.cli.main import cli
    from web import create_app

    story = "第一段。\n职代会召开。\n\n郑州市总工会主席说，工会驿站很好。工会驿站。\n"
    path = tmp_path / "story.txt"
    path.write_bytes(story.encode("utf-8"))
    cli_rows = CliRunner().invoke(cli, ["annotate", str(path), "--db", str(real_db_path)]).output.splitlines()
    cli_first = {line.split("\t")[0]: int(line.split("\t")[4]) for line in cli_rows[1:] if not line.startswith("#")}
    copy = tmp_path / "terms.db"
    copy.write_bytes(real_db_path.read_bytes())
    client = create_app({"TESTING": True, "GLOSSARY_DB": str(copy), "WTF_CSRF_ENABLED": False}).test_client()
    page = client.post("/annotate", data={"zh": story.replace("\n", "\r\n")}).get_data(as_text=True)  # as a browser sends it
    table = page[page.index('<table class="terms'):]
    table = table[:table.index("</table>")]
    web_first = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        web_first[re.sub(r"<[^>]+>", "", cells[0]).split()[0]] = int(cells[4])
    assert cli_first and web_first == cli_first


def test_a_traditional_story_is_listed_in_its_own_forms(real_db):
    rows = annotation_output.term_rows(ann.annotate(real_db, "鄭州市總工會召開職代會。"))
    assert [r["zh"] for r in rows][:2] == ["鄭州市總工會", "職代會"]
    assert rows[0]["simplified"] == "郑州市总工会"
    assert "鄭州市總工會" in annotation_output.render_tsv(ann.annotate(real_db, "鄭州市總工會召開職代會。"))


@pytest.mark.parametrize("story", ["深化工会改革。", "配强工会干部。", "牢记工会使命。", "压实工会责任，树牢工会意识。"])
def test_a_governing_verb_is_not_glued_onto_a_term(real_db, story):
    # jieba's dictionary tags 深化 j and 牢记 n, and lacks 配强: they are verbs and their objects all the same
    found = candidates(ann.annotate(real_db, story))
    assert not any(kind == "new compound" for kind in found.values()), found


def test_a_word_jiebas_dictionary_lacks_is_a_verb_when_jieba_cuts_it_as_one():
    from glossary.editing import new_terms

    assert "深化" in new_terms.governing_verbs()
    assert new_terms._unknown_verb("配强") and new_terms._unknown_verb("筑牢")  # v; v + a (a verb and its result)
    assert not new_terms._unknown_verb("网约车") and not new_terms._unknown_verb("新就业")  # n + n; a + v
