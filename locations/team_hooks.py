"""Admin hooks for local teams (wired from locations/wagtail_hooks.py).

- The dashboard leads a local team member straight to their own Ohjaamo: edit our page (in each
  language), add news, our news, our images and documents, and what is waiting for approval.
  The site summary counts the team's own pages instead of the whole site's.
- wagtail-localize's submit, sync and report views are replaced by versions with per-object
  permission checks (locations/localize_permissions.py), mounted at the same URLs ahead of the
  originals.

What local teams may not do to Ohjaamo pages themselves (delete, move, unpublish, make private)
is enforced in the page permission tester (`locations.teams.OhjaamoPagePermissionTester`), so
that every admin view, API action, bulk action, button and menu follows the same rule.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem, SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page, WorkflowState

from locations import localize_permissions, teams


def _team_pages_filter(team):
    query = Q()
    for page in team.pages:
        query |= Q(path__startswith=page.path)
    return query


def _news_add_url(page):
    try:
        return reverse("wagtailadmin_pages:add", args=["news", "newspage", page.pk])
    except Exception:  # noqa: BLE001 - without the news app there is nothing to add
        return None


def team_dashboard(team, user):
    """What the dashboard shows of one team: links and the pages waiting for approval."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    role = teams.user_role(user, team)
    subtree = Page.objects.filter(_team_pages_filter(team))
    page_ids = [str(pk) for pk in subtree.values_list("pk", flat=True)]
    states = list(
        WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=page_ids,
        )
        .select_related("current_task_state__task", "requested_by")
        .order_by("-created_at")
    )
    pages_in_workflow = (
        Page.objects.filter(pk__in=[int(state.object_id) for state in states])
        .select_related("locale")
        .in_bulk()
        if states
        else {}
    )
    waiting = []
    for state in states:
        page = pages_in_workflow.get(int(state.object_id))
        if page is None:
            continue
        waiting.append(
            {
                "page": page,
                "title": page.get_admin_display_title(),
                "language": page.locale.get_display_name(),
                "task": state.current_task_state.task.name if state.current_task_state else "",
                "needs_changes": state.status == WorkflowState.STATUS_NEEDS_CHANGES,
                "requested_by": state.requested_by,
                "requested_at": state.created_at,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        )
    collection_id = team.collection.pk if team.collection else None
    images = documents = 0
    if collection_id:
        images = get_image_model().objects.filter(collection_id=collection_id).count()
        documents = get_document_model().objects.filter(collection_id=collection_id).count()
    return {
        "team": team,
        "role": role,
        "is_publisher": role == teams.ROLE_PUBLISHER,
        "pages": [
            {
                "page": page,
                "language": page.locale.get_display_name(),
                "language_code": page.locale.language_code,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "news_url": reverse("wagtailadmin_explore", args=[page.pk]),
            }
            for page in team.pages
        ],
        "add_news_url": _news_add_url(team.source),
        "news_url": reverse("wagtailadmin_explore", args=[team.source.pk]),
        "images_url": (
            f"{reverse('wagtailimages:index')}?collection_id={collection_id}"
            if collection_id
            else reverse("wagtailimages:index")
        ),
        "documents_url": (
            f"{reverse('wagtaildocs:index')}?collection_id={collection_id}"
            if collection_id
            else reverse("wagtaildocs:index")
        ),
        "image_count": images,
        "document_count": documents,
        "waiting": waiting,
        "page_count": len(page_ids),
    }


class OurOhjaamoPanel(Component):
    """ "Our Ohjaamo": the first thing a local team member sees after logging in."""

    name = "our_ohjaamo"
    template_name = "locations/admin/our_ohjaamo_panel.html"
    order = 50

    def __init__(self, user, team_list):
        self.user = user
        self.teams = team_list

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["teams"] = [team_dashboard(team, self.user) for team in self.teams]
        return context


def _local_teams(request):
    """The requesting user's teams, when they are a local team member (not national)."""
    user = request.user
    if teams.is_national(user):
        return []
    cache_name = "_kohtaamo_teams"
    if not hasattr(request, cache_name):
        setattr(request, cache_name, teams.teams_for_user(user))
    return getattr(request, cache_name)


# Wagtail's own moderation panels ("Awaiting your review", "Your pages in a workflow") list the
# same pages as the team panel's "Waiting for approval" (a local member's workflows are all their
# team's): a local member sees them once, in the team panel.
TEAM_PANEL_REPLACES = (WorkflowObjectsToModeratePanel, UserObjectsInWorkflowModerationPanel)


@hooks.register("construct_homepage_panels")
def our_ohjaamo_panel(request, panels):
    team_list = _local_teams(request)
    if team_list:
        panels[:] = [panel for panel in panels if not isinstance(panel, TEAM_PANEL_REPLACES)]
        panels.insert(0, OurOhjaamoPanel(request.user, team_list))


class TeamPagesSummaryItem(SummaryItem):
    """The number of the team's pages (all languages), linking to the team's page."""

    order = 100
    template_name = "locations/admin/summary_team_pages.html"

    def __init__(self, request, team_list):
        super().__init__(request)
        self.teams = team_list

    def get_context_data(self, parent_context):
        query = Q()
        for team in self.teams:
            query |= _team_pages_filter(team)
        return {
            "total_pages": Page.objects.filter(query).count(),
            "explore_page": self.teams[0].source,
        }


# Runs after Wagtail's own summary hooks (order 0), so that the whole site's page count they add is
# there to be replaced.
@hooks.register("construct_homepage_summary_items", order=100)
def team_summary_items(request, items):
    """A local team member sees their own page count, not the whole site's."""
    team_list = _local_teams(request)
    if not team_list:
        return
    items[:] = [item for item in items if not isinstance(item, PagesSummaryItem)]
    items.append(TeamPagesSummaryItem(request, team_list))


# --- wagtail-localize with per-object checks --------------------------------------------------
# Same paths as wagtail-localize's (admin/localize/...), registered first so they take precedence.


@hooks.register("register_admin_urls", order=-100)
def checked_localize_urls():
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            localize_permissions.CheckedSubmitPageTranslationView.as_view(),
            name="kohtaamo_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            localize_permissions.CheckedSubmitSnippetTranslationView.as_view(),
            name="kohtaamo_submit_snippet_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            localize_permissions.CheckedUpdateTranslationsView.as_view(),
            name="kohtaamo_update_translations",
        ),
        path(
            "localize/reports/translations/",
            localize_permissions.CheckedTranslationsReportView.as_view(),
            name="kohtaamo_translations_report",
        ),
        path(
            "localize/reports/translations/results/",
            localize_permissions.CheckedTranslationsReportView.as_view(results_only=True),
            name="kohtaamo_translations_report_results",
        ),
    ]
