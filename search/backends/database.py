"""The database engine: the embedded default and the fallback when Elasticsearch is down.

Full text runs in the database (an FTS5 table on SQLite; on PostgreSQL a generated tsvector
column kept in the row, with a GIN index per language, see migrations/0002, 0005 and 0006) over
the base forms that kohtaamo.language made of the texts, so it matches exactly what the
Elasticsearch engine matches. A search is one SQL statement whatever the number of matches: the
matches gathered once, then the facet counts (and the total) by GROUP BY over the facet sets
the matches have (search.models.FacetSet), and the top of the ranking (text score × boost ×
news recency) by ORDER BY … LIMIT; the title bonus and nearness rescore that top in Python
(search/backends/__init__.py).
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
from search.models import FacetSet, SearchDocument, values_of

DOCS = SearchDocument._meta.db_table
FACET_SETS = FacetSet._meta.db_table
FTS = "kohtaamo_search_fts"
RANK_INDEX = "search_doc_rank"  # SQLite only, migrations/0003 and 0006
# PostgreSQL: one GIN index of the search vector per language (migrations/0006).
VECTOR_INDEX = "kohtaamo_search_vector_{language}"
RESCORE = 300
# A typed empty column: PostgreSQL resolves the types of UNION ALL members two by two.
NO_NUMBER = "CAST(NULL AS DOUBLE PRECISION)"
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
        """Delete rows by id with plain DELETEs: nothing refers to a search document, and the
        ORM's delete would read every row and send a post_delete signal for each (a receiver of
        every model's deletes is connected), which made a rebuild read the old texts back."""
        if not ids:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ",".join(["%s"] * len(chunk))
                if connection.vendor == "sqlite":
                    cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)  # noqa: S608
                cursor.execute(f"DELETE FROM {DOCS} WHERE id IN ({marks})", chunk)  # noqa: S608

    def _assign_facet_sets(self, models):
        """Set each document's facet set, adding the combinations not stored yet. Two queries
        (three when a combination is new) per batch; concurrent writers adding the same
        combination meet at its unique constraint."""

        def wanted_sets():
            return FacetSet.objects.filter(
                **{
                    f"{name}__in": {values[n] for values in wanted}
                    for n, name in enumerate(FacetSet.FIELDS)
                }
            )

        wanted = {values_of(m) for m in models}
        ids = {row.values: row.pk for row in wanted_sets()}
        missing = wanted - ids.keys()
        if missing:
            FacetSet.objects.bulk_create(
                [
                    FacetSet(**dict(zip(FacetSet.FIELDS, values, strict=True)))
                    for values in sorted(missing)
                ],
                ignore_conflicts=True,
            )
            ids = {row.values: row.pk for row in wanted_sets()}
        for m in models:
            m.facet_set_id = ids[values_of(m)]

    def _insert(self, models):
        self._assign_facet_sets(models)
        created = SearchDocument.objects.bulk_create(models, batch_size=BATCH)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS} (rowid, title_terms, body_terms) VALUES (%s, %s, %s)",  # noqa: S608
                    [(m.pk, m.title_terms, m.body_terms) for m in created],
                )
        # PostgreSQL computes the tsvector as the row is inserted (a generated column,
        # migrations/0005).
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
            if connection.vendor == "postgresql":
                self._settle()
        return count

    def _settle(self):
        """PostgreSQL after a bulk load: the GIN index's pending list (where fast updates wait
        for VACUUM) is merged into the index and the table's statistics are renewed. Otherwise
        the planner, costing the full pending list, reads the whole table for every search until
        autovacuum comes by, even for a word that is in one document."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
                [DOCS],
            )
            cursor.execute(f"ANALYZE {DOCS}")

    def available(self):
        return True

    # --- reading ---------------------------------------------------------------------------

    def _text_match(self, query):
        """(FROM clause with the text match, its parameters, the text score expression)."""
        if connection.vendor == "postgresql":
            # Matched with the query's operator, ranked with every term as an alternative: the
            # score is then a sum over the terms, as BM25 is on SQLite and Elasticsearch, and
            # ts_rank need not weigh the distances between the terms' positions (a third of a
            # two-word search's time).
            return (
                f"FROM {DOCS} d, to_tsquery('simple', %s) q, to_tsquery('simple', %s) r "  # noqa: S608
                "WHERE d.search_vector @@ q AND d.language = %s",
                [
                    _tsquery(query.groups, query.operator),
                    _tsquery(query.groups, "or"),
                    query.language,
                ],
                "ts_rank('{0.0, 0.0, 0.1, 1.0}', d.search_vector, r)",
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
            age = "greatest(date_part('epoch', %s::timestamptz - d.date) / 86400.0, 0)"
            now_param = now
        else:
            age = "max(julianday(%s) - julianday(d.date), 0)"
            now_param = connection.ops.adapt_datetimefield_value(now)
        return (
            "(CASE WHEN d.kind = 'news' AND d.date IS NOT NULL "
            f"THEN 1 + power(0.5, {age} / {NEWS_HALF_LIFE_DAYS}) ELSE 1 END)",
            [now_param],
        )

    def _title_bonus_sql(self, groups):
        """ALL_TERMS_IN_TITLE_BONUS when every word group has a term among the title's terms,
        else 1 (what search/backends/__init__.py describes), for the rows of the ranking."""
        find = "strpos" if connection.vendor == "postgresql" else "instr"
        clauses, params = [], []
        for group in groups:
            terms = [t for t in group if t and not t.isspace() and " " not in t]
            if not terms:
                return "1.0", []
            has_term = f"{find}(' ' || r.title_terms || ' ', %s) > 0"
            clauses.append("(" + " OR ".join([has_term] * len(terms)) + ")")
            params += [f" {t} " for t in terms]
        if not clauses:
            return "1.0", []
        return (
            f"(CASE WHEN {' AND '.join(clauses)} THEN {ALL_TERMS_IN_TITLE_BONUS} ELSE 1.0 END)",
            params,
        )

    def _statement(self, query, now, head):
        """One statement for a search. The matches are gathered once (text score × boost ×
        recency computed for each, the match table joined to the narrow ranking columns once)
        and counted by facet set, the combination of facet values they share (search.models.
        FacetSet). The facet counts are then taken over those few sets rather than over every
        match: by each facet column (a group's counts apply every other group's filters) and in
        total (every filter). Of the best `head` matches that pass every filter, the title
        bonus is applied and the first offset + limit are read (all `head` with their place
        when nearness is to be added in Python). Rows: (group, value, count, NULL, NULL) for
        the counts, ('', '', total, …) for the total and ('#', key, score, latitude,
        longitude) for the ranking."""
        match_sql, params, text_score = self._text_match(query)
        recency, recency_params = self._recency_sql(now)
        greatest = "greatest" if connection.vendor == "postgresql" else "max"
        filters = {group: values for group, values in query.filters.items() if values}
        parts, part_params = [], []
        for group in (*FACET_FIELDS, None):
            others = {g: v for g, v in filters.items() if g != group}
            where, where_params = self._filter_sql(others, alias="c")
            column = f"c.{FACET_FIELDS[group]}" if group else "''"
            # An empty value counts for no facet value (most pages have no region or service).
            present = f" AND {column} <> ''" if group and group != "type" else ""
            parts.append(
                f"SELECT '{group or ''}', {column}, coalesce(sum(c.n), 0), {NO_NUMBER}, "  # noqa: S608
                f"{NO_NUMBER} FROM c WHERE 1 = 1{where}{present}"
                + (f" GROUP BY {column}" if group else "")
            )
            part_params += where_params
        passing, passing_params = "", []
        if filters:
            where, passing_params = self._filter_sql(filters, alias="s")
            passing = f" AND m.facet_set IN (SELECT s.id FROM {FACET_SETS} AS s WHERE 1 = 1{where})"  # noqa: S608
        bonus, bonus_params = self._title_bonus_sql(query.groups)
        shown = "" if query.origin else " ORDER BY score DESC, key LIMIT %s"
        # The title's terms and the place of the best rows from the narrow index on SQLite: in
        # the table's row they come after the long texts (on overflow pages for long pages).
        ranked = f"{DOCS} AS r" + (
            f" INDEXED BY {RANK_INDEX}" if connection.vendor == "sqlite" else ""
        )
        parts.append(
            "SELECT '#', f.key, f.score, f.latitude, f.longitude FROM ("  # noqa: S608
            f"SELECT t.key AS key, t.score * {bonus} AS score, r.latitude AS latitude, "
            "r.longitude AS longitude FROM "
            f"(SELECT m.id, m.key, m.score FROM m WHERE 1 = 1{passing} "
            f"ORDER BY m.score DESC, m.key LIMIT %s) AS t JOIN {ranked} ON r.id = t.id"
            f"{shown}) AS f"
        )
        part_params += [*bonus_params, *passing_params, head]
        if not query.origin:
            part_params.append(query.offset + query.limit)
        sql = (
            "WITH m AS MATERIALIZED (SELECT d.id, d.key, d.facet_set_id AS facet_set, "  # noqa: S608
            f"{greatest}({text_score}, 1e-9) * d.boost * {recency} "
            f"AS score {match_sql} AND (d.expires_at IS NULL OR d.expires_at > %s)), "
            "g AS MATERIALIZED (SELECT m.facet_set, count(*) AS n FROM m GROUP BY m.facet_set), "
            "c AS MATERIALIZED (SELECT s.kind, s.region, s.services, s.service_languages, g.n "
            f"FROM g JOIN {FACET_SETS} AS s ON s.id = g.facet_set) " + " UNION ALL ".join(parts)
        )
        # The score's parameters come before the FROM clause's.
        return sql, [*recency_params, *params, now, *part_params]

    def search(self, query):
        """One statement whatever the number of matches (see _statement): facet counts, the
        total and the top of the ranking, the title bonus applied to the best RESCORE (a full
        title match already leads on text score). Nearness to a place the query names is added
        to those in Python."""
        if not query.groups:
            return EngineResult(keys=[], total=0, facets={}, engine=self.name)
        now = query.now or timezone.now()
        head_size = max(RESCORE, query.offset + query.limit)
        sql, params = self._statement(query, now, head_size)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counts = {group: Counter() for group in FACET_FIELDS}
        total = 0
        head = []
        for group, value, number, latitude, longitude in rows:
            if group == "#":
                head.append((number * nearness_factor(query.origin, latitude, longitude), value))
            elif not group:
                total = int(number)
            elif group == "type":
                counts[group][value] += int(number)  # a float on PostgreSQL (the score's type)
            else:
                # A stored text may hold several values ("01 02": two regions).
                for code in set(value.split()):
                    counts[group][code] += int(number)
        keys = []
        if total and query.offset < total:
            head.sort(key=lambda item: (-item[0], item[1]))
            keys = [key for _score, key in head[query.offset : query.offset + query.limit]]
        return EngineResult(
            keys=keys,
            total=total,
            facets={group: dict(counter) for group, counter in counts.items()},
            engine=self.name,
        )
