"""Readers on a published, read-only copy (`glossary publish` + `glossary serve --read-only`) against today's
path (the editors' database opened read-write), and readers while a new copy is published under them.

1. The app's CPU per request, in this process, for each kind of request (bench_site.app_cpu), on the same
   database opened the normal way and as an immutable read-only copy: ratio read-only / normal.
2. gunicorn serving the copy read-only while `glossary publish` replaces it several times: the readers'
   latency at a fixed rate, and the requests that failed (the aim: none dropped).

    python bench/bench_replica.py [--db bench/out/synthetic.db | terms.db] [--rate 300] [--publishes 5]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_site  # noqa: E402  the site bench's request sampler, app timer, server and load client

from glossary.store.publish import publish  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=bench_site.DEFAULT_DB if bench_site.DEFAULT_DB.exists()
                        else HERE.parent / "terms.db")
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "replica" / "terms.db"
        publish(args.db, copy)
        kinds = {name: paths for name, paths in bench_site.sample_requests(copy, n=200)["paths"].items() if paths}
        print(f"database: {args.db} → published copy {copy.stat().st_size:,} bytes")

        os.environ["GLOSSARY_READ_ONLY"] = ""
        normal = bench_site.app_cpu(copy, kinds)
        os.environ["GLOSSARY_READ_ONLY"] = "1"
        read_only = bench_site.app_cpu(copy, kinds)
        print("\napp CPU per request (ms, least of 3 rounds), same process:")
        print(f"{'kind':<22}{'normal':>10}{'read-only':>12}{'ratio':>8}")
        for name in kinds:
            print(f"{name:<22}{normal[name]:>10.3f}{read_only[name]:>12.3f}{read_only[name] / normal[name]:>8.2f}")

        port = bench_site.free_port()
        os.environ["GLOSSARY_READ_ONLY"] = "1"
        server = bench_site.start_server(copy, port, args.workers)
        try:
            paths = [p for ps in kinds.values() for p in ps if p.startswith("/api/")]
            quiet = bench_site.fixed_rate(port, paths, args.rate, 4)
            stop = threading.Event()
            published = []

            def publisher():
                while not stop.is_set() and len(published) < args.publishes:
                    started = time.perf_counter()
                    publish(args.db, copy)
                    published.append(time.perf_counter() - started)
                    time.sleep(0.5)

            thread = threading.Thread(target=publisher)
            thread.start()
            busy = bench_site.fixed_rate(port, paths, args.rate, max(4.0, args.publishes * 0.8))
            stop.set()
            thread.join()
        finally:
            server.terminate()
            server.wait()
        print(f"\nreaders on gunicorn --read-only at {args.rate:.0f} req/s (API requests):")
        for label, r in (("quiet", quiet), (f"during {len(published)} publishes", busy)):
            print(f"  {label:<22} p50 {r['p50']:.1f} ms  p99 {r['p99']:.1f} ms  {r['requests']} requests, "
                  f"{r['errors']} failed")
        if published:
            print(f"  each publish took {min(published):.2f}–{max(published):.2f} s")


if __name__ == "__main__":
    main()
