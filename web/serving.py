"""gunicorn's worker for the site (`glossary serve`): the sync worker, but an address too long for gunicorn to
read gets the site's own message instead of gunicorn's bare "Request Line is too large".

`glossary serve` raises gunicorn's request-line limit to its maximum (REQUEST_LINE_LIMIT), so any search a
browser form or a pasted link could sensibly carry reaches the app, which refuses a query over 200 characters
with its own page or JSON error. Only a longer address than gunicorn can take at all ends here: gunicorn has
not read the path yet, so the answer cannot be JSON for /api/; it is a short page saying what to do.
"""
from __future__ import annotations

import html

from gunicorn.http.errors import LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.sync import SyncWorker

from glossary.search.lookup import MAX_QUERY_CHARS

REQUEST_LINE_LIMIT = 8190  # gunicorn's largest request line (bytes); 0 would be unlimited, i.e. unbounded memory
WORKER_CLASS = "web.serving.SiteWorker"

TOO_LONG_MESSAGE = (
    f"This address is too long for the site to read (its request line is limited to {REQUEST_LINE_LIMIT:,} "
    f"bytes). A search takes at most {MAX_QUERY_CHARS} characters: search for a term, not a passage. To find "
    "the terms of a whole story, paste it into Annotate (/annotate).")


def too_long_response() -> bytes:
    """The whole HTTP response for an address gunicorn could not read: 414, a small UTF-8 page."""
    body = (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>414 Address too long · '
        "Trade-union glossary</title></head>\n<body>\n<h1>Address too long (414)</h1>\n"
        f'<p role="alert">{html.escape(TOO_LONG_MESSAGE)}</p>\n<p><a href="/">Search the glossary</a></p>\n'
        "</body>\n</html>\n").encode("utf-8")
    head = ("HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("ascii")
    return head + body


class SiteWorker(SyncWorker):
    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Request line too long from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            write_nonblock(client, too_long_response())
        except Exception:  # the client may be gone already; nothing to tell it then
            self.log.debug("Failed to send the too-long message.")
