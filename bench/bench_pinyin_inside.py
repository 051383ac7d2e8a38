"""What finding a term by the pinyin of a part of it costs (glossary/search/pinyin_inside.py, migration 13):
in-process search on a glossary database (default: the shipped terms.db; `--db` a synthetic one of 100,000
concepts, see make_synthetic_db.py), in the same process and alternating rounds so the machine's load falls on
all alike:

- common lookups (whole pinyin, initials, Chinese, English) with the inside match and without it;
- queries that are the pinyin of a part of terms, against a plain lookup (the whole-term pinyin "gonghui");
- the inside match alone for those, by the index and by reading every term's reading (what the index saves).

    python bench/bench_pinyin_inside.py [--db terms.db] [--rounds 20]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.lang import pinyin as py  # noqa: E402
from glossary.search import lookup as lk  # noqa: E402
from glossary.search import pinyin_inside  # noqa: E402
from glossary.store.schema import open_db  # noqa: E402

COMMON = ["gonghui", "zhigong daibiao", "láodòng hétong", "zhi1 gong1", "ldht", "zgdbdh", "工会", "职工代表",
          "union", "wage arrears", "trade union", "collective contract"]
PLAIN = ["gonghui"]
INSIDE = ["hetong", "daibiao dahui", "dahui", "zong gonghui", "weiyuanhui", "xieshang", "jizhi"]


def per_query_ms(db, queries: list[str]) -> float:
    start = time.perf_counter()
    for query in queries:
        lk.search(db, query, 20)
    return (time.perf_counter() - start) / len(queries) * 1000


def scanning_rows(db, key: str):
    """The inside match without the index: every Chinese term's reading checked, then sorted by rank."""
    rows = [(c, t, lang) for c, t, lang, reading, pinyin_key in db.execute(
        "SELECT concept_id, term, lang, pinyin, pinyin_key FROM terms WHERE pinyin IS NOT NULL")
        if pinyin_inside.contains_at_syllables(reading, pinyin_key, key)]
    return iter(sorted(rows, key=lambda r: (min(len(r[1]), 40), r[1], r[0])))


def walk_ms(db, queries: list[str], rows) -> float:
    start = time.perf_counter()
    for query in queries:
        lk._first_concepts(rows(db, py.query_keys(query)["pinyin_key"]), 20)
    return (time.perf_counter() - start) / len(queries) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "terms.db")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    db = open_db(args.db, migrate_forward=False)
    terms = db.execute("SELECT count(*) FROM terms WHERE pinyin IS NOT NULL").fetchone()[0]
    indexed = lk.inside_rows
    without = lambda db, key: iter(())  # noqa: E731
    times = {name: [] for name in ("common", "common without", "quiet", "quiet without", "plain", "inside",
                                   "walk", "walk by scan")}
    for _ in range(3):  # warm the page cache and imports
        per_query_ms(db, COMMON + INSIDE)
    hits = {query: sum(h.how == "pinyin inside" for h in lk.search(db, query, 20)) for query in COMMON + INSIDE}
    quiet = [query for query in COMMON if not hits[query]]  # lookups to which the inside match adds nothing
    for _ in range(args.rounds):
        times["common"].append(per_query_ms(db, COMMON))
        times["quiet"].append(per_query_ms(db, quiet))
        times["plain"].append(per_query_ms(db, PLAIN))
        times["inside"].append(per_query_ms(db, INSIDE))
        lk.inside_rows = without
        times["common without"].append(per_query_ms(db, COMMON))
        times["quiet without"].append(per_query_ms(db, quiet))
        times["walk"].append(walk_ms(db, INSIDE, indexed))
        times["walk by scan"].append(walk_ms(db, INSIDE, scanning_rows))
        lk.inside_rows = indexed
    m = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.db.name}: {terms:,} Chinese terms; ms per query, median of {args.rounds} rounds")
    print(f"  common lookups ({len(COMMON)}): with the inside match {m['common']:.2f}, without {m['common without']:.2f}, "
          f"ratio {m['common'] / m['common without']:.2f}; the {len(quiet)} of them it adds no hit to: "
          f"{m['quiet']:.2f} and {m['quiet without']:.2f}, ratio {m['quiet'] / m['quiet without']:.2f}")
    print(f"  part-of-term queries ({len(INSIDE)}, inside hits on the first page {sum(hits[q] for q in INSIDE)}): "
          f"{m['inside']:.2f}; a plain lookup ({PLAIN[0]}) {m['plain']:.2f}, ratio {m['inside'] / m['plain']:.2f}")
    print(f"  the inside match alone (the first 20 concepts; whole-term and prefix matches often fill a page "
          f"first): {m['walk']:.2f}; reading every term instead of the index {m['walk by scan']:.2f}, "
          f"{m['walk by scan'] / m['walk']:.0f}x")


if __name__ == "__main__":
    main()
