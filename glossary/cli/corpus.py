"""`glossary corpus add | list | remove`: the documents that give the glossary its examples."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from glossary.cli.options import db_option, open_glossary, user_errors
from glossary.store import corpus, urls


@click.group("corpus")
def corpus_command():
    """The corpus whose sentences give each concept its examples: add your own archive, list, remove."""


@corpus_command.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--title", help="Title (when adding one document; else read from the file).")
@click.option("--date", help="Date YYYY-MM-DD (else from a 【date】 story line or the file name).")
@click.option("--url", help="Source URL (else from a 来源：/Source: line near the top).")
@click.option("--publisher", help="Publisher of the documents.")
@user_errors
def add(paths, db_path, title, date, url, publisher):
    """Add the documents of PATHS (.txt/.md files or folders, any of UTF-8, GB18030, Big5): their sentences
    become examples of every glossary term they hold. Adding a file again replaces its documents."""
    if url and (problem := urls.url_problem(url)):
        raise click.BadParameter(f"the URL {problem}", param_hint="--url")
    db = open_glossary(db_path)
    started = time.perf_counter()
    with click.progressbar(length=len(corpus.find_files(paths)), label="adding", file=sys.stderr) as bar:
        report = corpus.add_paths(db, paths, title=title, date=date, url=url, publisher=publisher,
                                  progress=lambda n, total: bar.update(1))
    seconds = time.perf_counter() - started
    for path, problem in report.problems:
        click.echo(f"skipped {path}: {problem}", err=True)
    click.echo(f"added {report.documents} documents ({report.replaced} replaced), {report.sentences} sentences, "
               f"{report.examples} examples; {report.characters:,} characters in {seconds:.1f} s")
    if not report.documents:
        sys.exit(1)


@corpus_command.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@user_errors
def list_documents(db_path, as_json):
    """The documents of the corpus, with their sentence and example counts."""
    docs = list(corpus.documents(open_glossary(db_path)))
    if as_json:
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
        return
    for d in docs:
        click.echo(f"{d['id']}\t{d['date'] or '-'}\t{_count(d['sentences'], 'sentence')}, "
                   f"{_count(d['examples'], 'example')}\t{d['title']}")
    click.echo(f"{len(docs)} documents", err=True)


@corpus_command.command("remove")
@click.argument("ids", nargs=-1)
@db_option
@click.option("--file", "files", multiple=True, help="Remove every document added from this file.")
@user_errors
def remove(ids, db_path, files):
    """Remove documents (by id, or --file), with their sentences and examples."""
    removed = corpus.remove(open_glossary(db_path), ids, files)
    if not removed:
        asked = ", ".join([*ids, *(str(f) for f in files)]) or "nothing given"
        click.echo(f"no such document: {asked} (`glossary corpus list` shows the ids)", err=True)
        sys.exit(1)
    click.echo(f"removed {removed} document{'s' if removed != 1 else ''}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
