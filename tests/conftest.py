"""Shared fixtures, in the style of Flask's tutorial: a glossary database built from the small test glossary
(tests/data/mini), the Flask `app` and its `client`, and a click `runner` for the `glossary` command."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary import config
from glossary.build import build
from glossary.schema import open_db

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
    from glossary.cli import cli

    monkeypatch.setenv("GLOSSARY_DB", str(db_path))
    cli_runner = CliRunner()

    class Runner:
        def invoke(self, args, **kwargs):
            return cli_runner.invoke(cli, args, catch_exceptions=False, **kwargs)

    return Runner()
