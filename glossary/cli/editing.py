"""The editing aid's commands: `glossary annotate`, `glossary check`, `glossary names` (registered in cli.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from glossary.cli.options import db_option, open_glossary, user_errors
from glossary.store.schema import GlossaryError
from glossary.lang.text import TextError, decode

_MAX_FILE_BYTES = 20_000_000  # far above any story; the text limits give the precise message


def read_input(path: str, what: str) -> str:
    """A text file in any supported encoding (or standard input for `-`), as a user error if unreadable."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(_MAX_FILE_BYTES + 1)
        else:
            p = Path(path)
            if not p.is_file():
                raise GlossaryError(f"{what}: no such file: {path}")
            if p.stat().st_size > _MAX_FILE_BYTES:
                raise GlossaryError(f"{what}: {path} is too large ({p.stat().st_size:,} bytes) to be a story")
            data = p.read_bytes()
        if len(data) > _MAX_FILE_BYTES:
            raise GlossaryError(f"{what}: the input is too large to be a story")
        return decode(data)[0]
    except TextError as exc:
        raise GlossaryError(f"{what}: {exc}") from None
    except OSError as exc:
        raise GlossaryError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None


@click.command("annotate")
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(["html", "tsv"]), default="tsv", show_default=True,
              help="html: the story with every term highlighted (rendering and pinyin on hover); "
                   "tsv: the story's term list.")
@db_option
@user_errors
def annotate_command(file, fmt, db_path):
    """Every glossary term in a Chinese story (FILE, or - for standard input), longest match first, and
    the candidate terms the glossary does not have yet."""
    from glossary.editing.annotate import annotate
    from glossary.editing.annotation_output import render_html, render_tsv

    text = read_input(file, "the Chinese article")
    db = open_glossary(db_path)
    annotation = annotate(db, text)
    for warning in annotation.warnings:
        click.echo(f"warning: {warning}", err=True)
    if fmt == "html":
        title = "Annotated: " + (Path(file).name if file != "-" else "article")
        click.echo(render_html(annotation, title=title), nl=False)
    else:
        click.echo(render_tsv(annotation), nl=False)


def _status_2_for_errors(func):
    """Errors exit with status 2, so that 1 means "findings" (as linters do)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except click.ClickException as exc:
            exc.exit_code = 2
            raise

    return wrapper


@click.command("check")
@click.option("--zh", "zh_file", required=True, help="The Chinese source (a file, or - for standard input).")
@click.option("--en", "en_file", required=True, help="The English draft (a file, or - for standard input).")
@click.option("--json", "as_json", is_flag=True,
              help="A JSON list of findings (type, zh, found, expected, message, concept, rule, offsets).")
@db_option
@_status_2_for_errors
@user_errors
def check_command(zh_file, en_file, as_json, db_path):
    """What an English draft gets wrong against its Chinese source and the glossary: missing, deprecated,
    admitted and inconsistent renderings, terms without a rendering, and house style."""
    from glossary.editing.check import check, findings_json

    if zh_file == "-" and en_file == "-":
        raise GlossaryError("only one of --zh and --en can be standard input")
    zh_text = read_input(zh_file, "the Chinese source")
    en_text = read_input(en_file, "the English draft")
    report = check(open_glossary(db_path), zh_text, en_text)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(findings_json(report), ensure_ascii=False, indent=2))
        sys.exit(1 if report.findings else 0)
    for f in report.findings:
        # every place it occurs: a British spelling three times in the draft is three places to fix
        where = f" [en {', '.join(f'{s}-{e}' for s, e in f.en_offsets)}]" if f.en_offsets else ""
        if f.zh_offsets and not f.en_offsets:
            where = f" [zh {', '.join(f'{s}-{e}' for s, e in f.zh_offsets)}]"
        click.echo(f"{f.type:<12} {f.message}{where}")
    counts = report.counts()
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items()) if counts else "no findings"
    click.echo(f"{len(report.findings)} findings" + (f": {summary}" if counts else f" ({summary})"))
    if report.findings:
        sys.exit(1)  # like a linter: 0 clean, 1 findings, 2 the texts could not be checked


@click.command("names")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of names.")
@click.option("--confirm", "confirmations", multiple=True, metavar='ZH="Spelling"',
              help='Remember a confirmed spelling in the glossary, e.g. --confirm 李元法="Li Yuanfa" (repeatable).')
@click.option("--nonstandard", is_flag=True,
              help="Store --confirm spellings that are not the GB/T 28039 form (Hong Kong, Taiwan, a person's own).")
@db_option
@user_errors
def names_command(file, as_json, confirmations, nonstandard, db_path):
    """People and places in a Chinese story (FILE, or -), romanised in house style and flagged for review."""
    from glossary.editing.names import check_standard_spelling, confirm_name, find_names, parse_confirmation
    from glossary.lang.text import to_simplified

    text = read_input(file, "the Chinese article")
    db = open_glossary(db_path)
    parsed = [parse_confirmation(value) for value in confirmations]  # all checked before anything is written
    if parsed:
        kinds = {e.zh: e.kind for e in find_names(db, text)}
        existing = {row[0] for row in db.execute("SELECT term FROM terms WHERE lang = 'zh-Hans'")}
        for zh, en in parsed:  # every spelling checked before any is stored
            if to_simplified(zh) not in existing:
                check_standard_spelling(zh, en, "place" if kinds.get(zh) == "place" else "person", nonstandard)
        for zh, en in parsed:
            message, _ = confirm_name(db, zh, en, "place" if kinds.get(zh) == "place" else "person", nonstandard)
            click.echo(message, err=True)
    entries = find_names(db, text)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("no people or places found", err=True)
    for e in entries:
        status = "review" if e.review else "ok"
        forms = "/".join(e.forms)
        notes = f"  ({'; '.join(e.notes)})" if e.notes else ""
        click.echo(f"{status:<7}{e.kind:<8}{forms}\t{e.en}\t×{e.count}{notes}")
