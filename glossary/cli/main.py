"""The `glossary` command: a thin click layer over the library, one module of commands per area.

Each command takes --db (glossary/cli/options.py) and calls the library; none holds SQL or linguistics.
"""
from __future__ import annotations

import click

from glossary.cli.bitext import bitext_command  # bilingual documents: concordance, proposals, check
from glossary.cli.corpus import corpus_command  # the user's own documents, for examples
from glossary.cli.curation import changes, history, user  # accounts, the journal, changes since a date
from glossary.cli.editing import annotate_command, check_command, names_command  # the editing aid
from glossary.cli.interchange import export_command, import_command, validate_command  # TBX, CSV, TSV
from glossary.cli.mining import mine_background_command, mine_command, mine_retrain_command  # term mining into a review queue
from glossary.cli.search import lookup
from glossary.cli.site import publish, serve
from glossary.cli.store import build, dump, info, init


@click.group()
@click.version_option(package_name="glossary")
def cli():
    """A Chinese→English glossary of trade-union and labour-relations terms."""


for command in (build, init, lookup, dump, info, serve, publish, corpus_command, bitext_command, mine_command,
                mine_background_command, mine_retrain_command, user, history, changes, export_command,
                import_command, validate_command, annotate_command, check_command, names_command):
    cli.add_command(command)


def main():
    cli()
