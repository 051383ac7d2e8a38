"""Curation's write path: how long one editor's save takes, and what many editors saving at once get.

On a copy of a glossary database (default: the shipped terms.db; `--db bench/out/synthetic.db` for the
100,000-concept synthetic one, see make_synthetic_db.py) in WAL mode, it times, median of --runs:
- baseline: one row updated in its own write transaction (BEGIN IMMEDIATE … COMMIT), the floor of any save;
- an English edit (a rendering added: state read, checked, written, journaled, all in one transaction);
- a Chinese edit (a variant added: its pinyin, traditional form and example links redone);
- a new concept (what approving a candidate writes);
each also as a ratio to the baseline. Then --threads threads, each with its own connection, save --edits
edits each to one shared concept (retrying on a version conflict, as an editor would): saves per second,
p50/p99 latency of a save, conflicts retried, and any error (there should be none, and no lost update).

    python bench/bench_curation.py [--db terms.db] [--runs 15] [--threads 8] [--edits 10]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from glossary.curation import edits as curation, journal
from glossary.store import concepts as store  # noqa: E402
from glossary.store.schema import open_db  # noqa: E402

OUT = HERE / "out"


def median_ms(fn, runs: int) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pick_concept(db) -> str:
    """A concept with a preferred rendering and at least one example, so edits touch real rows."""
    row = db.execute(
        "SELECT c.slug FROM concepts c JOIN terms t ON t.concept_id = c.id AND t.lang = 'en' AND t.status = 'preferred' "
        "WHERE EXISTS (SELECT 1 FROM terms z JOIN examples e ON e.term_id = z.id WHERE z.concept_id = c.id) "
        "ORDER BY c.id LIMIT 1"
    ).fetchone() or db.execute("SELECT slug FROM concepts ORDER BY id LIMIT 1").fetchone()
    return row[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "terms.db")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()

    OUT.mkdir(exist_ok=True)
    work = OUT / "curation.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copy(args.db, work)
    db = open_db(work)
    journal.enable_wal(db)
    # a database made before migration 3 had this index (bench/out/synthetic.db of an earlier run)
    db.execute("CREATE INDEX IF NOT EXISTS idx_terms_hans_id ON terms (hans_id)")
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("concepts", "terms", "sentences")}
    print(f"{args.db}: {counts['concepts']:,} concepts, {counts['terms']:,} terms, {counts['sentences']:,} sentences")
    slug = pick_concept(db)
    concept_id = curation.require_concept(db, slug)
    sources = list(curation.known_sources(db))

    def baseline(i):
        with journal.transaction(db):
            db.execute("UPDATE concepts SET note = ? WHERE id = ?", [f"baseline {i}", concept_id])

    def english_edit(i):
        state = store.concept_state(db, concept_id)
        state["en"].append({"term": f"bench rendering {i}", "status": "admitted", "sources": [sources[0]]})
        curation.save_concept(db, slug, state, state["version"], "bench")

    def chinese_edit(i):
        state = store.concept_state(db, concept_id)
        state["zh"].append({"term": f"测试变体{'零一二三四五六七八九'[i % 10]}{'甲乙丙丁戊己庚辛壬癸'[i // 10 % 10]}号",
                            "type": "variant", "status": "admitted"})
        curation.save_concept(db, slug, state, state["version"], "bench")

    def new_concept(i):
        draft = curation.draft_concept(f"基准新术语{'零一二三四五六七八九'[i % 10]}{'甲乙丙丁戊己庚辛壬癸'[i // 10 % 10]}")
        draft["id"] = f"bench-new-{i}"
        draft["en"] = [{"term": f"bench new term {i}", "status": "preferred", "sources": [sources[0]]}]
        curation.create_concept(db, draft, "bench")

    base = median_ms(baseline, args.runs)
    print(f"\none save, median of {args.runs} (ratio to the baseline)")
    print(f"  baseline: one-row update in a write transaction   {base:8.2f} ms")
    for label, fn in (("English edit (rendering added)", english_edit), ("Chinese edit (variant added)", chinese_edit),
                      ("new concept (an approval)", new_concept)):
        ms = median_ms(fn, args.runs)
        print(f"  {label:<48} {ms:8.2f} ms  ×{ms / base:6.1f}")

    def sentence_scan(i):
        curation.prescan(db, {"zh": [{"term": f"未收术语{'零一二三四五六七八九'[i % 10]}"}]})

    scan = median_ms(sentence_scan, args.runs)
    print(f"  of a Chinese edit or approval, finding the sentences of a new term {scan:8.2f} ms, before the write "
          f"lock is taken\n  (the rest holds the lock)")

    # many editors at once on one concept
    shared = pick_concept(db)
    before_terms = db.execute("SELECT count(*) FROM terms WHERE concept_id = ?", [curation.require_concept(db, shared)]).fetchone()[0]
    before_journal = db.execute("SELECT count(*) FROM journal").fetchone()[0]
    latencies: list[float] = []
    conflicts = [0]
    errors: list[str] = []
    lock = threading.Lock()

    def editor(n):
        conn = open_db(work)
        try:
            cid = curation.require_concept(conn, shared)
            for j in range(args.edits):
                while True:
                    state = store.concept_state(conn, cid)
                    state["en"].append({"term": f"parallel {n}-{j}", "status": "admitted", "sources": [sources[0]]})
                    start = time.perf_counter()
                    try:
                        curation.save_concept(conn, shared, state, state["version"], f"editor{n}")
                    except curation.EditConflict:
                        with lock:
                            conflicts[0] += 1
                        continue
                    except Exception as exc:  # any other error is a failure of the write path
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}")
                        return
                    with lock:
                        latencies.append((time.perf_counter() - start) * 1000)
                    break
        finally:
            conn.close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(args.threads)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    saved = len(latencies)
    after_terms = db.execute("SELECT count(*) FROM terms WHERE concept_id = ?", [curation.require_concept(db, shared)]).fetchone()[0]
    after_journal = db.execute("SELECT count(*) FROM journal").fetchone()[0]
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0] * 99
    print(f"\n{args.threads} editors × {args.edits} saves to one concept, each thread its own connection")
    print(f"  {saved} saves in {seconds:.2f} s = {saved / seconds:.0f} saves/s; save latency p50 {q[49]:.1f} ms, "
          f"p99 {q[98]:.1f} ms (×{q[49] / base:.1f} / ×{q[98] / base:.1f} the baseline); {conflicts[0]} conflicts retried")
    print(f"  renderings added {after_terms - before_terms} of {args.threads * args.edits}; journal rows added "
          f"{after_journal - before_journal}; errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    db.close()


if __name__ == "__main__":
    main()
