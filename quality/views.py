"""The data-quality dashboard in the admin (/admin/quality/): every check for the national team;
a local team member sees the same page with their own team's rows only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from locations import teams
from quality import checks


def scope_for(user):
    """None (everything) for the national team, the keys of the user's teams for a local team
    member; PermissionDenied for anyone else."""
    if teams.is_national(user):
        return None
    keys = [str(team.source.translation_key) for team in teams.teams_for_user(user)]
    if not keys:
        raise PermissionDenied
    return keys


class QualityDashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Data quality")
    header_icon = "warning"
    template_name = "quality/admin/dashboard.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        self.scope = scope_for(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = checks.build(self.scope)
        context["dashboard"] = dashboard
        context["national"] = self.scope is None
        context["show_team"] = self.scope is None or len(self.scope) > 1
        return context
