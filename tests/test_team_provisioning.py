"""Provisioning local teams: `create_local_team` (idempotent, every language, `--remove` leaves no
orphan permissions), `add_team_member` (account, role, set-password e-mail), new translations
later, the national groups' sync, and the demo teams of the seed."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from locations import teams
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

SLUG = "ohjaamo-espoo"  # seeded Ohjaamo without a demo team


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "groups": Group.objects.count(),
        "group_page_permissions": GroupPagePermission.objects.count(),
        "group_collection_permissions": GroupCollectionPermission.objects.count(),
        "collections": Collection.objects.count(),
        "workflows": Workflow.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
        "tasks": GroupApprovalTask.objects.count(),
    }


def codenames(queryset):
    return set(queryset.values_list("permission__codename", flat=True))


@pytest.fixture
def espoo(seeded):
    source, pages = teams.resolve_ohjaamo(SLUG)
    return source, pages


def test_create_local_team_builds_everything_in_every_language(espoo):
    source, pages = espoo
    assert {page.locale.language_code for page in pages} == {"fi", "sv", "en"}
    output = run("create_local_team", SLUG)
    assert "is ready" in output
    team = teams.get_team(SLUG)
    assert team.editors.name == "Ohjaamo Espoo – muokkaajat / redaktörer"
    assert team.publishers.name == "Ohjaamo Espoo – julkaisijat / publicerare"
    for group in team.groups:
        assert {perm.codename for perm in group.permissions.all()} >= {
            "access_admin",
            "submit_translation",
        }
    for page in pages:
        assert codenames(GroupPagePermission.objects.filter(group=team.editors, page=page)) == {
            "add_page",
            "change_page",
        }
        assert codenames(GroupPagePermission.objects.filter(group=team.publishers, page=page)) == {
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        }
        assert WorkflowPage.objects.get(page=page).workflow == team.workflow
    # Nowhere else: the groups hold permissions on the team's pages only.
    assert (
        not GroupPagePermission.objects.filter(group__in=team.groups)
        .exclude(page__in=pages)
        .exists()
    )
    assert team.collection.name == "Ohjaamo Espoo"
    assert team.collection.get_parent().is_root()
    collection_perms = GroupCollectionPermission.objects.filter(collection=team.collection)
    assert set(collection_perms.values_list("group", flat=True)) == {
        team.editors.pk,
        team.publishers.pk,
    }
    assert codenames(collection_perms.filter(group=team.editors)) == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }
    assert team.workflow.name == "Ohjaamo Espoo: hyväksyntä / godkännande"
    (task,) = [step.task.specific for step in team.workflow.workflow_tasks.all()]
    assert task.name == "Ohjaamo Espoo: julkaisijoiden hyväksyntä / publicerarnas godkännande"
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.all()) == [team.publishers]


def test_create_local_team_is_idempotent(espoo):
    run("create_local_team", SLUG)
    before = counts()
    output = run("create_local_team", SLUG)
    assert "already in place: no changes" in output
    assert counts() == before


def test_create_local_team_repairs_hand_made_changes(espoo):
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    source, pages = espoo
    GroupPagePermission.objects.filter(group=team.publishers, page=pages[1]).delete()
    GroupPagePermission.objects.create(
        group=team.editors,
        page=pages[0],
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    )
    WorkflowPage.objects.filter(page=pages[2]).delete()
    output = run("create_local_team", SLUG)
    assert "removed publish_page" in output
    assert "assigned" in output
    again = teams.get_team(SLUG)
    assert codenames(GroupPagePermission.objects.filter(group=again.editors, page=pages[0])) == {
        "add_page",
        "change_page",
    }
    assert WorkflowPage.objects.filter(page=pages[2], workflow=again.workflow).exists()
    assert GroupPagePermission.objects.filter(group=again.publishers, page=pages[1]).count() == 5


def test_renaming_the_ohjaamo_renames_the_team(espoo):
    run("create_local_team", SLUG)
    source, _pages = espoo
    source.title = "Ohjaamo Espoo ja Kauniainen"
    source.save()
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    assert team.editors.name == "Ohjaamo Espoo ja Kauniainen – muokkaajat / redaktörer"
    assert team.collection.name == "Ohjaamo Espoo ja Kauniainen"
    assert team.workflow.name == "Ohjaamo Espoo ja Kauniainen: hyväksyntä / godkännande"
    assert not Group.objects.filter(name__startswith="Ohjaamo Espoo – ").exists()


def test_reprovisioning_renames_english_names_without_duplicating(espoo):
    """A team provisioned when its names were English gets the bilingual names in place: the same
    groups, workflow and approval step (ids, members and permissions kept), no second set."""
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    editors, publishers, workflow = team.editors, team.publishers, team.workflow
    (task,) = [step.task.specific for step in workflow.workflow_tasks.all()]
    Group.objects.filter(pk=editors.pk).update(name="Ohjaamo Espoo – editors")
    Group.objects.filter(pk=publishers.pk).update(name="Ohjaamo Espoo – publishers")
    Workflow.objects.filter(pk=workflow.pk).update(name="Ohjaamo Espoo approval")
    Task.objects.filter(pk=task.pk).update(name="Ohjaamo Espoo: publishers' approval")
    groups_before, workflows_before, tasks_before = (
        Group.objects.count(),
        Workflow.objects.count(),
        Task.objects.count(),
    )
    old = teams.get_team(SLUG)
    assert (old.editors.pk, old.publishers.pk) == (editors.pk, publishers.pk)
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    assert (team.editors.pk, team.editors.name) == (
        editors.pk,
        "Ohjaamo Espoo – muokkaajat / redaktörer",
    )
    assert (team.publishers.pk, team.publishers.name) == (
        publishers.pk,
        "Ohjaamo Espoo – julkaisijat / publicerare",
    )
    assert (team.workflow.pk, team.workflow.name) == (
        workflow.pk,
        "Ohjaamo Espoo: hyväksyntä / godkännande",
    )
    task.refresh_from_db()
    assert task.name == "Ohjaamo Espoo: julkaisijoiden hyväksyntä / publicerarnas godkännande"
    assert (Group.objects.count(), Workflow.objects.count(), Task.objects.count()) == (
        groups_before,
        workflows_before,
        tasks_before,
    )


def test_migration_renames_existing_teams_in_finnish(espoo):
    """locations/0006: existing English-named teams are renamed in place; other workflows keep
    their names; going back restores the English names."""
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("locations.migrations.0006_finnish_team_names")
    bilingual = importlib.import_module("locations.migrations.0008_bilingual_team_names")
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    (task,) = [step.task.specific for step in team.workflow.workflow_tasks.all()]
    bilingual.backwards(django_apps, None)
    migration.backwards(django_apps, None)
    team.editors.refresh_from_db()
    team.workflow.refresh_from_db()
    assert team.editors.name == "Ohjaamo Espoo – editors"
    assert team.workflow.name == "Ohjaamo Espoo approval"
    assert Task.objects.get(pk=task.pk).name == "Ohjaamo Espoo: publishers' approval"
    unrelated = Workflow.objects.create(name="Moderators approval")
    migration.forwards(django_apps, None)
    for obj in (team.editors, team.publishers, team.workflow, unrelated):
        obj.refresh_from_db()
    assert team.editors.name == "Ohjaamo Espoo – muokkaajat"
    assert team.publishers.name == "Ohjaamo Espoo – julkaisijat"
    assert team.workflow.name == "Ohjaamo Espoo: hyväksyntä"
    assert Task.objects.get(pk=task.pk).name == "Ohjaamo Espoo: julkaisijoiden hyväksyntä"
    assert unrelated.name == "Moderators approval"
    assert not Group.objects.filter(name__endswith=" – editors").exists()


def test_provisioning_twice_gives_bilingual_names_in_place_from_finnish_only_ones(espoo):
    """A team provisioned when its names were Finnish only (before locations/0008) is renamed to
    Finnish / Swedish in place, members kept; provisioning again changes nothing."""
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    (task,) = [step.task.specific for step in team.workflow.workflow_tasks.all()]
    member = get_user_model().objects.create_user(username="espoo-julkaisija")
    member.groups.add(team.publishers)
    Group.objects.filter(pk=team.editors.pk).update(name="Ohjaamo Espoo – muokkaajat")
    Group.objects.filter(pk=team.publishers.pk).update(name="Ohjaamo Espoo – julkaisijat")
    Workflow.objects.filter(pk=team.workflow.pk).update(name="Ohjaamo Espoo: hyväksyntä")
    Task.objects.filter(pk=task.pk).update(name="Ohjaamo Espoo: julkaisijoiden hyväksyntä")
    before = counts()
    assert teams._role_of(Group.objects.get(pk=team.editors.pk)) == teams.ROLE_EDITOR
    assert teams._role_of(Group.objects.get(pk=team.publishers.pk)) == teams.ROLE_PUBLISHER
    first = teams.create_local_team(SLUG)
    assert "renamed group “Ohjaamo Espoo – muokkaajat” to “Ohjaamo Espoo – muokkaajat / " in (
        "\n".join(first.changes)
    )
    second = teams.create_local_team(SLUG)
    assert second.changes == []
    assert counts() == before
    again = teams.get_team(SLUG)
    assert (again.editors.pk, again.editors.name) == (
        team.editors.pk,
        "Ohjaamo Espoo – muokkaajat / redaktörer",
    )
    assert (again.publishers.pk, again.publishers.name) == (
        team.publishers.pk,
        "Ohjaamo Espoo – julkaisijat / publicerare",
    )
    assert (again.workflow.pk, again.workflow.name) == (
        team.workflow.pk,
        "Ohjaamo Espoo: hyväksyntä / godkännande",
    )
    assert (
        Task.objects.get(pk=task.pk).name
        == "Ohjaamo Espoo: julkaisijoiden hyväksyntä / publicerarnas godkännande"
    )
    assert list(member.groups.all()) == [again.publishers]
    assert teams.teams_for_user(member)[0].slug == SLUG


def test_bilingual_migration_renames_finnish_only_names_in_place_and_reverses(espoo):
    """locations/0008 and kohtaamo/0006: Finnish-only names become Finnish / Swedish in place
    (ids and members kept, other workflows untouched, twice is harmless); backwards restores the
    Finnish-only names."""
    import importlib

    from django.apps import apps as django_apps

    local = importlib.import_module("locations.migrations.0008_bilingual_team_names")
    national = importlib.import_module("kohtaamo.migrations.0006_bilingual_national_group_names")
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    (task,) = [step.task.specific for step in team.workflow.workflow_tasks.all()]
    member = get_user_model().objects.create_user(username="espoo-muokkaaja")
    member.groups.add(team.editors)
    editors = teams.national_group(teams.NATIONAL_EDITORS)
    national_members = set(editors.user_set.values_list("pk", flat=True))
    local.backwards(django_apps, None)
    national.backwards(django_apps, None)
    for obj in (team.editors, team.publishers, team.workflow, editors):
        obj.refresh_from_db()
    assert team.editors.name == "Ohjaamo Espoo – muokkaajat"
    assert team.publishers.name == "Ohjaamo Espoo – julkaisijat"
    assert team.workflow.name == "Ohjaamo Espoo: hyväksyntä"
    assert Task.objects.get(pk=task.pk).name == "Ohjaamo Espoo: julkaisijoiden hyväksyntä"
    assert editors.name == "Valtakunnalliset muokkaajat"
    unrelated = Workflow.objects.create(name="Yleinen: hyväksyntä")
    groups = Group.objects.count()
    for _twice in range(2):
        local.forwards(django_apps, None)
        national.forwards(django_apps, None)
    for obj in (team.editors, team.publishers, team.workflow, editors, unrelated):
        obj.refresh_from_db()
    assert team.editors.name == "Ohjaamo Espoo – muokkaajat / redaktörer"
    assert team.publishers.name == "Ohjaamo Espoo – julkaisijat / publicerare"
    assert team.workflow.name == "Ohjaamo Espoo: hyväksyntä / godkännande"
    assert (
        Task.objects.get(pk=task.pk).name
        == "Ohjaamo Espoo: julkaisijoiden hyväksyntä / publicerarnas godkännande"
    )
    assert unrelated.name == "Yleinen: hyväksyntä"
    assert editors.name == teams.NATIONAL_GROUP_NAMES[teams.NATIONAL_EDITORS]
    administrators = teams.national_group(teams.NATIONAL_ADMINISTRATORS)
    assert administrators.name == "Valtakunnalliset ylläpitäjät / Nationella administratörer"
    assert Group.objects.count() == groups
    assert list(member.groups.all()) == [team.editors]
    assert set(editors.user_set.values_list("pk", flat=True)) == national_members
    assert teams.create_local_team(SLUG).changes == []


def test_bilingual_names_fit_djangos_field_lengths():
    long_name = "Ohjaamo " + "Pitkänimisen kunnan " * 12
    for role in teams.ROLES:
        name = teams.group_name(long_name, role)
        assert len(name) <= 150 and name.endswith(teams.DASH + teams.GROUP_SUFFIX[role])
    assert len(teams.workflow_name(long_name * 2)) <= 255
    assert teams.task_name(long_name * 2).endswith(teams.TASK_SUFFIX)
    assert len(teams.task_name(long_name * 2)) <= 255


def test_unknown_slug_is_a_clear_error(seeded):
    before = counts()
    with pytest.raises(CommandError, match="No Ohjaamo page has the slug “ohjaamo-espo”.*Did you"):
        run("create_local_team", "ohjaamo-espo")
    with pytest.raises(CommandError, match="No Ohjaamo page"):
        run("create_local_team", "uutiset")  # a page, but not an Ohjaamo
    assert counts() == before


def test_remove_leaves_no_orphan_permissions(espoo):
    source, pages = espoo
    before = counts()
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    member = f.make_user("espoo-jasen")
    member.groups.add(team.editors)
    group_ids = [group.pk for group in team.groups]
    output = run("create_local_team", SLUG, "--remove")
    assert "Retired the team" in output
    assert "espoo-jasen is no longer in any group" in output
    assert counts() == before
    assert not Group.objects.filter(pk__in=group_ids).exists()
    assert not GroupPagePermission.objects.filter(page__in=pages).exists()
    assert not GroupPagePermission.objects.filter(group_id__in=group_ids).exists()
    assert not GroupCollectionPermission.objects.filter(group_id__in=group_ids).exists()
    assert not WorkflowPage.objects.filter(page__in=pages).exists()
    assert not Collection.objects.filter(name="Ohjaamo Espoo").exists()  # it was empty
    assert not member.groups.exists()
    # The pages now follow the default workflow again, and the national team still edits them.
    national = f.user("national")
    assert pages[0].permissions_for_user(national).can_edit()
    assert not pages[0].permissions_for_user(member).can_edit()


def test_remove_keeps_a_collection_with_files_for_the_national_team(espoo):
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    image = f.make_image(team.collection)
    output = run("create_local_team", SLUG, "--remove")
    assert "kept collection" in output
    image.refresh_from_db()
    assert image.collection.name == "Ohjaamo Espoo"
    assert not GroupCollectionPermission.objects.filter(collection=image.collection).exists()


def test_remove_releases_drafts_waiting_for_approval(espoo):
    source, _pages = espoo
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    editor = f.make_user("espoo-toimittaja")
    editor.groups.add(team.editors)
    source.save_revision(user=editor)
    team.workflow.start(source, editor)
    assert WorkflowState.objects.filter(workflow=team.workflow).exists()
    output = run("create_local_team", SLUG, "--remove")
    assert "deactivated workflow" in output
    state = WorkflowState.objects.get(workflow=team.workflow)
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not WorkflowPage.objects.filter(workflow=team.workflow).exists()


def test_remove_without_a_team_is_a_clear_error(seeded):
    with pytest.raises(CommandError, match="has no team to remove"):
        run("create_local_team", SLUG, "--remove")


def test_new_translation_later_gets_the_teams_access(espoo):
    """The team's page gets a translation after the team was made (wagtail-localize): the new
    page gets the team's permissions and workflow at once, and re-running the command finds
    nothing to do."""
    from wagtail_localize.operations import translate_object

    source, pages = espoo
    english = source.get_translation(f.locale("en"))
    english.delete()
    run("create_local_team", SLUG)
    team = teams.get_team(SLUG)
    translate_object(source, [f.locale("en")], user=f.user("superuser"))
    english = source.get_translation(f.locale("en"))
    assert codenames(GroupPagePermission.objects.filter(group=team.publishers, page=english)) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    assert WorkflowPage.objects.get(page=english).workflow == team.workflow
    assert "already in place: no changes" in run("create_local_team", SLUG)


# --- Members --------------------------------------------------------------------------------------


def test_add_team_member_creates_the_account_and_sends_a_set_password_link(espoo):
    run("create_local_team", SLUG)
    mail.outbox.clear()
    output = run("add_team_member", "Nuorisotyo@Espoo.example", SLUG, "--role", "editor")
    assert "Created nuorisotyo@espoo.example as editor of Ohjaamo Espoo" in output
    user = get_user_model().objects.get(email__iexact="nuorisotyo@espoo.example")
    assert not user.has_usable_password()
    team = teams.get_team(SLUG)
    assert list(user.groups.all()) == [team.editors]
    (message,) = mail.outbox
    assert message.to == ["nuorisotyo@espoo.example"]
    assert "Ohjaamo Espoo" in message.subject
    link = re.search(r"https?://\S+/admin/password_reset/confirm/\S+/", message.body).group(0)
    # The link works: it leads to the form for a new password, which logs the user in after.
    client = Client()
    form = client.get(link.split("testserver", 1)[-1], follow=True)
    assert form.status_code == 200
    assert b"new_password1" in form.content
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Ohjaamo-kevat-2027!", "new_password2": "Ohjaamo-kevat-2027!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Ohjaamo-kevat-2027!")
    # Through the admin's login form (the login throttle needs the request).
    login = Client().post(
        reverse("wagtailadmin_login"),
        {"username": user.username, "password": "Ohjaamo-kevat-2027!"},
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("wagtailadmin_home")


def test_add_team_member_links_an_existing_account_and_switches_roles(espoo):
    run("create_local_team", SLUG)
    existing = f.make_user("espoo-ohjaaja", email="ohjaaja@espoo.example")
    existing.set_password("jo-olemassa-oleva-salasana")
    existing.save()
    mail.outbox.clear()
    output = run("add_team_member", "ohjaaja@espoo.example", SLUG, "--role", "publisher")
    assert "Linked espoo-ohjaaja as publisher" in output
    team = teams.get_team(SLUG)
    assert list(existing.groups.all()) == [team.publishers]
    (message,) = mail.outbox
    assert "password_reset" not in message.body  # has a password: told, not sent a reset link
    run("add_team_member", "ohjaaja@espoo.example", SLUG, "--role", "editor")
    assert list(existing.groups.all()) == [team.editors]
    assert get_user_model().objects.filter(email__iexact="ohjaaja@espoo.example").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["uusi@espoo.example", SLUG, "--role", "boss"], "Unknown role “boss”: choose editor or"),
        (["uusi@espoo.example", "ohjaamo-espo", "--role", "editor"], "No Ohjaamo page"),
        (["ei-sahkoposti", SLUG, "--role", "editor"], "is not an e-mail address"),
        (["uusi@espoo.example", "ohjaamo-vantaa", "--role", "editor"], "has no team yet"),
    ],
)
def test_add_team_member_errors_are_clear_and_change_nothing(espoo, args, message):
    run("create_local_team", SLUG)
    users = get_user_model().objects.count()
    mail.outbox.clear()
    with pytest.raises(CommandError, match=message):
        run("add_team_member", *args)
    assert get_user_model().objects.count() == users
    assert mail.outbox == []


def test_new_member_can_edit_their_page_and_not_another(espoo):
    run("create_local_team", SLUG)
    run("add_team_member", "toimittaja@espoo.example", SLUG, "--role", "editor", "--no-email")
    user = get_user_model().objects.get(email="toimittaja@espoo.example")
    source, _pages = espoo
    client = Client()
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[source.pk])).status_code == 200
    other = f.team_page(f.TEAM_A)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).status_code == 302


# --- National groups ---------------------------------------------------------------------------


def test_national_groups_exist_with_page_and_collection_permissions(seeded):
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role in teams.NATIONAL_ROLES:
        group = teams.national_group(role)
        assert group.name == teams.NATIONAL_GROUP_NAMES[role]
        assert codenames(GroupPagePermission.objects.filter(group=group, page=root_page)) == set(
            teams.NATIONAL_PAGE_PERMISSIONS
        )
        assert {
            "add_image",
            "change_image",
            "choose_image",
            "delete_image",
            "add_document",
            "change_document",
            "choose_document",
            "delete_document",
        } <= codenames(
            GroupCollectionPermission.objects.filter(group=group, collection=root_collection)
        )
    administrators = teams.national_group(teams.NATIONAL_ADMINISTRATORS)
    admin_codes = set(administrators.permissions.values_list("codename", flat=True))
    assert {
        "change_user",
        "change_group",
        "change_navigationsettings",
        "change_footersettings",
    } <= (admin_codes)


def test_sync_restores_missing_national_permissions(seeded):
    editors = teams.national_group(teams.NATIONAL_EDITORS)
    promote = Permission.objects.get(codename="promote_newspage")
    editors.permissions.remove(promote)
    extra = Permission.objects.get(codename="add_redirect")
    editors.permissions.add(extra)  # added by hand: kept
    changes = teams.sync_national_groups()
    assert changes
    assert editors.permissions.filter(pk=promote.pk).exists()
    assert editors.permissions.filter(pk=extra.pk).exists()
    assert teams.sync_national_groups() == []


def test_post_migrate_handler_syncs_on_the_last_app_only(seeded):
    from django.apps import apps

    editors = teams.national_group(teams.NATIONAL_EDITORS)
    promote = Permission.objects.get(codename="promote_newspage")
    editors.permissions.remove(promote)
    first_app = apps.get_app_config("kohtaamo")
    teams.sync_national_groups_after_migrate(sender=first_app)
    assert not editors.permissions.filter(pk=promote.pk).exists()
    teams.sync_national_groups_after_migrate(sender=teams._last_app_with_models())
    assert editors.permissions.filter(pk=promote.pk).exists()


def test_migration_creates_the_groups_and_reverses(seeded):
    """The data migration itself, run against the current state (it is idempotent)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kohtaamo.migrations.0003_national_groups")
    teams.national_groups().delete()
    migration.create_groups(apps, None)
    for name in teams.LEGACY_NATIONAL_GROUP_NAMES.values():
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
        assert GroupPagePermission.objects.filter(group=group).count() == 6
    migration.remove_groups(apps, None)
    assert not Group.objects.filter(name__in=teams.LEGACY_NATIONAL_GROUP_NAMES.values()).exists()


def _as_before_the_finnish_names():
    """The national groups as a database had them before kohtaamo/0005: English names, no marker.
    Returns {role: (group pk, member pks)}."""
    from kohtaamo.models import NationalGroup

    before = {}
    for role in teams.NATIONAL_ROLES:
        group = teams.national_group(role)
        group.name = teams.LEGACY_NATIONAL_GROUP_NAMES[role]
        group.save()
        before[role] = (group.pk, set(group.user_set.values_list("pk", flat=True)))
    NationalGroup.objects.all().delete()
    return before


def test_migration_renames_the_national_groups_in_place_and_marks_them(seeded):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kohtaamo.migrations.0005_national_group_marker")
    before = _as_before_the_finnish_names()
    assert before[teams.NATIONAL_EDITORS][1]  # the seeded national editor
    permissions = {
        role: set(Group.objects.get(pk=pk).permissions.values_list("pk", flat=True))
        for role, (pk, _members) in before.items()
    }
    groups = Group.objects.count()
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # again: nothing more
    assert Group.objects.count() == groups
    for role, (pk, members) in before.items():
        group = teams.national_group(role)
        assert (group.pk, group.name) == (pk, teams.FINNISH_NATIONAL_GROUP_NAMES[role])
        assert set(group.user_set.values_list("pk", flat=True)) == members
        assert set(group.permissions.values_list("pk", flat=True)) == permissions[role]
        assert GroupPagePermission.objects.filter(group=group).count() == 6
    migration.backwards(apps, None)
    assert Group.objects.get(pk=before[teams.NATIONAL_EDITORS][0]).name == "National editors"


def test_provisioning_adopts_older_names_and_never_duplicates(seeded):
    """Provisioning on a database whose groups still have the English names (no marker) renames
    them in place; running it again changes nothing and no second group appears."""
    before = _as_before_the_finnish_names()
    groups = Group.objects.count()
    changes = teams.sync_national_groups()
    assert (
        "renamed group “National editors” to “Valtakunnalliset muokkaajat / Nationella redaktörer”"
        in changes
    )
    assert teams.sync_national_groups() == []
    teams.create_local_team(f.TEAM_A)
    assert Group.objects.count() == groups
    for role, (pk, members) in before.items():
        group = teams.national_group(role)
        assert group.pk == pk and group.name == teams.NATIONAL_GROUP_NAMES[role]
        assert set(group.user_set.values_list("pk", flat=True)) == members
    assert not Group.objects.filter(name__in=teams.LEGACY_NATIONAL_GROUP_NAMES.values()).exists()


def test_the_second_factor_follows_the_marker_not_the_name(seeded, settings):
    """Renaming a national group by hand keeps its members' second-factor requirement; a group
    merely called like a national one gets none."""
    from accounts import two_factor

    settings.KOHTAAMO_2FA_REQUIRED = True
    national = get_user_model().objects.get(username="national-editor")
    group = teams.national_group(teams.NATIONAL_EDITORS)
    group.name = "Valtakunnallinen tiimi"
    group.save()
    assert two_factor.is_required(national)
    lookalike = Group.objects.create(name="National editors")
    member = get_user_model().objects.create_user(username="nimikaima")
    member.groups.add(lookalike)
    assert not two_factor.is_required(member)
    settings.KOHTAAMO_2FA_REQUIRED_ROLES = ("administrators",)
    assert not two_factor.is_required(national)


# --- Seed -----------------------------------------------------------------------------------------


def test_seed_made_three_demo_teams_with_logins(seeded):
    for slug, short in (
        ("ohjaamo-helsinki", "helsinki"),
        ("tampereen-ohjaamo", "tampere"),
        ("turun-ohjaamo", "turku"),
    ):
        team = teams.get_team(slug)
        assert team.exists
        editor = get_user_model().objects.get(username=f"{short}-editor")
        publisher = get_user_model().objects.get(username=f"{short}-publisher")
        assert list(editor.groups.all()) == [team.editors]
        assert list(publisher.groups.all()) == [team.publishers]
        assert editor.check_password(f"kohtaamo-demo-{short}-editor")
    national = get_user_model().objects.get(username="national-editor")
    assert national.groups.filter(pk=teams.national_group(teams.NATIONAL_EDITORS).pk).exists()


def test_seed_is_idempotent_and_prints_the_logins(seeded):
    before = counts(), get_user_model().objects.count()
    out = run("seed_demo")
    assert (counts(), get_user_model().objects.count()) == before
    assert "helsinki-editor" in out
    assert "kohtaamo-demo-tampere-publisher" in out
    assert "national-editor" in out


def test_reset_removes_the_demo_teams_and_users(seeded):
    from kohtaamo.seeding import SeedContext
    from locations.team_seed import demo_usernames, reset_teams

    ctx = SeedContext(stdout=io.StringIO(), style=None, verbosity=0)
    reset_teams(ctx)
    assert not get_user_model().objects.filter(username__in=demo_usernames()).exists()
    for slug in ("ohjaamo-helsinki", "tampereen-ohjaamo", "turun-ohjaamo"):
        team = teams.get_team(slug)
        assert not team.exists
        assert team.workflow is None or not team.workflow.active
    assert not Group.objects.filter(name__endswith=" – muokkaajat / redaktörer").exists()


def test_national_administrators_manage_collections_editors_do_not(seeded, client):
    """Wagtail checks the management of collections by permissions held on a collection, not by
    model permissions: the national administrators hold them on the root collection, so they can
    list, add and rename collections (a new team's, for example); the national editors cannot."""
    from django.contrib.auth import get_user_model

    root_collection = Collection.get_first_root_node()
    administrators = teams.national_group(teams.NATIONAL_ADMINISTRATORS)
    assert {"add_collection", "change_collection", "delete_collection"} <= codenames(
        GroupCollectionPermission.objects.filter(group=administrators, collection=root_collection)
    )
    users = {}
    for role in teams.NATIONAL_ROLES:
        users[role] = get_user_model().objects.create_user(username=f"kokoelmat-{role}")
        users[role].groups.add(teams.national_group(role))
    client.force_login(users[teams.NATIONAL_ADMINISTRATORS])
    assert client.get(reverse("wagtailadmin_collections:index")).status_code == 200
    response = client.post(
        reverse("wagtailadmin_collections:add"),
        {"name": "Ohjaamo Uusikaupunki", "parent": root_collection.pk},
    )
    assert response.status_code == 302
    assert Collection.objects.filter(name="Ohjaamo Uusikaupunki").exists()
    client.force_login(users[teams.NATIONAL_EDITORS])
    assert client.get(reverse("wagtailadmin_collections:index")).status_code == 302
    # The sync restores the permission when it is missing.
    GroupCollectionPermission.objects.filter(
        group=administrators, permission__codename="change_collection"
    ).delete()
    assert teams.sync_national_groups()
    assert GroupCollectionPermission.objects.filter(
        group=administrators, collection=root_collection, permission__codename="change_collection"
    ).exists()


def test_the_national_team_manages_promoted_search_results_local_teams_do_not(seeded, client):
    """Promoted results are national communication: the national editors (and so the
    administrators) list, add and edit them; a local team's editor does not reach them."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get("kesätyö")
    SearchPromotion.objects.create(query=query, page=Page.objects.live().last(), sort_order=0)
    screens = [
        reverse("wagtailsearchpromotions:index"),
        reverse("wagtailsearchpromotions:add"),
        reverse("wagtailsearchpromotions:edit", args=[query.pk]),
    ]
    client.force_login(f.user("national"))
    for url in screens:
        assert client.get(url).status_code == 200, url
    client.force_login(f.user("a_editor"))
    for url in screens:
        assert client.get(url).status_code in (302, 403), url


def test_the_national_groups_approve_in_the_root_pages_workflow(seeded):
    """Wagtail's default workflow covers the national pages (each team's section has its own).
    Its approval step lost its group with Wagtail's default groups; the sync gives it the national
    groups, so a page sent for approval there is not left to superusers. A step given groups by
    hand is left alone."""
    from wagtail.models import GroupApprovalTask, WorkflowPage

    root = Page.get_first_root_node()
    workflow = WorkflowPage.objects.get(page=root).workflow
    (task,) = [step.task.specific for step in workflow.workflow_tasks.all()]
    national = {teams.national_group(role) for role in teams.NATIONAL_ROLES}
    assert set(task.groups.all()) == national
    national_page = Page.objects.get(pk=seeded["fi"].pk)
    assert national_page.get_workflow() == workflow
    editor = f.user("national")
    assert task.user_can_access_editor(national_page, editor)
    assert not task.user_can_access_editor(national_page, f.user("a_publisher"))

    task.groups.clear()
    assert teams.sync_national_groups()
    assert set(task.groups.all()) == national
    by_hand = Group.objects.create(name="Viestintä")
    task.groups.set([by_hand])
    assert teams.sync_national_groups() == []
    assert list(GroupApprovalTask.objects.get(pk=task.pk).groups.all()) == [by_hand]
