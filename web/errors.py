"""Errors as pages or JSON: every bad request gets a 4xx that says what was wrong, never a traceback.

API requests (under /api/) get `{"error": {"status": …, "message": …}}`; other requests an HTML page.
"""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from glossary.search.lookup import QueryError
from glossary.store.schema import GlossaryError


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def error_response(status: int, title: str, message: str):
    if wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": message}}), status
    return render_template("error.html", status=status, title=title, message=message), status


def http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error  # redirects and the like pass through
    message = error.description or ""
    if error.code == 404 and "requested URL was not found" in message:
        message = "There is no page at this address."
    body, status = error_response(error.code, error.name, message)
    response = make_response(body, status)
    # the error's own headers go with it: Allow on a 405, Retry-After on a 429 or 503
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def bad_query(error: QueryError):
    return error_response(400, "Bad request", str(error))


def glossary_unavailable(error: GlossaryError):
    # the database is missing or unreadable: the reader can do nothing but the operator can
    return error_response(503, "Glossary unavailable", str(error))


def internal_error(error: InternalServerError):
    return error_response(500, "Internal error", "Something went wrong on our side; the error has been logged.")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(QueryError, bad_query)
    app.register_error_handler(GlossaryError, glossary_unavailable)
    app.register_error_handler(InternalServerError, internal_error)
