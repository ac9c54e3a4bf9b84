"""The Elasticsearch engine: one index per language with that language's analysers (mappings
written with elasticsearch-dsl), each behind an alias (`<prefix>-fi`, `<prefix>-sv`, `<prefix>-en`).
A search is one request whose body is built as plain dictionaries.

A document carries its text twice: the raw title and text under the language's analyser
(finnish / swedish / english: the engine's own stemmer) and the base forms kohtaamo.language made
of them under a whitespace analyser. Queries match on the base forms, so this engine finds what
the database engine finds; ranking follows the same factors (search/backends/__init__.py): title
terms weigh ten times body terms, score functions multiply by the document's boost, news recency
and nearness to a place the query names; facets are aggregations (each group counted with the other
groups' filters, the chosen filters applied as a post filter).

`rebuild()` fills a new index and swaps the alias to it in one request, then drops the old one:
searches never see an empty or half-built index.
"""

import time

import elastic_transport
import elasticsearch
from elasticsearch import Elasticsearch, helpers
from elasticsearch_dsl import (
    SF,
    A,
    Date,
    Document,
    Float,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
)

from search.backends import (
    FACET_FIELDS,
    NEARNESS_SCALE_KM,
    NEARNESS_WEIGHT,
    NEWS_HALF_LIFE_DAYS,
    TITLE_WEIGHT,
    EngineResult,
)

LANGUAGE_ANALYSERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
BASE_FORMS = analyzer("base_forms", tokenizer="whitespace", filter=["lowercase"])
ES_FACET_FIELDS = {
    "type": "kind",
    "region": "region",
    "service": "services",
    "language": "service_languages",
}
assert set(ES_FACET_FIELDS) == set(FACET_FIELDS)
CHUNK = 500
# A rebuild's bulk requests and the final refresh of a full index take longer than a search may:
# they get this timeout (seconds) instead of settings.ELASTICSEARCH_TIMEOUT.
REBUILD_TIMEOUT = 120.0


def document_class(language):
    """The document mapping of one language: its own analyser on the raw texts."""
    text_analyser = LANGUAGE_ANALYSERS.get(language, "standard")
    fields = {
        "key": Keyword(),
        "kind": Keyword(),
        "region": Keyword(multi=True),
        "services": Keyword(multi=True),
        "service_languages": Keyword(multi=True),
        "title": Text(analyzer=text_analyser),
        "text": Text(analyzer=text_analyser),
        "title_terms": Text(analyzer=BASE_FORMS),
        "body_terms": Text(analyzer=BASE_FORMS),
        "date": Date(),
        "expires_at": Date(),
        "boost": Float(),
        "location": GeoPoint(),
        "page_id": Integer(),
    }
    return type(f"SearchDocument_{language}", (Document,), fields)


def _source(doc):
    """The Elasticsearch body of a search.documents.Document."""
    title_terms, body_terms = doc.analysed()
    body = {
        "key": doc.key,
        "kind": str(doc.kind),
        "region": list(dict.fromkeys(doc.regions)),
        "services": list(dict.fromkeys(doc.services)),
        "service_languages": list(dict.fromkeys(doc.service_languages)),
        "title": f"{doc.title} {doc.extra_title}".strip(),
        "text": doc.text[:20_000],
        "title_terms": title_terms,
        "body_terms": body_terms,
        "date": doc.date.isoformat() if doc.date else None,
        "expires_at": doc.expires_at.isoformat() if doc.expires_at else None,
        "boost": doc.boost,
        "page_id": doc.page_id,
    }
    if doc.latitude is not None and doc.longitude is not None:
        body["location"] = {"lat": doc.latitude, "lon": doc.longitude}
    return body


class ElasticsearchEngine:
    name = "elasticsearch"
    errors = (elastic_transport.TransportError, elasticsearch.ApiError)

    def __init__(self, url, prefix="kohtaamo", timeout=2.0, options=None):
        """`options`: more keyword arguments for the client (settings.ELASTICSEARCH_CLIENT_OPTIONS,
        e.g. the node class the OpenSearch test node needs)."""
        self.url = url
        self.prefix = prefix
        self.timeout = timeout
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, **(options or {}))
        self._ready = set()

    def alias(self, language):
        return f"{self.prefix}-{language}"

    def _new_index(self, language, building=False):
        """A new index of a language; `building`: no refresh until the bulk load is done (set
        back by rebuild())."""
        name = (
            f"{self.alias(language)}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 10**6}"
        )
        index = Index(name, using=self.client)
        index.settings(
            number_of_shards=1,
            number_of_replicas=0,
            **({"refresh_interval": "-1"} if building else {}),
        )
        index.document(document_class(language))
        index.create()
        return name

    def _ensure(self, language):
        """The alias of a language exists (a first write on an empty node creates it)."""
        if language in self._ready:
            return
        alias = self.alias(language)
        if not self.client.indices.exists_alias(name=alias):
            name = self._new_index(language)
            self.client.indices.put_alias(index=name, name=alias)
        self._ready.add(language)

    # --- writing ---------------------------------------------------------------------------

    def index(self, documents, refresh=True):
        by_language = {}
        for doc in documents:
            by_language.setdefault(doc.language, []).append(doc)
        for language, docs in by_language.items():
            self._ensure(language)
            actions = [
                {"_index": self.alias(language), "_id": doc.key, "_source": _source(doc)}
                for doc in docs
            ]
            helpers.bulk(self.client, actions, chunk_size=CHUNK, refresh=refresh)

    def delete_keys(self, key_languages, refresh=True):
        by_language = {}
        for key, language in key_languages:
            by_language.setdefault(language, []).append(key)
        for language, keys in by_language.items():
            self._ensure(language)
            actions = [
                {"_op_type": "delete", "_index": self.alias(language), "_id": key} for key in keys
            ]
            helpers.bulk(
                self.client, actions, refresh=refresh, raise_on_error=False, chunk_size=CHUNK
            )

    def rebuild(self, documents, language, progress=None):
        """A new index filled with `documents`, then the alias swapped to it atomically. The
        bulk requests go two at a time (one analysed here while the node indexes the other),
        and the new index refreshes only once, when full."""
        alias = self.alias(language)
        name = self._new_index(language, building=True)
        client = self.client.options(request_timeout=max(self.timeout, REBUILD_TIMEOUT))
        count = 0

        def actions():
            nonlocal count
            for doc in documents:
                count += 1
                if progress and count % CHUNK == 0:
                    progress(count)
                yield {"_index": name, "_id": doc.key, "_source": _source(doc)}

        for _ok, _item in helpers.parallel_bulk(
            client, actions(), chunk_size=CHUNK, thread_count=2, queue_size=2
        ):
            pass  # a failed item raises BulkIndexError
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=name)
        old = []
        if client.indices.exists_alias(name=alias):
            old = list(client.indices.get_alias(name=alias).body)
        swap = [{"remove": {"index": index, "alias": alias}} for index in old]
        swap.append({"add": {"index": name, "alias": alias}})
        client.indices.update_aliases(actions=swap)
        for index in old:
            client.indices.delete(index=index, ignore_unavailable=True)
        self._ready.add(language)
        if progress:
            progress(count)
        return count

    def drop(self, language):
        """Remove a language's alias and indices (tests, benchmarks)."""
        self.client.indices.delete(index=f"{self.alias(language)}-*", ignore_unavailable=True)
        self._ready.discard(language)

    def available(self):
        try:
            return bool(self.client.ping())
        except self.errors:
            return False

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def _text_query(groups, operator):
        clauses = []
        for group in groups:
            should = []
            for term in group:
                should.append(Q("term", title_terms={"value": term, "boost": TITLE_WEIGHT}))
                should.append(Q("term", body_terms={"value": term}))
            clauses.append(Q("bool", should=should, minimum_should_match=1))
        if operator == "and":
            matched = Q("bool", must=clauses)
        else:
            matched = Q("bool", should=clauses, minimum_should_match=1)
        # Every query word in the title counts double (as in the database engine).
        in_title = Q(
            "bool",
            must=[Q("terms", title_terms=list(group)) for group in groups],
            boost=TITLE_WEIGHT,
        )
        return Q("bool", must=[matched], should=[in_title])

    @staticmethod
    def _filter_query(filters, skip=None):
        clauses = [
            Q("terms", **{ES_FACET_FIELDS[group]: list(values)})
            for group, values in filters.items()
            if values and group != skip
        ]
        return Q("bool", filter=clauses) if clauses else Q("match_all")

    def search(self, query):
        if not query.groups:
            return EngineResult(keys=[], total=0, facets={}, engine=self.name)
        now_ms = int(query.now.timestamp() * 1000) if query.now else 0
        not_expired = Q(
            "bool",
            should=[
                Q("bool", must_not=[Q("exists", field="expires_at")]),
                Q("range", expires_at={"gt": now_ms}),
            ],
            minimum_should_match=1,
        )
        matched = Q(
            "bool",
            must=[self._text_query(query.groups, query.operator)],
            filter=[not_expired],
        )
        # score × boost × (1 + 0.5^(age/half-life) for news) × (1 + 2 × 0.5^(km/10) near a place),
        # with built-in functions only (no scripts: the node may have no script language).
        boosted = Q(
            "function_score",
            query=matched,
            functions=[SF("field_value_factor", field="boost", missing=1.0)],
            boost_mode="multiply",
        )
        recency = [SF({"weight": 1.0})]
        if now_ms:
            recency.append(
                SF(
                    "exp",
                    date={"origin": now_ms, "scale": f"{NEWS_HALF_LIFE_DAYS:.0f}d", "decay": 0.5},
                    filter=Q("term", kind="news"),
                )
            )
        scored = Q(
            "function_score",
            query=boosted,
            functions=recency,
            score_mode="sum",
            boost_mode="multiply",
        )
        if query.origin is not None:
            nearness = [
                SF({"weight": 1.0}),
                SF(
                    "exp",
                    location={
                        "origin": {"lat": query.origin[0], "lon": query.origin[1]},
                        "scale": f"{NEARNESS_SCALE_KM:.0f}km",
                        "decay": 0.5,
                    },
                    filter=Q("exists", field="location"),
                    weight=NEARNESS_WEIGHT,
                ),
            ]
            scored = Q(
                "function_score",
                query=scored,
                functions=nearness,
                score_mode="sum",
                boost_mode="multiply",
            )
        search = (
            Search(using=self.client, index=self.alias(query.language))
            .query(scored)
            .post_filter(self._filter_query(query.filters))
            .sort("_score", {"key": "asc"})
            .source(False)  # a hit's _id is its key: no stored source is read
            .extra(track_total_hits=True)
        )
        search = search[query.offset : query.offset + query.limit]
        for group, es_field in ES_FACET_FIELDS.items():
            search.aggs.bucket(
                group, A("filter", filter=self._filter_query(query.filters, group))
            ).bucket("values", A("terms", field=es_field, size=200))
        response = search.execute()
        facets = {
            group: {
                bucket.key: bucket.doc_count
                for bucket in getattr(response.aggregations, group)["values"].buckets
            }
            for group in ES_FACET_FIELDS
        }
        keys = [hit.meta.id for hit in response]
        return EngineResult(
            keys=keys, total=response.hits.total.value, facets=facets, engine=self.name
        )
