"""The lookup site under load, on loopback: gunicorn with 2 workers on the synthetic glossary (100,000 concepts,
1,000,000 example sentences; built by make_synthetic_db.py if missing).

For each kind of request (API search by a full term and by a two-character fragment, API term, API examples,
the search and term pages) it reports:
- latency at a fixed offered rate (default 500 requests/s, open loop: latency counts from when a request was
  due, so a stall is not hidden by the client waiting politely), p50 and p99, from a bounded Python client;
  each kind is run --repeat times (default 3), in rounds over all kinds, and the medians are reported with the
  range of p99: on a shared machine one run's p99 is often a neighbour's burst of work;
- the server's CPU time per request during those runs (its workers' user + system time from /proc, divided by
  the requests), and the app's alone (the Flask app called in this process, no HTTP): the figures that move
  least with the neighbours' load, as the client shares the cores;
- the most requests/s the server gives (wrk from Debian, installed with apt when missing and root; else a
  closed-loop Python client, which is itself the bottleneck and says so).
It also times the library's search in this process, full term vs fragment, as the baseline for the ratio.

    python bench/bench_site.py [--db bench/out/synthetic.db] [--rate 500] [--seconds 6] [--repeat 3] [--only fragment ...]
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DB = HERE / "out" / "synthetic.db"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sample_requests(db_path: Path, n: int = 400, seed: int = 7) -> dict[str, list[str]]:
    """Paths for each kind of request, drawn from the database."""
    from glossary.store.schema import open_db

    rng = random.Random(seed)
    db = open_db(db_path, migrate_forward=False)
    total = db.execute("SELECT max(id) FROM concepts").fetchone()[0]
    ids = [rng.randint(1, total) for _ in range(n)]
    marks = ",".join("?" * len(ids))
    heads = [r[0] for r in db.execute(
        f"SELECT term FROM terms WHERE concept_id IN ({marks}) AND lang = 'zh-Hans' AND position = 0", ids)]
    slugs = [r[0] for r in db.execute(f"SELECT slug FROM concepts WHERE id IN ({marks})", ids)]
    # two-character pieces of real terms, anywhere in them (职工, 工会, 会代 …)
    fragments = []
    for term in heads:
        start = rng.randrange(len(term) - 1)
        fragments.append(term[start:start + 2])
    db.close()
    q = urllib.parse.quote
    return {
        "full": heads, "fragment": fragments,
        "paths": {
            "API search, full term": [f"/api/search?q={q(t)}" for t in heads],
            "API search, 2-char fragment": [f"/api/search?q={q(t)}" for t in fragments],
            "API term by slug": [f"/api/terms/{s}" for s in slugs],
            "API examples page": [f"/api/terms/{s}/examples" for s in slugs],
            "page: search, full term": [f"/search?q={q(t)}&all=1" for t in heads],  # the list, not the redirect to one entry
            "page: term": [f"/term/{s}" for s in slugs],
        },
    }


def library_baseline(db_path: Path, full: list[str], fragments: list[str]) -> dict:
    """The library's search timed in this process: the baseline the HTTP figures are set against."""
    from glossary.search import lookup
    from glossary.store.schema import open_db

    db = open_db(db_path, migrate_forward=False)
    out = {}
    for name, queries in (("full", full), ("fragment", fragments)):
        lookup.search(db, queries[0])  # warm the page cache
        times = []
        for query in queries:
            started = time.perf_counter()
            lookup.search(db, query)
            times.append((time.perf_counter() - started) * 1000)
        out[name] = {"p50": statistics.median(times), "p99": percentile(times, 99)}
    db.close()
    return out


def app_cpu(db_path: Path, kinds: dict[str, list[str]], rounds: int = 3) -> dict[str, float]:
    """CPU milliseconds per request of the Flask app called in this process (WSGI, no HTTP, no client): the
    steadiest figure of the server's own cost. Each kind's paths are run once to warm up, then `rounds`
    times; the least mean is kept."""
    from werkzeug.test import EnvironBuilder

    sys.path.insert(0, str(ROOT))
    os.environ["GLOSSARY_DB"] = str(db_path)
    from web import create_app

    app = create_app()
    out = {}
    for name, paths in kinds.items():
        environs = []
        for path in paths:
            route, _, query = path.partition("?")
            environs.append(EnvironBuilder(path=urllib.parse.unquote(route), query_string=query).get_environ())

        def run():
            for environ in environs:
                statuses = []
                b"".join(app(dict(environ), lambda status, headers, exc_info=None: statuses.append(status)))
                if not statuses[0].startswith("200"):
                    raise SystemExit(f"{name}: {statuses[0]}")

        run()
        means = []
        for _ in range(rounds):
            started = time.process_time()
            run()
            means.append((time.process_time() - started) * 1000 / len(environs))
        out[name] = min(means)
    return out


def start_server(db_path: Path, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "GLOSSARY_DB": str(db_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            status, _ = fetch(port, "/api/openapi.json")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


def server_cpu_seconds(server: subprocess.Popen) -> float | None:
    """User + system CPU seconds of the gunicorn master's worker processes so far (Linux /proc; None elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total, found = 0, False
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return None
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker that just exited
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
        found = True
    return total / ticks if found else None


def fetch(port: int, path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def fixed_rate(port: int, paths: list[str], rate: float, seconds: float, threads: int = 16) -> dict:
    """Offer `rate` requests/s for `seconds` (open loop); latency measured from each request's due time."""
    total = int(rate * seconds)
    latencies, errors = [], []
    lock, counter = threading.Lock(), iter(range(total))
    started = time.perf_counter() + 0.05

    def worker():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            due = started + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            try:
                status, _ = fetch(port, paths[i % len(paths)])
            except OSError as exc:
                status = repr(exc)
            done = time.perf_counter()
            with lock:
                latencies.append((done - due) * 1000)
                if status != 200:
                    errors.append(status)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    return {"offered": rate, "achieved": total / elapsed, "requests": total, "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99), "errors": len(errors)}


def ensure_wrk() -> str | None:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk",
                       shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk")


def max_rate(port: int, paths: list[str], seconds: float, wrk: str | None) -> tuple[float, str]:
    """The most requests/s the server answers: wrk with 8 connections, or a closed-loop Python client."""
    if wrk:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            listed = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
            script.write(f"local paths = {{{listed}}}\nlocal i = 0\n"
                         "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n")
        try:
            out = subprocess.run([wrk, "-t2", "-c8", f"-d{int(seconds)}s", "-s", script.name,
                                  f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(script.name)
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "wrk"
    done, stop = [0], time.perf_counter() + seconds

    def worker(offset):
        i = offset
        while time.perf_counter() < stop:
            fetch(port, paths[i % len(paths)])
            i += 1
            done[0] += 1

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return done[0] / seconds, "python client (client-bound)"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rate", type=float, default=500, help="offered requests/s for the API latency runs")
    parser.add_argument("--page-rate", type=float, default=100, help="offered requests/s for the HTML pages")
    parser.add_argument("--seconds", type=float, default=6, help="length of each run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per kind of request (medians are reported)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="run only the requests whose name contains TEXT (repeatable), e.g. fragment")
    args = parser.parse_args(argv)
    if not args.db.exists():
        sys.path.insert(0, str(HERE))
        import make_synthetic_db

        make_synthetic_db.main(["--out", str(args.db)])

    from glossary.store.schema import open_db

    open_db(args.db).close()  # migrated forward first, as `glossary serve` does (the site opens it as it is)
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    sample = sample_requests(args.db)
    base = library_baseline(args.db, sample["full"], sample["fragment"])
    print(f"database: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB)")
    print("library search in-process (ms):  full term p50 {:.2f} p99 {:.2f} · 2-char fragment p50 {:.2f} p99 {:.2f}"
          " · fragment/full p50 ratio {:.2f}".format(base["full"]["p50"], base["full"]["p99"], base["fragment"]["p50"],
                                                     base["fragment"]["p99"], base["fragment"]["p50"] / base["full"]["p50"]))
    kinds = {name: paths for name, paths in sample["paths"].items()
             if not args.only or any(text.lower() in name.lower() for text in args.only)}
    in_process = app_cpu(args.db, kinds)
    wrk = ensure_wrk()
    port = free_port()
    server = start_server(args.db, port, args.workers)
    runs: dict[str, list[dict]] = {name: [] for name in kinds}
    results = {}
    try:
        for name, paths in kinds.items():
            for path in paths[:3]:  # warm up each worker's connection and page cache
                fetch(port, path)
        # rounds over every kind, so that a neighbour's burst of work falls on all kinds alike
        for _round in range(args.repeat):
            for name, paths in kinds.items():
                cpu_before = server_cpu_seconds(server)
                latency = fixed_rate(port, paths, args.rate if name.startswith("API") else args.page_rate, args.seconds)
                cpu_after = server_cpu_seconds(server)
                if cpu_before is not None and cpu_after is not None:
                    latency["cpu_ms"] = (cpu_after - cpu_before) * 1000 / latency["requests"]
                runs[name].append(latency)
        for name, paths in kinds.items():
            most, how = max_rate(port, paths, min(args.seconds, 5), wrk)
            results[name] = {**{key: statistics.median(run[key] for run in runs[name])
                                for key in ("offered", "achieved", "p50", "p99")},
                             "p99_range": (min(run["p99"] for run in runs[name]), max(run["p99"] for run in runs[name])),
                             "errors": sum(run["errors"] for run in runs[name]),
                             "cpu_ms": statistics.median(run["cpu_ms"] for run in runs[name])
                             if all("cpu_ms" in run for run in runs[name]) else None,
                             "max": most, "max_by": how}
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(f"\ngunicorn {args.workers} workers on 127.0.0.1, {os.cpu_count()} cores shared with the client; "
          f"latency from each request's due time at a fixed offered rate, {args.repeat} runs of {args.seconds:.0f} s "
          f"(open loop; medians of the runs, and the range of p99); max req/s by {results[next(iter(results))]['max_by']}; "
          f"load average before: {load_before}\n")
    print("| request | offered req/s | achieved req/s | p50 ms | p99 ms | p99 range ms | errors | server CPU ms/req "
          "| app CPU ms/req | max req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        cpu = "n/a" if r["cpu_ms"] is None else f"{r['cpu_ms']:.2f}"
        print(f"| {name} | {r['offered']:.0f} | {r['achieved']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
              f"| {r['p99_range'][0]:.1f}–{r['p99_range'][1]:.1f} | {r['errors']} | {cpu} | {in_process[name]:.2f} "
              f"| {r['max']:.0f} |")
    print("server CPU: the gunicorn workers' CPU time per request during the fixed-rate runs; app CPU: the Flask app "
          "called in-process (WSGI, no HTTP), least mean of 3 passes over the paths")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    full, fragment = results.get("API search, full term"), results.get("API search, 2-char fragment")
    if full and fragment:
        print(f"\nfragment vs full term over HTTP: p50 ratio {fragment['p50'] / full['p50']:.2f}, "
              f"p99 ratio {fragment['p99'] / full['p99']:.2f}, max req/s ratio {fragment['max'] / full['max']:.2f}")


if __name__ == "__main__":
    main()
