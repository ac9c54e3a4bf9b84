"""A narrow covering index on SQLite for the database engine's ranking and facet counts: the
columns a search reads of every match (language, expiry, facet values, boost, date, place, the
title's terms) sit in the table behind the long texts, so without it every match costs a read of
overflow pages. PostgreSQL keeps long texts out of line (TOAST) and needs none."""

from django.db import migrations

TABLE = "kohtaamo_search_searchdocument"
INDEX = "search_doc_rank"
COLUMNS = (
    "id, language, expires_at, kind, region, services, service_languages, boost, date, key, "
    "latitude, longitude, title_terms"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} ({COLUMNS})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("kohtaamo_search", "0002_full_text")]

    operations = [migrations.RunPython(create, drop)]
