"""The database engine: the embedded default and the fallback when Elasticsearch is down.

Full text runs in the database (an FTS5 table on SQLite, a tsvector column with a GIN index on
PostgreSQL, see migrations/0002) over the base forms that kohtaamo.language made of the texts,
so it matches exactly what the Elasticsearch engine matches. A search is two SQL statements
whatever the number of matches: the facet counts (and the total) by GROUP BY over the combinations
of facet values, and the top of the ranking (text score × boost × news recency) by ORDER BY …
LIMIT; the title bonus and nearness rescore that top in Python (search/backends/__init__.py).
"""

from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from search.backends import (
    ALL_TERMS_IN_TITLE_BONUS,
    FACET_FIELDS,
    NEWS_HALF_LIFE_DAYS,
    TITLE_WEIGHT,
    EngineResult,
    nearness_factor,
)
from search.models import SearchDocument

DOCS = SearchDocument._meta.db_table
FTS = "kohtaamo_search_fts"
RANK_INDEX = "search_doc_rank"  # SQLite only, migrations/0003
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

    def _text_match(self, query):
        """(FROM clause with the text match, its parameters, the text score expression)."""
        if connection.vendor == "postgresql":
            return (
                f"FROM {DOCS} d, to_tsquery('simple', %s) q "  # noqa: S608
                "WHERE d.search_vector @@ q AND d.language = %s",
                [_tsquery(query.groups, query.operator), query.language],
                "ts_rank('{0.0, 0.0, 0.1, 1.0}', d.search_vector, q)",
            )
        return (
            # The FTS table leads (CROSS JOIN keeps that order); the narrow covering index gives
            # the ranking and facet columns without reading the long texts (migrations/0003).
            f"FROM {FTS} CROSS JOIN {DOCS} AS d INDEXED BY {RANK_INDEX} "  # noqa: S608
            f"ON d.id = {FTS}.rowid WHERE {FTS} MATCH %s AND d.language = %s",
            [_fts5_match(query.groups, query.operator), query.language],
            f"-bm25({FTS}, {TITLE_WEIGHT}, 1.0)",
        )

    def _filter_sql(self, filters, alias="d"):
        """SQL conditions (and parameters) for the chosen facet values: alternatives within a
        group, every group applies."""
        clauses, params = [], []
        find = "strpos" if connection.vendor == "postgresql" else "instr"
        for group, values in filters.items():
            values = sorted(set(values))
            if not values:
                continue
            column = FACET_FIELDS[group]
            if group == "type":
                clauses.append(f"{alias}.kind IN ({', '.join(['%s'] * len(values))})")
                params += values
            else:
                clauses.append(
                    "("
                    + " OR ".join([f"{find}(' ' || {alias}.{column} || ' ', %s) > 0"] * len(values))
                    + ")"
                )
                params += [f" {value} " for value in values]
        return "".join(f" AND {clause}" for clause in clauses), params

    def _recency_sql(self, now):
        """1 + 0.5^(age in days / half-life) for news, else 1 (search/backends/__init__.py)."""
        if connection.vendor == "postgresql":
            age = "greatest(extract(epoch FROM (%s::timestamptz - d.date)) / 86400.0, 0)"
            now_param = now
        else:
            age = "max(julianday(%s) - julianday(d.date), 0)"
            now_param = connection.ops.adapt_datetimefield_value(now)
        return (
            "(CASE WHEN d.kind = 'news' AND d.date IS NOT NULL "
            f"THEN 1 + power(0.5, {age} / {NEWS_HALF_LIFE_DAYS}) ELSE 1 END)",
            [now_param],
        )

    def facet_counts(self, query, now):
        """(total, {group: {value: count}}) by GROUP BY, in one statement: the matches are
        gathered once, then counted by each facet column (a group's counts apply every other
        group's filters) and in total (every filter). The rows are as many as there are
        distinct stored values, however many documents match."""
        match_sql, params, _score = self._text_match(query)
        filters = {group: values for group, values in query.filters.items() if values}
        parts, part_params = [], []
        for group in (*FACET_FIELDS, None):
            others = {g: v for g, v in filters.items() if g != group}
            where, where_params = self._filter_sql(others, alias="m")
            column = f"m.{FACET_FIELDS[group]}" if group else "''"
            parts.append(
                f"SELECT '{group or ''}', {column}, count(*) FROM m "  # noqa: S608
                f"WHERE 1 = 1{where}" + (f" GROUP BY {column}" if group else "")
            )
            part_params += where_params
        sql = (
            "WITH m AS MATERIALIZED (SELECT d.kind, d.region, d.services, "  # noqa: S608
            f"d.service_languages {match_sql} AND (d.expires_at IS NULL OR d.expires_at > %s)) "
            + " UNION ALL ".join(parts)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, now, *part_params])
            rows = cursor.fetchall()
        counts = {group: Counter() for group in FACET_FIELDS}
        total = 0
        for group, text, count in rows:
            if not group:
                total = count
            elif group == "type":
                counts[group][text] += count
            else:
                # A stored text may hold several values ("01 02": two regions).
                for value in set(text.split()):
                    counts[group][value] += count
        return total, counts

    def ranked(self, query, now, head):
        """The best `head` matches that pass the filters, as [score, key, title terms,
        latitude, longitude], by text score × boost × recency (all in SQL), best first."""
        match_sql, params, text_score = self._text_match(query)
        filter_sql, filter_params = self._filter_sql(query.filters)
        recency, recency_params = self._recency_sql(now)
        greatest = "greatest" if connection.vendor == "postgresql" else "max"
        sql = (
            "SELECT "  # noqa: S608
            f"{greatest}({text_score}, 1e-9) * d.boost * {recency} AS score, "
            "d.key, d.title_terms, d.latitude, d.longitude "
            f"{match_sql} AND (d.expires_at IS NULL OR d.expires_at > %s){filter_sql} "
            "ORDER BY score DESC, d.key LIMIT %s"
        )
        with connection.cursor() as cursor:
            # The score's parameters come before the FROM clause's.
            cursor.execute(sql, [*recency_params, *params, now, *filter_params, head])
            return [list(row) for row in cursor.fetchall()]

    def search(self, query):
        """Two statements whatever the number of matches: facet counts (with the total) by
        GROUP BY, and the top of the ranking by ORDER BY … LIMIT. The title bonus and nearness
        rescore the best RESCORE (a full title match already leads on text score)."""
        if not query.groups:
            return EngineResult(keys=[], total=0, facets={}, engine=self.name)
        now = query.now or timezone.now()
        total, counts = self.facet_counts(query, now)
        keys = []
        if total and query.offset < total:
            head = self.ranked(query, now, max(RESCORE, query.offset + query.limit))
            for item in head:
                title = set(item[2].split())
                if all(any(t in title for t in group) for group in query.groups):
                    item[0] *= ALL_TERMS_IN_TITLE_BONUS
                item[0] *= nearness_factor(query.origin, item[3], item[4])
            head.sort(key=lambda item: (-item[0], item[1]))
            keys = [item[1] for item in head[query.offset : query.offset + query.limit]]
        return EngineResult(
            keys=keys,
            total=total,
            facets={group: dict(counter) for group, counter in counts.items()},
            engine=self.name,
        )
