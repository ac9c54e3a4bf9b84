"""Remove Wagtail's default "Editors" and "Moderators" groups.

Wagtail's own migrations create them with page permissions on the root page (every page, every
language) and image and document permissions on the root collection: adding anyone to them would
grant editing everywhere, past the local teams' boundaries. Nothing in the project uses them (the
national groups and each Ohjaamo's team groups are the project's). Reversing does not bring them
back.
"""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    groups = Group.objects.filter(name__in=DEFAULT_GROUPS)
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    # Their group approval tasks (Wagtail's default "Moderators approval") lose the group too.
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    for task in GroupApprovalTask.objects.filter(groups__in=groups).distinct():
        task.groups.remove(*groups)
    groups.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kohtaamo", "0003_national_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
