"""The API described for people: /api/docs renders the OpenAPI document (web/api.py's OPENAPI) as a page,
no script needed: every path with its parameters, responses and an example link. The machine-readable
document stays at /api/openapi.json."""
from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)

_EXAMPLES = {"/api/search": "/api/search?q=职代会", "/api/terms/{key}": "/api/terms/workers-congress",
             "/api/terms/{key}/examples": "/api/terms/workers-congress/examples?per_page=2", "/api/kinds": "/api/kinds"}


def _schema_text(schema: dict | None) -> str:
    """A parameter's schema in a few words: integer, 1–100, default 20."""
    if not schema:
        return ""
    parts = [schema.get("type", "") if isinstance(schema.get("type"), str) else " or ".join(schema.get("type", []))]
    if "enum" in schema:
        parts.append("one of " + ", ".join(map(str, schema["enum"])))
    if "minimum" in schema or "maximum" in schema:
        parts.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}".strip("–"))
    if "maxLength" in schema:
        parts.append(f"at most {schema['maxLength']} characters")
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return ", ".join(p for p in parts if p)


@bp.route("/api/docs")
def page():
    from .api import OPENAPI

    operations = []
    for path, methods in OPENAPI.get("paths", {}).items():
        for method, op in methods.items():
            if not isinstance(op, dict):
                continue
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [{**p, "schema_text": _schema_text(p.get("schema"))} for p in op.get("parameters", [])],
                "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
                "example": _EXAMPLES.get(path),
            })
    return render_template("api_docs.html", info=OPENAPI.get("info", {}), operations=operations,
                           schemas=sorted(OPENAPI.get("components", {}).get("schemas", {})))
