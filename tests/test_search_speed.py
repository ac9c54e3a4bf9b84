"""The database engine ranks, pages and counts facets in SQL: a search makes the same number of
queries however many documents match, and what it returns agrees with the stored rows."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kohtaamo.language import query_groups
from kohtaamo.models import ContentPage
from search import engine
from search.backends import EngineQuery
from search.documents import Document
from search.models import SearchDocument
from tests import search_support

pytestmark = pytest.mark.django_db
search_engine_name = search_support.search_engine_name

WORD = "seeprakala"
KINDS = ["page", "news", "point", "ohjaamo"]
REGIONS = ["02", "04", "06"]
SERVICES = ["kela", "housing", "employment"]


def synthetic(start, count, title_every=0):
    docs = []
    for n in range(start, start + count):
        in_title = title_every and n % title_every == 0
        docs.append(
            Document(
                key=f"speedtest:{n}",
                language="fi",
                kind=KINDS[n % len(KINDS)],
                title=f"Testi {n}" + (f" {WORD}" if in_title else ""),
                url=f"/speedtest/{n}/",
                text=f"Tekstiä numero {n} ja {WORD} " + "täytettä " * (n % 7),
                regions=[REGIONS[n % len(REGIONS)]],
                services=[SERVICES[n % 3], SERVICES[(n + 1) % 3]] if n % 5 else [],
                boost=1.0 + (n % 4) / 2,
            )
        )
    return docs


def queries_of(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_a_search_makes_the_same_number_of_queries_however_many_documents_match(
    seeded, settings, django_assert_num_queries
):
    settings.ELASTICSEARCH_URL = None
    engine.database_engine.index(synthetic(0, 3))
    engine.search(WORD, "fi")  # facet labels, places and the like are cached after this
    few = queries_of(lambda: engine.search(WORD, "fi"))
    assert engine.search(WORD, "fi").total == 3

    engine.database_engine.index(synthetic(3, 150))
    engine.search(WORD, "fi")
    many = queries_of(lambda: engine.search(WORD, "fi"))
    results = engine.search(WORD, "fi")
    assert results.total == 153 and len(results.hits) == 10
    assert many == few
    # The engine itself: one statement for the facet counts, the total and the page.
    query = EngineQuery(language="fi", groups=query_groups(WORD, "fi"), limit=10)
    with django_assert_num_queries(1):
        engine.database_engine.search(query)


def test_sql_ranking_pages_and_facets_agree_with_the_stored_rows(seeded, settings):
    settings.ELASTICSEARCH_URL = None
    docs = synthetic(0, 60, title_every=6)
    engine.database_engine.index(docs)
    groups = query_groups(WORD, "fi")
    filters = {"type": ["page", "news"], "region": ["02"]}

    def run(**kwargs):
        return engine.database_engine.search(EngineQuery(language="fi", groups=groups, **kwargs))

    # Facet counts: a group's counts apply every other group's filters; the total applies all.
    def passes(doc, skip=None):
        values = {
            "type": {doc.kind},
            "region": set(doc.regions),
            "service": set(doc.services),
            "language": set(doc.service_languages),
        }
        return all(values[g] & set(v) for g, v in filters.items() if g != skip)

    result = run(filters=filters, limit=100)
    assert result.total == sum(passes(doc) for doc in docs) > 0
    expected_types = Counter(doc.kind for doc in docs if passes(doc, skip="type"))
    assert result.facets["type"] == dict(expected_types)
    expected_services = Counter(
        s for doc in docs if passes(doc, skip="service") for s in doc.services
    )
    assert result.facets["service"] == dict(expected_services)
    assert set(result.keys) == {doc.key for doc in docs if passes(doc)}

    # Pages are consecutive slices of one ranking.
    everything = run(limit=30).keys
    assert run(limit=10).keys + run(offset=10, limit=10).keys + run(offset=20, limit=10).keys == (
        everything
    )
    # Title matches lead; among them (and among body matches) a higher boost ranks first.
    titled = {doc.key for doc in docs if WORD in doc.title}
    assert set(everything[: len(titled)]) == titled
    boosts = {doc.key: doc.boost for doc in docs}
    leading = [boosts[key] for key in everything[: len(titled)]]
    assert leading == sorted(leading, reverse=True)

    # A page past the end is empty but keeps the total and the counts.
    past = run(offset=1000, limit=10)
    assert past.keys == [] and past.total == 60 and sum(past.facets["type"].values()) == 60


def test_a_search_is_one_request_to_its_engine_and_one_for_the_rows(
    search_engine_name, monkeypatch
):
    """The database engine answers with one statement (facets, total and ranking); Elasticsearch
    with one request (hits and facet aggregations together). The page's rows and the exact title
    look-up are one more statement; a query nobody promotes reads no promotion."""
    engine.search("ohjaamo tampereella", "fi")  # labels, places and promoted queries cached
    requests = []
    if search_engine_name == "elasticsearch":
        transport = engine.elastic_engine().client.transport
        original = transport.perform_request

        def counted(method, target, *args, **kwargs):
            requests.append((method, target))
            return original(method, target, *args, **kwargs)

        monkeypatch.setattr(transport, "perform_request", counted)
    with CaptureQueriesContext(connection) as captured:
        results = engine.search("ohjaamo tampereella", "fi")
    assert results.total > 0 and results.engine == search_engine_name
    statements = [q["sql"] for q in captured.captured_queries]
    if search_engine_name == "elasticsearch":
        assert len(requests) == 1 and requests[0][1].endswith("/_search")
        assert len(statements) == 1
    else:
        assert len(statements) == 2
    assert not any("searchpromotion" in sql for sql in statements)


def test_an_exact_title_is_found_by_its_key_and_shown_first(seeded, settings):
    settings.ELASTICSEARCH_URL = None
    page = ContentPage(title="Mikä ihmeen Gnuu-paja?", slug="gnuu-paja", intro="Gnuu.")
    seeded["fi"].add_child(instance=page)
    page.save_revision().publish()
    for n in range(3):  # better text matches that are not the title
        other = ContentPage(
            title=f"Gnuu paja {n}", slug=f"gnuu-{n}", intro="Ihmeen gnuu paja, gnuu paja."
        )
        seeded["fi"].add_child(instance=other)
        other.save_revision().publish()
    row = SearchDocument.objects.get(key=f"page:{page.pk}", language="fi")
    assert row.title_key == "mikä ihmeen gnuu paja"
    exact = engine.exact_title_hits("mikä ihmeen GNUU, paja", "fi", {}, timezone.now())
    assert [hit.pk for hit in exact] == [row.pk]
    assert engine.exact_title_hits("ihmeen gnuu paja", "fi", {}, timezone.now()) == []
    results = engine.search("mikä ihmeen GNUU paja", "fi")
    assert results.hits[0].url == page.url
    assert [hit.url for hit in results.hits].count(page.url) == 1


def test_postgresql_finds_the_matches_through_the_gin_index(seeded, settings):
    """The search statement's text match is answered by the GIN index of the search vector in
    its language (migrations/0002, 0005 and 0006), not by reading every row: the plan of the very
    statement a search runs, for a word in a few documents of many, after what a rebuild does
    (the index's pending list merged, the table analysed), names the index. Sequential scans are
    priced out so that the plan does not depend on the table's size; a statement no index can
    answer still gets a sequential scan under the same setting."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the GIN index of the search vector")
    from search.backends.database import VECTOR_INDEX

    settings.ELASTICSEARCH_URL = None
    docs = synthetic(0, 400)
    for n, doc in enumerate(docs):
        if n % 100:  # the word in 4 documents of 400
            doc.text = doc.text.replace(WORD, "lisää")
    engine.database_engine.index(docs)
    engine.database_engine._settle()
    now = timezone.now()
    query = EngineQuery(language="fi", groups=query_groups(WORD, "fi"), limit=10, now=now)
    assert engine.database_engine.search(query).total == 4
    sql, params = engine.database_engine._statement(query, now, 300)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN SELECT * FROM {SearchDocument._meta.db_table} WHERE boost > 0")
        plain = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {VECTOR_INDEX.format(language='fi')}" in plan, plan
    assert "Seq Scan" in plain, plain
