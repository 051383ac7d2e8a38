"""The `glossary export`, `glossary import` and `glossary validate` commands (registered in cli.py).

They live apart from the library modules (tbx_export, tbx_read, importer, tabular, schematron) because they need
cli.py's options, and cli.py imports this module to register them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from glossary.store import config
from glossary.cli.options import db_option, open_glossary, user_errors
from glossary.store.schema import GlossaryError
from glossary.interchange.formats import write_export

EXPORT_FORMATS = ["tbx", "tbx2008", "tsv", "csv", "omegat", "xlsx"]
IMPORT_FORMATS = EXPORT_FORMATS + ["multiterm"]
SHARED_SCHEMAS = config.PROJECT_ROOT.parent / "shared" / "tbx-schemas"


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="tbx", show_default=True,
              help="tbx: TBX-Basic v3 (ISO 30042:2019); tbx2008: martif, for OmegaT, Weblate, translate-toolkit, "
                   "Okapi; tsv: tab-separated glossary; omegat: the same as a .txt glossary OmegaT loads; csv: spreadsheet (UTF-8 with BOM); xlsx: Excel workbook.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("-"), show_default=True,
              help="File to write ('-', the default: standard output).")
@click.option("--include-deprecated", is_flag=True,
              help="tbx2008/tsv: keep deprecated English renderings (left out by default: CAT tools would offer "
                   "them). tbx and csv always carry them, with their status.")
@user_errors
def export_command(db_path, fmt, output, include_deprecated):
    """Export the glossary as TBX, TSV or CSV (streamed: any size in constant memory)."""
    db = open_glossary(db_path)
    deprecated = True if include_deprecated else None  # None: the format's own default
    try:
        if str(output) == "-":
            write_export(db, fmt, sys.stdout.buffer, deprecated)
            return
        partial = output.with_name(output.name + ".part")
        try:
            with open(partial, "wb") as fh:
                write_export(db, fmt, fh, deprecated)
            partial.replace(output)  # a failed export never leaves a truncated file under the real name
        except OSError as exc:
            raise GlossaryError(f"cannot write {output}: {exc.strerror}") from None
        finally:
            partial.unlink(missing_ok=True)
    finally:
        db.close()
    click.echo(f"wrote {output} ({fmt})", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default=None,
              help="Default: from the file's suffix (.csv, .tsv/.tab/.txt/.utf8, .xlsx; anything else is XML: TBX "
                   "v3 or martif, or MultiTerm XML, by its root).")
@click.option("--dry-run", is_flag=True, help="Report what would be added, merged, held and conflicting; write nothing.")
@user_errors
def import_command(file, db_path, fmt, dry_run):
    """Import a termbase (TBX v3 or 2008, MultiTerm XML, CSV, TSV, .xlsx), merging only on identity; conflicts
    are reported, never overwritten, and entries in doubt held for review. One transaction: on any error the database is left as it was."""
    from glossary.interchange.formats import import_file

    db = open_glossary(db_path)
    try:
        report = import_file(db, file, fmt, dry_run=dry_run)
    finally:
        db.close()
    click.echo(report.summary())


@click.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--schemas", type=click.Path(file_okay=False, path_type=Path), default=SHARED_SCHEMAS,
              show_default=True, help="Folder with core/TBXcoreStructV03.rng and tbx-basic/DCA/TBX-Basic_DCA.sch.")
@user_errors
def validate_command(file, schemas):
    """Check a TBX v3 file against the TBX core structure (RelaxNG) and the TBX-Basic DCA Schematron."""
    from lxml import etree

    from glossary.interchange.schematron import Schematron
    from glossary.interchange.tbx_read import parse_safely

    rng_path = schemas / "core" / "TBXcoreStructV03.rng"
    sch_path = schemas / "tbx-basic" / "DCA" / "TBX-Basic_DCA.sch"
    for needed in (rng_path, sch_path):
        if not needed.is_file():
            raise GlossaryError(f"schema not found: {needed} (give the folder with --schemas)")
    tree = parse_safely(file)
    root = etree.QName(tree.getroot()).localname
    if root == "martif":  # checked against TBX v3's schemas, each element would be a problem (tens of thousands)
        raise GlossaryError(f"{file} is TBX 2008 (martif), the format CAT tools read; `validate` checks TBX v3 "
                            "(`glossary export --format tbx`)")
    if root != "tbx":
        raise GlossaryError(f"{file} is not TBX v3: its root element is <{root}>, not <tbx>")
    relaxng = etree.RelaxNG(etree.parse(str(rng_path)))
    problems = []
    if not relaxng.validate(tree):
        problems += [f"line {e.line}: {e.message} [RelaxNG]" for e in relaxng.error_log]
    problems += [str(f) for f in Schematron(sch_path).validate(tree)]
    for problem in problems:
        click.echo(problem)
    if problems:
        raise GlossaryError(f"{file}: {len(problems)} problems")
    click.echo(f"{file}: valid TBX-Basic (core structure and DCA Schematron)")


COMMANDS = [export_command, import_command, validate_command]
