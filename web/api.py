"""The JSON API under /api/: search, a term by id or slug, its example sentences page by page, kinds.

Described by the OpenAPI 3.1 document at /api/openapi.json (OPENAPI below, kept next to the routes it
describes). Errors are JSON too: {"error": {"status", "title", "message"}} (web/errors.py).
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, jsonify, url_for

from glossary.bitext import evidence
from glossary.search import browse
from glossary.lang.text import CONTROL_RANGES
from glossary.store import concepts as store

from . import params
from .db import get_db

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_PAGE = 1_000_000  # a page number past this is a 400 (documented as the schema's maximum)
# q as lookup.clean_query takes it: no control characters, and something visible besides spaces and
# formatting characters (which the search strips)
_INVISIBLE = r"\s\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ue000-\uf8ff"
QUERY_PATTERN = f"^[^{CONTROL_RANGES}]*[^{CONTROL_RANGES}{_INVISIBLE}][^{CONTROL_RANGES}]*$"


@bp.route("/")
def index():
    return jsonify({
        "openapi": url_for(".openapi", _external=True),
        "search": url_for(".search", q="职代会", _external=True),
        "term": url_for(".term", key="workers-congress", _external=True),
        "examples": url_for(".examples", key="workers-congress", _external=True),
        "kinds": url_for(".kinds", _external=True),
    })


@bp.route("/search")
def search():
    query = params.text_arg("q")
    if query is None:
        abort(400, description="the q parameter (what to search for) is missing")
    results = browse.search_results(get_db(), query, limit=params.int_arg("limit", 20, 1, 100))
    term_url = url_for(".term", key="SLUG")  # built once: url_for per result would cost more than the search
    for result in results:
        result["url"] = term_url.replace("SLUG", quote(result["slug"], safe=""))
    return jsonify({"query": query, "count": len(results), "results": results})


@bp.route("/terms/<key>")
def term(key):
    db = get_db()
    entry = store.get_entry(db, params.concept_id_or_404(db, key), examples=0)
    entry.pop("examples")
    entry["examples_url"] = url_for(".examples", key=entry["slug"])
    entry["page_url"] = url_for("pages.concept", slug=entry["slug"])
    return jsonify(entry)


@bp.route("/terms/<key>/examples")
def examples(key):
    db = get_db()
    concept_id = params.concept_id_or_404(db, key)
    try:
        page = browse.examples_page(
            db, concept_id, page=params.int_arg("page", 1, 1, MAX_PAGE),
            per_page=params.int_arg("per_page", 10, 1, browse.MAX_PER_PAGE),
            document=params.text_arg("document"), context=params.choice_arg("context", ("0", "1"), "1") == "1",
        )
    except browse.PageError as error:
        abort(404, description=str(error))
    return jsonify(page)


@bp.route("/terms/<key>/translations")
def translations(key):
    """How the concept was translated before: aligned pairs, and renderings proposed from them."""
    db = get_db()
    entry = store.get_entry(db, params.concept_id_or_404(db, key), examples=0)
    found = evidence.concordance(db, entry["slug"], limit=params.int_arg("limit", 20, 1, 100))
    found["proposals"] = evidence.proposals(db, entry["slug"])["proposals"]
    return jsonify(found)


@bp.route("/kinds")
def kinds():
    return jsonify({"kinds": browse.kinds(get_db())})


@bp.route("/openapi.json")
def openapi():
    return jsonify(OPENAPI)


_ERROR = {"description": "A JSON error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
# what the server in front may answer before the API sees the request (gunicorn: a request line over 8 KB, web/serving.py)
_URI_TOO_LONG = {"description": "The address is too long for the server to read (over 8,190 bytes in the "
                                 "request line; an HTML page, not JSON: the path is not read)"}
_KEY = {"name": "key", "in": "path", "required": True, "description": "The concept's slug (workers-congress) or numeric id",
        "schema": {"type": "string"}}


def _json(ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Trade-union glossary 工会术语 API",
        "version": "1",
        "description": "Chinese→English trade-union and labour-relations terms: search by Chinese (simplified or "
                       "traditional, whole or a fragment), pinyin (tone marks, numbers, toneless, initials) or "
                       "English; entries with every rendering and its source; example sentences in context.",
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/search": {"get": {
            "summary": "Search the glossary",
            "operationId": "search",
            "parameters": [
                {"name": "q", "in": "query", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": QUERY_PATTERN},
                 "description": "职代会, 職代會, zhidaihui, zhi2 dai4 hui4, zdh, workers' congress, or a fragment (集体). "
                                "Not empty or only spaces; no control characters (400)."},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
            ],
            "responses": {"200": _json("SearchResults", "Ranked results, best first (possibly none)"),
                          "400": _ERROR, "414": _URI_TOO_LONG},
        }},
        "/api/terms/{key}": {"get": {
            "summary": "One concept with all its terms, renderings, sources, links and example count",
            "operationId": "term",
            "parameters": [_KEY],
            "responses": {"200": _json("Entry", "The entry"), "400": _ERROR, "404": _ERROR, "414": _URI_TOO_LONG},
        }},
        "/api/terms/{key}/examples": {"get": {
            "summary": "A concept's example sentences, page by page, with counts per document",
            "operationId": "examples",
            "parameters": [
                _KEY,
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                 "description": "A page past the last is a 404"},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
                {"name": "document", "in": "query", "schema": {"type": "string"}, "description": "Only this document's"},
                {"name": "context", "in": "query", "schema": {"type": "string", "enum": ["0", "1"], "default": "1"},
                 "description": "1: include the sentences before and after each example"},
            ],
            "responses": {"200": _json("Examples", "One page of examples"), "400": _ERROR, "404": _ERROR,
                          "414": _URI_TOO_LONG},
        }},
        "/api/terms/{key}/translations": {"get": {
            "summary": "How a concept was translated before: aligned Chinese–English pairs from the bilingual "
                       "documents (term and rendering offsets marked), and renderings proposed from them",
            "operationId": "translations",
            "parameters": [_KEY, {"name": "limit", "in": "query",
                                  "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}],
            "responses": {"200": {"description": "Pairs and proposals", "content": {"application/json": {
                "schema": {"type": "object"}}}}, "400": _ERROR, "404": _ERROR, "414": _URI_TOO_LONG},
        }},
        "/api/kinds": {"get": {
            "summary": "Kinds of concept with their counts",
            "operationId": "kinds",
            "responses": {"200": {"description": "Kinds", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"kinds": {"type": "array", "items": {"type": "object", "properties": {
                    "kind": {"type": "string"}, "count": {"type": "integer"}, "label": {"type": "string"},
                    "label_zh": {"type": "string"}}}}}}}}}},
        }},
    },
    "components": {"schemas": {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "properties": {
            "status": {"type": "integer"}, "title": {"type": "string"}, "message": {"type": "string"}}}}},
        "Summary": {"type": "object", "properties": {
            "id": {"type": "integer"}, "slug": {"type": "string"}, "kind": {"type": "string"},
            "zh": {"type": "string"}, "zh_hant": {"type": ["string", "null"]}, "pinyin": {"type": ["string", "null"]},
            "en": {"type": ["string", "null"], "description": "The preferred English rendering"},
            "en_house_proposal": {"type": ["boolean", "null"],
                                  "description": "true: no authoritative source; the rendering is the house's proposal"},
        }},
        "SearchResults": {"type": "object", "properties": {
            "query": {"type": "string"}, "count": {"type": "integer"},
            "results": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Summary"}, {
                "type": "object", "properties": {
                    "matched": {"type": "object", "properties": {"term": {"type": "string"}, "lang": {"type": "string"},
                                                                 "how": {"type": "string"}}},
                    "score": {"type": "number"}, "url": {"type": "string"}}}]}},
        }},
        "Source": {"type": "object", "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "publisher": {"type": ["string", "null"]},
            "url": {"type": ["string", "null"]},
            "authority": {"type": "string", "enum": ["law", "union", "media", "government", "international", "reference", "house"]}}},
        "Entry": {"type": "object", "properties": {
            "id": {"type": "integer"}, "slug": {"type": "string"}, "kind": {"type": "string"},
            "subject": {"type": ["string", "null"]}, "zh": {"type": "string"}, "zh_hant": {"type": "string"},
            "pinyin": {"type": ["string", "null"]}, "pinyin_numbers": {"type": ["string", "null"]},
            "en": {"type": ["string", "null"]}, "en_house_proposal": {"type": ["boolean", "null"]},
            "en_no_authority": {"type": ["boolean", "null"],
                                "description": "true: no authority among the preferred rendering's sources (house or reference only)"},
            "en_alternatives": {"type": "array", "items": {"type": "string"}},
            "en_deprecated": {"type": "array", "items": {"type": "string"}},
            "full_form": {"type": ["string", "null"]}, "abbreviations": {"type": "array", "items": {"type": "string"}},
            "zh_terms": {"type": "array", "items": {"type": "object"}},
            "en_terms": {"type": "array", "items": {"type": "object", "properties": {
                "term": {"type": "string"}, "status": {"type": "string", "enum": ["preferred", "admitted", "deprecated"]},
                "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
                "house_proposal": {"type": "boolean"}, "no_authority": {"type": "boolean"}}}},
            "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
            "definition": {"type": ["string", "null"]}, "note_zh": {"type": ["string", "null"]},
            "note": {"type": ["string", "null"]},
            "links": {"type": "array", "items": {"type": "object"}},
            "example_count": {"type": "integer"}, "examples_url": {"type": "string"}, "page_url": {"type": "string"},
        }},
        "Examples": {"type": "object", "properties": {
            "page": {"type": "integer"}, "per_page": {"type": "integer"}, "pages": {"type": "integer"},
            "total": {"type": "integer"}, "document": {"type": ["string", "null"]},
            "by_document": {"type": "array", "items": {"type": "object", "properties": {
                "document": {"type": "string"}, "title": {"type": "string"}, "date": {"type": "string"},
                "count": {"type": "integer"}}}, "description": "The 50 documents with most examples"},
            "documents": {"type": "integer", "description": "How many documents have examples"},
            "examples": {"type": "array", "items": {"type": "object", "properties": {
                "sentence_id": {"type": "integer"}, "sentence": {"type": "string"},
                "spans": {"type": "array", "description": "[start, end) of the concept's terms in the sentence",
                          "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
                "document": {"type": "string"}, "document_title": {"type": "string"}, "date": {"type": "string"},
                "before": {"type": ["string", "null"]}, "after": {"type": ["string", "null"]}}}},
        }},
    }},
}
