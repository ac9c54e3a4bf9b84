"""The local teams' groups, workflows and approval tasks get bilingual names, Finnish / Swedish
(the admin is used in both languages and Wagtail shows these names as they are):
"Ohjaamo Helsinki – muokkaajat" → "Ohjaamo Helsinki – muokkaajat / redaktörer", "– julkaisijat" →
"– julkaisijat / publicerare", "Ohjaamo Helsinki: hyväksyntä" → "Ohjaamo Helsinki: hyväksyntä /
godkännande" and "Ohjaamo Helsinki: julkaisijoiden hyväksyntä" → "Ohjaamo Helsinki: julkaisijoiden
hyväksyntä / publicerarnas godkännande". Rows are renamed in place (ids, permissions, memberships
and page assignments stay); a row whose new name is taken already is left alone. Reversible.
The names are frozen here (locations.teams holds the current ones)."""

from django.db import migrations

DASH = " – "
GROUPS = {
    "muokkaajat": "muokkaajat / redaktörer",
    "julkaisijat": "julkaisijat / publicerare",
}
WORKFLOW = (": hyväksyntä", ": hyväksyntä / godkännande")
TASK = (": julkaisijoiden hyväksyntä", ": julkaisijoiden hyväksyntä / publicerarnas godkännande")
# Group.name and Workflow.name / Task.name.
LENGTHS = {"group": 150, "workflow": 255, "task": 255}


def _fit(base, suffix, length):
    room = length - len(suffix)
    if len(base) > room:
        base = base[: room - 1].rstrip() + "…"
    return base + suffix


def _rename(model, old_suffix, new_suffix, length, only=None):
    for row in model.objects.filter(name__endswith=old_suffix):
        base = row.name[: -len(old_suffix)]
        if only is not None and base not in only:
            continue
        new_name = _fit(base, new_suffix, length)
        if model.objects.filter(name=new_name).exists():
            continue
        row.name = new_name
        row.save(update_fields=["name"])


def _team_names(Group, suffixes):
    """The team names of the groups carrying one of these suffixes (before renaming them)."""
    names = set()
    for suffix in suffixes:
        for name in Group.objects.filter(name__endswith=DASH + suffix).values_list(
            "name", flat=True
        ):
            names.add(name[: -len(DASH + suffix)])
    return names


def _run(apps, forward):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    pairs = [(DASH + old, DASH + new) for old, new in GROUPS.items()]
    workflow, task = WORKFLOW, TASK
    if not forward:
        pairs = [(new, old) for old, new in pairs]
        workflow, task = workflow[::-1], task[::-1]
    # Only the workflows and tasks of teams (named after a team's groups): Wagtail's own or
    # hand-made workflows keep their names.
    teams = _team_names(Group, [old.removeprefix(DASH) for old, _new in pairs])
    for old, new in pairs:
        _rename(Group, old, new, LENGTHS["group"])
    _rename(Workflow, workflow[0], workflow[1], LENGTHS["workflow"], only=teams)
    _rename(Task, task[0], task[1], LENGTHS["task"], only=teams)


def forwards(apps, schema_editor):
    _run(apps, forward=True)


def backwards(apps, schema_editor):
    _run(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("locations", "0007_service_point_source_values"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
