"""What the other forms of an English query cost (lookup.english_forms: the other spelling, labour ↔ labor,
the plural of a singular, the singular of a plural, without a leading article …): in-process search on the shipped terms.db, English queries, with and without those forms, in
the same process and alternating rounds so the machine's load falls on both alike.

    python bench/bench_lookup_forms.py [--rounds 30]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.search import lookup as lk  # noqa: E402
from glossary.store.schema import open_db  # noqa: E402

QUERIES = ["labor dispute", "labour disputes", "migrant worker", "trade union", "collective contract",
           "wage arrears", "child labour", "organisation", "union", "employee", "social insurance",
           "international labour organization"]


def per_query_ms(db) -> float:
    start = time.perf_counter()
    for query in QUERIES:
        lk.search(db, query, 20)
    return (time.perf_counter() - start) / len(QUERIES) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    db = open_db(ROOT / "terms.db", migrate_forward=False)
    forms = lk.english_forms
    with_forms, without = [], []
    per_query_ms(db)  # warm the page cache and imports
    for _ in range(args.rounds):
        with_forms.append(per_query_ms(db))
        lk.english_forms = lambda query, key: []
        without.append(per_query_ms(db))
        lk.english_forms = forms
    a, b = statistics.median(with_forms), statistics.median(without)
    print(f"English search, ms per query (median of {args.rounds} rounds of {len(QUERIES)} queries): "
          f"with other forms {a:.2f}, without {b:.2f}, ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
