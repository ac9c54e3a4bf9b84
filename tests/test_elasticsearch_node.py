"""The real search node the integration tests and CI run against (scripts/elasticsearch.sh):
it answers the Elasticsearch 8 client, analyses Finnish, Swedish and English, and Wagtail's
elasticsearch8 backend can index and find a page on it. Skips without TEST_ELASTICSEARCH_URL on a
developer machine; fails in CI, where .ci/run starts the node."""

import uuid

import pytest
from wagtail.search.backends import get_search_backend

from kohtaamo.models import ContentPage
from kohtaamo.workarounds.opensearch_node import client_options
from tests.factories.core import ContentPageFactory

pytestmark = pytest.mark.elasticsearch


def tokens(client, analyzer, text):
    response = client.indices.analyze(analyzer=analyzer, text=text)
    return [token["token"] for token in response["tokens"]]


def test_node_answers_the_elasticsearch_client_with_a_healthy_single_node(elasticsearch_client):
    info = elasticsearch_client.info()
    # OpenSearch 2.19 (see kohtaamo/workarounds/opensearch_node.py for why not Elasticsearch 8),
    # which speaks the Elasticsearch 7.10+ REST API the project's client uses.
    assert info["version"]["distribution"] == "opensearch"
    assert info["version"]["number"].startswith("2.19.")
    assert info["cluster_name"] == "kohtaamo-test"
    health = elasticsearch_client.cluster.health()
    assert health["number_of_nodes"] == 1
    assert health["status"] in {"green", "yellow"}


@pytest.mark.parametrize(
    ("analyzer", "text", "expected"),
    [
        # Inflected Finnish forms lose their case endings: "in the Ohjaamo", "to the young".
        ("finnish", "ohjaamossa", "ohjaamo"),
        ("finnish", "työnhakuun", "työnhaku"),
        # Swedish definite plural and English -ing forms are stemmed.
        ("swedish", "flickorna", "flick"),
        ("swedish", "navigatorerna", "navigator"),
        ("english", "running", "run"),
        ("english", "services", "servic"),
    ],
)
def test_language_analysers_stem(elasticsearch_client, analyzer, text, expected):
    assert tokens(elasticsearch_client, analyzer, text) == [expected]


def test_language_analysers_drop_their_stop_words(elasticsearch_client):
    assert tokens(elasticsearch_client, "finnish", "ja nuorille") == ["nuor"]
    assert tokens(elasticsearch_client, "swedish", "och unga") == ["ung"]
    assert tokens(elasticsearch_client, "english", "the young") == ["young"]


def test_a_finnish_field_matches_another_inflection_of_the_same_word(elasticsearch_client):
    index = f"kohtaamo-test-{uuid.uuid4().hex}"
    elasticsearch_client.indices.create(
        index=index,
        mappings={"properties": {"title": {"type": "text", "analyzer": "finnish"}}},
    )
    try:
        elasticsearch_client.index(
            index=index, document={"title": "Tukea työnhakuun Ohjaamossa"}, refresh=True
        )
        for query, hits in [("ohjaamo", 1), ("työnhaku", 1), ("kirjasto", 0)]:
            found = elasticsearch_client.search(index=index, query={"match": {"title": query}})
            assert found["hits"]["total"]["value"] == hits, query
    finally:
        elasticsearch_client.indices.delete(index=index)


@pytest.fixture
def wagtail_backend(elasticsearch_url, elasticsearch_client):
    """Wagtail's elasticsearch8 backend on the node, in indices of its own, dropped afterwards."""
    prefix = f"kohtaamo-test-{uuid.uuid4().hex}"
    backend = get_search_backend(
        "wagtail.search.backends.elasticsearch8",
        URLS=[elasticsearch_url],
        INDEX_PREFIX=f"{prefix}_",
        TIMEOUT=30,
        OPTIONS=client_options(),
    )
    yield backend
    for name in elasticsearch_client.indices.get(index=f"{prefix}*"):
        elasticsearch_client.indices.delete(index=name)


def test_wagtail_elasticsearch8_backend_indexes_and_finds_a_page(seeded, wagtail_backend):
    page = ContentPageFactory(
        parent=seeded["fi"],
        title="Kesätyöpaja nuorille",
        intro="Kesän työpaja Ohjaamossa, ilmainen ja avoin kaikille.",
    )
    other = ContentPageFactory(parent=seeded["fi"], title="Kirjaston aukioloajat", intro="Auki.")
    index = wagtail_backend.get_index_for_model(ContentPage)
    index.reset()
    index.add_model(ContentPage)
    wagtail_backend.add(page)
    wagtail_backend.add(other)
    index.refresh()

    found = list(wagtail_backend.search("kesätyöpaja", ContentPage))
    assert found == [page]
    assert list(wagtail_backend.search("aukioloajat", ContentPage)) == [other]

    wagtail_backend.delete(page)
    index.refresh()
    assert list(wagtail_backend.search("kesätyöpaja", ContentPage)) == []
