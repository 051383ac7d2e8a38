"""Throttling password guessing at /login, without letting anyone lock an editor out.

Failed logins (answered 401) are counted per client address and per client address and account name, in
Flask-Limiter's memory storage by default (config RATELIMIT_STORAGE_URI, e.g. redis://…, shares the counts
between workers). Past a limit that client gets 429 with a Retry-After for a while; the account itself is
never locked, so its editor logs in from their own machine as usual. Behind a reverse proxy, wrap the app
in werkzeug's ProxyFix so the client's address is the visitor's, not the proxy's.
"""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

# failed logins allowed from one address, and from one address for one account name
PER_CLIENT = "20 per minute; 100 per hour"
PER_CLIENT_AND_ACCOUNT = "5 per minute; 30 per hour"

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def _client_and_account() -> str:
    return f"{get_remote_address()}|{(request.form.get('name') or '').strip().lower()[:40]}"


def _failed(response) -> bool:
    return response.status_code == 401


def limit_login(view):
    """The login view, throttled on its failed POSTs (GETs and successful logins cost nothing)."""
    view = limiter.limit(PER_CLIENT, methods=["POST"], deduct_when=_failed, scope="login-client")(view)
    return limiter.limit(PER_CLIENT_AND_ACCOUNT, methods=["POST"], deduct_when=_failed, key_func=_client_and_account,
                         scope="login-account")(view)


def too_many(error: RateLimitExceeded):
    response = render_template("auth/login.html", name=request.form.get("name", ""), next=request.form.get("next"),
                               throttled="Too many failed logins from here: wait a minute and try again. "
                                         "Nothing was checked."), 429
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")  # one process's counts unless configured
    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, too_many)
