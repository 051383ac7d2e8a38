"""Downloads: the whole glossary as TBX v3, TBX 2008 for CAT tools, TSV (OmegaT) and CSV, streamed from the
database as it is written (glossary.tbx_export, glossary.tabular), so any size downloads in constant memory."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context

from glossary.build import content_counts
from glossary.tbx_export import formats

from .db import get_db

bp = Blueprint("downloads", __name__, url_prefix="/download")

# file name → (format, what it is for)
DOWNLOADS = {
    "glossary.tbx": ("tbx", "TBX-Basic v3 (ISO 30042:2019): the complete glossary — statuses, sources, definitions, "
                            "pinyin, background notes, example sentences, cross-references."),
    "glossary-cat.tbx": ("tbx2008", "TBX 2008 (martif) for CAT tools: OmegaT, Weblate, translate-toolkit, Okapi. "
                                    "Deprecated renderings are left out (the tools would offer them)."),
    "glossary.tsv": ("tsv", "OmegaT glossary (tab-separated: Chinese, English, comment with status and source)."),
    "glossary.csv": ("csv", "Spreadsheet: every Chinese term with every English rendering, status and sources."),
}


@bp.route("/")
def index():
    return render_template("downloads.html", downloads=DOWNLOADS, counts=content_counts(get_db()))


@bp.route("/<any(" + ", ".join(f'"{name}"' for name in DOWNLOADS) + "):name>")
def download(name: str):
    fmt = DOWNLOADS[name][0]
    generate, media_type, _suffix = formats()[fmt]
    include_deprecated = request.args.get("include-deprecated") in ("1", "yes", "true")

    def chunks():
        # the connection is taken inside the stream: the view's own context is torn down before it runs
        db = get_db()
        yield from generate(db, include_deprecated=True) if include_deprecated else generate(db)

    response = Response(stream_with_context(chunks()), mimetype=media_type.split(";")[0])
    if "charset" in media_type:
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
