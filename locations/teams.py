"""Local teams: each Ohjaamo's staff edit their own page and news, and nothing else.

A team belongs to one OhjaamoPage, identified by its slug in the source (Finnish) tree; the team
covers that page **in every language tree** (its translations share a translation key). For an
Ohjaamo titled "Ohjaamo Helsinki" a team is:

- two groups with admin access: "Ohjaamo Helsinki – muokkaajat / redaktörer" (editors; page
  permissions add and change: they write drafts and submit them for approval) and "Ohjaamo
  Helsinki – julkaisijat / publicerare" (publishers; also publish, lock and unlock);
- those page permissions on the OhjaamoPage and each of its translations; they reach the news
  under the page as well;
- a collection "Ohjaamo Helsinki" for images and documents. Only the team's groups have
  permissions on it (add, change and choose; Wagtail lets whoever may change a file delete it),
  and the national groups through their permissions on the root collection. Other teams can
  neither list, choose, edit nor preview its files in the admin;
- a workflow "Ohjaamo Helsinki: hyväksyntä / godkännande" with one moderation step (a group
  approval task, "Ohjaamo Helsinki: julkaisijoiden hyväksyntä / publicerarnas godkännande") for
  the publishers, assigned to the page in every language: an editor's change goes to their own
  publishers.

The team's objects are found from the page, not from their names: the groups holding page
permissions on the page, the collection those groups hold permissions on, the workflow assigned
to the page. Renaming the Ohjaamo and running `create_local_team` again renames them. The names
are bilingual, Finnish / Swedish, the way Finnish public bodies name things: the admin is used in
both languages and Wagtail shows these names as they are. The names used before (English, then
Finnish only) are recognised by `_role_of` and renamed in place by provisioning and by the
migrations locations/0006_finnish_team_names.py and 0008_bilingual_team_names.py.

**New translations later.** When a translation of a team's page is created afterwards (through
wagtail-localize, "Translate this page"), `grant_team_access_to_new_translation` (a post_save
handler below) copies the page permissions and the workflow assignment of the page's existing
translations onto the new one, so the team can edit it at once. Running `create_local_team SLUG`
again does the same for every language and repairs anything changed by hand.

**National groups.** "Valtakunnalliset muokkaajat / Nationella redaktörer" (national editors:
every page, images and documents in every collection, the brand, publications, promoting news,
snippets such as services and news categories, translations) and "Valtakunnalliset ylläpitäjät /
Nationella administratörer" (national administrators: all that, plus users, groups, site
settings, workflows, collections, sites, locales, redirects) are created by the migration
`kohtaamo/migrations/0003_national_groups.py` (under their English names then; renamed in place
and marked with their role, `kohtaamo.NationalGroup`, by 0005; bilingual names since 0006). Code
finds them by that role (`national_group`, `national_groups`), never by name. Permissions of
models whose migrations run later (or of apps added later) do not exist yet at that point, so
`sync_national_groups()` grants them idempotently: after every `migrate` (post_migrate handler
below), in `seed_demo` and in `create_local_team`.

Users are added with `add_team_member`, which creates or links the account and e-mails a link for
setting the password (Django's password reset token, valid `PASSWORD_RESET_TIMEOUT`).
"""

import difflib
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    PagePermissionTester,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from kohtaamo.models import NationalGroup
from locations.models import OhjaamoPage

ROLE_EDITOR = "editor"
ROLE_PUBLISHER = "publisher"
ROLES = (ROLE_EDITOR, ROLE_PUBLISHER)

# The group name suffixes (after an en dash) that mark a team's groups: bilingual, Finnish /
# Swedish, as Finnish public bodies name things (the admin speaks both; Wagtail prints a group's,
# workflow's and task's name as it is). The Finnish-only and English suffixes used before are
# still recognised and renamed on provisioning (and by migrations/0008_bilingual_team_names.py).
GROUP_SUFFIX = {ROLE_EDITOR: "muokkaajat / redaktörer", ROLE_PUBLISHER: "julkaisijat / publicerare"}
FINNISH_GROUP_SUFFIX = {ROLE_EDITOR: "muokkaajat", ROLE_PUBLISHER: "julkaisijat"}
LEGACY_GROUP_SUFFIX = {ROLE_EDITOR: "editors", ROLE_PUBLISHER: "publishers"}
FORMER_GROUP_SUFFIXES = (FINNISH_GROUP_SUFFIX, LEGACY_GROUP_SUFFIX)
DASH = " – "
# After the team's name: its workflow and its approval task, now and before (Finnish-only, English).
WORKFLOW_SUFFIX = ": hyväksyntä / godkännande"
FORMER_WORKFLOW_SUFFIXES = (": hyväksyntä", " approval")
TASK_SUFFIX = ": julkaisijoiden hyväksyntä / publicerarnas godkännande"
FORMER_TASK_SUFFIXES = (": julkaisijoiden hyväksyntä", ": publishers' approval")
# Django's field lengths: Group.name, Workflow.name and Task.name.
GROUP_NAME_LENGTH = 150
WORKFLOW_NAME_LENGTH = 255

PAGE_PERMISSIONS = {
    ROLE_EDITOR: ("add_page", "change_page"),
    ROLE_PUBLISHER: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
# Model permissions every member has: the admin itself, and submitting their own pages for
# translation (checked page by page in locations/localize_permissions.py).
TEAM_MODEL_PERMISSIONS = ("wagtailadmin.access_admin", "wagtail_localize.submit_translation")
COLLECTION_ACTIONS = {
    ROLE_EDITOR: ("add", "change", "choose"),
    ROLE_PUBLISHER: ("add", "change", "choose", "delete"),
}

# The national groups are known by their role (kohtaamo.NationalGroup), never by their name.
NATIONAL_EDITORS = NationalGroup.Role.EDITORS.value
NATIONAL_ADMINISTRATORS = NationalGroup.Role.ADMINISTRATORS.value
NATIONAL_ROLES = (NATIONAL_EDITORS, NATIONAL_ADMINISTRATORS)
# Their names, Finnish / Swedish like the local teams' groups, and the Finnish-only and English ones
# used before (a group with such a name and no marker is adopted and renamed; a marked group is
# renamed in place, as kohtaamo/migrations/0005 and 0006 do).
NATIONAL_GROUP_NAMES = {
    NATIONAL_EDITORS: "Valtakunnalliset muokkaajat / Nationella redaktörer",
    NATIONAL_ADMINISTRATORS: "Valtakunnalliset ylläpitäjät / Nationella administratörer",
}
FINNISH_NATIONAL_GROUP_NAMES = {
    NATIONAL_EDITORS: "Valtakunnalliset muokkaajat",
    NATIONAL_ADMINISTRATORS: "Valtakunnalliset ylläpitäjät",
}
LEGACY_NATIONAL_GROUP_NAMES = {
    NATIONAL_EDITORS: "National editors",
    NATIONAL_ADMINISTRATORS: "National administrators",
}
FORMER_NATIONAL_GROUP_NAMES = (FINNISH_NATIONAL_GROUP_NAMES, LEGACY_NATIONAL_GROUP_NAMES)
NATIONAL_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
NATIONAL_COLLECTION_ACTIONS = ("add", "change", "choose", "delete")
# Every permission of these apps (whatever models they have when the sync runs).
NATIONAL_EDITOR_APPS = ("news", "brand")
NATIONAL_EDITOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "wagtail_localize.submit_translation",
    # Snippets: the Ohjaamo service and language taxonomies.
    "locations.add_service",
    "locations.change_service",
    "locations.delete_service",
    "locations.view_service",
    "locations.add_servicelanguage",
    "locations.change_servicelanguage",
    "locations.delete_servicelanguage",
    "locations.view_servicelanguage",
    # Marks the national team in the OhjaamoPage edit form: the municipalities an Ohjaamo
    # serves and its PTV organisations are set nationally, not by the local team.
    "locations.change_ohjaamopage",
    # Promoted search results (Wagtail's search promotions, shown first by search/engine.py).
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
    # Accessibility feedback (kohtaamo/wagtail_hooks.py): read it and mark it answered.
    "kohtaamo.view_accessibilityfeedback",
    "kohtaamo.change_accessibilityfeedback",
)
NATIONAL_ADMINISTRATOR_PERMISSIONS = (
    *NATIONAL_EDITOR_PERMISSIONS,
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.view_group",
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
    "wagtailcore.add_workflow",
    "wagtailcore.change_workflow",
    "wagtailcore.delete_workflow",
    "wagtailcore.add_task",
    "wagtailcore.change_task",
    "wagtailcore.delete_task",
    "wagtailcore.add_site",
    "wagtailcore.change_site",
    "wagtailcore.delete_site",
    "wagtailcore.add_locale",
    "wagtailcore.change_locale",
    "wagtailcore.delete_locale",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
)


class TeamError(Exception):
    """A provisioning request that cannot be carried out; the message says why."""


@dataclass
class Team:
    """A local team as it stands in the database (parts may be missing before provisioning)."""

    name: str
    source: OhjaamoPage
    pages: list
    editors: Group | None = None
    publishers: Group | None = None
    collection: Collection | None = None
    workflow: Workflow | None = None
    changes: list = field(default_factory=list)

    @property
    def slug(self):
        return self.source.slug

    @property
    def groups(self):
        return [group for group in (self.editors, self.publishers) if group is not None]

    def group_for(self, role):
        return self.editors if role == ROLE_EDITOR else self.publishers

    @property
    def exists(self):
        return bool(self.groups)


def _fit(name, suffix, length):
    """`name` + `suffix`, the name shortened (never the suffix, which marks the role) to fit."""
    room = length - len(suffix)
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return name + suffix


def group_name(name, role, suffixes=None):
    suffixes = suffixes or GROUP_SUFFIX
    return _fit(name, DASH + suffixes[role], GROUP_NAME_LENGTH)


def workflow_name(name, suffix=WORKFLOW_SUFFIX):
    return _fit(name, suffix, WORKFLOW_NAME_LENGTH)


def task_name(name, suffix=TASK_SUFFIX):
    return _fit(name, suffix, WORKFLOW_NAME_LENGTH)


# --- Finding a team -------------------------------------------------------------------------------


def _source_locale():
    return Locale.get_default()


def resolve_ohjaamo(slug):
    """The OhjaamoPage with this slug (preferably in the source language) and its translations.

    Returns (source page, [every translation including the source]). Raises TeamError naming
    close matches when there is no such page."""
    slug = (slug or "").strip().lower()
    candidates = list(OhjaamoPage.objects.filter(slug=slug).select_related("locale"))
    keys = {page.translation_key for page in candidates}
    if not candidates:
        known = sorted(
            set(OhjaamoPage.objects.filter(locale=_source_locale()).values_list("slug", flat=True))
        )
        close = difflib.get_close_matches(slug, known, n=3, cutoff=0.6)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise TeamError(f"No Ohjaamo page has the slug “{slug}”.{hint}")
    if len(keys) > 1:
        source_locale = _source_locale()
        in_source = [page for page in candidates if page.locale_id == source_locale.pk]
        if len(in_source) != 1:
            raise TeamError(
                f"The slug “{slug}” belongs to several different Ohjaamo pages; use the slug "
                "of the page in the source language."
            )
        keys = {in_source[0].translation_key}
    (key,) = keys
    pages = list(
        OhjaamoPage.objects.filter(translation_key=key).select_related("locale").order_by("pk")
    )
    source_locale = _source_locale()
    source = next((page for page in pages if page.locale_id == source_locale.pk), pages[0])
    return source, pages


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission("wagtailcore", codename)


def _collection_permissions(actions):
    """Permissions of images and documents for these collection actions.

    Wagtail checks collection permissions by codename against the permission policy's auth model
    (wagtailimages.Image and wagtaildocs.Document, also with a custom image model): add_image,
    change_image, delete_image, choose_image and the same for documents."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    result = []
    for model in (get_image_model(), get_document_model()):
        opts = policy_registry.get_by_type(model).auth_model._meta
        for action in actions:
            permission = Permission.objects.filter(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
                codename=get_permission_codename(action, opts),
            ).first()
            if permission is not None:
                result.append(permission)
    return result


def _role_of(group):
    """The role a team group's name marks (its current, Finnish-only or English suffix), or None."""
    for suffixes in (GROUP_SUFFIX, *FORMER_GROUP_SUFFIXES):
        for role, suffix in suffixes.items():
            if group.name.endswith(DASH + suffix):
                return role
    return None


def get_team(slug_or_page):
    """The team of an Ohjaamo (slug or page) as it stands; missing parts are None."""
    if isinstance(slug_or_page, Page):
        source, pages = resolve_ohjaamo(slug_or_page.specific.slug)
        if source.translation_key != slug_or_page.translation_key:
            pages = list(
                OhjaamoPage.objects.filter(translation_key=slug_or_page.translation_key)
                .select_related("locale")
                .order_by("pk")
            )
            source = next(
                (page for page in pages if page.locale_id == _source_locale().pk), pages[0]
            )
    else:
        source, pages = resolve_ohjaamo(slug_or_page)
    return _load_team(source, pages)


def _load_team(source, pages):
    name = source.title
    team = Team(name=name, source=source, pages=pages)
    page_ids = [page.pk for page in pages]
    holders = Group.objects.filter(page_permissions__page_id__in=page_ids).distinct()
    for group in holders:
        role = _role_of(group)
        if role == ROLE_EDITOR and team.editors is None:
            team.editors = group
        elif role == ROLE_PUBLISHER and team.publishers is None:
            team.publishers = group
    for role in ROLES:
        if team.group_for(role) is None:
            names = [group_name(name, role)]
            names += [group_name(name, role, suffixes) for suffixes in FORMER_GROUP_SUFFIXES]
            found = {group.name: group for group in Group.objects.filter(name__in=names)}
            group = next((found[n] for n in names if n in found), None)
            setattr(team, "editors" if role == ROLE_EDITOR else "publishers", group)
    if team.groups:
        team.collection = (
            Collection.objects.filter(group_permissions__group__in=team.groups, depth__gt=1)
            .distinct()
            .first()
        )
    if team.collection is None:
        team.collection = Collection.get_first_root_node().get_children().filter(name=name).first()
    assignment = (
        WorkflowPage.objects.filter(page_id__in=page_ids).select_related("workflow").first()
    )
    team.workflow = assignment.workflow if assignment else None
    if team.workflow is None:
        names = [workflow_name(name)]
        names += [workflow_name(name, suffix) for suffix in FORMER_WORKFLOW_SUFFIXES]
        found = {workflow.name: workflow for workflow in Workflow.objects.filter(name__in=names)}
        team.workflow = next((found[n] for n in names if n in found), None)
    return team


def teams_for_user(user):
    """The teams the user belongs to (through their groups), each a Team."""
    if not user.is_authenticated:
        return []
    group_ids = list(user.groups.values_list("pk", flat=True))
    if not group_ids:
        return []
    keys = set(
        OhjaamoPage.objects.filter(group_permissions__group_id__in=group_ids).values_list(
            "translation_key", flat=True
        )
    )
    source_locale = _source_locale()
    teams = []
    for key in keys:
        pages = list(
            OhjaamoPage.objects.filter(translation_key=key).select_related("locale").order_by("pk")
        )
        source = next((page for page in pages if page.locale_id == source_locale.pk), pages[0])
        team = _load_team(source, pages)
        if any(group.pk in group_ids for group in team.groups):
            teams.append(team)
    return sorted(teams, key=lambda team: team.name)


def user_role(user, team):
    group_ids = set(user.groups.values_list("pk", flat=True))
    if team.publishers and team.publishers.pk in group_ids:
        return ROLE_PUBLISHER
    if team.editors and team.editors.pk in group_ids:
        return ROLE_EDITOR
    return None


# --- Who is national ------------------------------------------------------------------------------

_NATIONAL_CACHE = "_kohtaamo_is_national"


def is_national(user):
    """Superusers, and users whose page permissions reach beyond the Ohjaamo pages (on the root, a
    home page, the finder, …): the national team. Local teams hold page permissions only on
    Ohjaamo pages and below. Cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _NATIONAL_CACHE, None)
    if cached is not None:
        return cached
    perm_paths = list(
        GroupPagePermission.objects.filter(group__user=user)
        .values_list("page__path", flat=True)
        .distinct()
    )
    local_roots = []
    if perm_paths:
        local_roots = list(OhjaamoPage.objects.values_list("path", flat=True))
    result = any(not any(path.startswith(root) for root in local_roots) for path in perm_paths)
    setattr(user, _NATIONAL_CACHE, result)
    return result


def is_team_root(page):
    """Whether the page is an Ohjaamo page (a team's root, in any language)."""
    specific_class = page.specific_class
    return specific_class is not None and issubclass(specific_class, OhjaamoPage)


class OhjaamoPagePermissionTester(PagePermissionTester):
    """Page permissions on an Ohjaamo page (`OhjaamoPage.permissions_for_user`).

    An Ohjaamo page is its team's root: the team's permissions, workflow and news hang on it, and
    the finder lists it. Only the national team creates, deletes, moves, unpublishes or restricts
    it; its own team edits and publishes it. (Creating one already needs add permission on the
    finder, which local teams do not have.) Every admin view, admin API action, bulk action,
    button and menu asks this tester, so the rule holds everywhere."""

    def _is_local(self):
        return not is_national(self.user)

    def can_delete(self, ignore_bulk=False):
        return not self._is_local() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return not self._is_local() and super().can_move()

    def can_unpublish(self):
        return not self._is_local() and super().can_unpublish()

    def can_set_view_restrictions(self):
        return not self._is_local() and super().can_set_view_restrictions()


# --- Provisioning ---------------------------------------------------------------------------------


def _ensure_group(team, role):
    name = group_name(team.name, role)
    group = team.group_for(role)
    if group is None:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            team.changes.append(f"created group “{name}”")
    elif group.name != name:
        team.changes.append(f"renamed group “{group.name}” to “{name}”")
        group.name = name
        group.save(update_fields=["name"])
    setattr(team, "editors" if role == ROLE_EDITOR else "publishers", group)
    wanted = [_permission(*label.split(".")) for label in TEAM_MODEL_PERMISSIONS]
    have = set(group.permissions.values_list("pk", flat=True))
    missing = [perm for perm in wanted if perm.pk not in have]
    if missing:
        group.permissions.add(*missing)
        team.changes.append(f"gave “{name}” {', '.join(sorted(perm.codename for perm in missing))}")
    return group


def _ensure_page_permissions(team, pages=None):
    """Exactly the role's page permissions on each of the team's pages (missing ones added,
    others the groups hold on these pages removed)."""
    pages = pages if pages is not None else team.pages
    for role in ROLES:
        group = team.group_for(role)
        wanted = {_page_permission(codename) for codename in PAGE_PERMISSIONS[role]}
        for page in pages:
            existing = GroupPagePermission.objects.filter(group=group, page=page)
            have = {gpp.permission_id: gpp for gpp in existing}
            for permission in wanted:
                if permission.pk not in have:
                    GroupPagePermission.objects.create(
                        group=group, page=page, permission=permission
                    )
                    team.changes.append(
                        f"gave “{group.name}” {permission.codename} on "
                        f"{page.title} ({page.locale.language_code})"
                    )
            wanted_ids = {permission.pk for permission in wanted}
            for permission_id, gpp in have.items():
                if permission_id not in wanted_ids:
                    team.changes.append(
                        f"removed {gpp.permission.codename} of “{group.name}” on "
                        f"{page.title} ({page.locale.language_code})"
                    )
                    gpp.delete()


def _ensure_collection(team):
    collection = team.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=team.name)
        team.changes.append(f"created collection “{team.name}”")
    elif collection.name != team.name:
        team.changes.append(f"renamed collection “{collection.name}” to “{team.name}”")
        collection.name = team.name
        collection.save(update_fields=["name"])
    team.collection = collection
    for role in ROLES:
        group = team.group_for(role)
        wanted = _collection_permissions(COLLECTION_ACTIONS[role])
        have = {
            gcp.permission_id: gcp
            for gcp in GroupCollectionPermission.objects.filter(
                group=group, collection=collection
            ).select_related("permission")
        }
        for permission in wanted:
            if permission.pk not in have:
                GroupCollectionPermission.objects.create(
                    group=group, collection=collection, permission=permission
                )
                team.changes.append(
                    f"gave “{group.name}” {permission.codename} in “{collection.name}”"
                )
        wanted_ids = {permission.pk for permission in wanted}
        for permission_id, gcp in have.items():
            if permission_id not in wanted_ids:
                team.changes.append(
                    f"removed {gcp.permission.codename} of “{group.name}” in “{collection.name}”"
                )
                gcp.delete()
    # Only the team (and the national team, through the root collection) may use it: other
    # groups holding permissions directly on it lose them.
    strays = GroupCollectionPermission.objects.filter(collection=collection).exclude(
        group__in=team.groups
    )
    for gcp in strays.select_related("group", "permission"):
        team.changes.append(
            f"removed {gcp.permission.codename} of “{gcp.group.name}” in “{collection.name}”"
        )
        gcp.delete()


def _ensure_workflow(team, pages=None):
    pages = pages if pages is not None else team.pages
    name = workflow_name(team.name)
    workflow = team.workflow
    if workflow is None:
        workflow = Workflow.objects.create(name=name)
        team.changes.append(f"created workflow “{name}”")
    else:
        if workflow.name != name:
            team.changes.append(f"renamed workflow “{workflow.name}” to “{name}”")
            workflow.name = name
        if not workflow.active:
            team.changes.append(f"reactivated workflow “{name}”")
            workflow.active = True
        workflow.save()
    team.workflow = workflow
    steps = list(WorkflowTask.objects.filter(workflow=workflow).select_related("task"))
    task = None
    for step in steps:
        specific = step.task.specific
        if isinstance(specific, GroupApprovalTask):
            task = specific
            break
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name(team.name))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=len(steps))
        team.changes.append(f"added the publishers' approval step to “{name}”")
    else:
        changed = False
        if task.name != task_name(team.name):
            task.name = task_name(team.name)
            changed = True
        if not task.active:
            task.active = True
            changed = True
        if changed:
            task.save()
    groups = set(task.groups.values_list("pk", flat=True))
    if groups != {team.publishers.pk}:
        task.groups.set([team.publishers])
        team.changes.append(f"the approval step of “{name}” is moderated by “{team.publishers}”")
    for page in pages:
        assignment = WorkflowPage.objects.filter(page=page).first()
        if assignment is None:
            WorkflowPage.objects.create(page=page, workflow=workflow)
            team.changes.append(f"assigned “{name}” to {page.title} ({page.locale.language_code})")
        elif assignment.workflow_id != workflow.pk:
            assignment.workflow = workflow
            assignment.save()
            team.changes.append(f"assigned “{name}” to {page.title} ({page.locale.language_code})")


@transaction.atomic
def create_local_team(slug):
    """Create or complete the team of the Ohjaamo `slug` (idempotent). Returns the Team; its
    `changes` list what was done (empty when everything was in place)."""
    team = get_team(slug)
    for role in ROLES:
        _ensure_group(team, role)
    _ensure_page_permissions(team)
    _ensure_collection(team)
    _ensure_workflow(team)
    team.changes.extend(sync_national_groups())
    return team


@transaction.atomic
def remove_local_team(slug):
    """Retire the team of the Ohjaamo `slug`: its groups (and with them every page and collection
    permission and membership they held) and its workflow go. Drafts waiting for approval are
    released back to editing (their workflow is cancelled). The collection stays when it holds
    images or documents (pages may use them; the national team keeps managing it) and is deleted
    when empty. Returns the Team with `changes`, and `orphaned_users`: members left without any
    group (they can no longer open the admin)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    team = get_team(slug)
    team.orphaned_users = []
    if not team.exists and team.workflow is None and team.collection is None:
        raise TeamError(f"“{team.name}” has no team to remove.")
    members = []
    for group in team.groups:
        members.extend(group.user_set.all())
    workflow = team.workflow
    if workflow is not None:
        tasks = [step.task.specific for step in WorkflowTask.objects.filter(workflow=workflow)]
        workflow.deactivate()
        for task in tasks:
            task.deactivate()
        if not WorkflowState.objects.filter(workflow=workflow).exists():
            for task in tasks:
                if not TaskState.objects.filter(task=task).exists():
                    task.delete()
            workflow.delete()
            team.changes.append(f"deleted workflow “{workflow.name}”")
        else:
            # Its history stays readable in the pages' workflow history.
            WorkflowPage.objects.filter(workflow=workflow).delete()
            team.changes.append(f"deactivated workflow “{workflow.name}” (history kept)")
    for group in team.groups:
        name = group.name
        group.delete()
        team.changes.append(f"deleted group “{name}”")
    collection = team.collection
    if collection is not None:
        GroupCollectionPermission.objects.filter(collection=collection).delete()
        in_use = (
            get_image_model().objects.filter(collection=collection).exists()
            or get_document_model().objects.filter(collection=collection).exists()
            or collection.get_children().exists()
        )
        if in_use:
            team.changes.append(
                f"kept collection “{collection.name}”: it holds files (national team only now)"
            )
        else:
            collection.delete()
            team.changes.append(f"deleted empty collection “{collection.name}”")
    for user in {member.pk: member for member in members}.values():
        if not user.groups.exists() and not user.is_superuser:
            team.orphaned_users.append(user)
    team.editors = team.publishers = team.workflow = None
    return team


def grant_team_access(page):
    """Give `page` the page permissions and workflow assignment its translations have (the
    team's access follows the page into a new language). Returns what was added."""
    added = []
    siblings = Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    sibling_ids = list(siblings.values_list("pk", flat=True))
    if not sibling_ids:
        return added
    for gpp in (
        GroupPagePermission.objects.filter(page_id__in=sibling_ids)
        .select_related("group", "permission")
        .order_by("pk")
    ):
        _, created = GroupPagePermission.objects.get_or_create(
            group=gpp.group, page=page, permission=gpp.permission
        )
        if created:
            added.append(f"{gpp.group.name}: {gpp.permission.codename}")
    assignment = (
        WorkflowPage.objects.filter(page_id__in=sibling_ids).select_related("workflow").first()
    )
    if assignment is not None and not WorkflowPage.objects.filter(page=page).exists():
        WorkflowPage.objects.create(page=page, workflow=assignment.workflow)
        added.append(f"workflow {assignment.workflow.name}")
    return added


@receiver(post_save, sender=OhjaamoPage, dispatch_uid="locations.teams.new_translation")
def grant_team_access_to_new_translation(sender, instance, created, raw=False, **kwargs):
    """A new translation (or alias) of a team's Ohjaamo page gets the team's permissions and
    workflow of its other languages."""
    if created and not raw and instance.path:
        grant_team_access(instance)


# --- Members --------------------------------------------------------------------------------------


def _role_groups(team, role):
    group = team.group_for(role)
    if group is None:
        raise TeamError(
            f"“{team.name}” has no team yet: run `manage.py create_local_team {team.slug}` first."
        )
    return group


@transaction.atomic
def add_team_member(email, slug, role, *, send_email=True):
    """Create or link the account with this e-mail and give it the role in the team of `slug`
    (the other role of the same team is taken away: one role per team). A new account, or one
    without a usable password, gets an e-mail with a link to set the password; an existing
    account with a password is told it has been added.

    Returns (user, created: bool, mail_kind: "set_password" | "added" | None)."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise TeamError(f"“{email}” is not an e-mail address.") from None
    if role not in ROLES:
        raise TeamError(f"Unknown role “{role}”: choose {' or '.join(ROLES)}.")
    team = get_team(slug)
    group = _role_groups(team, role)
    other = team.group_for(ROLE_PUBLISHER if role == ROLE_EDITOR else ROLE_EDITOR)

    user_model = get_user_model()
    matches = list(user_model.objects.filter(email__iexact=email))
    if len(matches) > 1:
        raise TeamError(
            f"Several accounts have the e-mail address {email}: link the right one in the admin."
        )
    created = not matches
    if created:
        username_field = user_model.USERNAME_FIELD
        username = email.lower()
        if user_model.objects.filter(**{f"{username_field}__iexact": username}).exists():
            raise TeamError(f"An account named {username} exists with another e-mail address.")
        user = user_model(**{username_field: username, "email": email.lower()})
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    else:
        user = matches[0]
        if not user.is_active:
            raise TeamError(
                f"The account {email} is deactivated: reactivate it in the admin first."
            )
    user.groups.add(group)
    if other is not None:
        user.groups.remove(other)

    mail_kind = None
    if send_email:
        mail_kind = "set_password" if not user.has_usable_password() else "added"
        send_member_email(user, team, role, mail_kind)
    return user, created, mail_kind


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _user_language(user):
    try:
        language = user.wagtail_userprofile.get_preferred_language()
    except Exception:  # noqa: BLE001 - no profile yet: the site's default language
        language = None
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def send_member_email(user, team, role, kind):
    """E-mail the new member: a link to set their password ("set_password") or a notice that
    they were added ("added"), in their admin language (Finnish by default)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(_user_language(user)):
        context = {
            "user": user,
            "team_name": team.name,
            "role": role,
            "is_publisher": role == ROLE_PUBLISHER,
            "admin_url": base + reverse("wagtailadmin_home"),
            "set_password_url": set_password_url(user) if kind == "set_password" else "",
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "username": user.get_username(),
        }
        subject = render_to_string(
            "locations/admin/emails/team_member_subject.txt", context
        ).strip()
        body = render_to_string("locations/admin/emails/team_member_body.txt", context)
    send_mail(subject, body, None, [user.email])


# --- National groups ------------------------------------------------------------------------------


def _permissions_by_labels(labels):
    result = []
    for label in labels:
        app_label, codename = label.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            result.append(permission)
    return result


def _app_permissions(app_labels):
    return list(Permission.objects.filter(content_type__app_label__in=app_labels))


def _setting_permissions():
    """Change permissions of every registered site setting: brand settings for the national
    editors, the others (navigation, footer, …) for the administrators."""
    from wagtail.contrib.settings.registry import registry

    brand, site = [], []
    for model in registry:
        opts = model._meta
        permission = Permission.objects.filter(
            content_type__app_label=opts.app_label,
            codename=get_permission_codename("change", opts),
        ).first()
        if permission is None:
            continue
        (brand if opts.app_label in NATIONAL_EDITOR_APPS else site).append(permission)
    return brand, site


def national_group(role):
    """The national group of `role` (NATIONAL_EDITORS or NATIONAL_ADMINISTRATORS), or None."""
    return Group.objects.filter(national_role__role=role).first()


def national_groups():
    """Every national group (a queryset)."""
    return Group.objects.filter(national_role__isnull=False)


def _ensure_national_group(role, create, changes):
    """The marked group of `role`: found by its marker, else adopted by its name (current,
    Finnish-only or English), else created (when `create`); renamed in place to
    NATIONAL_GROUP_NAMES[role]."""
    name = NATIONAL_GROUP_NAMES[role]
    group = national_group(role)
    if group is None:
        names = [name, *(former[role] for former in FORMER_NATIONAL_GROUP_NAMES)]
        found = {
            group.name: group
            for group in Group.objects.filter(name__in=names, national_role__isnull=True)
        }
        group = next((found[n] for n in names if n in found), None)
        if group is None:
            if not create:
                return None
            if Group.objects.filter(name=name).exists():
                raise TeamError(f"The group “{name}” is marked for another role.")
            group = Group.objects.create(name=name)
            changes.append(f"created group “{name}”")
        NationalGroup.objects.create(role=role, group=group)
    if group.name != name:
        if Group.objects.filter(name=name).exclude(pk=group.pk).exists():
            # A group of that name made by hand: keep both, the marked one is the national group.
            changes.append(f"kept the name “{group.name}”: another group is called “{name}”")
        else:
            changes.append(f"renamed group “{group.name}” to “{name}”")
            group.name = name
            group.save(update_fields=["name"])
    return group


def national_permissions():
    """{role: [Permission]} the national groups should hold (model permissions)."""
    brand_settings, site_settings = _setting_permissions()
    editors = [
        *_permissions_by_labels(NATIONAL_EDITOR_PERMISSIONS),
        *_app_permissions(NATIONAL_EDITOR_APPS),
        *brand_settings,
    ]
    administrators = [
        *_permissions_by_labels(NATIONAL_ADMINISTRATOR_PERMISSIONS),
        *_app_permissions(NATIONAL_EDITOR_APPS),
        *brand_settings,
        *site_settings,
    ]
    return {NATIONAL_EDITORS: editors, NATIONAL_ADMINISTRATORS: administrators}


def sync_national_groups(create=True):
    """Grant the national groups every permission they should have that exists now (idempotent;
    permissions added by hand are kept). Creates the groups when `create` (the migration creates
    them too). Returns a list of what changed."""
    changes = []
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return changes
    page_permissions = [_page_permission(codename) for codename in NATIONAL_PAGE_PERMISSIONS]
    file_permissions = _collection_permissions(NATIONAL_COLLECTION_ACTIONS)
    # Wagtail checks the management of collections by these permissions held on a collection
    # (the model permissions alone leave the collections screens closed).
    collection_management = [
        _permission("wagtailcore", f"{action}_collection") for action in ("add", "change", "delete")
    ]
    groups = []
    for role, permissions in national_permissions().items():
        group = _ensure_national_group(role, create, changes)
        if group is None:
            continue
        groups.append(group)
        name = group.name
        have = set(group.permissions.values_list("pk", flat=True))
        missing = {perm.pk: perm for perm in permissions if perm.pk not in have}
        if missing:
            group.permissions.add(*missing.values())
            changes.append(f"gave “{name}” {len(missing)} permissions")
        for permission in page_permissions:
            _, created = GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
            if created:
                changes.append(f"gave “{name}” {permission.codename} on every page")
        collection_permissions = file_permissions + (
            collection_management if role == NATIONAL_ADMINISTRATORS else []
        )
        for permission in collection_permissions:
            _, created = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
            if created:
                changes.append(f"gave “{name}” {permission.codename} in every collection")
    return changes + _national_approvers(root_page, groups)


def _national_approvers(root_page, groups):
    """The approval steps of the workflow on the root page (Wagtail's default: it covers the
    national pages, while every team's section has its own) that no group may approve get the
    national groups. Wagtail's own step lost its group with the default groups
    (accounts/migrations/0001), which left only superusers to approve. Steps given groups by hand
    are left alone."""
    link = WorkflowPage.objects.filter(page=root_page).first()
    if link is None or not groups:
        return []
    changes = []
    for task in GroupApprovalTask.objects.filter(
        workflow_tasks__workflow_id=link.workflow_id, groups__isnull=True
    ):
        task.groups.add(*groups)
        changes.append(f"the national groups approve “{task.name}”")
    return changes


def _last_app_with_models():
    configs = [config for config in django_apps.get_app_configs() if config.models_module]
    return configs[-1] if configs else None


@receiver(post_migrate, dispatch_uid="locations.teams.sync_national_groups")
def sync_national_groups_after_migrate(sender, using="default", plan=None, **kwargs):
    """After `migrate` (once every app's permissions exist, i.e. on the last app's signal), give
    the national groups the permissions of models that did not exist when their migration ran."""
    if sender is not _last_app_with_models():
        return
    from django.db import connections

    tables = set(connections[using].introspection.table_names())
    needed = {
        Group._meta.db_table,
        GroupPagePermission._meta.db_table,
        GroupCollectionPermission._meta.db_table,
        Page._meta.db_table,
        Collection._meta.db_table,
    }
    if not needed <= tables:
        return
    with transaction.atomic(using=using):
        sync_national_groups(create=False)
