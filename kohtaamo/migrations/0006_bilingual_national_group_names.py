"""The national groups get bilingual names, Finnish / Swedish, like the local teams' groups:
"Valtakunnalliset muokkaajat" → "Valtakunnalliset muokkaajat / Nationella redaktörer",
"Valtakunnalliset ylläpitäjät" → "Valtakunnalliset ylläpitäjät / Nationella administratörer".
The marked groups (kohtaamo.NationalGroup) are renamed in place: ids, members and permissions
stay. A group renamed by hand to something else keeps its name, and so does one whose new name
is taken by another group. Reversible. The names are frozen here (locations.teams holds the
current ones)."""

from django.db import migrations

# role: (name before, new name)
NAMES = {
    "editors": ("Valtakunnalliset muokkaajat", "Valtakunnalliset muokkaajat / Nationella redaktörer"),
    "administrators": (
        "Valtakunnalliset ylläpitäjät",
        "Valtakunnalliset ylläpitäjät / Nationella administratörer",
    ),
}


def _run(apps, forward):
    Group = apps.get_model("auth", "Group")
    NationalGroup = apps.get_model("kohtaamo", "NationalGroup")
    for marker in NationalGroup.objects.select_related("group"):
        if marker.role not in NAMES:
            continue
        old, new = NAMES[marker.role] if forward else NAMES[marker.role][::-1]
        group = marker.group
        if group.name != old or Group.objects.filter(name=new).exclude(pk=group.pk).exists():
            continue
        group.name = new
        group.save(update_fields=["name"])


def forwards(apps, schema_editor):
    _run(apps, forward=True)


def backwards(apps, schema_editor):
    _run(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("kohtaamo", "0005_national_group_marker"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
