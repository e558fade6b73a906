"""Schemathesis against the OpenAPI schema, in-process (ASGI): no request makes a 500, every
answer matches its documented shape. Bounded (few examples per operation) to stay fast."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from communique.web import create_app
from test_web_data import TODAY, sample_store

_db = None


def _app():
    import tempfile

    global _db
    _db = tempfile.mkdtemp(prefix="communique-st-") + "/st.db"
    sample_store(_db).close()
    return create_app(_db, None, max_age=60, today=lambda: TODAY)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case):
    # A pattern cannot say "31 February": such dates are rightly refused with a 422, so the
    # "schema-valid data must be accepted" check is left out; every other check runs.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
