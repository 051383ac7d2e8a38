"""Reading request parameters strictly: the query string must be valid UTF-8, numbers must be numbers.

Werkzeug decodes a bad percent-encoding (`%FF`, a cut UTF-8 sequence) into U+FFFD silently; a search for
that would quietly find nothing. Here it is a 400 with a message that says what was wrong.
"""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import g, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, NotFound

from glossary.store import concepts as store


def args() -> MultiDict:
    """The query-string parameters, decoded strictly (BadRequest for invalid UTF-8 or percent-encoding)."""
    if "strict_args" in g:
        return g.strict_args
    pairs = []
    for part in request.query_string.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        try:
            pairs.append(tuple(unquote_to_bytes(s.replace(b"+", b" ")).decode("utf-8") for s in (name, value)))
        except UnicodeDecodeError:
            raise BadRequest("the query string is not valid UTF-8 (check its percent-encoding)") from None
    g.strict_args = MultiDict(pairs)
    return g.strict_args


def _single(name: str) -> str | None:
    """The parameter's one value: given twice (per_page=10&per_page=100) it is ambiguous, a BadRequest."""
    values = args().getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} is given {len(values)} times; give it once")
    return values[0] if values else None


def text_arg(name: str, default: str | None = None) -> str | None:
    value = _single(name)
    return default if value is None else value


def choice_arg(name: str, choices: tuple[str, ...], default: str) -> str:
    """A parameter with a few allowed values, else BadRequest listing them."""
    value = text_arg(name, default)
    if value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)}, not {value[:40]!r}")
    return value


def int_arg(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole-number parameter within bounds, else BadRequest naming the parameter."""
    value = _single(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadRequest(f"{name} must be a whole number, not {value[:40]!r}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        bounds = f"at least {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        raise BadRequest(f"{name} must be {bounds}")
    return number


def concept_id_or_404(db, key: str) -> int:
    """The concept named by a URL's id or slug; 404 (page or JSON error, by blueprint) when there is none."""
    concept_id = store.concept_id_for(db, key)
    if concept_id is None:
        raise NotFound(f"No term with the id or slug {key[:80]!r} is in the glossary.")
    return concept_id
