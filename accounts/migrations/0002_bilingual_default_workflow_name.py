"""Wagtail's default workflow and its task, "Moderators approval" (made by Wagtail's own
migrations, on the root page), get a Finnish / Swedish name like the teams' workflows: the national
team reads it in the workflow listings and reports. Renamed only while they still have
upstream's name (a name given by hand stays); reversing gives upstream's name back."""

from django.db import migrations

UPSTREAM_NAME = "Moderators approval"
NAME = "Moderaattorien hyväksyntä / Moderatorernas godkännande"


def rename(old, new):
    def run(apps, schema_editor):
        for model in ("Workflow", "Task"):
            apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_remove_wagtail_default_groups")]

    operations = [migrations.RunPython(rename(UPSTREAM_NAME, NAME), rename(NAME, UPSTREAM_NAME))]
