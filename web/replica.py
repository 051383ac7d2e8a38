"""A read-only replica of the site: the readers' hosts serve a published copy (`glossary publish`), opened
immutable; the editors' pages are not there (edits are made on the editors' site, the single writer).
Set by `glossary serve --read-only` (GLOSSARY_READ_ONLY=1) or the app's READ_ONLY setting."""
from __future__ import annotations

from flask import Flask, abort, current_app, request

# Blueprints and endpoints that write, or lead to writing: not served by a replica.
EDITORS_BLUEPRINTS = {"auth", "curate"}
EDITORS_ENDPOINTS = {"downloads.import_termbase"}


def read_only() -> bool:
    return bool(current_app.config.get("READ_ONLY"))


def serves(endpoint: str) -> bool:
    """Does this site serve the endpoint? A replica serves no editors' pages (links to them are left out)."""
    return not (read_only() and (endpoint.split(".")[0] in EDITORS_BLUEPRINTS or endpoint in EDITORS_ENDPOINTS))


def _refuse_editing():
    if request.endpoint and not serves(request.endpoint):
        abort(404)


def init_app(app: Flask) -> None:
    app.before_request(_refuse_editing)
    app.jinja_env.globals["read_only"] = read_only
