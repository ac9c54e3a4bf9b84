"""The database engine: the embedded default and the fallback when Elasticsearch is down.

Full text runs in the database (an FTS5 table on SQLite, a tsvector column with a GIN index on
PostgreSQL, see migrations/0002) over the base forms that kohtaamo.language made of the texts,
so it matches exactly what the Elasticsearch engine matches. One SQL statement finds the
matching documents with their text score and facet values; ranking factors and facet counts are
applied to those rows in Python (see search/backends/__init__.py).
"""

from collections import Counter
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from search.backends import (
    ALL_TERMS_IN_TITLE_BONUS,
    FACET_FIELDS,
    TITLE_WEIGHT,
    EngineResult,
    nearness_factor,
    recency_factor,
)
from search.models import SearchDocument

DOCS = SearchDocument._meta.db_table
FTS = "kohtaamo_search_fts"
MAX_CANDIDATES = 5000
RESCORE = 300
BATCH = 500


def _fts5_match(groups, operator):
    """An FTS5 MATCH expression: every term a quoted string (so no character of it is syntax)."""

    def quote(term):
        return '"' + term.replace('"', '""') + '"'

    parts = ["(" + " OR ".join(quote(t) for t in group) + ")" for group in groups]
    return f" {operator.upper()} ".join(parts)


def _tsquery(groups, operator):
    """A to_tsquery() expression with every lexeme quoted."""

    def quote(term):
        return "'" + term.replace("\\", "").replace("'", "''") + "'"

    joiner = " & " if operator == "and" else " | "
    return joiner.join("(" + " | ".join(quote(t) for t in group) + ")" for group in groups)


class DatabaseEngine:
    name = "database"

    # --- writing ---------------------------------------------------------------------------

    def _remove_ids(self, ids):
        if not ids:
            return
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for start in range(0, len(ids), BATCH):
                    chunk = ids[start : start + BATCH]
                    marks = ",".join(["%s"] * len(chunk))
                    cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)  # noqa: S608
        SearchDocument.objects.filter(pk__in=ids).delete()

    def _insert(self, models):
        created = SearchDocument.objects.bulk_create(models, batch_size=BATCH)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS} (rowid, title_terms, body_terms) VALUES (%s, %s, %s)",  # noqa: S608
                    [(m.pk, m.title_terms, m.body_terms) for m in created],
                )
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {DOCS} SET search_vector = "  # noqa: S608
                    "setweight(to_tsvector('simple', title_terms), 'A') || "
                    "setweight(to_tsvector('simple', body_terms), 'B') WHERE id = ANY(%s)",
                    [[m.pk for m in created]],
                )
        return created

    def index(self, documents):
        """Store `documents` (search.documents.Document), replacing earlier versions."""
        models = [doc.as_model() for doc in documents]
        if not models:
            return
        with transaction.atomic():
            self.delete_keys({(m.key, m.language) for m in models})
            self._insert(models)

    def delete_keys(self, key_languages):
        ids = []
        by_language = {}
        for key, language in key_languages:
            by_language.setdefault(language, []).append(key)
        for language, keys in by_language.items():
            ids += list(
                SearchDocument.objects.filter(language=language, key__in=keys).values_list(
                    "pk", flat=True
                )
            )
        self._remove_ids(ids)

    def delete_where(self, **lookup):
        """Remove documents matching an ORM lookup (e.g. page_id=…, key__in=…)."""
        with transaction.atomic():
            self._remove_ids(
                list(SearchDocument.objects.filter(**lookup).values_list("pk", flat=True))
            )

    def rebuild(self, documents, language=None, progress=None):
        """Replace the documents (of one language) with `documents`, in one transaction: readers
        see the old index until the new one is complete."""
        count = 0
        with transaction.atomic():
            old = SearchDocument.objects.all()
            if language:
                old = old.filter(language=language)
            self._remove_ids(list(old.values_list("pk", flat=True)))
            batch = []
            for doc in documents:
                batch.append(doc.as_model())
                if len(batch) >= BATCH:
                    self._insert(batch)
                    count += len(batch)
                    batch = []
                    if progress:
                        progress(count)
            if batch:
                self._insert(batch)
                count += len(batch)
                if progress:
                    progress(count)
        return count

    def available(self):
        return True

    # --- reading ---------------------------------------------------------------------------

    COLUMNS = (
        "d.id, d.key, d.kind, d.region, d.services, d.service_languages, d.date, d.boost, "
        "d.latitude, d.longitude, d.title_terms"
    )

    def _matches(self, query, now):
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT {self.COLUMNS}, "  # noqa: S608
                "ts_rank('{0.0, 0.0, 0.1, 1.0}', d.search_vector, q) AS score "
                f"FROM {DOCS} d, to_tsquery('simple', %s) q "
                "WHERE d.language = %s AND d.search_vector @@ q "
                "AND (d.expires_at IS NULL OR d.expires_at > %s) "
                "ORDER BY score DESC LIMIT %s"
            )
            params = [_tsquery(query.groups, query.operator), query.language, now, MAX_CANDIDATES]
        else:
            sql = (
                f"SELECT {self.COLUMNS}, -bm25({FTS}, {TITLE_WEIGHT}, 1.0) AS score "  # noqa: S608
                f"FROM {FTS} JOIN {DOCS} d ON d.id = {FTS}.rowid "
                f"WHERE {FTS} MATCH %s AND d.language = %s "
                "AND (d.expires_at IS NULL OR d.expires_at > %s) "
                "ORDER BY score DESC LIMIT %s"
            )
            params = [
                _fts5_match(query.groups, query.operator),
                query.language,
                now,
                MAX_CANDIDATES,
            ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search(self, query):
        if not query.groups:
            return EngineResult(keys=[], total=0, facets={}, engine=self.name)
        now = query.now or timezone.now()
        rows = self._matches(query, now)
        filters = {group: set(values) for group, values in query.filters.items() if values}
        counts = {group: Counter() for group in FACET_FIELDS}
        kept = []
        for row in rows:
            kind, region, services, languages = row[2], row[3], row[4], row[5]
            if not filters:
                kept.append(row)
                counts["type"][kind] += 1
                counts["region"].update(region.split())
                counts["service"].update(services.split())
                counts["language"].update(languages.split())
                continue
            values = {
                "type": (kind,),
                "region": region.split(),
                "service": services.split(),
                "language": languages.split(),
            }
            failing = [g for g, wanted in filters.items() if wanted.isdisjoint(values[g])]
            if not failing:
                kept.append(row)
            for group in FACET_FIELDS:
                if not failing or failing == [group]:
                    counts[group].update(values[group])
        # Text score × boost × recency for every match; the title bonus and nearness for the
        # best RESCORE of them (a full title match already leads on text score).
        scored = []
        for row in kept:
            key, kind, date, boost, lat, lon, title_terms, score = (row[1], row[2], *row[6:])
            value = max(float(score), 1e-9) * boost
            if kind == "news" and date is not None:
                value *= recency_factor(kind, _as_aware(date), now)
            scored.append([value, key, title_terms, lat, lon])
        scored.sort(key=lambda item: -item[0])
        head = scored[: max(RESCORE, query.offset + query.limit)]
        for item in head:
            title = set(item[2].split())
            if all(any(t in title for t in group) for group in query.groups):
                item[0] *= ALL_TERMS_IN_TITLE_BONUS
            item[0] *= nearness_factor(query.origin, item[3], item[4])
        head.sort(key=lambda item: (-item[0], item[1]))
        ranked = head + scored[len(head) :]
        window = ranked[query.offset : query.offset + query.limit]
        return EngineResult(
            keys=[item[1] for item in window],
            total=len(kept),
            facets={group: dict(counter) for group, counter in counts.items()},
            engine=self.name,
        )


def _as_aware(value):
    """A date from a raw row: SQLite gives naive UTC datetimes (or text), PostgreSQL aware ones."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value
