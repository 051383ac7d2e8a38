"""The JSON API against its own OpenAPI description (/api/openapi.json), by schemathesis: generated requests,
valid and invalid, in process (no network), each response checked against the document — status codes,
headers (Allow on a 405), JSON bodies — and never a server error. Examples are limited so the whole runs in
seconds and the same each run; `SCHEMATHESIS_EXAMPLES=800 SCHEMATHESIS_RANDOM=1` runs a deeper, random probe
(800 random examples per operation passed, about a minute)."""
from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra (pip install -e '.[test]')")
from hypothesis import HealthCheck, settings  # noqa: E402  (hypothesis comes with schemathesis)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "40"))


# The document the site serves is this dict (checked below), loaded once at collection: schemathesis' lazy
# fixture loader does not run under this pytest.
from web.api import OPENAPI  # noqa: E402

schema = schemathesis.openapi.from_dict(OPENAPI)


def test_the_schema_tested_is_the_one_served(client):
    assert client.get("/api/openapi.json").get_json() == OPENAPI


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("SCHEMATHESIS_RANDOM") is None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_does_what_its_description_says(case, app):
    case.call_and_validate(app=app)
