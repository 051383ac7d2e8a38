"""Readers during a large import on the site: how long /api/search and a term page take while an editor's
import of a multi-megabyte TBX runs, against the same requests with nothing else running (a ratio, measured
in the same run).

The site runs as it does in production (`glossary serve`: gunicorn, 2 sync workers) on a copy of the shipped
terms.db; the file imported is a synthetic glossary's TBX v3 export (bench_tbx's generator). One thread
posts the import as a logged-in editor (a file this large is imported outside the request, web/imports.py,
and the thread follows the job page until it is done); the main thread asks for a search and a term page
every 50 ms and records each latency.

    python bench/bench_import_readers.py [--concepts 6000] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import requests  # noqa: E402  (a test dependency, through schemathesis)

PASSWORD = "a long enough password"
READS = ["/api/search?q=%E5%B7%A5%E4%BC%9A", "/term/workers-congress"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_tbx(concepts: int) -> Path:
    import bench_tbx

    from glossary.store.schema import open_db
    from glossary.interchange.formats import write_export

    tbx = OUT / f"readers-{concepts}.tbx"
    if not tbx.exists():
        db_path = OUT / f"tbx-{concepts}.db"
        if not db_path.exists():
            bench_tbx.build_db(db_path, concepts)
        db = open_db(db_path, migrate_forward=False)
        with open(tbx, "wb") as fh:
            write_export(db, "tbx", fh)
        db.close()
    return tbx


def site_db() -> Path:
    from glossary.curation import users
    from glossary.store.schema import open_db

    path = OUT / "readers-site.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copy(ROOT / "terms.db", path)
    db = open_db(path)
    users.add_user(db, "bench", PASSWORD, "editor")
    db.close()
    return path


def read_latencies(base: str, stop: threading.Event, seconds: float | None = None) -> list[float]:
    latencies, session, started = [], requests.Session(), time.perf_counter()
    while not stop.is_set() and (seconds is None or time.perf_counter() - started < seconds):
        for path in READS:
            t0 = time.perf_counter()
            response = session.get(base + path, timeout=120)
            latencies.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
        time.sleep(0.05)
    return latencies


def summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (f"{len(ordered):>5} requests  median {statistics.median(ordered) * 1000:8.1f} ms  "
            f"p95 {p95 * 1000:8.1f} ms  max {ordered[-1] * 1000:8.1f} ms")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    tbx = make_tbx(args.concepts)
    db_path = site_db()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GLOSSARY_DB": str(db_path), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--timeout", "300",
                               "--bind", f"127.0.0.1:{port}", "web:create_app()"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                requests.get(base + "/", timeout=30)
                break
            except requests.RequestException:
                time.sleep(0.1)
        print(f"import of {tbx.name} ({tbx.stat().st_size / 1e6:.1f} MB, {args.concepts:,} concepts) on the site, "
              f"gunicorn {args.workers} sync workers\n")
        idle = read_latencies(base, threading.Event(), seconds=5)
        print(f"readers, nothing else running: {summary(idle)}")

        editor = requests.Session()
        page = editor.get(base + "/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        editor.post(base + "/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token})
        page = editor.get(base + "/download/import").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        done, outcome = threading.Event(), {}

        def post_import():
            t0 = time.perf_counter()
            with open(tbx, "rb") as fh:
                response = editor.post(base + "/download/import", data={"csrf_token": token, "apply": "1"},
                                       files={"file": (tbx.name, fh)}, timeout=600, allow_redirects=False)
            outcome.update(status=response.status_code, answered=time.perf_counter() - t0)
            if response.status_code == 303:  # imported outside the request (web/imports.py): follow the job
                job_page = base + response.headers["Location"]
                while "Importing" in (page := editor.get(job_page, timeout=600).text):
                    time.sleep(0.5)
                outcome["imported"] = "Imported" in page
            outcome["seconds"] = time.perf_counter() - t0
            done.set()

        importer = threading.Thread(target=post_import)
        importer.start()
        time.sleep(0.2)
        busy = read_latencies(base, done)
        importer.join()
        print(f"readers during the import:     {summary(busy)}")
        print(f"the import request: HTTP {outcome['status']} after {outcome['answered']:.1f} s; "
              f"import finished after {outcome['seconds']:.1f} s")
        ratio = statistics.median(busy) / statistics.median(idle)
        print(f"\nmedian during / median idle: {ratio:.1f}×; worst reader wait {max(busy):.2f} s "
              f"({max(busy) / outcome['seconds']:.0%} of the import's time)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
