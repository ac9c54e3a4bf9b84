"""Running the search tests on both engines: `search_engine_name` is parametrised over the
database engine and Elasticsearch (the test node at TEST_ELASTICSEARCH_URL, through the
`elasticsearch_url` fixture: skipped without it on a developer machine, a failure in CI)."""

import uuid

import pytest

from kohtaamo.workarounds.opensearch_node import client_options
from search import engine as search_engine


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def search_engine_name(request, settings, seeded):
    if request.param == "database":
        settings.ELASTICSEARCH_URL = None
        search_engine.health.reset()
        yield "database"
        return
    url = request.getfixturevalue("elasticsearch_url")
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX = f"test-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_TIMEOUT = 30
    settings.ELASTICSEARCH_CLIENT_OPTIONS = client_options()
    search_engine.health.reset()
    elastic = search_engine.elastic_engine()
    search_engine.rebuild(engines=("elasticsearch",))
    yield "elasticsearch"
    for code in ("fi", "sv", "en"):
        elastic.drop(code)
    search_engine.health.reset()


def urls(results, n=None):
    hits = [*results.promoted, *results.hits]
    return [hit.url for hit in hits[:n]]
