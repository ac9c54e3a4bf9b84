"""Admin wiring of the data-quality dashboard: its URL, a menu item for everyone who may see it,
and a panel on a local team member's admin home with their team's counts."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from locations import teams
from quality import checks
from quality.views import QualityDashboardView


@hooks.register("register_admin_urls")
def quality_urls():
    return [path("quality/", QualityDashboardView.as_view(), name="quality_dashboard")]


class QualityMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return teams.is_national(user) or bool(_local_team_keys(request))


@hooks.register("register_reports_menu_item")
def quality_menu_item():
    return QualityMenuItem(
        _("Data quality"), reverse("quality_dashboard"), icon_name="warning", order=50
    )


def _local_team_keys(request):
    cache_name = "_kohtaamo_quality_team_keys"
    if not hasattr(request, cache_name):
        keys = []
        if not teams.is_national(request.user):
            keys = [str(team.source.translation_key) for team in teams.teams_for_user(request.user)]
        setattr(request, cache_name, keys)
    return getattr(request, cache_name)


class QualityPanel(Component):
    """ "What to fix": a local team's counts per check, linking to the dashboard."""

    name = "data_quality"
    template_name = "quality/admin/panel.html"
    order = 60

    def __init__(self, keys):
        self.keys = keys

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        dashboard = checks.build(self.keys)
        context["dashboard"] = dashboard
        context["sections"] = [section for section in dashboard.sections if section.count]
        context["dashboard_url"] = reverse("quality_dashboard")
        return context


@hooks.register("construct_homepage_panels")
def quality_panel(request, panels):
    keys = _local_team_keys(request)
    if keys:
        panels.append(QualityPanel(keys))
