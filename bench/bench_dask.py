"""Benchmark of mining on Dask against the multiprocessing pool, on the same input in the same run.

    .venv/bin/python bench/bench_dask.py                      # the news archive and 5×, on 1 and 2 workers
    .venv/bin/python bench/bench_dask.py --sizes 1,5,20       # also 20× (136 M characters: long)
    .venv/bin/python bench/bench_dask.py --sizes 5 --workers 2

The corpus: ../shared/corpus/news (825 files, 6.8 M characters), and N× that made by bench_mining's varied
copies (copy 0 is the archive itself; every further copy of each file has one Chinese character in 20
replaced at random, seeded), in bench/out/news_<N>x/ (not committed). Each run is a subprocess: the pool
(`mine(jobs=W)`) or a LocalCluster of W worker processes, one thread each (`mine(executor=…)`; the cluster's
start is timed apart). Printed per run: seconds and MB/s of the whole mining run, pass 1 (counting) seconds,
merge work (the pool: the main process adding parts to its running total, overlapping the counting; Dask:
the merge tasks' time summed over workers), the serial part of it (the adding into the running total, one
block sum at a time on Dask) and the merge tail (Dask: from the last counting task's end to
the total's arrival in the client), peak RSS of the main process and of each worker (VmHWM; the pool's
workers: the largest, from getrusage; with W=1 the pool counts in the main process), the pruning threshold,
and a digest of the ranked candidates (term, kind, frequencies, score, examples): the two paths must agree.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_mining import vary  # noqa: E402

NEWS = ROOT.parent / "shared" / "corpus" / "news"
OUT = ROOT / "bench" / "out"

_CHILD = """
import hashlib, json, resource, sys, time
sys.path.insert(0, {root!r})
from glossary.mining import cluster, pipeline

def vmhwm():
    try:
        return next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0

def digest(result):
    rows = [(c.term, c.kind, c.frequency, c.doc_frequency, c.score, c.original, c.full_forms, c.examples)
            for c in result.candidates]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]

def main():
    mode, folder, workers = {mode!r}, {folder!r}, {workers}
    start_s = 0.0
    if mode == "dask":
        t = time.perf_counter()
        with cluster.connect("local", jobs=workers, dashboard=":0") as ex:
            start_s = time.perf_counter() - t
            t = time.perf_counter()
            r = pipeline.mine([folder], executor=ex)
            seconds = time.perf_counter() - t
            peaks = sorted(ex.peak_memory().values())
    else:
        t = time.perf_counter()
        r = pipeline.mine([folder], jobs=workers)
        seconds = time.perf_counter() - t
        peaks = [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024] if workers > 1 else []
    print(json.dumps({{"seconds": seconds, "start": start_s, "main": vmhwm(), "workers": peaks,
                      "timings": r.timings, "pruned_below": r.pruned_below, "candidates": len(r.candidates),
                      "characters": r.characters, "digest": digest(r)}}))

if __name__ == "__main__":
    main()
"""


def make_news(times: int) -> Path:
    """The news archive (times=1), or bench/out/news_<times>x/: the archive and times-1 varied copies."""
    if times == 1:
        return NEWS
    folder = OUT / f"news_{times}x"
    files = sorted(p for p in NEWS.rglob("*.txt") if p.name != "README.md")
    marker = folder / ".complete"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(times)
    for copy in range(times):
        for path in files:
            text = path.read_text("utf-8")
            if copy:
                text = vary(text, rng)
            (folder / f"{copy:02d}_{path.stem}.txt").write_text(text, "utf-8")
    marker.write_text("")
    return folder


def run(mode: str, folder: Path, workers: int) -> dict:
    code = _CHILD.format(root=str(ROOT), mode=mode, folder=str(folder), workers=workers)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{mode} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5", help="corpus sizes, multiples of the news archive (1,5,20)")
    parser.add_argument("--workers", default="1,2", help="worker counts (1,2)")
    args = parser.parse_args()
    if not NEWS.is_dir():
        raise SystemExit(f"the news archive is not at {NEWS}")
    print(f"{'corpus':<14}{'W':>2} {'path':<5}{'s':>7}{'MB/s':>6}{'count s':>8}{'merge work s':>13}{'of it serial':>13}{'merge tail s':>13}"
          f"{'RSS main MB':>12}{'RSS workers MB':>16}{'pruned<':>8}{'cands':>8}  digest", flush=True)
    for times in (int(x) for x in args.sizes.split(",")):
        folder = make_news(times)
        size = sum(p.stat().st_size for p in folder.rglob("*.txt"))
        for workers in (int(x) for x in args.workers.split(",")):
            pair = {}
            for mode in ("pool", "dask"):
                r = pair[mode] = run(mode, folder, workers)
                t = r["timings"]
                tail = f"{t['merge_tail']:.1f}" if "merge_tail" in t else "-"
                peaks = "/".join(mb(p) for p in r["workers"]) or "(main)"
                print(f"{times}× ({size / 1e6:.0f} MB)".ljust(14) + f"{workers:>2} {mode:<5}{r['seconds']:>7.1f}"
                      f"{size / 1e6 / r['seconds']:>6.2f}{t['counting']:>8.1f}{t['merging']:>13.1f}{t['folding']:>13.1f}{tail:>13}"
                      f"{mb(r['main']):>12}{peaks:>16}{r['pruned_below']:>8}{r['candidates']:>8}  {r['digest']}"
                      + (f"  (cluster start {r['start']:.1f} s)" if mode == "dask" else ""), flush=True)
            same = pair["pool"]["digest"] == pair["dask"]["digest"]
            ratio = pair["pool"]["seconds"] / pair["dask"]["seconds"]
            print(f"   → Dask/pool throughput {ratio:.2f}; candidates {'identical' if same else 'DIFFER'}", flush=True)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(bench took {time.perf_counter() - started:.0f} s)")
