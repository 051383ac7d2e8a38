"""False alarms of the draft checker found in a walk-through, each with a small made-up story and draft:
a full name shortened inside a longer name (the ACFTU inside a congress's name) and a rendering crossing a
deprecated one (工会改革 in "labour union reform"); a verb rendering in its inflections (帮扶 "help"); and
British -ise spellings beyond organise, both ways (flagged, and the -ise words both spellings share not)."""
from __future__ import annotations

import pytest

from glossary.editing import check as chk
from glossary.editing.english_matching import fold_word
from glossary.lang.spelling import american_ize

from tests.test_check import add_concept, kinds


def _acftu_and_congress(db):
    add_concept(db, "acftu", ["中华全国总工会"], [("All-China Federation of Trade Unions", "preferred"),
                                               ("ACFTU", "admitted", "acronym"),
                                               ("the federation", "admitted", "shortForm")])
    add_concept(db, "congress-18", ["中国工会第十八次全国代表大会"],
                [("18th National Congress of Chinese Trade Unions", "preferred"),
                 ("18th National Congress of the All-China Federation of Trade Unions", "admitted")])
    add_concept(db, "acftu-executive", ["全总执委会"],
                [("Executive Committee of the All-China Federation of Trade Unions", "preferred")])


def test_an_acronym_inside_a_longer_name_renders_the_longer_name(db):
    _acftu_and_congress(db)
    zh = "中国工会第十八次全国代表大会在北京开幕。"
    for draft in ("The 18th National Congress of the ACFTU opened in Beijing.",
                  "The ACFTU's 18th National Congress opened in Beijing.",
                  "The All-China Federation of Trade Unions' 18th National Congress opened in Beijing."):
        report = chk.check(db, zh, draft)
        # the congress is rendered (by its admitted name), and ACFTU is not found apart from it
        assert [(f.type, f.zh) for f in report.findings] == [("admitted", "中国工会第十八次全国代表大会")], draft
        assert report.findings[0].found in draft
        assert len(report.matches) == 1 and report.matches[0].text == report.findings[0].found
    # the preferred name's own short form: no finding at all
    report = chk.check(db, "全总执委会开会。", "The Executive Committee of the ACFTU met.")
    assert report.findings == []


def test_the_acronym_alone_still_renders_only_its_own_concept(db):
    _acftu_and_congress(db)
    report = chk.check(db, "中国工会第十八次全国代表大会在北京开幕。", "The ACFTU met in Beijing.")
    assert kinds(report) == [("missing", "中国工会第十八次全国代表大会", None,
                              "18th National Congress of Chinese Trade Unions")]
    # "the federation" (a short form, not an acronym) does not stand for the name inside another
    report = chk.check(db, "中国工会第十八次全国代表大会在北京开幕。", "The 18th National Congress of the federation opened.")
    assert [f.type for f in report.findings] == ["missing"]


def _union_reform(db):
    add_concept(db, "union-reform", ["工会改革"], [("union reform", "preferred"), ("trade union reform", "admitted")])


def test_a_rendering_crossing_a_deprecated_one_still_counts(db):
    _union_reform(db)
    report = chk.check(db, "会议讨论了工会改革。", "The meeting discussed labour union reform.")
    # "labour union" is flagged where it is; 工会改革 is rendered ("union reform"), not missing
    assert kinds(report) == [("deprecated", "工会", "labour union", "trade union")]
    assert report.findings[0].en_offsets == [[22, 34]]


def test_a_correct_longer_rendering_is_not_flagged(db):
    _union_reform(db)
    assert chk.check(db, "会议讨论了工会改革。", "The meeting discussed union reform.").findings == []
    report = chk.check(db, "会议讨论了工会改革。", "The meeting discussed trade union reform.")
    assert kinds(report) == [("admitted", "工会改革", "trade union reform", "union reform")]
    # the source's own 工会 is not rendered by the "trade union" inside "trade union reform"
    report = chk.check(db, "工会讨论了工会改革。", "The meeting discussed union reform with the labour union.")
    assert kinds(report) == [("deprecated", "工会", "labour union", "trade union")]
    report = chk.check(db, "工会讨论了工会改革。", "The meeting discussed trade union reform.")
    assert kinds(report) == [("missing", "工会", None, "trade union"),
                             ("admitted", "工会改革", "trade union reform", "union reform")]


def test_help_and_support_is_not_help(db):
    """The glossary's 帮扶 (preferred "assistance", admitted "help and support") cannot credit a draft that
    writes "helps": the data needs "help" (see the next test)."""
    add_concept(db, "assistance", ["帮扶"], [("assistance", "preferred"), ("help and support", "admitted")])
    zh = "工会帮扶女职工。"
    assert [f.type for f in chk.check(db, zh, "The trade union helps women workers.").findings] == ["missing"]
    report = chk.check(db, zh, "The trade union is helping and supporting women workers.")
    assert [(f.type, f.found) for f in report.findings] == [("admitted", "helping and supporting")]


def test_a_verb_rendering_counts_in_its_inflections(db):
    """帮扶 is mostly a verb: with "help" admitted for it, "helps", "is helping", "helped" and "gave help"
    render it (admitted: the house rendering stays "assistance")."""
    add_concept(db, "assistance", ["帮扶"], [("assistance", "preferred"), ("help and support", "admitted"),
                                            ("help", "admitted")])
    zh = "工会帮扶女职工。"
    for draft in ("The trade union helps women workers.", "The trade union is helping women workers.",
                  "The trade union helped women workers.", "The trade union gave help to women workers."):
        report = chk.check(db, zh, draft)
        assert [f.type for f in report.findings] == ["admitted"], draft


@pytest.mark.parametrize("british, american", [
    ("organise", "organize"), ("Organisations", "Organizations"), ("organisational", "organizational"),
    ("mobilise", "mobilize"), ("mobilisation", "mobilization"), ("privatisation", "privatization"),
    ("modernisation", "modernization"), ("modernised", "modernized"), ("specialise", "specialize"),
    ("prioritising", "prioritizing"), ("realised", "realized"), ("recognises", "recognizes"),
    ("reorganised", "reorganized"), ("ORGANISE", "ORGANIZE"), ("industrialisation", "industrialization"),
])
def test_british_ise_spellings_are_flagged(british, american):
    assert american_ize(british) == american
    draft = f"The union will {british} it."
    assert [(f.rule, f.found, f.expected) for f in chk.house_style(draft)] == [
        ("american-spelling", british, american)]


@pytest.mark.parametrize("word", [
    "advise", "advised", "adviser", "exercise", "enterprises", "comprise", "compromise", "supervise",
    "unsupervised", "televise", "surprising", "premise", "expertise", "franchise", "merchandise", "revise",
    "devise", "improvise", "improvisation", "otherwise", "disguise", "raise", "fundraiser", "praise", "rise",
    "wise", "advertising", "promise", "noise", "cruise", "Denise", "Louise", "crisis", "this", "visit",
    "decision", "organize", "organization",
])
def test_ise_words_both_spellings_share_are_not_flagged(word):
    assert american_ize(word) is None
    assert chk.house_style(f"They {word} it.") == []


def test_ise_spellings_match_the_american_renderings(db):
    add_concept(db, "mobilise", ["动员职工"], [("mobilize workers", "preferred")])
    assert fold_word("mobilising") == fold_word("mobilizing")
    report = chk.check(db, "工会动员职工。", "The trade union is mobilising workers.")
    # the rendering is found; only the spelling is reported
    assert [(f.type, f.rule, f.found) for f in report.findings] == [("style", "american-spelling", "mobilising")]
