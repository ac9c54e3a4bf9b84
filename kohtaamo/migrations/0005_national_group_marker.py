"""The national groups get Finnish names and a stable marker (kohtaamo.NationalGroup).

"National editors" → "Valtakunnalliset muokkaajat", "National administrators" → "Valtakunnalliset
ylläpitäjät", renamed in place: ids, members, page, collection and model permissions stay. Each is
marked with its role, which the second-factor requirement and the national permissions use from
now on instead of the name. Should a group with the new name exist as well (made by hand), its
members and model permissions move to the renamed group and the duplicate goes. Reversible.
"""

import django.db.models.deletion
from django.db import migrations, models

# role: (name before, new name); the same as locations.teams.NATIONAL_GROUP_NAMES (frozen here).
NAMES = {
    "editors": ("National editors", "Valtakunnalliset muokkaajat"),
    "administrators": ("National administrators", "Valtakunnalliset ylläpitäjät"),
}


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    NationalGroup = apps.get_model("kohtaamo", "NationalGroup")
    for role, (old, new) in NAMES.items():
        before = Group.objects.filter(name=old).first()
        after = Group.objects.filter(name=new).first()
        group = before or after
        if group is None:
            continue
        if before is not None and after is not None:
            for user in after.user_set.all():
                user.groups.add(before)
            before.permissions.add(*after.permissions.all())
            after.delete()
        if group.name != new:
            group.name = new
            group.save(update_fields=["name"])
        NationalGroup.objects.update_or_create(role=role, defaults={"group": group})


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    NationalGroup = apps.get_model("kohtaamo", "NationalGroup")
    for marker in NationalGroup.objects.select_related("group"):
        old = NAMES[marker.role][0]
        if not Group.objects.filter(name=old).exists():
            marker.group.name = old
            marker.group.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("kohtaamo", "0004_accessibility_feedback"),
    ]

    operations = [
        migrations.CreateModel(
            name="NationalGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("editors", "national editors"),
                            ("administrators", "national administrators"),
                        ],
                        max_length=32,
                        unique=True,
                        verbose_name="role",
                    ),
                ),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="national_role",
                        to="auth.group",
                        verbose_name="group",
                    ),
                ),
            ],
            options={
                "verbose_name": "national group",
                "verbose_name_plural": "national groups",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
