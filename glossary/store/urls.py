"""One rule for the web addresses the glossary stores and links (a source's URL): http:// or https:// with a
host, no spaces, quotes or angle brackets. Anything else (javascript:, data:, vbscript:, a bare path) would
become a script or a page of the file's choosing when the site links it, so it is refused on the way in
(curated files, the editors' source form, imports) and never made a link on the way out (web templates)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# no whitespace, control characters, quotes, angle brackets, backslashes or backticks anywhere in it
_WEB_URL = re.compile(r"^https?://[^\x00-\x20\x7f-\x9f\s<>\"'`\\]+$", re.IGNORECASE)


def is_web_url(value) -> bool:
    """True for an http(s) address with a host; False for anything else (None, '', javascript:, …)."""
    if not isinstance(value, str) or not _WEB_URL.match(value):
        return False
    try:
        return bool(urlsplit(value).hostname)
    except ValueError:  # a malformed port or IPv6 host
        return False


def url_problem(value) -> str | None:
    """What is wrong with a URL, in words an editor can act on; None for a web address. ("must be an http://
    address" alone misleads when the address is https://… and only a `<` inside it is wrong.)"""
    if is_web_url(value):
        return None
    if not isinstance(value, str) or not re.match(r"^https?://", value, re.IGNORECASE):
        return "must start with http:// or https://"
    bad = next((char for char in value if char in "<>\"'`\\" or char.isspace() or not char.isprintable()), None)
    if bad is not None:
        shown = "a space" if bad == " " else repr(bad) if bad.isspace() or not bad.isprintable() else f"'{bad}'"
        return (f"contains {shown} (at character {value.index(bad) + 1}), which a web address cannot hold "
                f"as it is: percent-encode it (%{ord(bad):02X})" if ord(bad) < 128 else
                f"contains {shown} (at character {value.index(bad) + 1}), which a web address cannot hold")
    return "has no host name after http:// or https:// (or a malformed one)"


def web_url_or_none(value) -> str | None:
    """The address itself when it is a web address, else None: what a template may put in an href."""
    return value if is_web_url(value) else None


def page_key(url: str | None) -> str:
    """What makes two sources' URLs one page (one key per page): the URL without a closing slash; '' for none."""
    return (url or "").rstrip("/")
