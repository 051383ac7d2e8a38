"""`glossary bitext`: bilingual documents — add (aligned or to align), list, remove; a term's concordance,
renderings proposed from the evidence, and checking a published translation."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from glossary.bitext import documents, evidence, review
from glossary.cli.options import db_option, open_glossary, user_errors
from glossary.store.curated import AUTHORITIES


@click.group("bitext")
def bitext_command():
    """Bilingual documents: how was a term translated before?"""


def _pairs_in(folder: Path) -> list[tuple[Path, Path, str]]:
    pairs = []
    for zh in sorted(folder.glob("*.zh.txt")):
        name = zh.name[: -len(".zh.txt")]
        en = zh.with_name(f"{name}.en.txt")
        if en.exists():
            pairs.append((zh, en, name))
    return pairs


def _title(name: str) -> str:
    """tw_labor_union_act → Taiwan Labor Union Act"""
    words = name.replace("_", " ").replace("-", " ").split()
    regions = {"tw": "Taiwan", "hk": "Hong Kong", "mo": "Macao"}
    return " ".join([regions.get(words[0], words[0].capitalize())] + [w.capitalize() for w in words[1:]]) if words else name


@bitext_command.command("add")
@click.argument("zh", type=click.Path(exists=True, path_type=Path))
@click.argument("en", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--title", help="Title (default: the file's name).")
@click.option("--date", default="", help="Date of the document, YYYY-MM-DD.")
@click.option("--url", help="Where the translation is published (http/https).")
@click.option("--authority", type=click.Choice(sorted(AUTHORITIES)), required=True,
              help="Who translated it: an official translation of a law is `law`.")
@click.option("--region", type=click.Choice(["TW", "HK", "MO"]), default=None,
              help="A Taiwan/Hong Kong/Macao document: its renderings are regional usage.")
@click.option("--aligned/--align", default=None,
              help="Line n translates line n / align the two texts (default: aligned when the line counts agree).")
@user_errors
def add(zh, en, db_path, title, date, url, authority, region, aligned):
    """Add ZH and its translation EN, or every NAME.zh.txt / NAME.en.txt pair of the folder ZH."""
    db = open_glossary(db_path)
    if zh.is_dir():
        if en is not None:
            raise click.UsageError("give a folder of NAME.zh.txt/NAME.en.txt pairs, or two files")
        jobs = [(z, e, _title(name)) for z, e, name in _pairs_in(zh)]
        if not jobs:
            raise click.UsageError(f"{zh}: no NAME.zh.txt with a NAME.en.txt beside it")
    else:
        if en is None:
            raise click.UsageError("give the English translation as the second file")
        jobs = [(zh, en, title or zh.stem)]
    for z, e, name in jobs:
        done = documents.add_bitext(db, z, e, title=title if len(jobs) == 1 and title else name, date=date,
                                    url=url, authority=authority, region=region or "", aligned=aligned)
        click.echo(f"{'replaced' if done.replaced else 'added'} {done.id}: {done.units} units ({done.aligned} aligned, "
                   f"{done.zh_only} Chinese only, {done.en_only} English only)")


@bitext_command.command("list")
@db_option
@user_errors
def list_command(db_path):
    """The bilingual documents."""
    for b in documents.list_bitexts(open_glossary(db_path)):
        click.echo(f"{b['id']}\t{b['authority']}{'/' + b['region'] if b['region'] else ''}\t{b['units']} units"
                   f"\t{b['title']}")


@bitext_command.command("remove")
@click.argument("key")
@db_option
@user_errors
def remove(key, db_path):
    """Remove a bilingual document."""
    if not documents.remove_bitext(open_glossary(db_path), key):
        click.echo(f"no bilingual document {key}", err=True)
        sys.exit(1)
    click.echo(f"removed {key}")


def _mark(text: str, spans) -> str:
    out, last = [], 0
    for a, b in spans:
        out += [text[last:a], click.style(text[a:b], bold=True, underline=True)]
        last = b
    return "".join(out + [text[last:]])


@bitext_command.command("concordance")
@click.argument("term")
@db_option
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@user_errors
def concordance(term, db_path, limit, as_json):
    """How TERM (a glossary term, a slug, or any Chinese) was translated: its aligned pairs."""
    found = evidence.concordance(open_glossary(db_path), term, limit)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for p in found["pairs"]:
        where = f"{p['title']}{', ' + p['label'] if p['label'] else ''}{' (' + p['region'] + ' usage)' if p['region'] else ''}"
        click.echo(f"— {where}\n  {_mark(p['zh'], p['zh_spans'])}\n  {_mark(p['en'], p['en_spans'])}")
    shown, total = len(found["pairs"]), found["total"]
    click.echo(f"{shown} pairs" if total == shown else f"{shown} of {total} pairs (--limit {total} to see all)", err=True)
    if not found["pairs"]:
        sys.exit(1)


@bitext_command.command("propose")
@click.argument("term")
@db_option
@click.option("--top", default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@user_errors
def propose(term, db_path, top, as_json):
    """English renderings of TERM proposed from the aligned pairs, by association."""
    found = evidence.proposals(open_glossary(db_path), term, top)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    regions = ", ".join(r for r in found["regions"] if r)
    click.echo(f"{term}: {found['pairs_with_term']} pairs" + (f" ({regions} usage)" if regions else ""))
    for p in found["proposals"]:
        click.echo(f"  {p['english']:<40} {p['count']:>4} pairs  (in {p['units_with_english']} units in all; "
                   f"Dice {p['score']:.2f})")
    if not found["proposals"]:
        sys.exit(1)


@bitext_command.command("check")
@click.argument("key")
@db_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--terms/--no-terms", default=True, show_default=True,
              help="Also report glossary terms whose renderings are missing from their unit's English.")
@user_errors
def check(key, db_path, as_json, terms):
    """Check a published translation: units left untranslated or incomplete, and glossary terms whose
    renderings are missing. Exits 1 when there are findings."""
    db = open_glossary(db_path)
    if not documents.get_bitext(db, key):
        raise click.UsageError(f"no bilingual document {key} (see `glossary bitext list`)")
    findings = [f for f in review.review_bitext(db, key) if terms or f["kind"] != "rendering missing"]
    if as_json:
        click.echo(json.dumps(findings, ensure_ascii=False, indent=2))
    else:
        lines = review.finding_lines(findings)
        for line in lines:
            click.echo(line)
        click.echo(f"{len(findings)} findings" + (f" in {len(lines)} lines" if len(lines) < len(findings) else ""),
                   err=True)
    sys.exit(1 if findings else 0)
