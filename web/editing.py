"""The editing aid on the site: Annotate (paste a Chinese story, see its terms) and Check (paste the story and
its English draft, see what the draft gets wrong, side by side). The views call glossary.editing's annotate
and check; bad input is shown on the page with the text kept in the form, never as a server error."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from glossary.editing import annotate as ann
from glossary.editing import annotation_output, check as chk, check_output

from .db import get_db

bp = Blueprint("editing", __name__)

# A form carries at most a story and its draft: 100,000 Chinese characters are 900 kB once URL-encoded.
FORM_LIMIT_BYTES = 3_000_000


@bp.url_value_preprocessor
def _form_limits(_endpoint, _values):
    # Runs before every before_request hook (CSRF protection reads the form there), so the limits apply
    # to the first read of the form.
    request.max_content_length = FORM_LIMIT_BYTES
    request.max_form_memory_size = FORM_LIMIT_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    size = request.content_length or 0
    message = (f"The text is too large ({size / 1_000_000:.1f} MB). Paste one story at a time: at most "
               f"{ann.MAX_ARTICLE_CHARS:,} Chinese characters and {chk.MAX_DRAFT_CHARS:,} characters of English.")
    template = "editing/check.html" if request.endpoint == "editing.check" else "editing/annotate.html"
    return render_template(template, error=message, zh="", en=""), 413


@bp.route("/annotate", methods=["GET", "POST"])
def annotate():
    if request.method == "GET":
        return render_template("editing/annotate.html", zh="")
    zh = request.form.get("zh", "")
    db = get_db()
    try:
        annotation = ann.annotate(db, zh)
    except ann.InputError as error:
        return render_template("editing/annotate.html", zh=zh, error=str(error)), 400
    return render_template(
        "editing/annotate.html",
        zh=zh,
        annotation=annotation,
        paragraphs=annotation_output.highlighted_paragraphs(annotation),
        rows=annotation_output.term_rows(annotation),
        news=ann.words_in_the_news(db, annotation),
    )


@bp.route("/check", methods=["GET", "POST"])
def check():
    if request.method == "GET":
        return render_template("editing/check.html", zh="", en="")
    zh = request.form.get("zh", "")
    en = request.form.get("en", "")
    try:
        report = chk.check(get_db(), zh, en)
    except ann.InputError as error:
        return render_template("editing/check.html", zh=zh, en=en, error=str(error)), 400
    return render_template("editing/check.html", zh=zh, en=en, report=report,
                           rows=check_output.aligned_paragraphs(report), counts=report.counts())
