"""The user's own archive as the glossary's corpus: `glossary corpus add | list | remove`."""
from __future__ import annotations

import json

import pytest

from glossary.store import corpus
from glossary.store.build import content_dump
from glossary.store.schema import GlossaryError

DIGEST = """【2024-05-01】劳动者之歌
来源：https://news.example.org/2024/05/01/a.html
某厂召开职代会，职工代表审议了工资方案。
工会组织职工开展技能比赛。
【2024-05-02】第二条新闻
来源：https://news.example.org/2024/05/02/b.html
市里的工会走访慰问一线职工。
"""


def examples_of(db, term: str) -> list[tuple[str, str]]:
    return db.execute("""SELECT d.id, s.text FROM examples e JOIN terms t ON t.id = e.term_id
        JOIN sentences s ON s.id = e.sentence_id JOIN documents d ON d.id = s.document_id
        WHERE t.term = ? ORDER BY d.id""", [term]).fetchall()


def test_a_digest_of_stories_becomes_one_document_per_story(db, runner, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "20240501.txt").write_text(DIGEST, "utf-8")
    (archive / "README.md").write_text("# about this folder\n", "utf-8")
    result = runner.invoke(["corpus", "add", str(archive)])
    assert result.exit_code == 0, result.output
    docs = {d["id"]: d for d in corpus.documents(db)}
    story = docs["20240501-001"]
    assert (story["title"], story["date"], story["url"]) == (
        "劳动者之歌", "2024-05-01", "https://news.example.org/2024/05/01/a.html")
    assert docs["20240501-002"]["date"] == "2024-05-02"
    assert not any("README" in d for d in docs)  # a folder's README describes it: not a document
    assert ("20240501-001", "某厂召开职代会，职工代表审议了工资方案。") in examples_of(db, "职代会")
    # the source line is metadata, not a sentence
    assert not db.execute("SELECT 1 FROM sentences WHERE text LIKE '%news.example.org%'").fetchone()
    listed = json.loads(runner.invoke(["corpus", "list", "--json"]).output)
    assert {"20240501-001", "20240501-002"} <= {d["id"] for d in listed}


def test_adding_a_file_again_replaces_its_documents_and_remove_takes_the_examples(db, runner, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("工会召开职代会。", "utf-8")
    assert runner.invoke(["corpus", "add", str(path), "--title", "A story", "--date", "2025-01-02"]).exit_code == 0
    assert examples_of(db, "职代会")[-1] == ("story", "工会召开职代会。")
    path.write_text("新的一句没有术语。", "utf-8")
    assert runner.invoke(["corpus", "add", str(path)]).exit_code == 0
    assert ("story", "工会召开职代会。") not in examples_of(db, "职代会")
    assert db.execute("SELECT count(*) FROM documents WHERE file = ?", [str(path)]).fetchone()[0] == 1
    path.write_text("工会召开职代会。", "utf-8")
    runner.invoke(["corpus", "add", str(path)])
    assert runner.invoke(["corpus", "remove", "story"]).exit_code == 0
    assert ("story", "工会召开职代会。") not in examples_of(db, "职代会")
    assert not db.execute("SELECT 1 FROM sentences WHERE document_id = 'story'").fetchone()
    again = runner.invoke(["corpus", "remove", "story"])
    assert again.exit_code == 1 and "no such document: story" in again.output  # nothing left to remove


def test_gbk_and_traditional_files_are_read(db, runner, tmp_path):
    (tmp_path / "gbk.txt").write_bytes("郑州市总工会召开职代会。".encode("gbk"))
    (tmp_path / "hant.txt").write_text("工會召開職代會。", "utf-8")
    assert runner.invoke(["corpus", "add", str(tmp_path)]).exit_code == 0
    ids = [doc for doc, _ in examples_of(db, "职代会")] + [doc for doc, _ in examples_of(db, "職代會")]
    assert "gbk" in ids and "hant" in ids


def test_bad_input_is_reported_and_changes_nothing(db, runner, tmp_path):
    before = content_dump(db)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(["corpus", "add", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1 and "skipped" in result.output
    result = runner.invoke(["corpus", "add", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1 and "no such file" in result.output
    result = runner.invoke(["corpus", "add", str(tmp_path / "empty.txt"), "--url", "javascript:alert(1)"])
    assert result.exit_code != 0
    assert content_dump(db) == before


def test_a_taken_document_id_fails_the_whole_add(db, tmp_path):
    one, two = tmp_path / "a", tmp_path / "b"
    one.mkdir(), two.mkdir()
    (one / "story.txt").write_text("工会召开职代会。", "utf-8")
    (two / "story.txt").write_text("另一篇职代会报道。", "utf-8")
    corpus.add_paths(db, [one / "story.txt"])
    before = content_dump(db)
    with pytest.raises(GlossaryError, match="taken"):
        corpus.add_paths(db, [two / "story.txt"])
    assert content_dump(db) == before


def test_the_news_archive_gives_2020s_examples(shared_dir, db_path, runner):
    news = shared_dir / "corpus" / "news" / "2023"
    if not news.is_dir():
        pytest.skip(f"the news archive is not at {news}")
    result = runner.invoke(["corpus", "add", str(news)])
    assert result.exit_code == 0, result.output
    found = runner.invoke(["lookup", "工会", "--json", "--examples", "50"])
    dates = {x["date"][:4] for e in json.loads(found.output) for x in e["examples"]}
    assert "2023" in dates


def test_an_enumerations_items_are_examples_of_their_own_concepts(db, tmp_path):
    """A sentence holding 劳模精神、劳动精神、工匠精神 is an example of the triad (it holds all of it) and of each
    item at its place; a sentence with 工匠精神 alone, or two of the three, is not an example of the triad. A
    concept added later (a candidate approved) gets its examples from inside the triad too."""
    from glossary.curation.example_links import relink_examples
    from glossary.store.concepts import insert_concept

    def concept(slug, terms, en):
        insert_concept(db, {"id": slug, "kind": "slogan", "zh": [{"term": t} for t in terms],
                            "en": [{"term": en, "status": "preferred", "sources": ["house"]}]})

    with db.conn:
        concept("model-worker-spirit", ["劳模精神"], "spirit of model workers")
        concept("hard-work", ["劳动精神"], "spirit of hard work")
        concept("three-spirits", ["劳模精神、劳动精神、工匠精神", "劳模精神劳动精神工匠精神"],
                "the spirit of model workers, hard work and craftsmanship")
    path = tmp_path / "story.txt"
    path.write_text("要大力弘扬劳模精神、劳动精神、工匠精神。\n他发扬严谨细致的工匠精神。\n"
                    "弘扬劳模精神、工匠精神。\n弘扬劳模精神劳动精神工匠精神。\n", "utf-8")
    corpus.add_paths(db, [path])

    def spans(term):
        return sorted(db.execute("""SELECT DISTINCT s.text, e.start, e."end" FROM examples e JOIN terms t ON t.id = e.term_id
                                    JOIN sentences s ON s.id = e.sentence_id WHERE t.term = ?""", [term]).fetchall())

    assert [text for text, _s, _e in spans("劳模精神、劳动精神、工匠精神")] == ["要大力弘扬劳模精神、劳动精神、工匠精神。"]
    assert [text for text, _s, _e in spans("劳模精神劳动精神工匠精神")] == ["弘扬劳模精神劳动精神工匠精神。"]
    assert ("要大力弘扬劳模精神、劳动精神、工匠精神。", 10, 14) in spans("劳动精神")  # at its place
    assert len(spans("劳模精神")) == 3
    assert spans("工匠精神") == []  # not a term yet
    with db.conn:  # the editor approves 工匠精神: it takes its examples from inside the triad too
        concept("spirit-of-craftsmanship", ["工匠精神"], "spirit of craftsmanship")
        relink_examples(db, set(), ["工匠精神"])
    assert spans("工匠精神") == sorted((text, text.index("工匠精神"), text.index("工匠精神") + 4) for text in [
        "他发扬严谨细致的工匠精神。", "弘扬劳模精神、工匠精神。", "弘扬劳模精神劳动精神工匠精神。", "要大力弘扬劳模精神、劳动精神、工匠精神。"])
    assert len(spans("劳模精神、劳动精神、工匠精神")) == 1  # the triad keeps its one sentence
    # a rebuild of the links gives the same
    before = sorted(db.execute("SELECT * FROM examples").fetchall())
    corpus.link_examples(db)
    assert sorted(db.execute("SELECT * FROM examples").fetchall()) == before
