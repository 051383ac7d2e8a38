"""Archive statistics (glossary/mining/background.py) and the ranking learnt from curation (learnt.py,
training.py): `glossary mine-background`, `glossary mine-retrain`, and `glossary mine --background/--ranking`."""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from glossary.mining import background as bgs
from glossary.mining import learnt
from glossary.mining.pipeline import mine
from glossary.store import config
from glossary.store.schema import GlossaryError, create_db

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from heldout import HELDOUT_SETS  # noqa: E402

ARTICLES = sorted(config.CORPUS_DIR.glob("*.txt"))
STATUTE = "用人单位应当与劳动者订立书面劳动合同。劳动者有权依法参加和组织工会。用人单位拖欠劳动者工资的，由劳动行政部门责令支付。"
LABOUR_STORY = "各地工会组织开展工资集体协商，维护劳动者合法权益，用人单位与职工订立集体合同。"
GENERAL_STORY = "今天上午，国家主席会见了来访的外国领导人，双方就经贸合作交换了意见。"


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    (root / "statutes").mkdir(parents=True)
    (root / "news").mkdir()
    (root / "statutes" / "law_labour.txt").write_text(STATUTE * 6, "utf-8")
    (root / "news" / "20240101.txt").write_text(
        f"【2024-01-01】工会新闻\n{LABOUR_STORY}\n【2024-01-01】会见\n{GENERAL_STORY * 12}\n"
        f"【2024-01-01】又一会见\n{GENERAL_STORY * 12}\n", "utf-8")
    (root / "news" / "20241101.txt").write_text(f"【2024-11-01】留出的新闻\n独一无二的留出字符串很长。{GENERAL_STORY}\n", "utf-8")
    return root


def test_background_counts_stories_and_statutes_and_leaves_out_excluded_files(archive, tmp_path):
    stats = bgs.build([archive], exclude=["202411*.txt"], min_df=1)
    assert stats.documents == 4  # one statute, three stories (the held-out file left out)
    assert stats.domain_documents == 2  # the statute and the labour story
    df, domain_df, freq, _clean_left, _clean_right = stats.grams["劳动者"]
    assert (df, domain_df) == (2, 2) and freq >= 8
    assert stats.grams["外国领导人"][:2] == [2, 0]  # in both general stories, neither of them domain
    assert not any("留出" in term for term in stats.grams)
    path = tmp_path / "stats.json.gz"
    bgs.save(stats, path)
    again = bgs.load(path)
    assert again.grams == stats.grams and again.documents == 4
    stored = gzip.open(path, "rt", encoding="utf-8").read()
    assert STATUTE[:20] not in stored and LABOUR_STORY[:15] not in stored  # counts, never text
    elsewhere = tmp_path / "copy" / "other-name.json.gz"
    elsewhere.parent.mkdir()
    bgs.save(stats, elsewhere)
    assert elsewhere.read_bytes() == path.read_bytes()  # a rebuild gives the same file, wherever it is written


def test_background_features_speak_for_a_string_the_archive_uses_in_domain_documents(archive):
    stats = bgs.build([archive], min_df=1)
    result = mine([archive / "statutes"], background=stats, model=None)
    by_term = {c.term: c for c in result.candidates}
    domain = stats.features(by_term["劳动者"])
    assert domain["bg_seen"] == 1 and domain["bg_keyness"] > 0
    unseen = stats.features(learnt.scoring.Candidate("无人用过的词", ("无人", "用过", "的", "词"), "tokens"))
    assert unseen["bg_seen"] == 0 and unseen["bg_df"] == 0


def test_a_training_text_is_taken_out_of_the_statistics(archive):
    stats = bgs.build([archive], min_df=1)
    own = bgs.of_documents([archive / "statutes" / "law_labour.txt"], bgs._morphemes)
    rest = stats.minus(own)
    assert rest.documents == stats.documents - 1
    assert rest.grams["劳动者"][:2] == [1, 1]  # only the labour story is left


def test_unusable_statistics_and_weights_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(bgs.BackgroundError, match="not a background statistics file"):
        bgs.load(bad)
    with pytest.raises(bgs.BackgroundError, match="not found"):
        bgs.load(tmp_path / "missing.json.gz")
    weights = tmp_path / "w.json"
    weights.write_text(json.dumps({"format": 99}), "utf-8")
    with pytest.raises(learnt.ModelError, match="not a ranking model"):
        learnt.load(weights)


def test_shipped_statistics_leave_out_the_held_out_texts():
    stats = bgs.default_background()
    assert stats is not None and stats.documents > 9_000 and stats.domain_documents > 100
    excluded = set(stats.meta["excluded"])
    for held in HELDOUT_SETS.values():  # the months of its stories, and its statutes
        assert {month.replace("-", "") + "*.txt" for month in held.months} | set(held.statutes) <= excluded
    model = learnt.default_model()
    assert model is not None and set(model.data["trained"]["excluded"]) == excluded


def test_learnt_ranking_adds_to_the_hand_set_score_and_never_reads_the_glossary():
    hand = mine(ARTICLES, background=None, model=None, detail=0)
    learned = mine(ARTICLES, detail=0)
    marked = mine(ARTICLES, detail=0, known=lambda term: 1 if term in ("职工", "工会") else None)
    assert [c.term for c in marked.candidates] == [c.term for c in learned.candidates]
    assert [c.term for c in hand.candidates] != [c.term for c in learned.candidates]
    model = learnt.default_model()
    for c in learned.candidates[:20]:
        blend = model.blend_word if c.features["words"] == 1 else model.blend  # one-word candidates: their own
        assert c.score == pytest.approx(c.features["hand_score"] + blend * c.features["learnt"], abs=1e-3)
    assert model.blend_word != model.blend
    assert {c.features["words"] == 1 for c in learned.candidates[:20]} == {True, False}  # both kinds checked
    assert all(c.score == c.features["hand_score"] for c in hand.candidates[:20])


def test_only_the_best_candidates_by_the_hand_set_score_are_rescored_and_the_rest_stay_below(monkeypatch):
    monkeypatch.setattr(learnt, "RESCORE", 50)
    result = mine(ARTICLES, detail=0)
    head, tail = result.candidates[:50], result.candidates[50:]
    floor = min(c.features["learnt"] for c in head)
    assert all(c.features["learnt"] == floor for c in tail)
    assert min(c.score for c in head) >= max(c.score for c in tail)
    # the hand-set score with the same archive statistics (its general-vocabulary penalty reads them)
    hand_order = [c.term for c in mine(ARTICLES, detail=0, model=None).candidates]
    assert {c.term for c in head} == set(hand_order[:50])  # where abbreviations do not move the head


def _glossary(path, terms):
    db = create_db(path)
    for i, (term, kind) in enumerate(terms):
        concept = db["concepts"].insert({"slug": f"c{i}", "kind": kind}).last_pk
        db["terms"].insert({"concept_id": concept, "lang": "zh-Hans", "term": term, "term_type": "fullForm",
                            "status": "preferred", "position": 0})
    return db


def test_retrain_learns_weights_from_the_glossary_and_journals_the_run(archive, tmp_path):
    pytest.importorskip("sklearn")
    from glossary.mining import training

    for i in range(5):  # five training texts, for five folds
        (archive / "statutes" / f"law_{i}.txt").write_text(STATUTE * (i + 2) + LABOUR_STORY, "utf-8")
    stats = bgs.build([archive], min_df=1)
    db = _glossary(tmp_path / "g.db", [("劳动合同", "legal-concept"), ("集体合同", "legal-concept"),
                                       ("劳动行政部门", "organisation"), ("用人单位", "legal-concept"),
                                       ("郑州", "place")])
    out = tmp_path / "weights.json"
    result = training.retrain([archive], db=db, background=stats, out=out)
    model = learnt.load(out)
    assert model.names and len(model.coef) == len(model.names)
    assert not {"quoted", "kind_quoted"} & set(model.names)  # left to the hand-set score
    journal = [json.loads(line) for line in (tmp_path / "weights.json.journal.jsonl").read_text("utf-8").splitlines()]
    assert len(journal) == 1 and journal[0]["texts"] == result["model"].data["trained"]["texts"] >= 5
    assert journal[0]["glossary_terms"] == 4  # the place is not a positive
    assert "auc" in journal[0]["cv"] and len(journal[0]["folds"]) == 5
    assert "concept_auc" in journal[0]["cv"]  # terms held out as well as texts


def test_cross_validation_by_concept_never_tests_a_text_or_a_term_seen_in_fitting():
    pytest.importorskip("sklearn")
    from glossary.mining import training

    terms = ["劳动合同", "集体合同", "工会", "职代会", "厂务公开", "送温暖", "工资", "仲裁", "调解", "欠薪"]
    ex = training.Examples(terms=[t for _ in range(6) for t in terms], groups=[g for g in range(6) for _ in terms])
    splits = list(training.concept_splits(ex))
    assert len(splits) == training.FOLDS
    tested = set()
    for fit_rows, test_rows in splits:
        fit = [i for i, on in enumerate(fit_rows) if on]
        test = [i for i, on in enumerate(test_rows) if on]
        assert not {ex.terms[i] for i in fit} & {ex.terms[i] for i in test}
        assert not {ex.groups[i] for i in fit} & {ex.groups[i] for i in test}
        assert fit  # something is left to fit on
        tested |= {ex.terms[i] for i in test}
    assert tested  # and the folds test something
    assert training.term_fold("劳动合同", 5) == training.term_fold("劳动合同", 5)


def test_retrain_needs_a_glossary_with_terms(archive, tmp_path):
    pytest.importorskip("sklearn")
    from glossary.mining import training

    with pytest.raises(GlossaryError, match="no Chinese terms"):
        training.retrain([archive], db=create_db(tmp_path / "empty.db"), background=bgs.build([archive], min_df=1),
                         out=tmp_path / "w.json")


def test_mine_command_takes_statistics_and_weights_or_none(runner, archive, tmp_path):
    assert runner.invoke(["mine-background", str(archive), "-o", str(tmp_path / "s.json.gz"),
                          "--exclude", "202411*.txt", "--min-df", "1"]).exit_code == 0
    plain = runner.invoke(["mine", str(ARTICLES[0]), "--background", "none", "--ranking", "none", "--top", "5"])
    ours = runner.invoke(["mine", str(ARTICLES[0]), "--background", str(tmp_path / "s.json.gz"), "--top", "5"])
    assert plain.exit_code == 0 and ours.exit_code == 0, (plain.output, ours.output)
    (tmp_path / "bad.gz").write_text("x", "utf-8")
    bad = runner.invoke(["mine", str(ARTICLES[0]), "--background", str(tmp_path / "bad.gz")])
    assert bad.exit_code == 1 and "not a background statistics file" in bad.output


def test_review_decisions_are_labels_too(tmp_path):
    from glossary.mining import training

    db = _glossary(tmp_path / "g.db", [("劳动合同", "legal-concept"), ("郑州", "place"), ("工会", "organisation")])
    db["candidates"].insert_all([{"term": "工资集体协商", "kind": "term", "status": "approved"},
                                 {"term": "工会", "kind": "term", "status": "rejected"},
                                 {"term": "广大职工", "kind": "term", "status": "rejected"}])
    positives, negatives = training.glossary_labels(db)
    assert positives == {"劳动合同", "工资集体协商"}  # the place is no positive; a rejection wins
    assert negatives == {"工会", "广大职工"}


def test_mine_retrain_without_a_glossary_is_a_clear_error(runner, archive, tmp_path):
    result = runner.invoke(["mine-retrain", str(archive), "--db", str(tmp_path / "none.db"),
                            "-o", str(tmp_path / "w.json")])
    assert result.exit_code == 1 and "labels come from a glossary database" in result.output
    assert not (tmp_path / "w.json").exists()


def test_a_verb_the_archive_leans_on_heads_a_term_instead_of_counting_as_a_general_verb(tmp_path):
    # 就业 is a verb in jieba's dictionary and common in general Chinese: alone, 灵活就业 looks like clause
    # material (灵活 + a general verb). An archive whose domain documents lean on 就业 says it is a term's head.
    text = tmp_path / "story.txt"
    filler = "今天天气很好，我们一起去公园散步，看到很多人在跑步、打球和下棋。" * 8  # 就业 rare here
    text.write_text(filler + "各地支持灵活就业。" + filler + "灵活就业人员参加了培训。", "utf-8")
    leaning = bgs.Background(100, 10, {"就业": [20, 10, 50, 0, 0], "支持": [90, 3, 200, 0, 0]})
    rare = bgs.Background(100, 10, {"就业": [20, 2, 50, 0, 0]})  # two domain documents: too few to judge
    assert leaning.leaning("就业") > 1.5 and leaning.leaning("支持") < 1.5
    assert rare.leaning("就业") is None and leaning.leaning("工会") is None

    def verbs(background):
        found = {c.term: c for c in mine([text], background=background, model=None, detail=0).candidates}
        return found["灵活就业"].features["general_verbs"]

    assert verbs(None) == 1 and verbs(rare) == 1
    assert verbs(leaning) == 0


def test_the_archives_general_vocabulary_ranks_below_what_the_archive_leans_on(tmp_path):
    # 高质量发展 and 社会保障 occur alike in the story; the archive uses both widely, but only 社会保障 leans to
    # its domain documents. The general one loses score; neither moves without an archive.
    text = tmp_path / "story.txt"
    text.write_text("推动高质量发展，完善社会保障。" * 2 + "会议强调高质量发展和社会保障并重。", "utf-8")
    archive = bgs.Background(1000, 50, {"高质量发展": [400, 10, 900, 0, 0], "社会保障": [60, 30, 150, 0, 0],
                                        "职代会": [5, 0, 5, 0, 0]})
    assert archive.general_use("高质量发展") == pytest.approx(2.0)  # capped
    assert archive.general_use("社会保障") == 0.0  # leans to the domain
    assert archive.general_use("职代会") == 0.0 and archive.general_use("工会") == 0.0  # too rare, unknown

    def scores(background):
        found = {c.term: c for c in mine([text], background=background, model=None, detail=0).candidates}
        return found["高质量发展"], found["社会保障"]

    general, social = scores(archive)
    assert general.features["archive_general"] > 0 and social.features["archive_general"] == 0
    plain_general, plain_social = scores(None)
    assert plain_general.features["archive_general"] == 0
    assert general.score < plain_general.score - 1.0
    assert general.score - social.score < plain_general.score - plain_social.score
