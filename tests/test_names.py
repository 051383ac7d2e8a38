"""People and places: GB/T 28039 romanisation with the surname table, places in house style, detection in
a story, and confirmed spellings remembered in the glossary."""
from __future__ import annotations

import json

import pytest

from glossary.editing import names
from glossary.store.schema import GlossaryError, open_db
from glossary.store.concepts import get_entry


@pytest.mark.parametrize("zh, expected", [
    ("李元法", "Li Yuanfa"),
    ("王兆国", "Wang Zhaoguo"),
    ("单田芳", "Shan Tianfang"),
    ("曾庆红", "Zeng Qinghong"),
    ("解振华", "Xie Zhenhua"),
    ("仇和", "Qiu He"),
    ("区伟", "Ou Wei"),
    ("查良镛", "Zha Liangyong"),
    ("朴槿惠", "Piao Jinhui"),
    ("盖军", "Ge Jun"),
    ("乐嘉", "Yue Jia"),
    ("覃明", "Qin Ming"),
    ("翟志刚", "Zhai Zhigang"),
    ("尉迟恭", "Yuchi Gong"),
    ("万俟卨", "Moqi Xie"),
    ("欧阳修", "Ouyang Xiu"),
    ("诸葛亮", "Zhuge Liang"),
    ("吕明", "Lü Ming"),  # ü kept, never v
    ("王天安", "Wang Tian'an"),  # apostrophe where a syllable boundary could be misread
])
def test_people_in_gb_t_28039_style(zh, expected):
    assert names.romanize_person(zh)[0] == expected


def test_surname_notes_say_why():
    assert names.romanize_person("曾庆红")[1][0] == "曾 is read Zeng as a surname (common reading céng)"
    assert "欧阳 is a compound surname" in names.romanize_person("欧阳修")[1]


@pytest.mark.parametrize("zh, expected", [
    ("郑州市", "Zhengzhou"),
    ("郑州", "Zhengzhou"),
    ("河南省", "Henan province"),
    ("湖南省", "Hunan province"),
    ("陕西省", "Shaanxi province"),
    ("山西省", "Shanxi province"),
    ("西安市", "Xi'an"),
    ("榆中县", "Yuzhong county"),
    ("内蒙古自治区", "Inner Mongolia"),
])
def test_places_in_house_style(zh, expected):
    assert names.romanize_place(zh)[0] == expected


def test_pinyin_syllables():
    assert names.split_syllables("Zhengzhou") == ["zheng", "zhou"]
    assert names.split_syllables("Xi'an") == ["xi", "an"]
    assert names.split_syllables("lüe") == ["lüe"]
    assert names.split_syllables("Mexico") is None
    assert names.join_syllables(["tian", "an", "men"]) == "tian'anmen"
    assert names.join_syllables(["hong", "e"]) == "hong'e"


STORY = ("□本报记者 余嘉熙 本报通讯员 胡忠和 尧立\n"
         "郑州市人大常委会副主任、市总工会主席李元法认为，要服务好郑州的发展。"
         "刚刚荣获省“五一劳动奖章”的王利迫不及待地走下领奖台。"
         "富士康集团副总经理何友成说，郑州园区工会组建的时间只有半年。"
         "引起了全国总工会王兆国主席的重视。在河南省郑州市，以及兰石集团和都市生活。")


def test_names_found_in_a_story(db):
    found = {e.zh: e for e in names.find_names(db, STORY)}
    people = {zh: e.en for zh, e in found.items() if e.kind == "person"}
    assert people == {
        "余嘉熙": "Yu Jiaxi", "胡忠和": "Hu Zhonghe", "尧立": "Yao Li",  # the byline
        "李元法": "Li Yuanfa",  # after a title
        "王利": "Wang Li",  # jieba's name tag
        "何友成": "He Youcheng", "王兆国": "Wang Zhaoguo",  # before 说 / 主席
    }
    places = {zh: (e.en, e.forms) for zh, e in found.items() if e.kind == "place"}
    assert places == {"郑州": ("Zhengzhou", ["郑州市", "郑州"]), "河南": ("Henan province", ["河南省"])}
    assert all(e.review and e.source == "romanised" for e in found.values())
    assert found["胡忠和"].cue == "byline" and found["李元法"].cue == "主席"


def test_a_name_whose_surname_the_table_lacks_is_found_beside_a_title_or_a_verb_of_saying(db):
    # 习 is not among the table's common surnames; jieba tags 习近平 as a name, and 主席 / 说 stand beside it
    assert "习" not in names.surnames()
    found = {e.zh: e for e in names.find_names(db, "国家主席习近平出席会议。习近平说，要加强团结。")}
    assert found["习近平"].kind == "person" and found["习近平"].en == "Xi Jinping" and found["习近平"].review
    # without such a cue, an unlisted surname is not enough: 习惯 is no name
    assert not [e for e in names.find_names(db, "这是一个好习惯。") if e.kind == "person"]


def test_confirmed_spelling_is_remembered(runner, tmp_path, db_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    before = json.loads(runner.invoke(["names", str(story), "--json"]).output)
    assert next(e for e in before if e["zh"] == "李元法")["review"] is True

    result = runner.invoke(["names", str(story), "--confirm", '李元法="Li Yuanfa"', "--confirm", "郑州=Zhengzhou"])
    assert result.exit_code == 0, result.output
    assert "李元法 = Li Yuanfa: confirmed (person, person-li-yuanfa)" in result.output
    lines = {line.split()[2]: line for line in result.output.splitlines() if line.startswith(("ok", "review"))}
    assert lines["李元法"].startswith("ok     person")
    assert lines["郑州"].startswith("ok     place") and "×4" in lines["郑州"]  # 郑州 and 郑州市, twice each

    db = open_db(db_path)
    try:
        entry = get_entry(db, db.execute("SELECT id FROM concepts WHERE slug = 'person-li-yuanfa'").fetchone()[0])
        assert (entry["kind"], entry["zh"], entry["en"], entry["pinyin"]) == ("person", "李元法", "Li Yuanfa", "lǐ yuán fǎ")
        assert entry["en_terms"][0]["sources"][0]["id"] == "house" and entry["en_house_proposal"]
    finally:
        db.close()
    # confirming it again is harmless; a different spelling is refused, and nothing is written
    again = runner.invoke(["names", str(story), "--confirm", "李元法=Li Yuanfa"])
    assert "already confirmed" in again.output
    clash = runner.invoke(["names", str(story), "--confirm", "李元法=Lee Yuen-fat"])
    assert clash.exit_code == 1 and "李元法 is already in the glossary as Li Yuanfa" in clash.output


@pytest.mark.parametrize("value, message", [
    ("李元法", 'write it as 李元法="Li Yuanfa"'),
    ("Li=Li Yuanfa", "must be Chinese characters"),
    ("李元法=", "must be the romanised name"),
    ("李元法=李元法", "must be the romanised name"),
])
def test_bad_confirmations(value, message):
    with pytest.raises(GlossaryError, match=message):
        names.parse_confirmation(value)


def test_a_bad_confirmation_writes_nothing(runner, tmp_path, db_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = runner.invoke(["names", str(story), "--confirm", "李元法=Li Yuanfa", "--confirm", "王利"])
    assert result.exit_code == 1
    db = open_db(db_path)
    try:
        assert db.execute("SELECT count(*) FROM concepts WHERE kind = 'person'").fetchone()[0] == 0
    finally:
        db.close()


def test_an_established_name_in_the_glossary_wins(db):
    from glossary.store.concepts import insert_concept

    with db.conn:
        insert_concept(db, {"id": "foxconn", "kind": "organisation", "zh": [{"term": "富士康"}],
                            "en": [{"term": "Foxconn", "status": "preferred", "sources": ["house"]}]})
    found = {e.zh: e for e in names.find_names(db, "郑州市有富士康。富士康副总经理何友成说。")}
    assert found["何友成"].en == "He Youcheng"
    assert "富士康" not in found  # an organisation is not a person or a place


def test_names_cli_json_and_bad_input(runner, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("本报记者 曾庆红\n", encoding="utf-8")
    result = runner.invoke(["names", str(story), "--json"])
    [entry] = json.loads(result.output)
    assert (entry["zh"], entry["en"], entry["kind"], entry["review"]) == ("曾庆红", "Zeng Qinghong", "person", True)
    story.write_text("Reporter Zeng Qinghong", encoding="utf-8")
    bad = runner.invoke(["names", str(story)])
    assert bad.exit_code == 1 and "is this the English draft?" in bad.output


def test_a_place_opening_an_organisations_name_is_listed(db):
    """西安市总工会 is matched as an organisation (whole, or as 西安市 + the generic 市总工会), but the editor still
    romanises its place: Xi'an, with the apostrophe. A place the glossary has keeps its confirmed spelling."""
    from glossary.store.concepts import insert_concept

    with db.conn:
        for slug, zh, en in [("city-ftu", "市总工会", "municipal federation of trade unions"),
                             ("prov-ftu", "省总工会", "provincial federation of trade unions"),
                             ("court", "区人民法院", "district people's court"),
                             ("hrss", "市人社局", "municipal human resources and social security bureau")]:
            insert_concept(db, {"id": slug, "kind": "organisation", "zh": [{"term": zh}],
                                "en": [{"term": en, "status": "preferred", "sources": ["house"]}]})
        insert_concept(db, {"id": "xian-ftu", "kind": "organisation", "zh": [{"term": "宝鸡市总工会"}],
                            "en": [{"term": "Baoji Federation of Trade Unions", "status": "preferred",
                                    "sources": ["house"]}]})
    story = ("西安市总工会召开会议，陕西省总工会派人出席。海淀区人民法院作出判决。成都市人社局发布通知。"
             "宝鸡市总工会也来了。西安市总的干部说。郑州市总工会主席说。")
    found = {e.zh: e for e in names.find_names(db, story)}
    places = {zh: e.en for zh, e in found.items() if e.kind == "place"}
    assert places == {"西安": "Xi'an", "陕西": "Shaanxi province", "海淀": "Haidian district", "成都": "Chengdu",
                      "宝鸡": "Baoji", "郑州": "Zhengzhou"}
    assert found["西安"].count == 2 and found["西安"].review
    assert any("宝鸡市总工会" in note for note in found["宝鸡"].notes)
    # a term that merely contains a place-like word without its unit is not cut up (全国总工会 has no place)
    assert not [e for e in names.find_names(db, "全国总工会召开会议。") if e.kind == "place"]


def test_a_confirmed_place_inside_an_organisations_name_keeps_its_spelling(db):
    from glossary.store.concepts import insert_concept

    with db.conn:
        insert_concept(db, {"id": "place-zz", "kind": "place", "zh": [{"term": "郑州"}, {"term": "郑州市"}],
                            "en": [{"term": "Zhengzhou", "status": "preferred", "sources": ["house"]}]})
    [entry] = [e for e in names.find_names(db, "郑州市总工会主席说。") if e.kind == "place"]
    assert (entry.zh, entry.en, entry.source, entry.review) == ("郑州", "Zhengzhou", "glossary", False)


@pytest.mark.parametrize("story, people", [
    ("会上，张三、李四和王五发了言。", ["张三", "李四", "王五"]),  # 和 before the last; jieba cuts 王 | 五发
    ("参加会议的有张三、李四、王五等。", ["张三", "李四", "王五"]),  # closed by 等 (jieba: 王 | 五等)
    ("劳模张三、李四及王五受到表彰。", ["张三", "李四", "王五"]),  # 及
    ("记者张建国、李红梅和王志强报道。", ["张建国", "李红梅", "王志强"]),  # the text runs on: as long as the others
    ("表彰了赵文明、钱学斌与孙立新等同志。", ["赵文明", "钱学斌", "孙立新"]),  # the name found is in the middle
    ("主席李元法、副主席王建国以及刘志强出席会议。", ["李元法", "王建国", "刘志强"]),
])
def test_every_name_of_an_enumeration_is_found(db, story, people):
    found = [e.zh for e in names.find_names(db, story) if e.kind == "person"]
    assert found == people


@pytest.mark.parametrize("story", [
    "主席李元法和国家领导人、同事们一起。",  # words after 和, not names
    "主席李元法与会员们座谈。",
    "主席李元法和高度评价。",  # 高度评 would be cut out of 高度评价
])
def test_words_listed_beside_a_name_are_not_names(db, story):
    assert [e.zh for e in names.find_names(db, story) if e.kind == "person"] == ["李元法"]


def test_a_confirmed_name_opens_an_enumeration_too(db):
    from glossary.store.concepts import insert_concept

    with db.conn:
        insert_concept(db, {"id": "person-li-yuanfa", "kind": "person", "zh": [{"term": "李元法"}],
                            "en": [{"term": "Li Yuanfa", "status": "preferred", "sources": ["house"]}]})
    found = {e.zh: e for e in names.find_names(db, "会上，李元法、张建华和王五等人发了言。") if e.kind == "person"}
    assert list(found) == ["李元法", "张建华", "王五"]
    assert found["李元法"].source == "glossary" and found["王五"].cue == "list" and found["王五"].review
