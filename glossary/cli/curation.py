"""Commands for curation: `glossary user …` (accounts), `glossary history` (the journal) and
`glossary changes` (an export of what changed since a date). Registered in cli.py."""
from __future__ import annotations

import json
import sys

import click

from glossary.store import curated, concepts as store
from glossary.curation import edits as curation, journal, users
from glossary.cli.options import db_option, open_glossary, user_errors


@click.group()
def user():
    """Editors' accounts for the site (roles: editor, admin)."""


def _read_password(prompt: str) -> str:
    """A new password: asked for twice, hidden, at a terminal; from standard input when piped (one line, or
    two that must match), without getpass's warning about echoing."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    lines = sys.stdin.read(10_000).splitlines()
    if not lines or not lines[0]:
        raise click.ClickException("no password on standard input (give it on the first line)")
    if len(lines) > 1 and lines[1] and lines[1] != lines[0]:
        raise click.ClickException("the two passwords on standard input do not match")
    return lines[0]


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(users.ROLES), default="editor", show_default=True)
@db_option
@user_errors
def user_add(name, role, db_path):
    """Create an account; the password is asked for (hidden, twice) and stored only as a hash."""
    db = open_glossary(db_path)
    users.check_name(name)
    if users.get_user(db, name):  # before the password is asked for, not after
        raise click.ClickException(f"there is already a user called {name}")
    password = _read_password("Password")
    created = users.add_user(db, name, password, role)
    click.echo(f"added {created['role']} {created['name']}")


@user.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_errors
def user_list(db_path, as_json):
    """The accounts, with role and last login."""
    accounts = users.list_users(open_glossary(db_path))
    if as_json:
        click.echo(json.dumps(accounts, ensure_ascii=False, indent=2))
        return
    if not accounts:
        click.echo("no users yet: add one with `glossary user add NAME --role admin`")
    for u in accounts:
        locked = f"  locked until {u['locked_until']}" if u["locked_until"] else ""
        click.echo(f"{u['name']:<20} {u['role']:<7} last login {u['last_login'] or 'never'}{locked}")


@user.command("remove")
@click.argument("name")
@db_option
@user_errors
def user_remove(name, db_path):
    """Delete an account (its journal entries stay)."""
    users.remove_user(open_glossary(db_path), name)
    click.echo(f"removed {name}")


@user.command("set-password")
@click.argument("name")
@db_option
@user_errors
def user_set_password(name, db_path):
    """A new password (asked for, hidden, twice); ends their sessions on the site."""
    db = open_glossary(db_path)
    if not users.get_user(db, name):
        raise click.ClickException(f"no user called {name}")
    password = _read_password("New password")
    users.set_password(db, name, password)
    click.echo(f"new password set for {name}")


@user.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(users.ROLES))
@db_option
@user_errors
def user_set_role(name, role, db_path):
    """Make an account an editor or an admin."""
    users.set_role(open_glossary(db_path), name, role)
    click.echo(f"{name} is now {role}")


@click.command()
@click.option("--concept", "slug", help="Only this concept (its id).")
@click.option("--since", help="Only changes since this date (2026-05-01) or time (2026-05-01T09:30, UTC).")
@click.option("--limit", type=int, default=None, help="At most this many entries (newest first).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, with the states before and after each change.")
@db_option
@user_errors
def history(slug, since, limit, as_json, db_path):
    """The journal of changes made by curation: who, when, what, newest first (with the accounts' changes,
    which the site and `changes` leave out)."""
    db = open_glossary(db_path)
    concept_id = curation.require_concept(db, slug) if slug else None
    entries = journal.history(db, concept_id=concept_id, since=since, limit=limit, accounts=True)
    if as_json:
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("no changes" + (f" since {journal.parse_since(since)}" if since else ""))
    for e in entries:
        what = f"{e['slug']}: " if e["slug"] else ""
        click.echo(f"#{e['id']:<5} {e['at']}  {e['user']:<14} {e['action']:<13} {what}{e['summary']}")


@click.command()
@click.option("--since", required=True, help="Changes since this date (2026-05-01) or time (UTC).")
@click.option("--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True,
              help="json: the journal entries, oldest first; yaml: the changed concepts as they are now, in the "
                   "shape of data/concepts.yaml.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Write here (default: stdout).")
@db_option
@user_errors
def changes(since, fmt, output, db_path):
    """Export the changes made since a date."""
    db = open_glossary(db_path)
    export = journal.export_since(db, since)
    if fmt == "json":
        json.dump(export, output, ensure_ascii=False, indent=2)
        output.write("\n")
    else:
        slugs = list(dict.fromkeys(e["slug"] for e in export["changes"] if e["concept_id"] is not None))
        ids = [store.concept_id_for(db, slug) for slug in slugs]
        states = [store.concept_state(db, concept_id) for concept_id in ids if concept_id is not None]
        header = f"# {len(states)} concept(s) changed since {export['since']} (exported {export['exported']})\n"
        output.write(curated.dump_concepts(states, header=header) if states else header)
    if output is not sys.stdout:
        click.echo(f"{len(export['changes'])} change(s) since {export['since']}", err=True)
