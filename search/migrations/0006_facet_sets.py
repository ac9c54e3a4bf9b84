"""Faster database searches where most documents match (issue 10: query p95 on 10,000 documents
per language).

- Facet sets: every document points to the combination of its facet values (search.models.
  FacetSet), filled here for the stored documents. A search counts its matches per set and then
  the facet values over the sets (search/backends/database.py).
- SQLite: the narrow ranking index holds the facet set in place of the four facet columns.
- PostgreSQL: the search vector is kept in the row (storage MAIN: compressed in the row when the
  row would be too long, moved out only past a page), because reading it from the TOAST table
  for every match was most of a search's time; the rows are rewritten here. The one GIN index
  becomes one partial index per content language (settings.WAGTAIL_CONTENT_LANGUAGES at the
  time of migrating), so a search reads the matches of its own language only. A language added
  later needs its index (a migration like this one); until then its searches read the table.
"""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "kohtaamo_search_searchdocument"
FACET_SETS = "kohtaamo_search_facetset"
RANK_INDEX = "search_doc_rank"
OLD_RANK_COLUMNS = (
    "id, language, expires_at, kind, region, services, service_languages, boost, date, key, "
    "latitude, longitude, title_terms"
)
RANK_COLUMNS = (
    "id, language, expires_at, facet_set_id, boost, date, kind, key, latitude, longitude, "
    "title_terms"
)
VECTOR_INDEX = "kohtaamo_search_vector"
VALUES = ("kind", "region", "services", "service_languages")


def languages():
    codes = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", code):
            raise ValueError(f"unexpected content language code {code!r}")
        codes.append(code)
    return codes


def vector_index(code):
    return f"{VECTOR_INDEX}_{code.replace('-', '_')}"


def fill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # Before the rows are rewritten below, so that every vector is stored anew in its row.
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN")
    columns = ", ".join(VALUES)
    same = " AND ".join(f"s.{column} = {TABLE}.{column}" for column in VALUES)
    schema_editor.execute(
        f"INSERT INTO {FACET_SETS} ({columns}) SELECT DISTINCT {columns} FROM {TABLE}"  # noqa: S608
    )
    schema_editor.execute(
        f"UPDATE {TABLE} SET facet_set_id = (SELECT s.id FROM {FACET_SETS} AS s WHERE {same})"  # noqa: S608
    )


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


def indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {RANK_INDEX}")
        schema_editor.execute(f"CREATE INDEX {RANK_INDEX} ON {TABLE} ({RANK_COLUMNS})")
    elif vendor == "postgresql":
        for code in languages():
            schema_editor.execute(
                f"CREATE INDEX {vector_index(code)} ON {TABLE} USING gin (search_vector) "
                f"WHERE language = '{code}'"
            )
        schema_editor.execute(f"DROP INDEX IF EXISTS {VECTOR_INDEX}")
        schema_editor.execute(f"ANALYZE {TABLE}")


def old_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {RANK_INDEX}")
        schema_editor.execute(f"CREATE INDEX {RANK_INDEX} ON {TABLE} ({OLD_RANK_COLUMNS})")
    elif vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {VECTOR_INDEX} ON {TABLE} USING gin (search_vector)")
        for code in languages():
            schema_editor.execute(f"DROP INDEX IF EXISTS {vector_index(code)}")


class Migration(migrations.Migration):
    dependencies = [("kohtaamo_search", "0005_generated_search_vector")]

    operations = [
        migrations.CreateModel(
            name="FacetSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("region", models.CharField(blank=True, max_length=10)),
                ("services", models.CharField(blank=True, max_length=1000)),
                ("service_languages", models.CharField(blank=True, max_length=200)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "region", "services", "service_languages"),
                        name="search_facet_set_values",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="facet_set",
            field=models.ForeignKey(
                db_index=False,
                help_text="The combination of this document's facet values (set as it is stored).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="kohtaamo_search.facetset",
            ),
        ),
        migrations.RunPython(fill, unfill),
        migrations.AlterField(
            model_name="searchdocument",
            name="facet_set",
            field=models.ForeignKey(
                db_index=False,
                help_text="The combination of this document's facet values (set as it is stored).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="kohtaamo_search.facetset",
            ),
        ),
        migrations.RunPython(indexes, old_indexes),
    ]
