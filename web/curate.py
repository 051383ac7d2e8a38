"""The editors' pages: the review queue of mined candidates (approve, merge, reject), editing a concept,
its history and restoring an earlier state, and the list and export of recent changes.

Reading the history needs no login; anything that writes does. The pages turn forms into the library's
shapes and back; the rules (validation, versions, journal) live in glossary.curation.edits,
candidate_review and sources.
"""
from __future__ import annotations

import re
import sqlite3

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from werkzeug.routing import BuildError

from glossary.store import curated, concepts as store
from glossary.bitext import evidence
from glossary.curation import candidate_review, edits as curation, journal, proposals
from glossary.curation import sources as source_edits  # not `sources`: a view of that name
from glossary.curation.examples import document_name
from glossary.store.schema import GlossaryError

from .auth import editing_db, login_required
from .db import get_db

bp = Blueprint("curate", __name__, url_prefix="/curate")
bp.add_app_template_filter(document_name, "document_name")  # a mined file's name, never its server path

BLANK_ROWS = 2  # empty rows on a form for adding terms or renderings
_ROW = re.compile(r"^(zh|en)-(\d+)-term$")


@bp.errorhandler(sqlite3.OperationalError)
def database_busy(error):
    if journal.is_lock_error(error):
        return render_template("auth/error.html", title="Busy", message=journal.BUSY_MESSAGE), 503
    raise error


def concept_url(slug: str) -> str:
    """The concept's page on the lookup site, or its history here if the site has no concept page."""
    for endpoint, args in (("pages.concept", {"slug": slug}),):
        try:
            return url_for(endpoint, **args)
        except BuildError:
            continue
    return url_for("curate.history", slug=slug)


# --- forms ⇄ states -------------------------------------------------------------------------------------

def _rows(form, lang: str) -> list[dict]:
    """The rows of one language on a concept form, in the order the editor numbered them, removed rows
    left out."""
    indices = sorted({int(m.group(2)) for key in form if (m := _ROW.match(key)) and m.group(1) == lang})
    rows = []
    for i in indices:
        prefix = f"{lang}-{i}-"
        if form.get(prefix + "remove"):
            continue
        row = {key[len(prefix):]: form.get(key) for key in form if key.startswith(prefix)}
        if lang == "en":
            # the sources kept ticked, then those added in the picker's box (a key or a title; several
            # separated by commas)
            row["sources"] = form.getlist(prefix + "sources") + [
                s.strip() for added in form.getlist(prefix + "sources-add") for s in added.split(",") if s.strip()]
        try:
            order = float(form.get(prefix + "order") or i)
        except ValueError:
            order = i
        rows.append((order, i, row))
    return [row for _order, _i, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _source_key(value: str, titles: dict[str, str]) -> str:
    """A source as typed in the picker: its key, or its title (any case) standing for the key; anything else
    is kept as typed, for validation to name."""
    return titles.get(value.casefold(), value)


def state_from_form(form) -> dict:
    titles = {}
    for key, source in curation.known_sources(get_db()).items():
        titles[(source.get("title") or key).casefold()] = key
        titles[key.casefold()] = key
        if source.get("authority") == "house":
            titles["house proposal"] = key
    zh = [
        {"term": r.get("term"), "hant": r.get("hant"), "type": r.get("type"), "status": r.get("status"),
         "pinyin": r.get("pinyin"), "pinyin_reviewed": r.get("reviewed") == "1", "note": r.get("note")}
        for r in _rows(form, "zh")
    ]
    en = [
        {"term": r.get("term"), "status": r.get("status"), "type": r.get("type"), "note": r.get("note"),
         "sources": [_source_key(s, titles) for s in r.get("sources") or []]}
        for r in _rows(form, "en")
    ]
    return {
        "id": (form.get("id") or "").strip(),
        **{field: form.get(field) for field in store.CONCEPT_FIELDS},
        "zh": zh,
        "en": en,
        "related": [s for s in re.split(r"[\s,;]+", form.get("related") or "") if s],
        "broader": (form.get("broader") or "").strip() or None,
    }


def _form_context(db) -> dict:
    return {
        "kinds": sorted(curated.KINDS),
        "statuses": curated.STATUSES,
        "zh_types": curation.ZH_TYPES,
        "en_types": sorted(curated.TERM_TYPES),
        "sources": curation.known_sources(db),
        "blank_rows": BLANK_ROWS,
    }


# --- editing a concept ------------------------------------------------------------------------------------

@bp.route("/concepts/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug):
    db = editing_db()
    concept_id = store.concept_id_for(db, slug)
    if concept_id is None:
        abort(404)
    current = store.concept_state(db, concept_id)
    if request.method == "POST":
        state = state_from_form(request.form)
        try:
            version = int(request.form.get("version", ""))
        except ValueError:
            abort(400)
        try:
            saved = curation.save_concept(db, current["id"], state, version, g.user["name"])
        except curation.EditConflict as conflict:
            return render_template("curate/edit.html", state={**conflict.yours, "id": current["id"]},
                                   version=conflict.theirs["version"], conflict=conflict, **_form_context(db)), 409
        except GlossaryError as exc:
            flash(str(exc), "error")
            return render_template("curate/edit.html", state={**state, "id": current["id"]}, version=version,
                                   **_form_context(db)), 400
        if saved["version"] == version:
            flash("Nothing changed.", "info")
        else:
            flash(f"Saved {saved['id']} (version {saved['version']}).", "info")
        return redirect(concept_url(saved["id"]))
    return render_template("curate/edit.html", state=current, version=current["version"],
                           proposals=evidence.proposals(db, current["id"]), **_form_context(db))


@bp.route("/concepts/<slug>/accept-proposal", methods=["POST"])
@login_required
def accept_proposal(slug):
    """Add a rendering proposed from the bilingual documents, citing its document: one action."""
    db = editing_db()
    if store.concept_id_for(db, slug) is None:
        abort(404)
    try:
        version = int(request.form.get("version", ""))
        saved = proposals.accept_for_concept(db, slug, request.form.get("english", ""), request.form.get("bitext", ""),
                                             g.user["name"], version)
    except ValueError:
        abort(400)
    except curation.EditConflict:
        flash("Someone saved this entry meanwhile: nothing was added. Look again.", "error")
        return redirect(url_for(".edit", slug=slug))
    except GlossaryError as exc:
        flash(f"Not added: {exc}", "error")
        return redirect(url_for(".edit", slug=slug))
    flash(f"Added “{request.form.get('english')}” to {saved['id']}, citing its translation.", "info")
    return redirect(concept_url(saved["id"]))


@bp.route("/concepts/new", methods=["GET", "POST"])
@login_required
def new_concept():
    db = editing_db()
    if request.method == "POST":
        state = state_from_form(request.form)
        try:
            saved = curation.create_concept(db, state, g.user["name"])
        except GlossaryError as exc:
            flash(str(exc), "error")
            return render_template("curate/new.html", state=state, **_form_context(db)), 400
        flash(f"Created {saved['id']}.", "info")
        return redirect(concept_url(saved["id"]))
    term = (request.args.get("zh") or "").strip()
    state = curation.draft_concept(term) if term else {"id": "", "kind": "general", "zh": [], "en": [], "related": [], "broader": None}
    return render_template("curate/new.html", state=state, **_form_context(db))


# --- history -----------------------------------------------------------------------------------------------

@bp.route("/concepts/<slug>/history")
def history(slug):
    db = get_db()
    concept_id = store.concept_id_for(db, slug)
    if concept_id is None:
        abort(404)
    state = store.concept_state(db, concept_id)
    entries = journal.history(db, concept_id=concept_id)
    for entry in entries:
        entry["differences"] = curation.differences(entry["before"], entry["after"])
    return render_template("curate/history.html", state=state, entries=entries, concept_url=concept_url(state["id"]))


@bp.route("/concepts/<slug>/restore/<int:entry_id>", methods=["POST"])
@login_required
def restore(slug, entry_id):
    db = editing_db()
    side = request.form.get("side", "after")
    try:
        version = int(request.form["version"]) if request.form.get("version") else None
        saved = curation.restore(db, slug, entry_id, g.user["name"], expected_version=version, side=side)
    except curation.NotFound:
        abort(404)
    except (GlossaryError, ValueError) as exc:
        flash(f"Not restored: {exc}", "error")
        return redirect(url_for("curate.history", slug=slug))
    flash(f"Restored {slug} to its state {side} change #{entry_id} (now version {saved['version']}).", "info")
    return redirect(url_for("curate.history", slug=slug))


@bp.route("/changes")
def changes():
    db = get_db()
    since = request.args.get("since") or None
    try:
        entries = journal.history(db, since=since, limit=None if since else 200)
    except GlossaryError as exc:
        flash(str(exc), "error")
        since, entries = None, journal.history(db, limit=200)
    return render_template("curate/changes.html", entries=entries, since=since)


@bp.route("/changes.json")
def changes_json():
    """Every change since a date (?since=2026-05-01), oldest first: the journal export."""
    try:
        return jsonify(journal.export_since(get_db(), request.args.get("since") or None))
    except GlossaryError as exc:
        return jsonify({"error": str(exc)}), 400


# --- sources of renderings ---------------------------------------------------------------------------------

def _source_form() -> dict:
    return {field: request.form.get(field, "") for field in source_edits.SOURCE_FIELDS}


@bp.route("/sources", methods=["GET", "POST"])
def sources():
    """Every source renderings cite, with how often; editors add new ones here (then cite them on a concept)."""
    db = get_db()
    form, status = {"authority": "media"}, 200
    if request.method == "POST":
        if g.user is None:
            abort(401)
        db = editing_db()
        key, form = (request.form.get("id") or "").strip(), {"id": request.form.get("id", ""), **_source_form()}
        try:
            source_edits.save_source(db, key, form, g.user["name"], new=True)
        except GlossaryError as exc:
            flash(f"Not added: {exc}", "error")
            status = 400
        else:
            flash(f"Added source {key}; it can now be cited on any concept.", "info")
            return redirect(url_for("curate.sources"))
    return render_template("curate/sources.html", sources=source_edits.sources_with_usage(db), form=form,
                           authorities=sorted(curated.AUTHORITIES)), status


@bp.route("/sources/<key>", methods=["GET", "POST"])
@login_required
def edit_source(key):
    db = editing_db()
    current = curation.known_sources(db).get(key)
    if current is None:
        abort(404)
    form, status = current, 200
    if request.method == "POST":
        form = {"id": key, **_source_form()}
        try:
            source_edits.save_source(db, key, form, g.user["name"], new=False)
        except GlossaryError as exc:
            flash(f"Not saved: {exc}", "error")
            status = 400
        else:
            flash(f"Saved source {key}.", "info")
            return redirect(url_for("curate.sources"))
    return render_template("curate/source.html", form=form, authorities=sorted(curated.AUTHORITIES)), status


# --- the review queue -------------------------------------------------------------------------------------

QUEUE_PAGE = 50
MINED_KINDS = ("term", "abbreviation", "slogan", "quoted", "organisation", "person", "place")


def _page_arg() -> int:
    try:
        return min(max(1, int(request.args.get("page", 1))), 10**9)  # the offset must fit SQLite's integers
    except ValueError:
        return 1


@bp.route("/")
@login_required
def queue():
    """Mined candidates, best first, with their scores, frequency and an example sentence each."""
    from glossary.mining import queue as mined

    db = get_db()
    status = request.args.get("status") or "new"
    kind = request.args.get("kind") or None
    search = (request.args.get("q") or "").strip() or None
    page = _page_arg()
    # terms the glossary already had when mined are hidden unless asked for
    filters = {"status": status, "kind": kind, "search": search, "known": None if request.args.get("known") else False}
    try:
        total = mined.count_candidates(db, **filters)
        rows = mined.list_candidates(db, **filters, limit=QUEUE_PAGE, offset=(page - 1) * QUEUE_PAGE)
    except GlossaryError as exc:
        return render_template("curate/queue.html", error=str(exc), candidates=[], total=0, page=1, pages=1,
                               filters=filters, statuses=mined.STATUSES, kinds=MINED_KINDS), 400
    candidates = []
    for row in rows:
        full = mined.get_candidate(db, row["id"])
        full["held_by"] = curation.concept_holding(db, row["term"])
        candidates.append(full)
    pages = max(1, -(-total // QUEUE_PAGE))
    return render_template("curate/queue.html", candidates=candidates, total=total, page=page, pages=pages,
                           filters=filters, statuses=mined.STATUSES, kinds=MINED_KINDS, first=(page - 1) * QUEUE_PAGE)


def _candidate_or_404(db, candidate_id: int) -> dict:
    try:
        candidate = candidate_review.get_candidate(db, candidate_id)
    except curation.NotFound:
        abort(404, description=f"No candidate {candidate_id} in the review queue.")
    except GlossaryError as exc:  # no mining tables in this database
        abort(404, description=str(exc))
    return candidate


def _candidate_page(db, candidate: dict, state: dict, status: int = 200):
    holder = curation.concept_holding(db, candidate["term"])
    suggestions = []
    for term in [f["term"] for f in candidate.get("full_forms") or []] + [s["term"] for s in candidate.get("short_forms") or []]:
        slug = curation.concept_holding(db, term)
        if slug and slug not in suggestions:
            suggestions.append(slug)
    known_slug = store.slug_for(db, candidate.get("known_concept_id"))
    if known_slug and known_slug not in suggestions:
        suggestions.append(known_slug)
    concept_slug = store.slug_for(db, candidate.get("concept_id"))
    return render_template("curate/candidate.html", candidate=candidate, state=state, holder=holder,
                           proposals=evidence.proposals(db, candidate["term"]),
                           suggestions=suggestions, concept_slug=concept_slug, merge_types=candidate_review.MERGE_TYPES,
                           **_form_context(db)), status


@bp.route("/candidates/<int:candidate_id>")
@login_required
def candidate(candidate_id):
    db = get_db()
    found = _candidate_or_404(db, candidate_id)
    return _candidate_page(db, found, candidate_review.candidate_draft(db, found))


@bp.route("/candidates/<int:candidate_id>/approve", methods=["POST"])
@login_required
def approve(candidate_id):
    db = editing_db()
    found = _candidate_or_404(db, candidate_id)
    state = state_from_form(request.form)
    try:
        created = candidate_review.approve_candidate(db, candidate_id, state, g.user["name"])
    except GlossaryError as exc:
        flash(f"Not approved: {exc}", "error")
        return _candidate_page(db, found, state, 400)
    flash(f"Approved {found['term']}: new concept {created['id']}.", "info")
    return redirect(url_for("curate.queue"))


@bp.route("/candidates/<int:candidate_id>/accept-proposal", methods=["POST"])
@login_required
def accept_candidate_proposal(candidate_id):
    """Approve the candidate as a new concept with a rendering proposed from the bilingual documents."""
    db = editing_db()
    found = _candidate_or_404(db, candidate_id)
    try:
        created = proposals.accept_for_candidate(db, candidate_id, request.form.get("english", ""),
                                                 request.form.get("bitext", ""), g.user["name"])
    except GlossaryError as exc:
        flash(f"Not approved: {exc}", "error")
        return redirect(url_for(".candidate", candidate_id=candidate_id))
    flash(f"Approved {found['term']}: new concept {created['id']}, rendered “{request.form.get('english')}”.", "info")
    return redirect(url_for("curate.queue"))


@bp.route("/candidates/<int:candidate_id>/merge", methods=["POST"])
@login_required
def merge(candidate_id):
    db = editing_db()
    found = _candidate_or_404(db, candidate_id)
    try:
        slug = curation.find_concept(db, request.form.get("concept", ""))
        merged = candidate_review.merge_candidate(db, candidate_id, slug, request.form.get("type", "variant"), g.user["name"])
    except GlossaryError as exc:
        flash(f"Not merged: {exc}", "error")
        return _candidate_page(db, found, candidate_review.candidate_draft(db, found), 400)
    flash(f"Merged {found['term']} into {merged['id']} as {request.form.get('type', 'variant')}.", "info")
    return redirect(url_for("curate.queue"))


@bp.route("/candidates/<int:candidate_id>/reject", methods=["POST"])
@login_required
def reject(candidate_id):
    db = editing_db()
    found = _candidate_or_404(db, candidate_id)
    try:
        candidate_review.reject_candidate(db, candidate_id, g.user["name"], request.form.get("note"))
    except GlossaryError as exc:
        flash(f"Not rejected: {exc}", "error")
        return _candidate_page(db, found, candidate_review.candidate_draft(db, found), 400)
    flash(f"Rejected {found['term']}.", "info")
    return redirect(url_for("curate.queue"))


@bp.route("/candidates/reject", methods=["POST"])
@login_required
def reject_many():
    """Reject the candidates ticked on a queue page, in one transaction (all or none)."""
    db = editing_db()
    ids = []
    for value in request.form.getlist("ids"):
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            abort(400, description=f"not a candidate number: {value[:20]!r}")
        ids.append(int(value))
    if not ids:
        flash("Nothing rejected: tick the candidates to reject first.", "error")
    else:
        try:
            terms = candidate_review.reject_candidates(db, ids, g.user["name"], request.form.get("note"))
        except GlossaryError as exc:
            flash(f"Nothing rejected: {exc}", "error")
        else:
            flash(f"Rejected {len(terms)}: {'、'.join(terms)}.", "info")
    back = {k: v for k, v in request.form.items() if k in ("status", "kind", "q", "known", "page") and v}
    return redirect(url_for("curate.queue", **back))


@bp.route("/candidates/<int:candidate_id>/reopen", methods=["POST"])
@login_required
def reopen(candidate_id):
    db = editing_db()
    found = _candidate_or_404(db, candidate_id)
    try:
        candidate_review.reopen_candidate(db, candidate_id, g.user["name"])
    except GlossaryError as exc:
        flash(f"Not reopened: {exc}", "error")
    else:
        flash(f"{found['term']} is back in the queue.", "info")
    return redirect(url_for("curate.candidate", candidate_id=candidate_id))
