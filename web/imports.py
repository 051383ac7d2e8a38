"""Large imports on the site run outside the request: readers never wait for them and no worker times out.

An upload over BACKGROUND_BYTES (config IMPORT_BACKGROUND_BYTES) is saved in the instance folder
(instance/imports/<job>/, config IMPORT_JOBS_DIR) and imported by a thread of the worker with its own
database connection; the editor is sent to /download/import/<job>, which shows "running" (the page reloads
itself) and then the report. The job's state is a small JSON file, so any worker can show it. A small file
is imported while the editor waits, as before.

Why: an import is one write transaction of up to a minute (a 7.8 MB TBX took 34 s in
bench/bench_import_readers.py) — past gunicorn's 30-second worker timeout, which kills the worker and the
import with it, and holding a sync worker that readers could use. In WAL mode the transaction itself does
not block readers.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import threading
import time
from pathlib import Path

from flask import current_app

from glossary.store import config
from glossary.curation import journal
from glossary.store.schema import GlossaryError, open_db
from glossary.interchange.formats import import_file

BACKGROUND_BYTES = 1_000_000  # about 400 concepts of TBX: a few seconds in the request at most
STALE_AFTER = 3 * 3600  # a job "running" this long died with its worker (restart, deploy)
_JOB_ID = re.compile(r"^[0-9a-f]{16}$")
_threads: dict[str, threading.Thread] = {}  # this process's running jobs (tests join them)


def background_bytes() -> int:
    return int(current_app.config.get("IMPORT_BACKGROUND_BYTES", BACKGROUND_BYTES))


def jobs_dir() -> Path:
    return Path(current_app.config.get("IMPORT_JOBS_DIR") or Path(current_app.instance_path) / "imports")


def _write_state(folder: Path, state: dict) -> None:
    tmp = folder / f".state.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(json.dumps(state, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / "state.json")  # readers in other workers see the old state or the new, whole


def start(upload, name: str, dry_run: bool, user: str) -> str:
    """Save the upload and import it in a thread; return the job id."""
    job = secrets.token_hex(8)
    folder = jobs_dir() / job
    folder.mkdir(parents=True)
    path = folder / name
    upload.save(path)
    state = {"job": job, "file": name, "user": user, "dry_run": dry_run, "state": "running", "started": time.time()}
    _write_state(folder, state)
    db_path = str(current_app.config.get("GLOSSARY_DB") or config.default_db_path())
    thread = threading.Thread(target=_run, args=(db_path, folder, path, state), name=f"import-{job}", daemon=True)
    _threads[job] = thread
    thread.start()
    return job


def _run(db_path: str, folder: Path, path: Path, state: dict) -> None:
    try:
        db = open_db(db_path, migrate_forward=False)
        try:
            journal.enable_wal(db)
            report = import_file(db, path, dry_run=state["dry_run"], user=state["user"], name=state["file"])
        finally:
            db.close()
        state.update(state="done", summary=report.summary(limit=200))
    except GlossaryError as exc:
        state.update(state="failed", error=str(exc).replace(str(path), state["file"]))
    except Exception as exc:  # noqa: BLE001  the editor must learn that it failed, whatever the cause
        current = f"{type(exc).__name__}: {exc}"
        state.update(state="failed", error=f"the import stopped: {current[:300]} (nothing was written)")
    finally:
        state["finished"] = time.time()
        path.unlink(missing_ok=True)
        _write_state(folder, state)
        _threads.pop(state["job"], None)


def status(job: str) -> dict | None:
    """The job's state, or None when there is no such job."""
    if not _JOB_ID.match(job or ""):
        return None
    try:
        state = json.loads((jobs_dir() / job / "state.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if state["state"] == "running" and time.time() - state["started"] > STALE_AFTER and job not in _threads:
        state.update(state="failed", error="the import was interrupted (the server restarted); nothing was "
                                           "written: import the file again")
    return state


def wait(job: str, timeout: float | None = None) -> None:
    """Wait for a job of this process to finish (tests, benchmarks)."""
    thread = _threads.get(job)
    if thread is not None:
        thread.join(timeout)


def remove_finished(older_than: float = 7 * 86400) -> None:
    """Forget finished jobs after a week (their reports are in the imports table for good)."""
    root = jobs_dir()
    if not root.is_dir():
        return
    for folder in root.iterdir():
        state_file = folder / "state.json"
        try:
            if time.time() - state_file.stat().st_mtime > older_than and folder.name not in _threads:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
