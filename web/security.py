"""Headers every response carries, and the session cookie's attributes.

The site serves no scripts and no inline styles, so its Content-Security-Policy allows only its own
stylesheets and images: an injected <script> or javascript: link would not run even if escaping failed. No
page may be framed (clickjacking the edit forms). The session cookie is SameSite=Lax and HttpOnly. Ids in
routes are bounded to what SQLite can hold.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                           "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    # Flask's default config already holds these keys (SameSite None), so setdefault would change nothing:
    # a value the operator configured is kept, the defaults are replaced.
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.after_request(add_headers)
    app.url_map.converters["int"] = RowIdConverter


class RowIdConverter(IntegerConverter):
    """`<int:…>` in a route: a number SQLite can hold (at most 2**63 - 1); a longer one matches no route (404)
    instead of failing in the database with OverflowError."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)
