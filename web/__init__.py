"""The lookup site: a Flask app factory in the style of Flask's tutorial (flaskr)."""
from __future__ import annotations

import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(GLOSSARY_DB=os.environ.get("GLOSSARY_DB"))
    if test_config:
        app.config.update(test_config)

    from . import db, pages

    db.init_app(app)
    app.register_blueprint(pages.bp)

    from . import api, errors

    app.register_blueprint(api.bp)  # JSON API under /api/ (read-only, no forms: no CSRF token needed)
    errors.init_app(app)  # 4xx pages / JSON errors, never a traceback

    from . import auth, curate

    auth.init_app(app)  # session secret, CSRF protection on every form, login
    app.register_blueprint(curate.bp)

    from . import editing

    app.register_blueprint(editing.bp)  # the editing aid: /annotate and /check

    from . import downloads

    app.register_blueprint(downloads.bp)  # /download/: the glossary as TBX, TBX 2008, TSV, CSV (streamed)
    return app
