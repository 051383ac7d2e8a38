"""`glossary build`, `init`, `dump` and `info`: making a glossary database and reporting what it holds."""
from __future__ import annotations

import json
from pathlib import Path

import click

from glossary.cli.options import db_option, open_glossary, resolve_db_path, user_errors
from glossary.store import config


@click.command()
@db_option
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=config.DATA_DIR,
              show_default=True, help="Glossary folder: concepts/ and sources/ (or concepts.yaml and sources.yaml).")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=config.CORPUS_DIR,
              show_default=True, help="Folder with documents.yaml and the sample articles.")
@user_errors
def build(db_path, data_dir, corpus_dir):
    """Rebuild the database from the curated glossary and the sample corpus (deterministic)."""
    from glossary.store.build import build as run_build

    path = resolve_db_path(db_path)
    counts = run_build(path, data_dir, corpus_dir)
    click.echo(f"built {path}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))



@click.command()
@db_option
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=config.DATA_DIR,
              show_default=True, help="Glossary folder to write concepts/ and sources/ into.")
@user_errors
def dump(db_path, data_dir):
    """Write the database's concepts and sources back to the curated YAML files.

    Editors' changes made on the site then show as a reviewable diff; `glossary build` rebuilds the same
    glossary from the files.
    """
    from glossary.store.curated import write_glossary
    from glossary.store.concepts import all_concept_states, all_sources

    db = open_glossary(db_path)
    default_date = dict(db.execute("SELECT key, value FROM meta").fetchall()).get("date")
    states = all_concept_states(db)
    written = write_glossary(data_dir, states, all_sources(db), default_date)
    click.echo(f"wrote {len(states)} concepts to {len(written)} files in {data_dir}")


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as a JSON object.")
@user_errors
def info(db_path, as_json):
    """What a glossary holds: concepts by kind and subject, renderings by the kind of their sources, the
    share of concepts whose preferred rendering an authority gives, and what concepts still lack."""
    from glossary.store.report import content_report
    from glossary.store.schema import user_version

    db = open_glossary(db_path)
    report = {"database": str(resolve_db_path(db_path)), "schema_version": user_version(db), **content_report(db)}
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(f"{report['database']}: schema version {report['schema_version']}")
    click.echo(f"  concepts: {report['concepts']} ({report['chinese_terms']} Chinese terms, "
               f"{report['english_renderings']} English renderings)")
    click.echo("  by kind: " + ", ".join(f"{k} {n}" for k, n in report["concepts_by_kind"].items()))
    click.echo("  by subject: " + ", ".join(f"{k or '(none)'} {n}" for k, n in report["concepts_by_subject"].items()))
    click.echo("  renderings by source kind: "
               + ", ".join(f"{k or 'no source'} {n}" for k, n in report["renderings_by_source_kind"].items()))
    click.echo(f"  preferred rendering from an authority ({'/'.join(report['authority_kinds'])}): "
               f"{report['concepts_with_authority_preferred']} of {report['concepts']} "
               f"concepts ({report['authority_share']:.0%})")
    click.echo(f"  without English: {report['concepts_without_english']}; without a definition: "
               f"{report['concepts_without_definition']}; without an example: {report['concepts_without_example']}")
    click.echo(f"  corpus: {report['documents']} documents, {report['sentences']} sentences")


@click.command()
@db_option
@click.option("--title", default=None, help="The glossary's title (in exports' headers).")
@user_errors
def init(db_path, title):
    """Start an empty glossary database (then `glossary import` a termbase into it, or `glossary mine`).

    Only `init` (empty) and `build` (the shipped glossary) make a database; every other command needs one.
    """
    from glossary.store.build import init_empty

    path = resolve_db_path(db_path)
    init_empty(path, title)
    click.echo(f"made an empty glossary at {path}")
