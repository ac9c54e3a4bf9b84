"""Facet sets (search.models.FacetSet): every search document points to the combination of its
facet values, and the database engine counts a search's matches per set. Documents with the same
values share a set, a change of values moves a document to its set, and migrations/0006 fills the
sets of documents stored before it."""

import importlib
import types
from collections import Counter

import pytest
from django.apps import apps as django_apps
from django.db import connection

from kohtaamo.language import query_groups
from search import engine
from search.backends import EngineQuery
from search.documents import Document
from search.models import FacetSet, SearchDocument

pytestmark = pytest.mark.django_db
WORD = "kirahvipuisto"


def doc(n, kind="page", regions=("02",), services=(), languages=()):
    return Document(
        key=f"facettest:{n}",
        language="fi",
        kind=kind,
        title=f"Testi {n}",
        url=f"/facettest/{n}/",
        text=f"{WORD} numero {n}",
        regions=list(regions),
        services=list(services),
        service_languages=list(languages),
    )


def stored(n):
    return SearchDocument.objects.select_related("facet_set").get(
        key=f"facettest:{n}", language="fi"
    )


def test_documents_with_the_same_facet_values_share_one_set(settings):
    settings.ELASTICSEARCH_URL = None
    before = FacetSet.objects.count()
    engine.database_engine.index(
        [
            doc(1, services=["kela", "housing"]),
            doc(2, services=["kela", "housing"]),
            doc(3, kind="news"),
            doc(4, kind="point", regions=["02"], services=["kela"], languages=["fi", "sv"]),
        ]
    )
    one, two, three, four = (stored(n) for n in (1, 2, 3, 4))
    assert one.facet_set_id == two.facet_set_id
    assert len({one.facet_set_id, three.facet_set_id, four.facet_set_id}) == 3
    assert four.facet_set.values == ("point", "02", "kela", "fi sv")
    for row in (one, two, three, four):
        assert row.facet_set.values == (
            row.kind,
            row.region,
            row.services,
            row.service_languages,
        )
    created = FacetSet.objects.count() - before
    assert 0 < created <= 3  # the seeded site may have had some of them already

    # Indexed again: the same sets, none added.
    engine.database_engine.index([doc(1, services=["kela", "housing"])])
    assert FacetSet.objects.count() - before == created
    assert stored(1).facet_set_id == one.facet_set_id

    # A document whose values change moves to the set of its new values.
    engine.database_engine.index([doc(2, regions=["06"], services=["kela", "housing"])])
    moved = stored(2)
    assert moved.facet_set_id != one.facet_set_id
    assert moved.facet_set.values == ("page", "06", "kela housing", "")


def test_a_set_stored_by_another_writer_is_taken_not_duplicated(settings):
    """Two writers may add the same combination at once: the second meets the unique
    constraint, takes the stored set and fails nothing."""
    settings.ELASTICSEARCH_URL = None
    existing = FacetSet.objects.create(kind="news", region="11", services="kela")
    engine.database_engine.index([doc(1, kind="news", regions=["11"], services=["kela"])])
    assert stored(1).facet_set_id == existing.pk
    models = [doc(2, kind="news", regions=["11"], services=["kela"]).as_model()]
    engine.database_engine._assign_facet_sets(models)
    assert models[0].facet_set_id == existing.pk
    assert FacetSet.objects.filter(kind="news", region="11", services="kela").count() == 1


def test_facet_counts_over_sets_agree_with_the_documents(settings):
    """Counting by set and then by value gives what counting the documents gives, with filters
    in several groups and documents in several sets."""
    settings.ELASTICSEARCH_URL = None
    docs = []
    for n in range(48):
        docs.append(
            doc(
                n,
                kind=("page", "news", "point")[n % 3],
                regions=[("02", "04", "06", "08")[n % 4]],
                services=[("kela", "housing", "employment")[n % 3]] if n % 5 else [],
                languages=["fi", "sv"][: 1 + n % 2] if n % 3 == 2 else [],
            )
        )
    engine.database_engine.index(docs)
    filters = {"region": ["02", "06"], "service": ["kela", "housing"]}
    result = engine.database_engine.search(
        EngineQuery(language="fi", groups=query_groups(WORD, "fi"), filters=filters, limit=100)
    )

    def passes(d, skip=None):
        values = {"region": set(d.regions), "service": set(d.services)}
        return all(values[g] & set(v) for g, v in filters.items() if g != skip)

    assert result.total == sum(passes(d) for d in docs) > 0
    assert set(result.keys) == {d.key for d in docs if passes(d)}
    assert result.facets["region"] == dict(
        Counter(r for d in docs if passes(d, skip="region") for r in d.regions)
    )
    assert result.facets["service"] == dict(
        Counter(s for d in docs if passes(d, skip="service") for s in d.services)
    )
    assert result.facets["type"] == dict(Counter(d.kind for d in docs if passes(d)))
    assert result.facets["language"] == dict(
        Counter(lang for d in docs if passes(d) for lang in d.service_languages)
    )


def test_the_migration_fills_the_sets_of_stored_documents(settings):
    """migrations/0006 on documents stored before facet sets: one set per combination, every
    document pointing to the set of its own values."""
    settings.ELASTICSEARCH_URL = None
    engine.database_engine.index(
        [doc(1, services=["kela"]), doc(2, services=["kela"]), doc(3, kind="news")]
    )
    migration = importlib.import_module("search.migrations.0006_facet_sets")
    table = FacetSet._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Check the rows written so far now: PostgreSQL alters no table with checks pending
            # (in the migration itself the storage is changed before any row is written).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The sets as they were before the migration: none (the foreign key is checked at the
        # end of the test's transaction, which is rolled back).
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        editor = types.SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.fill(django_apps, editor)
    rows = list(SearchDocument.objects.select_related("facet_set"))
    assert rows and all(
        row.facet_set.values == (row.kind, row.region, row.services, row.service_languages)
        for row in rows
    )
    combinations = {(r.kind, r.region, r.services, r.service_languages) for r in rows}
    assert FacetSet.objects.count() == len(combinations)
    assert stored(1).facet_set_id == stored(2).facet_set_id != stored(3).facet_set_id


def test_postgresql_keeps_the_search_vector_in_the_row():
    """Reading each match's vector from the TOAST table was most of a search's time."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the storage of the search vector")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass "
            "AND attname = 'search_vector'",
            [SearchDocument._meta.db_table],
        )
        assert cursor.fetchone() == ("m",)
