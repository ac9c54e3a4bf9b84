"""The title's words as a key with an index, so exact title matches are one index look-up instead
of a scan of every title of a language. Adding the column makes SQLite rebuild the table, which
drops the ranking index made by hand in 0003: it is made again here."""

from django.db import migrations, models

from kohtaamo.language import words


TABLE = "kohtaamo_search_searchdocument"
RANK_INDEX = "search_doc_rank"
RANK_COLUMNS = (
    "id, language, expires_at, kind, region, services, service_languages, boost, date, key, "
    "latitude, longitude, title_terms"
)


def rank_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {RANK_INDEX} ON {TABLE} ({RANK_COLUMNS})"
        )


def fill(apps, schema_editor):
    SearchDocument = apps.get_model("kohtaamo_search", "SearchDocument")
    changed = []
    for row in SearchDocument.objects.only("id", "title").iterator(chunk_size=2000):
        row.title_key = " ".join(words(row.title))[:300]
        changed.append(row)
        if len(changed) >= 2000:
            SearchDocument.objects.bulk_update(changed, ["title_key"])
            changed = []
    if changed:
        SearchDocument.objects.bulk_update(changed, ["title_key"])


class Migration(migrations.Migration):
    dependencies = [("kohtaamo_search", "0003_rank_index")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_key",
            field=models.CharField(
                blank=True,
                help_text="The title's words, lower case, space-separated: finds exact title "
                "matches.",
                max_length=300,
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["language", "title_key"], name="search_doc_lang_title_key"),
        ),
        migrations.RunPython(rank_index, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
