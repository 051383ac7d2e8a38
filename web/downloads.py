"""Downloads: the whole glossary as TBX v3, TBX 2008 for CAT tools, TSV (OmegaT) and CSV, streamed from the
database as it is written (glossary.tbx_export, glossary.tabular), so any size downloads in constant memory.
And, for logged-in editors, importing a termbase (glossary.interchange.importer), with a dry run first."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Response, abort, g, redirect, render_template, request, stream_with_context, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename

from glossary.store.build import content_counts
from glossary.store.schema import GlossaryError
from glossary.interchange.formats import formats
from glossary.interchange.formats import import_file

from . import imports
from .auth import editing_db, login_required
from .db import get_db

bp = Blueprint("downloads", __name__, url_prefix="/download")

# file name → (format, what it is for)
DOWNLOADS = {
    "glossary.tbx": ("tbx", "TBX-Basic v3 (ISO 30042:2019): the complete glossary — statuses, sources, definitions, "
                            "pinyin, background notes, example sentences, cross-references."),
    "glossary-cat.tbx": ("tbx2008", "TBX 2008 (martif) for CAT tools: OmegaT, Weblate, translate-toolkit, Okapi. "
                                    "Deprecated renderings are left out (the tools would offer them)."),
    "glossary.tsv": ("tsv", "Tab-separated glossary (Chinese, English, comment with status and source)."),
    "glossary-omegat.txt": ("omegat", "OmegaT glossary: the tab-separated file as .txt, which OmegaT loads "
                                      "(it ignores .tsv); put it in the project's glossary folder."),
    "glossary.csv": ("csv", "Spreadsheet (CSV, UTF-8 with a byte-order mark: opens by double-click): every Chinese "
                            "term with every English rendering, status, sources and their authority, definitions."),
    "glossary.xlsx": ("xlsx", "Excel workbook (.xlsx): the same columns as the CSV, for Excel or LibreOffice."),
}


# 20 MB is some 7,000 concepts of TBX; over imports.BACKGROUND_BYTES it is imported outside the request.
UPLOAD_LIMIT_BYTES = 20_000_000


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


@bp.url_value_preprocessor
def _upload_limit(endpoint, _values):
    if endpoint == "downloads.import_termbase":
        request.max_content_length = UPLOAD_LIMIT_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    message = f"The file is larger than {UPLOAD_LIMIT_BYTES // 1_000_000} MB; import it with `glossary import`."
    return render_template("import.html", error=message), 413


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_termbase():
    """Upload a TBX, MultiTerm XML, CSV, TSV or .xlsx file; a dry run (the default) shows what the import would do."""
    if request.method == "GET":
        return render_template("import.html")
    upload = request.files.get("file")
    name = secure_filename(upload.filename or "") if upload else ""
    if not name:
        return render_template("import.html", error="Choose a TBX, MultiTerm XML, CSV, TSV or .xlsx file to import."), 400
    dry_run = request.form.get("apply") != "1"
    if (request.content_length or 0) > imports.background_bytes():
        # a large file is imported outside the request (web/imports.py): the editor follows its progress
        imports.remove_finished()
        job = imports.start(upload, name, dry_run, g.user["name"])
        return redirect(url_for("downloads.import_job", job=job), 303)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        upload.save(path)
        try:
            report = import_file(editing_db(), path, dry_run=dry_run, user=g.user["name"], name=name)
        except GlossaryError as exc:
            return render_template("import.html", error=str(exc).replace(str(path), name)), 400
    return render_template("import.html", report=report)


@bp.route("/import/<job>")
@login_required
def import_job(job: str):
    """A large import's progress, then its report (any worker can show it: the state is a file)."""
    state = imports.status(job)
    if state is None:
        abort(404, description="There is no import with this number (finished imports are kept a week).")
    return render_template("import.html", job=state)
