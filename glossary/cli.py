"""The `glossary` command: a thin click layer over the library. Each command takes --db.

Commands of other areas live beside their library modules and are registered at the bottom of this file.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import config
from .schema import GlossaryError, open_db


def db_option(func):
    """--db PATH: which glossary database (default $GLOSSARY_DB, else terms.db at the project root)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Glossary database (default: $GLOSSARY_DB or terms.db at the project root).",
    )(func)


def resolve_db_path(db_path: Path | None) -> Path:
    return db_path or config.default_db_path()


def open_glossary(db_path: Path | None):
    """Open the chosen database, turning problems into a clean CLI error."""
    return open_db(resolve_db_path(db_path))


def user_errors(func):
    """Report GlossaryError (and its subclasses) as `Error: …` with exit status 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GlossaryError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group()
@click.version_option(package_name="glossary")
def cli():
    """A Chinese→English glossary of trade-union and labour-relations terms."""


@cli.command()
@db_option
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=config.DATA_DIR,
              show_default=True, help="Glossary folder: concepts/ and sources/ (or concepts.yaml and sources.yaml).")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=config.CORPUS_DIR,
              show_default=True, help="Folder with documents.yaml and the sample articles.")
@user_errors
def build(db_path, data_dir, corpus_dir):
    """Rebuild the database from the curated glossary and the sample corpus (deterministic)."""
    from .build import build as run_build

    path = resolve_db_path(db_path)
    counts = run_build(path, data_dir, corpus_dir)
    click.echo(f"built {path}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


@cli.command()
@click.argument("query")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of entries.")
@click.option("--limit", default=5, show_default=True, help="At most this many entries.")
@click.option("--examples", default=3, show_default=True, help="Example sentences per entry.")
@user_errors
def lookup(query, db_path, as_json, limit, examples):
    """Look a term up by Chinese (simplified or traditional), pinyin, initials or English.

    QUERY may be `-` to read the query from standard input.
    """
    from . import lookup as lk

    if query == "-":
        query = sys.stdin.read()
    db = open_glossary(db_path)
    entries = lk.lookup(db, query, limit=limit, examples=examples)
    if not entries:
        suggestions = lk.suggest(db, query)
        message = f"not found: {lk.clean_query(query)}"
        if suggestions:
            message += "\ndid you mean: " + ", ".join(suggestions)
        if as_json:
            click.echo(json.dumps([], ensure_ascii=False))
        click.echo(message, err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            click.echo(format_entry(entry))


def format_entry(e: dict) -> str:
    lines = [click.style(f"{e['zh']}  {e['zh_hant']}  {e['pinyin']}", bold=True) + f"   [{'; '.join(filter(None, [e['kind'], e['subject']]))}]"]
    if e["matched"]["term"] not in (e["zh"], e["en"]):
        lines.append(f"  matched: {e['matched']['term']} ({e['matched']['how']})")
    for t in e["zh_terms"][1:]:
        lines.append(f"  {t['type']}: {t['term']}  {t['hant']}  {t['pinyin']}")
    polyphonic = {ch: r for t in e["zh_terms"] for ch, r in t["heteronyms"].items()}
    if polyphonic:
        lines.append("  polyphonic: " + ", ".join(f"{ch} ({'/'.join(r)})" for ch, r in polyphonic.items())
                     + ("" if e["zh_terms"][0]["pinyin_reviewed"] else "  [reading not yet reviewed]"))
    if e["full_form"] and e["full_form"] != e["zh"]:
        lines.append(f"  full form: {e['full_form']}")
    for t in e["en_terms"]:
        cited = "; ".join(s["title"] + (f" <{s['url']}>" if s.get("url") else "") for s in t["sources"])
        lines.append(f"  EN {t['status']:<10} {t['term']}")
        lines.append(f"       source: {cited}")
        if t["note"]:
            lines.append(f"       note: {t['note']}")
    for label, key in (("definition", "definition"), ("知识点", "note_zh"), ("usage", "note")):
        if e[key]:
            lines.append(f"  {label}: {e[key]}")
    for link in e["links"]:
        lines.append(f"  {link['type']}: {link['zh']} — {link['en'] or ''}")
    if e["examples"]:
        lines.append(f"  examples ({len(e['examples'])} of {e['example_count']}):")
        for x in e["examples"]:
            s = x["sentence"]
            marked = s[: x["start"]] + click.style(s[x["start"]: x["end"]], underline=True) + s[x["end"]:]
            lines.append(f"    {marked}  — {x['document']} ({x['date']})")
    return "\n".join(lines) + "\n"


@cli.command()
@db_option
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=config.DATA_DIR,
              show_default=True, help="Glossary folder to write concepts/ and sources/ into.")
@user_errors
def dump(db_path, data_dir):
    """Write the database's concepts and sources back to the curated YAML files.

    Editors' changes made on the site then show as a reviewable diff; `glossary build` rebuilds the same
    glossary from the files.
    """
    from .curated import write_glossary
    from .store import all_concept_states, all_sources

    db = open_glossary(db_path)
    default_date = dict(db.execute("SELECT key, value FROM meta").fetchall()).get("date")
    states = all_concept_states(db)
    written = write_glossary(data_dir, states, all_sources(db), default_date)
    click.echo(f"wrote {len(states)} concepts to {len(written)} files in {data_dir}")


@cli.command()
@db_option
@user_errors
def info(db_path):
    """What a database holds: schema version and row counts."""
    from .build import content_counts
    from .schema import user_version

    db = open_glossary(db_path)
    click.echo(f"{resolve_db_path(db_path)}: schema version {user_version(db)}")
    for name, n in content_counts(db).items():
        click.echo(f"  {name}: {n}")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading, instead of gunicorn.")
@user_errors
def serve(db_path, host, port, workers, debug):
    """Serve the lookup site (gunicorn; --debug for Flask's dev server)."""
    path = resolve_db_path(db_path).resolve()
    open_db(path).close()  # fail here, clearly, rather than in every worker
    os.environ["GLOSSARY_DB"] = str(path)
    if debug:
        from web import create_app

        create_app().run(host=host, port=port, debug=True)
        return
    os.execvp(
        sys.executable,
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{host}:{port}",
         "--access-logfile", "-", "web:create_app()"],
    )


def main():
    cli()


# Commands of the other areas live beside their library modules; registered here, after `cli` exists,
# because they import db_option, open_glossary and user_errors from this module.
from .curation_cli import changes, history, user  # noqa: E402  accounts, the journal, changes since a date
from .editing_cli import annotate_command, check_command, names_command  # noqa: E402  the editing aid
from .interchange import export_command, import_command, validate_command  # noqa: E402  TBX, CSV, TSV
from .mining.commands import mine_command  # noqa: E402  term mining into a review queue

for command in (mine_command, user, history, changes, export_command, import_command, validate_command,
                annotate_command, check_command, names_command):
    cli.add_command(command)
