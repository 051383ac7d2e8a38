"""The lookup site's pages: home, search, term pages with examples in context, the China Daily-style card,
and browsing by kind and A–Z by pinyin. Views call the glossary library; templates escape everything."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, send_from_directory, url_for

from glossary.bitext import evidence
from glossary.search import browse, lookup
from glossary.store import concepts as store, urls
from glossary.store.build import content_counts

from . import params, replica
from .db import get_db

bp = Blueprint("pages", __name__)

# Links of the site's header, shown when their endpoint exists (other blueprints may not be installed).
SITE_LINKS = [
    ("pages.index", "Search"),
    ("pages.browse", "Browse"),
    ("downloads.index", "Download"),
    ("editing.annotate", "Annotate"),
    ("editing.check", "Check a draft"),
    ("curate.queue", "Curate"),
    ("api_docs.page", "API"),  # the API described for people; /api/openapi.json for machines
]
EXAMPLES_PER_PAGE = 10
TRANSLATIONS_SHOWN = 10  # aligned pairs under "Translated before"
CONCEPTS_PER_PAGE = 50


def has_endpoint(name: str) -> bool:
    """Is there a page to link to (a read-only replica has no editors' pages)?"""
    return name in current_app.view_functions and replica.serves(name)


@bp.app_context_processor
def site_context() -> dict:
    return {
        "site_links": [(endpoint, label) for endpoint, label in SITE_LINKS if has_endpoint(endpoint)],
        "has_endpoint": has_endpoint,
        "kind_label": browse.kind_label,
        "highlight": browse.highlight,
    }


@bp.app_template_filter("web_url")
def web_url(value):
    """The URL when it is an http(s) address, else None: every template that links a stored URL goes through
    this (glossary/store/urls.py), so a javascript: or data: URL from an old database or a file is never a link."""
    return urls.web_url_or_none(value)


@bp.route("/")
def index():
    db = get_db()
    return render_template("index.html", counts=content_counts(db), kinds=browse.kinds(db))


@bp.route("/favicon.ico")
def favicon():
    # browsers ask for /favicon.ico wherever no <link rel="icon"> says otherwise (a JSON answer, a download);
    # the pages link the same icon, and favicon.svg for browsers that take one
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)


@bp.route("/search")
def search():
    query = params.text_arg("q", "")
    if not query.strip():
        return redirect(url_for(".index"))
    db = get_db()
    try:
        results = browse.search_results(db, query, limit=params.int_arg("limit", 20, 1, 100))
    except lookup.QueryError as error:
        return render_template("search.html", query=query[:200], error=str(error), results=[], suggestions=[]), 400
    exact = [r for r in results if r["matched"]["how"] in lookup.EXACT_HOWS]
    if len(exact) == 1 and not params.text_arg("all"):
        # one term is exactly what was typed: its entry, not a list (?all=1 keeps the list)
        return redirect(url_for(".concept", slug=exact[0]["slug"]))
    suggestions = [] if results else lookup.suggest(db, query)
    return render_template("search.html", query=lookup.clean_query(query), results=results, suggestions=suggestions)


@bp.route("/term/<slug>")
def concept(slug):
    db = get_db()
    concept_id = params.concept_id_or_404(db, slug)
    entry = store.get_entry(db, concept_id, examples=0)
    if slug != entry["slug"]:  # a numeric id: the slug is the address to keep
        return redirect(url_for(".concept", slug=entry["slug"]), 301)
    try:
        examples = browse.examples_page(db, concept_id, page=params.int_arg("page", 1),
                                        per_page=EXAMPLES_PER_PAGE, document=params.text_arg("doc"))
    except browse.PageError as error:
        abort(404, description=str(error))
    return render_template("concept.html", entry=entry, examples=examples,
                           conflicts=browse.source_conflicts(entry),
                           translations=evidence.concordance(db, entry["slug"], limit=TRANSLATIONS_SHOWN))


@bp.route("/term/<slug>/card")
def card(slug):
    db = get_db()
    concept_id = params.concept_id_or_404(db, slug)
    entry = store.get_entry(db, concept_id, examples=0)
    if slug != entry["slug"]:
        return redirect(url_for(".card", slug=entry["slug"]), 301)
    first = browse.examples_page(db, concept_id, per_page=1, context=False)["examples"]
    example = first[0] if first else None
    text = render_template("card.txt", entry=entry, example=example)
    return render_template("card.html", entry=entry, example=example, card_text=text)


@bp.route("/browse", endpoint="browse")
def browse_index():
    db = get_db()
    return render_template("browse.html", kinds=browse.kinds(db), letters=browse.letters(db))


@bp.route("/browse/kind/<kind>")
def kind(kind):
    db = get_db()
    try:
        listing = browse.concepts_of_kind(db, kind, page=params.int_arg("page", 1), per_page=CONCEPTS_PER_PAGE)
    except browse.PageError as error:
        abort(404, description=str(error))
    label, label_zh = browse.kind_label(kind)
    return render_template("concept_list.html", listing=listing, heading=label, heading_zh=label_zh,
                           letters=None, endpoint=".kind", args={"kind": kind})


@bp.route("/browse/az/<letter>")
def letter(letter):
    db = get_db()
    try:
        listing = browse.concepts_by_letter(db, letter, page=params.int_arg("page", 1), per_page=CONCEPTS_PER_PAGE)
    except browse.PageError as error:
        abort(404, description=str(error))
    heading = "0–9 and other" if letter == browse.OTHER_LETTER else letter.upper()
    return render_template("concept_list.html", listing=listing, heading=f"A–Z: {heading}", heading_zh=None,
                           letters=browse.letters(db), endpoint=".letter", args={"letter": letter})
