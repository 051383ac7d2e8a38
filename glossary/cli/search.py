"""`glossary lookup`: an entry by Chinese, pinyin, initials or English, printed for a terminal."""
from __future__ import annotations

import json
import sys

import click

from glossary.cli.options import db_option, open_glossary, user_errors


@click.command()
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
    from glossary.search import lookup as lk

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
        use = f" — deprecated: use {e['matched']['use']}" if e["matched"].get("use") else ""
        lines.append(f"  matched: {e['matched']['term']} ({e['matched']['how']}){use}")
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
            lines.append(f"    {marked}  — {x['document']}" + (f" ({x['date']})" if x["date"] else ""))
    return "\n".join(lines) + "\n"
