"""Annotating a Chinese story: glossary terms longest first in either script, the term list, the HTML with
renderings on hover, the candidate terms not in the glossary yet, and bad input."""
from __future__ import annotations

import re

import pytest

from glossary.editing import annotate as ann, annotation_output, term_matching
from glossary.store.concepts import insert_concept


def add_concept(db, slug, zh_terms, en_terms=(), kind="organisation", **extra):
    """A concept for one test: zh_terms are strings or term dicts, en_terms (term, status) pairs."""
    with db.conn:
        return insert_concept(db, {
            "id": slug, "kind": kind,
            "zh": [t if isinstance(t, dict) else {"term": t} for t in zh_terms],
            "en": [{"term": term, "status": status, "sources": ["house"]} for term, status in en_terms],
            **extra,
        })


def spans(annotation):
    return [(o.text, o.start, o.end) for o in annotation.occurrences]


def test_nested_terms_match_longest_first(db):
    add_concept(db, "federation", ["总工会"], [("federation of trade unions", "preferred")])
    text = "郑州市总工会、总工会和工会"
    annotation = ann.annotate(db, text)
    assert spans(annotation) == [("郑州市总工会", 0, 6), ("总工会", 7, 10), ("工会", 11, 13)]
    assert [t.concept.slug for t in annotation.terms] == ["zhengzhou-ftu", "federation", "trade-union"]


def test_a_longest_match_that_splits_the_next_term_loses(db):
    add_concept(db, "trade-union-law", ["工会法"], [("Trade Union Law", "preferred")], kind="legal-concept")
    add_concept(db, "legal-aid", ["法律援助"], [("legal aid", "preferred")], kind="mechanism")
    annotation = ann.annotate(db, "工会法律援助和工会法")
    assert spans(annotation) == [("工会", 0, 2), ("法律援助", 2, 6), ("工会法", 7, 10)]


def test_traditional_and_mixed_text(db):
    annotation = ann.annotate(db, "鄭州市總工會召開職代會，審議女职工保护办法。")
    found = {t.zh: t for t in annotation.terms}
    assert set(found) == {"郑州市总工会", "职代会", "女职工"}  # listed by their simplified form
    assert found["郑州市总工会"].forms == ["鄭州市總工會"]
    assert spans(annotation)[0] == ("鄭州市總工會", 0, 6)  # offsets point into the text as given
    assert any("mixes simplified and traditional" in w for w in annotation.warnings)
    pure = ann.annotate(db, "職工代表大會")
    assert [t.zh for t in pure.terms] == ["职工代表大会"] and pure.warnings == []


def test_term_list_counts_first_offset_and_abbreviations(db):
    text = "工会召开职代会。职工代表大会和职代会都是。工会"
    rows = {r["zh"]: r for r in annotation_output.term_rows(ann.annotate(db, text))}
    assert rows["工会"]["count"] == 2 and rows["工会"]["first"] == 0
    assert rows["职代会"]["count"] == 2 and rows["职代会"]["first"] == 4
    assert rows["职代会"]["en"] == "workers' congress"
    assert rows["职代会"]["full_form"] == "职工代表大会"
    assert rows["职工代表大会"]["full_form"] is None
    assert rows["职代会"]["pinyin"] == "zhí dài huì"


def test_tsv_has_the_five_columns_then_the_concept(db):
    tsv = annotation_output.render_tsv(ann.annotate(db, "郑州市总工会建立长效机制。"))
    lines = tsv.splitlines()
    assert lines[0].split("\t")[:5] == ["zh", "en", "pinyin", "count", "first_offset"]
    assert lines[1].split("\t") == ["郑州市总工会", "Zhengzhou Federation of Trade Unions", "zhèng zhōu shì zǒng gōng huì",
                                    "1", "0", "zhengzhou-ftu", "house proposal"]
    assert lines[2].split("\t")[:5] == ["长效机制", "long-term mechanism", "cháng xiào jī zhì", "1", "8"]


def test_html_highlights_with_hover_and_escapes_everything(db):
    add_concept(db, "odd", ["奇怪术语"], [('<b>"odd" & co</b>', "preferred")])
    text = "<script>alert(1)</script>奇怪术语与职代会\n第二段"
    annotation = ann.annotate(db, text)
    html = annotation_output.render_html(annotation)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>&quot;odd" not in html
    marks = re.findall(r'<mark class="([^"]+)" data-concept="([^"]+)" title="([^"]*)">([^<]+)</mark>', html)
    assert ("term house", "odd", "&lt;b&gt;&#34;odd&#34; &amp; co&lt;/b&gt; (house proposal) · qí guài shù yǔ",
            "奇怪术语") in marks
    assert any(m[3] == "职代会" and m[2] == "workers&#39; congress · zhí dài huì · short for 职工代表大会" for m in marks)
    assert html.count("<p>") >= 2  # one per paragraph
    assert "<script" not in html.split("<body>")[1]  # no JavaScript needed for the hover


def test_candidates_found_by_generic_rules(db):
    text = ("实施了工资支付保证金“两金一卡”制度，唱响“四季歌”，培养“六有”先进单位，推行一岗双责。"
            "坚持“组织起来、切实维权”方针。他说：“精心组织，群策群力。”以行业为“枢纽”，"
            "“华丽转身”成为负责人。召开“职代会”。在一次五一表彰大会上。")
    candidates = {c.text: c.kind for c in ann.annotate(db, text).candidates}
    assert candidates == {
        "两金一卡": "numbered slogan",
        "四季歌": "numbered slogan",
        "六有": "numbered slogan",
        "一岗双责": "numbered slogan",
        "组织起来、切实维权": "slogan",
        "华丽转身": "quoted coinage",
    }  # not speech, not an ordinary word in scare quotes, not a glossary term, not 一次五一


def test_a_candidate_that_becomes_a_term_leaves_the_list(db):
    text = "实施“两金一卡”制度。"
    assert [c.text for c in ann.annotate(db, text).candidates] == ["两金一卡"]
    add_concept(db, "two-funds", ["两金一卡"], [("two funds and one card", "preferred")], kind="slogan")
    annotation = ann.annotate(db, text)
    assert annotation.candidates == [] and [t.zh for t in annotation.terms] == ["两金一卡"]


def test_automaton_is_built_once_and_refreshed_when_the_glossary_changes(db):
    first = ann.term_index(db)
    assert ann.term_index(db) is first
    add_concept(db, "new-one", ["新名词"], [("new term", "preferred")])
    second = ann.term_index(db)
    assert second is not first
    assert [t.zh for t in ann.annotate(db, "新名词").terms] == ["新名词"]
    with db.conn:  # an edit that only bumps a concept's version also refreshes it
        db.execute("UPDATE concepts SET version = version + 1 WHERE slug = 'new-one'")
    assert ann.term_index(db) is not second


def test_words_in_the_news_box(db):
    annotation = ann.annotate(db, "工会召开职代会。")
    news = ann.words_in_the_news(db, annotation)
    [entry] = news["entries"]  # only workers-congress has a definition and a 知识点 note in the mini glossary
    assert entry["zh"] == "职工代表大会" and entry["as_written"] == "职代会"
    assert entry["en"] == "workers' congress" and entry["pinyin"] == "zhí gōng dài biǎo dà huì"
    assert entry["note_zh"].startswith("职工代表大会是")
    assert [(r["zh"], r["en"]) for r in entry["related"]] == [("工会", "trade union")]
    slogans = ann.words_in_the_news(db, ann.annotate(db, "实施“两金一卡”制度。"))["new_slogans"]
    assert [c.text for c in slogans] == ["两金一卡"]


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("   \n\t ", "is empty"),
    ("The Zhengzhou Federation of Trade Unions held a workers' congress.", "is this the English draft?"),
    ("The federation (工会) held a long meeting of its workers' congress delegates on Monday.", "mostly English"),
    ("工会" * 60_000, "too long (120,000 characters; at most 100,000)"),
    ("工会\x00", "binary data"),
])
def test_bad_articles_get_clear_messages(db, text, message):
    with pytest.raises(ann.InputError, match=re.escape(message)):
        ann.annotate(db, text)


def test_control_characters_keep_offsets(db):
    annotation = ann.annotate(db, "\x07工会\r\n职代会")
    # a control character keeps its place; a \r\n line break counts as one, as on the site and in a file
    assert spans(annotation) == [("工会", 1, 3), ("职代会", 4, 7)]


def test_cli_tsv_and_html(runner, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("郑州市总工会召开职代会，实施“两金一卡”。\n", encoding="utf-8")
    result = runner.invoke(["annotate", str(story), "--format", "tsv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("郑州市总工会\tZhengzhou Federation of Trade Unions\t")
    assert "# not in the glossary yet: 两金一卡\tnumbered slogan\t1\t" in result.output
    html = runner.invoke(["annotate", str(story), "--format", "html"])
    assert html.exit_code == 0 and html.output.startswith("<!doctype html>")
    assert 'title="workers&#39; congress · zhí dài huì · short for 职工代表大会">职代会</mark>' in html.output


def test_cli_reads_gbk_and_standard_input(runner, tmp_path):
    story = tmp_path / "gbk.txt"
    story.write_bytes("工会召开职代会。".encode("gbk"))
    assert "职代会\tworkers' congress" in runner.invoke(["annotate", str(story)]).output
    piped = runner.invoke(["annotate", "-"], input="工会".encode("utf-8"))
    assert piped.exit_code == 0 and "工会\ttrade union" in piped.output


@pytest.mark.parametrize("content, message", [
    (b"", "the Chinese article is empty"),
    (b"Trade unions held a congress.", "is this the English draft?"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary data"),
    ("工会".encode() * 3_000_000, "too long"),
])
def test_cli_bad_input_is_an_error_not_a_traceback(runner, tmp_path, content, message):
    story = tmp_path / "story.txt"
    story.write_bytes(content)
    result = runner.invoke(["annotate", str(story)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert "Traceback" not in result.output


def test_cli_missing_file(runner, tmp_path):
    result = runner.invoke(["annotate", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_fast_scan_agrees_with_listing_every_match():
    """The one-pass leftmost-longest scan and the windows re-tiled after it give what listing every
    overlapping match would (random dense glossaries and texts over a few characters)."""
    import random

    rng = random.Random(20131018)
    for alphabet in ("工会法律援助职代大", "工会法"):
        for _ in range(400):
            patterns = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 12))}
            matcher = term_matching.SpanMatcher((p, i) for i, p in enumerate(sorted(patterns)))
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
            every = sorted(matcher.spans(text), key=lambda s: (s[0], -s[1]))
            greedy, taken_until = [], -1
            for span in every:
                if span[0] >= taken_until:
                    greedy.append(span[:2])
                    taken_until = span[1]
            assert [s[:2] for s in matcher.longest_spans(text)] == greedy, (sorted(patterns), text)
            for start in {s[0] for s in every}:
                run, run_end = [], -1
                for span in every:
                    if span[0] < start:
                        continue
                    if run and span[0] >= run_end:
                        break
                    run.append(span[:2])
                    run_end = max(run_end, span[1])
                assert [s[:2] for s in term_matching._overlapping_run(matcher, text, start)] == run, (sorted(patterns), text)


def test_word_boundaries_are_jiebas_own():
    """The re-tiling's word boundaries (its own loop over jieba's dictionary) are where jieba.lcut without
    the HMM puts them."""
    import jieba

    pieces = ["工会法律援助中心", "郑州市总工会副主席", "帮扶困难职工长效机制", "美容美发行业工资集体协商", "两金一卡制度",
              "职工代表大会审议", "工人先锋号集体", "x工会y法律", "了了了"]
    for piece in pieces:
        for start in range(3):
            text = "。" * start + piece
            inside, offset = set(), start
            for word in jieba.lcut(piece, HMM=False):
                inside.update(range(offset + 1, offset + len(word)))
                offset += len(word)
            assert term_matching._inside_words(text, start, len(text)) == inside, piece


def test_a_numbered_slogan_straddling_a_term_is_not_a_candidate(db):
    add_concept(db, "four-seasons", ["四季"], [("four seasons", "preferred")])
    found = {c.text for c in ann.annotate(db, "工会一季四季歌，两金一卡。").candidates}
    assert "季四季歌" not in found and "一季四季" not in found  # part glossary term, part not: no unit
    assert "两金一卡" in found
    assert ann.annotate(db, "四季四季。").candidates == []  # wholly glossary terms


def test_term_list_keys_spellings_by_term(db):
    """One entry per simplified term, its count over both scripts and its spellings in order of use."""
    annotation = ann.annotate(db, "职代会，職代會，职代会。郑州市总工会")
    uses = {t.zh: t for t in annotation.terms}
    assert uses["职代会"].count == 3 and uses["职代会"].forms == ["职代会", "職代會"] and uses["职代会"].first == 0
    assert [t.zh for t in annotation.terms] == ["职代会", "郑州市总工会"]
