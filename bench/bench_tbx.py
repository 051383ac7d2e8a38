"""TBX export and import at scale: 100,000 concepts, seconds and peak memory, and proof that export streams.

Synthetic glossaries of 10,000 and 100,000 concepts (make_synthetic_db's generator: real domain pieces,
pinyin, traditional forms, one to three renderings with sources, cross-references; one example sentence per
concept on average, so the v3 export carries contexts) are written to bench/out/. Each measurement runs in
its own subprocess, so its peak RSS (getrusage ru_maxrss) is its own:

- baseline: a process that imports the library and opens the 100,000-concept database, nothing else;
- export (v3 and martif) of 10,000 and of 100,000 concepts: seconds, peak RSS, and peak RSS above the
  baseline. Streaming means the 100,000 export needs no more memory than the 10,000 one (ratio ≈ 1), while
  the file is ten times larger;
- import of the 100,000-concept v3 file into an empty database (create_db), then export of the result,
  compared byte for byte with the file imported (the round trip at scale).

    python bench/bench_tbx.py [--sizes 10000 100000] [--skip-import]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over
    exec, so a child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_db(path: Path, concepts: int) -> None:
    """A synthetic glossary of `concepts` concepts and as many example sentences (bulk-written)."""
    import make_synthetic_db as synthetic

    from glossary.store.schema import create_db

    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    rng = random.Random(20240601)
    db = create_db(tmp)
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    with db.conn:
        zh_ids = synthetic.write_concepts(db, rng, synthetic.make_concepts(rng, concepts))
        synthetic.write_corpus(db, rng, zh_ids, concepts, per_document=1000)
        db.conn.execute("INSERT INTO meta (key, value) VALUES ('title', 'synthetic benchmark glossary')")
    db.close()
    os.replace(tmp, path)


# --- what each subprocess does --------------------------------------------------------------------------

def child(task: str, args: list[str]) -> dict:
    from glossary.store.schema import create_db, open_db
    from glossary.interchange.formats import write_export

    if task == "baseline":
        db = open_db(args[0], migrate_forward=False)
        db.execute("SELECT count(*) FROM concepts").fetchone()
        return {"peak_mb": peak_rss_mb()}
    if task == "export":
        db_path, fmt, out = args
        db = open_db(db_path, migrate_forward=False)
        started = time.perf_counter()
        with open(out, "wb") as fh:
            write_export(db, fmt, fh)
        return {"seconds": time.perf_counter() - started, "peak_mb": peak_rss_mb(), "bytes": Path(out).stat().st_size}
    if task == "import":
        from glossary.interchange.formats import import_file

        tbx, db_path = args
        Path(db_path).unlink(missing_ok=True)
        db = create_db(db_path)
        started = time.perf_counter()
        report = import_file(db, tbx)
        return {"seconds": time.perf_counter() - started, "peak_mb": peak_rss_mb(),
                "terms": dict(report.terms), "terms_in_file": report.terms_in_file, "concepts": len(report.added)}
    raise SystemExit(f"unknown task {task}")


def run(task: str, *args) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", task, *map(str, args)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{task} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1:])))
        return

    OUT.mkdir(exist_ok=True)
    sizes = sorted(args.sizes)
    dbs = {}
    for n in sizes:
        dbs[n] = OUT / f"tbx-{n}.db"
        if not dbs[n].exists():
            started = time.perf_counter()
            build_db(dbs[n], n)
            print(f"built {dbs[n].name}: {n:,} concepts in {time.perf_counter() - started:.0f} s", flush=True)

    largest = sizes[-1]
    baseline = run("baseline", dbs[largest])
    print(f"\nbaseline (import the library, open the {largest:,}-concept database): peak RSS "
          f"{baseline['peak_mb']:.0f} MB\n")
    print(f"{'export':<10}{'concepts':>10}{'seconds':>10}{'concepts/s':>12}{'MB written':>12}{'peak RSS MB':>13}"
          f"{'above baseline':>16}")
    results = {}
    for fmt in ("tbx", "tbx2008"):
        for n in sizes:
            out = OUT / f"export-{n}.{fmt}"
            r = results[fmt, n] = run("export", dbs[n], fmt, out)
            print(f"{fmt:<10}{n:>10,}{r['seconds']:>10.1f}{n / r['seconds']:>12,.0f}{r['bytes'] / 1e6:>12.1f}"
                  f"{r['peak_mb']:>13.0f}{r['peak_mb'] - baseline['peak_mb']:>16.0f}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for fmt in ("tbx", "tbx2008"):
            a, b = results[fmt, small], results[fmt, large]
            print(f"{fmt}: {large // small}× the concepts → {b['bytes'] / a['bytes']:.1f}× the file, "
                  f"{b['seconds'] / a['seconds']:.1f}× the time, {b['peak_mb'] / a['peak_mb']:.2f}× the peak RSS "
                  f"(growth above baseline {b['peak_mb'] - a['peak_mb']:+.0f} MB)")
    if args.skip_import:
        return
    tbx = OUT / f"export-{largest}.tbx"
    imported = OUT / f"imported-{largest}.db"
    r = run("import", tbx, imported)
    print(f"\nimport of {tbx.name} into an empty database: {r['seconds']:.1f} s "
          f"({r['concepts'] / r['seconds']:,.0f} concepts/s), peak RSS {r['peak_mb']:.0f} MB "
          f"({r['peak_mb'] - baseline['peak_mb']:+.0f} MB above baseline); "
          f"{r['concepts']:,} concepts, terms {r['terms']} of {r['terms_in_file']:,}")
    again = OUT / f"reexport-{largest}.tbx"
    r2 = run("export", imported, "tbx", again)
    same = again.read_bytes() == tbx.read_bytes()
    print(f"round trip: export → import → export {'byte-identical' if same else 'DIFFERS'} "
          f"({r2['bytes'] / 1e6:.1f} MB, re-export {r2['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
