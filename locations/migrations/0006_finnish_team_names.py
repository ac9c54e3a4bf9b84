"""The local teams' groups, workflows and approval tasks get Finnish names (the teams' admin
language): "Ohjaamo Helsinki – editors" → "Ohjaamo Helsinki – muokkaajat", "– publishers" →
"– julkaisijat", "Ohjaamo Helsinki approval" → "Ohjaamo Helsinki: hyväksyntä" and
"Ohjaamo Helsinki: publishers' approval" → "Ohjaamo Helsinki: julkaisijoiden hyväksyntä".
Rows are renamed in place (ids, permissions and memberships stay); reversible."""

from django.db import migrations

DASH = " – "
GROUPS = {"editors": "muokkaajat", "publishers": "julkaisijat"}
WORKFLOW = (" approval", ": hyväksyntä")
TASK = (": publishers' approval", ": julkaisijoiden hyväksyntä")


def _rename(model, old_suffix, new_suffix, only=None):
    for row in model.objects.filter(name__endswith=old_suffix):
        base = row.name[: -len(old_suffix)]
        if only is not None and base not in only:
            continue
        new_name = base + new_suffix
        if model.objects.filter(name=new_name).exists():
            continue
        row.name = new_name
        row.save(update_fields=["name"])


def _team_names(Group, suffixes):
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
        _rename(Group, old, new)
    _rename(Workflow, workflow[0], workflow[1], only=teams)
    _rename(Task, task[0], task[1], only=teams)


def forwards(apps, schema_editor):
    _run(apps, forward=True)


def backwards(apps, schema_editor):
    _run(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("locations", "0005_service_point_lat_lon_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
