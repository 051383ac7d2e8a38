"""The site: a Flask app factory in the style of Flask's tutorial (flaskr), one blueprint per concern."""
from __future__ import annotations

import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(GLOSSARY_DB=os.environ.get("GLOSSARY_DB"),
                            READ_ONLY=os.environ.get("GLOSSARY_READ_ONLY", "") not in ("", "0"))
    if test_config:
        app.config.update(test_config)

    from . import api, api_docs, auth, curate, db, downloads, editing, errors, pages, replica, security

    app.json.ensure_ascii = False  # JSON in UTF-8: 职代会, not \u804c\u4ee3\u4f1a

    db.init_app(app)  # one connection per thread, closed at teardown
    errors.init_app(app)  # 4xx pages / JSON errors, never a traceback
    replica.init_app(app)  # a read-only replica serves no editors' pages (checked before anything else)
    auth.init_app(app)  # session secret, CSRF protection on every form, login
    security.init_app(app)  # CSP, no framing, SameSite session cookie
    app.register_blueprint(pages.bp)  # search, term pages, cards, browse
    app.register_blueprint(api.bp)  # JSON API under /api/ (read-only, no forms: no CSRF token needed)
    app.register_blueprint(api_docs.bp)  # /api/docs: the OpenAPI document as a page for people
    app.register_blueprint(curate.bp)  # review queue, editing, history (editors)
    app.register_blueprint(editing.bp)  # the editing aid: /annotate and /check
    app.register_blueprint(downloads.bp)  # /download/: TBX, TBX 2008, TSV, CSV (streamed); import for editors
    return app
