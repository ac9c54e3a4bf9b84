"""Create the national team's groups: "National editors" and "National administrators".

Both get admin access, every page permission on the root of the page tree (all languages) and
every image and document permission on the root collection (all collections). Model permissions
of other apps (news, brand, snippets, settings, users and groups) may not exist yet when this runs
(Django creates them after all migrations); `locations.teams.sync_national_groups` grants them
after every `migrate` and in `seed_demo` (see locations/teams.py).

Reversing removes the two groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("National editors", "National administrators")
PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
# Wagtail checks collection permissions against wagtailimages.Image and wagtaildocs.Document
# (the permission policies' auth models), also with the custom image model.
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "delete_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "delete_document"),
    ("wagtaildocs", "document", "choose_document"),
)
MODEL_PERMISSIONS = (("wagtailadmin", "admin", "access_admin"),)


def ensure_permission_rows(apps):
    """Create the Permission rows of the apps migrated so far (Django would create them only after
    the whole migrate run)."""
    for label in ("wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    ensure_permission_rows(apps)

    def permission(app_label, model, codename):
        return Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    page_permissions = [permission("wagtailcore", "page", code) for code in PAGE_PERMISSIONS]
    collection_permissions = [permission(*spec) for spec in COLLECTION_PERMISSIONS]
    model_permissions = [permission(*spec) for spec in MODEL_PERMISSIONS]

    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[perm for perm in model_permissions if perm is not None])
        if root_page is not None:
            for perm in page_permissions:
                if perm is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=perm
                    )
        if root_collection is not None:
            for perm in collection_permissions:
                if perm is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kohtaamo", "0002_locales"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
