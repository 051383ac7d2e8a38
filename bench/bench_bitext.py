"""Bilingual documents: how good the proposed renderings are, and how fast a large archive answers.

1. Quality: the four Taiwan acts of ../shared/parallel are added to a fresh copy of the glossary; for each
   term of tests/data/bitext_gold_tw.tsv (the English the official translation uses), is it the first
   proposal (P@1), among the first three (P@3)? Reported for terms the glossary has (in their Taiwan forms)
   and terms it lacks, for each act held out (proposals computed with the other three acts only) and for all.
2. Scale: a synthetic archive of --pairs sentence pairs (the acts' units varied: numbers changed, units
   recombined) is added; the time to add, the peak memory while adding, and the time of a concordance and
   of proposals for common and rare terms; the baseline is reading and splitting the same files.

    python bench/bench_bitext.py [--pairs 100000] [--skip-scale]
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.bitext import documents, evidence  # noqa: E402
from glossary.lang.text import to_simplified  # noqa: E402
from glossary.store.schema import open_db  # noqa: E402

PARALLEL = ROOT.parent / "shared" / "parallel"
GOLD = ROOT / "tests" / "data" / "bitext_gold_tw.tsv"


def singular(text: str) -> str:
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in text.lower().split())


def gold() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in GOLD.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return [(zh, en) for zh, en in rows[1:]]


def quality(tmp: Path) -> None:
    acts = sorted(PARALLEL.glob("*.zh.txt"))
    pairs = gold()
    print(f"proposal precision on the Taiwan acts ({len(pairs)} terms; gold: {GOLD.relative_to(ROOT)})")
    print(f"{'held out':<38}{'in glossary P@1/P@3':>22}{'not in glossary P@1/P@3':>26}")
    for held_out in [None, *acts]:
        db_path = tmp / "quality.db"
        shutil.copy(ROOT / "terms.db", db_path)
        db = open_db(db_path)
        for zh in acts:
            if zh != held_out:
                documents.add_bitext(db, zh, zh.with_name(zh.name.replace(".zh.", ".en.")), title=zh.stem,
                                     authority="law", region="TW", aligned=True)
        known = {r[0] for r in db.execute("SELECT term FROM terms WHERE lang = 'zh-Hans'")}
        score = {True: [0, 0, 0], False: [0, 0, 0]}
        for zh, en in pairs:
            found = evidence.proposals(db, zh, top=3)
            if not found["pairs_with_term"]:
                continue
            ranked = [singular(p["english"]) for p in found["proposals"]]
            s = score[to_simplified(zh) in known]
            s[0] += 1
            s[1] += bool(ranked) and ranked[0] == singular(en)
            s[2] += singular(en) in ranked
        db.close()
        label = "none (all four acts)" if held_out is None else held_out.name.replace(".zh.txt", "")
        cells = [f"{s[1] / s[0]:.2f}/{s[2] / s[0]:.2f} (n={s[0]})" if s[0] else "-" for s in (score[True], score[False])]
        print(f"{label:<38}{cells[0]:>22}{cells[1]:>26}")


def synthetic(tmp: Path, n: int) -> tuple[Path, Path]:
    rng = random.Random(3)
    units = []
    for zh in sorted(PARALLEL.glob("*.zh.txt")):
        en = zh.with_name(zh.name.replace(".zh.", ".en."))
        units += [(a, b) for a, b in zip(zh.read_text("utf-8").splitlines(), en.read_text("utf-8").splitlines())
                  if a and b]
    zh_out, en_out = tmp / "big.zh.txt", tmp / "big.en.txt"
    with open(zh_out, "w", encoding="utf-8") as fz, open(en_out, "w", encoding="utf-8") as fe:
        for i in range(n):
            a, b = units[rng.randrange(len(units))]
            k = str(rng.randrange(1, 500))
            fz.write(a.replace("1", k, 1) + f"（{i}）\n")
            fe.write(b.replace("1", k, 1) + f" ({i})\n")
    return zh_out, en_out


def scale(tmp: Path, n: int) -> None:
    zh, en = synthetic(tmp, n)
    db_path = tmp / "scale.db"
    shutil.copy(ROOT / "terms.db", db_path)
    db = open_db(db_path)
    started = time.perf_counter()
    baseline = sum(len(p.read_text("utf-8").splitlines()) for p in (zh, en))
    read_s = time.perf_counter() - started
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    added = documents.add_bitext(db, zh, en, title="synthetic", authority="law", region="TW", aligned=True)
    add_s = time.perf_counter() - started
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\nscale: {added.units:,} pairs ({baseline:,} lines read in {read_s:.2f} s, the baseline)")
    print(f"  add: {add_s:.1f} s ({add_s / read_s:.0f}× reading them); peak RSS {rss0 / 1024:.0f} → {rss1 / 1024:.0f} MB")
    for term in ("工會", "團體協約", "資遣費", "童工"):
        t0 = time.perf_counter()
        c = evidence.concordance(db, term, limit=20)
        t1 = time.perf_counter()
        p = evidence.proposals(db, term, top=3)
        t2 = time.perf_counter()
        top = p["proposals"][0]["english"] if p["proposals"] else "-"
        print(f"  {term}: concordance (20 pairs) {1000 * (t1 - t0):.0f} ms; proposals over {p['pairs_with_term']:,} "
              f"pairs {1000 * (t2 - t1):.0f} ms → {top}")
    db.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args(argv)
    if not PARALLEL.is_dir():
        raise SystemExit(f"the parallel texts are not at {PARALLEL}")
    with tempfile.TemporaryDirectory() as tmp:
        quality(Path(tmp))
        if not args.skip_scale:
            scale(Path(tmp), args.pairs)


if __name__ == "__main__":
    main()
