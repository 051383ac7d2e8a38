"""Mining on Dask (glossary/mining/cluster.py): a real LocalCluster of two worker processes gives the default
run's result; counts merge in a fixed tree; inputs may be fsspec URLs or a list file."""
from __future__ import annotations

import json

import pytest

from glossary.mining import cluster, pipeline
from glossary.mining.candidates import Counts, count_sentences
from glossary.mining.inputs import find_files, read_list
from glossary.store import config
from glossary.store.schema import GlossaryError

ARTICLES = sorted(config.CORPUS_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def executor():
    """One LocalCluster for the module (starting one costs seconds): two processes, one thread each."""
    with cluster.connect("local", jobs=2, dashboard=":0") as ex:
        yield ex


def ranked(result):
    return [(c.term, c.kind, c.frequency, c.doc_frequency, c.score, c.original, c.full_forms, c.examples)
            for c in result.candidates]


def same_result(a, b):
    assert ranked(a) == ranked(b)
    assert (a.documents, a.characters, a.min_freq, a.links, a.problems) == (
        b.documents, b.characters, b.min_freq, b.links, b.problems)


def test_the_sample_articles_mine_on_the_cluster_as_by_default(executor):
    default = pipeline.mine(ARTICLES)
    on_dask = pipeline.mine(ARTICLES, executor=executor)
    assert default.pruned_below == on_dask.pruned_below == 0  # nothing pruned: identity is the rule (README)
    same_result(default, on_dask)


def test_news_files_counted_in_many_tasks_merge_in_a_tree_to_the_default_result(shared_dir, executor, monkeypatch):
    news = sorted((shared_dir / "corpus" / "news" / "2023").glob("*.txt"))[:24]
    monkeypatch.setattr(pipeline, "BATCH_BYTES", 40_000)  # ~10 tasks: blocks of 4 merged in trees, then in order
    monkeypatch.setattr(pipeline, "PRUNE_BLOCK", 4)
    tasks = pipeline._count_tasks(news, 2)
    assert len(tasks) >= 8
    default = pipeline.mine(news, jobs=2)
    on_dask = pipeline.mine(news, executor=executor)
    assert default.pruned_below == 0
    same_result(default, on_dask)
    assert on_dask.timings["merging"] > 0


def test_progress_reports_every_byte_of_input(executor):
    seen = []
    pipeline.mine(ARTICLES, executor=executor, progress=seen.append)
    assert sum(seen) == pipeline.input_size(ARTICLES)


def test_pruned_counts_are_the_default_runs_too(executor, tmp_path, monkeypatch):
    lines = [line for path in ARTICLES for line in path.read_text("utf-8").splitlines() if line.strip()]
    files = []
    for i in range(8):  # eight files, one task each: blocks of 3, 3 and 2 tasks
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text("\n".join(lines[i::8]), "utf-8")
    monkeypatch.setattr(pipeline, "BATCH_BYTES", 1)
    monkeypatch.setattr(pipeline, "PRUNE_BLOCK", 3)
    max_entries = 12_000  # above any one file's keys, below a block's: the running total is pruned
    default, _ = pipeline._count(files, 2, lambda *a: None, None, max_entries)
    on_dask, _ = pipeline._count(files, 2, lambda *a: None, None, max_entries, executor)
    assert default.pruned_below > 0
    for table in ("grams", "chars", "quoted", "listed"):
        assert list(getattr(on_dask, table).items()) == list(getattr(default, table).items())
    assert on_dask.pruned_below == default.pruned_below
    same_result(pipeline.mine(files, jobs=2, max_entries=max_entries),
                pipeline.mine(files, executor=executor, max_entries=max_entries))


def test_merging_leaves_its_inputs_alone_and_keeps_task_order():
    a = (count_sentences(["工资集体协商制度"]), 1, [("a", "note")], 10)
    b = (count_sentences(["集体协商和工人先锋号"]), 2, [("b", "note")], 20, 0.5)
    before = (dict(a[0].grams), dict(b[0].grams))
    counts, docs, problems, size, _seconds, _folding = pipeline.merge_parts(a, b)
    assert (dict(a[0].grams), dict(b[0].grams)) == before
    assert counts.grams["集体"] == 2 and (docs, problems, size) == (3, [("a", "note"), ("b", "note")], 30)
    running = Counts()
    running.merge(a[0])
    running.merge(b[0])
    assert list(counts.grams) == list(running.grams)  # same keys in the same order as the pool's running total


def test_a_bad_scheduler_address_is_a_clear_error():
    with pytest.raises(GlossaryError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        with cluster.connect("tcp://127.0.0.1:9", timeout=1):
            pass


def test_mine_refuses_an_unreachable_scheduler(runner, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    result = runner.invoke(["mine", str(ARTICLES[0]), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output


def test_mine_on_a_local_cluster_prints_the_default_candidates_and_the_dashboard(runner):
    default = runner.invoke(["mine", str(config.CORPUS_DIR), "--json", "--top", "300"])
    on_dask = runner.invoke(["mine", str(config.CORPUS_DIR), "--json", "--top", "300", "--scheduler", "local",
                             "--jobs", "2"])
    assert on_dask.exit_code == 0, on_dask.output
    assert "dashboard: http" in on_dask.stderr
    first, second = json.loads(default.stdout), json.loads(on_dask.stdout)
    first.pop("seconds"), second.pop("seconds")
    assert first == second


# --- inputs a cluster can read --------------------------------------------------------------------------------

def test_file_urls_and_list_files_name_the_same_inputs_as_paths(tmp_path):
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# the sample articles\n{ARTICLES[0]}\n\nfile://{ARTICLES[1]}\n", "utf-8")
    assert read_list(listing) == [str(ARTICLES[0]), f"file://{ARTICLES[1]}"]
    problems = []
    assert find_files(read_list(listing), lambda *a: problems.append(a)) == ARTICLES and not problems
    assert find_files([f"file://{config.CORPUS_DIR}"], print) == find_files([config.CORPUS_DIR], print)
    (tmp_path / "rel.txt").write_text("a.txt\n", "utf-8")
    assert read_list(tmp_path / "rel.txt") == [str(tmp_path / "a.txt")]  # from the list's folder


def test_a_folder_url_on_another_filesystem_is_listed_and_read_through_fsspec():
    import fsspec

    fs = fsspec.filesystem("memory")
    for path in ARTICLES:
        fs.pipe(f"/corpus_test/{path.name}", path.read_bytes())
    fs.pipe("/corpus_test/README.txt", "说明".encode())
    fs.pipe("/corpus_test/gbk/a.txt", "工资集体协商是职工的权利。".encode("gb18030"))
    try:
        found = find_files(["memory://corpus_test"], print)
        assert found == [f"memory:///corpus_test/{p.name}" for p in ARTICLES] + ["memory:///corpus_test/gbk/a.txt"]
        from_memory = pipeline.mine(found[:2])
        same = pipeline.mine(ARTICLES)
        assert [(c.term, c.frequency) for c in from_memory.candidates] == [(c.term, c.frequency) for c in same.candidates]
        assert from_memory.candidates[0].examples[0]["document"].startswith("memory:///corpus_test/")
    finally:
        fs.rm("/corpus_test", recursive=True)


def test_missing_and_unknown_urls_get_one_message_each():
    problems = []
    assert find_files(["memory://no_such_folder", "nosuchprotocol://x/y.txt"], lambda *a: problems.append(a)) == []
    assert [name for name, _ in problems] == ["memory://no_such_folder", "nosuchprotocol://x/y.txt"]
    assert "no such file" in problems[0][1] and "cannot read this kind of URL" in problems[1][1]


def test_mine_reads_its_inputs_from_a_list_file(runner, tmp_path):
    listing = tmp_path / "inputs.txt"
    listing.write_text("\n".join(f"file://{p}" for p in ARTICLES) + "\n", "utf-8")
    from_list = runner.invoke(["mine", "--from-list", str(listing), "--json", "--top", "30"])
    from_paths = runner.invoke(["mine", *map(str, ARTICLES), "--json", "--top", "30"])
    assert from_list.exit_code == 0, from_list.output
    assert json.loads(from_list.stdout)["candidates"] == json.loads(from_paths.stdout)["candidates"]
    nothing = runner.invoke(["mine"])
    assert nothing.exit_code == 2 and "--from-list" in nothing.output
