"""Schemathesis fuzzes the public API from its own OpenAPI schema (/api/openapi.json, loaded from
the app in-process through WSGI; no network): every operation, every parameter, valid and invalid
values. Each answer must be documented: its status listed for the operation, its body matching
the schema, JSON, never a 500. The stateful run follows the schema's links (a listing's first item
to the item endpoint, in the same language).

Cases per operation: `API_FUZZ_EXAMPLES` (default 60). CI runs 60 on SQLite and 25 on PostgreSQL,
where the fuzzing repeats what SQLite covered and its run time counts against the CI limit."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "60"))


def fuzz_settings(examples, **extra):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        **extra,
    )


# The schema is read at collection through the WSGI app (no database needed for it); the
# requests each case makes run inside the test, on the seeded test database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes "old" connections when a request starts and ends; inside a test's
    transaction that is the test's own connection (PostgreSQL then answers "the connection is
    closed"). Django's test client unhooks the same handler; so does this module."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@fuzz_settings(EXAMPLES)
def test_every_endpoint_keeps_its_documented_contract(case, seeded):
    case.call_and_validate()


@pytest.mark.django_db
def test_the_endpoints_keep_their_contract_across_calls(seeded):
    """Stateful: listings, then the items they link to."""
    machine = schema.as_state_machine()
    machine.run(settings=fuzz_settings(max(10, EXAMPLES // 5), stateful_step_count=5))
