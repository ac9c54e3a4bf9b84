"""When the configured Elasticsearch node does not answer, the database engine answers, a warning
is logged at most once a minute, pages show no error and publishing still works."""

import logging
import socket

import pytest
from django.utils import translation

from kohtaamo.models import ContentPage
from search import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port_node(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port once the socket is closed.
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.ELASTICSEARCH_INDEX = "closed"
    settings.ELASTICSEARCH_TIMEOUT = 1
    engine.health.reset()
    yield
    engine.health.reset()


def test_searches_fall_back_to_the_database_and_warn_once(client, seeded, closed_port_node, caplog):
    caplog.set_level(logging.WARNING, logger="kohtaamo.search")
    with translation.override("fi"):
        first = client.get("/haku/", {"q": "ohjaamo"})
        second = client.get("/haku/", {"q": "tampereella"})
    assert first.status_code == second.status_code == 200
    assert b"search-result" in first.content and b"search-result" in second.content
    api = client.get("/api/search/", {"q": "ohjaamo"})
    assert api.status_code == 200 and api.json()["count"] > 0
    warnings = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(warnings) == 1
    assert engine.engine_name() == "database"


def test_warning_again_after_a_minute(seeded, closed_port_node, caplog, monkeypatch):
    caplog.set_level(logging.WARNING, logger="kohtaamo.search")
    clock = [1000.0]
    monkeypatch.setattr(engine.time, "monotonic", lambda: clock[0])
    engine.search("ohjaamo", "fi")
    clock[0] += 31  # past the retry pause: the node is tried again, fails, no second warning
    engine.search("ohjaamo", "fi")
    clock[0] += 30  # a minute after the first warning
    engine.search("ohjaamo", "fi")
    warnings = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(warnings) == 2


def test_publishing_works_and_the_database_index_follows(seeded, closed_port_node):
    page = ContentPage(title="Alpakka", slug="alpakka")
    seeded["fi"].add_child(instance=page)
    page.save_revision().publish()
    results = engine.search("alpakka", "fi")
    assert [hit.url for hit in results.hits] == ["/alpakka/"]
    assert results.engine == "database"
