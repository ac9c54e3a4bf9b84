"""PostgreSQL: the tsvector becomes a stored generated column, computed by the database as the
row is inserted. Each indexed row is then written once (before: the insert, then an UPDATE that
set its tsvector). SQLite keeps its FTS5 table (migrations/0002)."""

from django.db import migrations

TABLE = "kohtaamo_search_searchdocument"
INDEX = "kohtaamo_search_vector"
VECTOR = (
    "setweight(to_tsvector('simple', title_terms), 'A') || "
    "setweight(to_tsvector('simple', body_terms), 'B')"
)


def generated(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (search_vector)")


def plain(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector")
    schema_editor.execute(f"UPDATE {TABLE} SET search_vector = {VECTOR}")  # noqa: S608
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("kohtaamo_search", "0004_title_key")]

    operations = [migrations.RunPython(generated, plain)]
