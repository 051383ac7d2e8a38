"""The store: a sentence found by its text, as approving a candidate does for each of its examples.

On a new database with the library's schema and --sentences synthetic sentences (default a million, built
from domain pieces and filler, a third of them opening with one of a few stock phrases such as 记者从全总获悉,
as news does), it times, median of --runs lookups of different sentences:
- before: the query approval used to run (text = ? with no index on text: a scan of every sentence);
- after: glossary.store.corpus.find_body_sentence (an index search on the sentence's first characters);
and prints the ratio, measured in the same process. Then the space each way of indexing the text takes
(dbstat): the index on the first characters, an index on the whole text, a hash column and its index.

    python bench/bench_store.py [--sentences 1000000] [--runs 20]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.store.corpus import find_body_sentence  # noqa: E402
from glossary.store.schema import create_db  # noqa: E402

PIECES = ("职工", "工会", "集体", "协商", "代表", "大会", "工资", "民主", "管理", "劳动", "合同", "农民工", "帮扶",
          "困难", "机制", "基层", "组织", "委员会", "主席", "劳模", "创新", "技能", "竞赛", "安全", "生产", "维权")
FILLER = "各级要切实做好进一步加强推动落实积极开展深入广泛认真全面推进稳定发展和谐关系保护权益提高水平建立健全"
OPENINGS = ("记者从全总获悉，", "据了解，", "近日，省总工会", "会议强调，", "今年以来，", "记者从市总工会获悉，")
OLD_LOOKUP = "SELECT id FROM sentences WHERE text = ? AND kind = 'body' ORDER BY id LIMIT 1"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(PIECES) if rng.random() < 0.4 else rng.choice(FILLER) * rng.randint(1, 2)
             for _ in range(rng.randint(8, 30))]
    opening = rng.choice(OPENINGS) if rng.random() < 0.33 else ""
    return opening + "".join(words) + "。"


def size_mb(db, name: str) -> float:
    return (db.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?", [name]).fetchone()[0] or 0) / 1e6


def median_ms(fn, texts: list[str]) -> float:
    times = []
    for text in texts:
        start = time.perf_counter()
        fn(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        db = create_db(Path(tmp) / "bench.db")
        start = time.perf_counter()
        with db.conn:
            db.execute("INSERT INTO documents (id, title) VALUES ('d', 'synthetic')")
            db.conn.executemany(
                "INSERT INTO sentences (id, document_id, position, start, kind, text) VALUES (?, 'd', ?, 0, 'body', ?)",
                ((i + 1, i, sentence(rng)) for i in range(args.sentences)))
        print(f"{args.sentences:,} sentences written in {time.perf_counter() - start:.1f} s")
        ids = rng.sample(range(1, args.sentences + 1), args.runs)
        texts = [db.execute("SELECT text FROM sentences WHERE id = ?", [i]).fetchone()[0] for i in ids]
        texts[-1] = "没有这句话。"  # a sentence not there: the old query read every row for it
        assert [find_body_sentence(db, t) for t in texts[:-1]] == [
            db.execute(OLD_LOOKUP, [t]).fetchone()[0] for t in texts[:-1]]
        before = median_ms(lambda t: db.execute(OLD_LOOKUP, [t]).fetchone(), texts)
        after = median_ms(lambda t: find_body_sentence(db, t), texts)
        print(f"lookup by text, median of {args.runs}: before (scan) {before:.1f} ms, after (index) {after:.3f} ms, "
              f"{before / after:,.0f}× faster")

        print(f"sentences table {size_mb(db, 'sentences'):.1f} MB; "
              f"index on the first characters {size_mb(db, 'sentences_text_start'):.1f} MB")
        db.execute("CREATE INDEX bench_whole_text ON sentences (text)")
        print(f"an index on the whole text would take {size_mb(db, 'bench_whole_text'):.1f} MB")
        db.execute("DROP INDEX bench_whole_text")
        table = size_mb(db, "sentences")
        db.conn.create_function("hash64", 1, lambda t: int.from_bytes(
            hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "big", signed=True), deterministic=True)
        db.execute("ALTER TABLE sentences ADD COLUMN text_hash INTEGER")
        with db.conn:
            db.execute("UPDATE sentences SET text_hash = hash64(text)")
        db.execute("VACUUM")
        db.execute("CREATE INDEX bench_hash ON sentences (text_hash)")
        print(f"a 64-bit hash column would take {size_mb(db, 'sentences') - table:.1f} MB in the table "
              f"and {size_mb(db, 'bench_hash'):.1f} MB of index")
        db.close()


if __name__ == "__main__":
    main()
