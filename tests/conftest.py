"""Shared fixtures, in the style of Flask's tutorial: a glossary database built from the small test glossary
(tests/data/mini), the Flask `app` and its `client`, and a click `runner` for the `glossary` command."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.store import config
from glossary.store.build import build
from glossary.store.schema import create_db, open_db

TESTS = Path(__file__).parent
MINI = TESTS / "data" / "mini"
SHARED = config.PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def mini_db_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mini") / "mini.db"
    build(path, MINI, MINI / "corpus")
    return path


@pytest.fixture
def db_path(mini_db_template, tmp_path) -> Path:
    """A fresh copy of the test glossary for each test, free to modify."""
    path = tmp_path / "terms.db"
    shutil.copy(mini_db_template, path)
    return path


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def empty_db(tmp_path):
    """A new, empty glossary database (imports and round trips start from it)."""
    database = create_db(tmp_path / "empty.db")
    yield database
    database.close()


@pytest.fixture(scope="session")
def real_db_path() -> Path:
    """The shipped terms.db (read it only)."""
    assert config.DEFAULT_DB.exists(), "terms.db is missing: run `glossary build` and commit it"
    return config.DEFAULT_DB


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the project (seeds, statutes, TBX schemas); tests that need it skip without it."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture
def app(db_path):
    from web import create_app

    return create_app({"TESTING": True, "GLOSSARY_DB": str(db_path)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(db_path, monkeypatch):
    """Invoke the `glossary` command on the test database: runner.invoke(["lookup", "职代会"])."""
    from glossary.cli.main import cli

    monkeypatch.setenv("GLOSSARY_DB", str(db_path))
    cli_runner = CliRunner()

    class Runner:
        def invoke(self, args, **kwargs):
            return cli_runner.invoke(cli, args, catch_exceptions=False, **kwargs)

    return Runner()


# --- a live server and a headless browser (the site's browser tests) ---------------------------------------
# Debian's chromium driven by Playwright's Python package; no browser is ever downloaded. `make test` installs
# chromium when it is missing and it runs as root; elsewhere the browser tests skip, saying why.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(app):
    """The `app` served over real HTTP by a server thread on 127.0.0.1 (a free port); yields the base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium under Playwright. Skips (fails in CI) when chromium or Playwright is absent."""
    import os

    def unavailable(reason: str):
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests (`make test` installs chromium as root)")
        pytest.skip(reason)

    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (as root, `make test` installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser tab (its own cookies), phone-sized unless the test resizes it."""
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- curation: the test glossary with the statutes mined into its review queue -----------------------------

@pytest.fixture(scope="session")
def mined_db_template(mini_db_template, tmp_path_factory) -> Path:
    """The test glossary with the statutes (../shared/corpus/laws/*.txt) mined into its review queue, by
    `glossary mine`, once per session. Skips when the shared folder is absent."""
    laws = sorted((SHARED / "corpus" / "laws").glob("*.txt"))
    if not laws:
        pytest.skip(f"statutes not found in {SHARED / 'corpus' / 'laws'}")
    from glossary.cli.main import cli

    path = tmp_path_factory.mktemp("mined") / "mined.db"
    shutil.copy(mini_db_template, path)
    result = CliRunner().invoke(cli, ["mine", *map(str, laws), "--db", str(path), "--top", "200"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def mined_db_path(mined_db_template, db_path) -> Path:
    """db_path holding a fresh copy of mined_db_template (request it before `app`/`client`/`runner`)."""
    shutil.copy(mined_db_template, db_path)
    return db_path


@pytest.fixture
def fast_hashing(monkeypatch):
    """Cheap password hashes for tests that log in a lot (scrypt costs ~0.3 s a hash, by design)."""
    from glossary.curation import users

    monkeypatch.setattr(users, "PASSWORD_METHOD", "pbkdf2:sha256:1000")
