"""The database engine's full-text index beside the documents: an FTS5 table on SQLite, a
tsvector column with a GIN index on PostgreSQL. Both hold the analysed terms (base forms) of the
title and the body, weighted apart."""

from django.db import migrations

TABLE = "kohtaamo_search_searchdocument"
FTS = "kohtaamo_search_fts"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(title_terms, body_terms, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            f"CREATE INDEX kohtaamo_search_vector ON {TABLE} USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS kohtaamo_search_vector")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("kohtaamo_search", "0001_documents")]

    operations = [migrations.RunPython(create, drop)]
