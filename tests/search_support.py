"""Running the search tests on both engines: `search_engine` is parametrised over the database
engine and Elasticsearch (which needs ELASTICSEARCH_URL: skipped without it on a developer
machine, a failure in CI)."""

import os
import uuid

import pytest

from search import engine as search_engine
from tests.conftest import require_service


@pytest.fixture(params=["database", "elasticsearch"])
def search_engine_name(request, settings, seeded):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = None
        search_engine.health.reset()
        yield "database"
        return
    url = os.environ.get("ELASTICSEARCH_URL", "")
    require_service(bool(url), "Elasticsearch (ELASTICSEARCH_URL)")
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX = f"test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_TIMEOUT = 10
    search_engine.health.reset()
    elastic = search_engine.elastic_engine()
    require_service(elastic.available(), f"Elasticsearch at {url}")
    search_engine.rebuild(engines=("elasticsearch",))
    yield "elasticsearch"
    for code in ("fi", "sv", "en"):
        elastic.drop(code)
    search_engine.health.reset()


def urls(results, n=None):
    hits = [*results.promoted, *results.hits]
    return [hit.url for hit in hits[:n] if True]
