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
    return app
