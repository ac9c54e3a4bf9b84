"""An admin report for the national team: local news proposed for the national news that waits
for a decision. Open a row to accept it (news/forms.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView

PROMOTE_PERMISSION = "news.promote_newspage"


class ProposedNewsReportView(PageReportView):
    page_title = _("News proposed for the national news")
    header_icon = "pick"
    index_url_name = "news_proposals"
    index_results_url_name = "news_proposals_results"
    list_export = [*PageReportView.list_export, "ohjaamo.title", "locale.language_code"]
    export_headings = {
        **PageReportView.export_headings,
        "ohjaamo.title": _("Ohjaamo"),
        "locale.language_code": _("Language"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PROMOTE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "news-proposals"

    def get_queryset(self):
        from news.models import NewsPage

        self.queryset = (
            NewsPage.objects.filter(
                ohjaamo__isnull=False, proposed_for_national=True, accepted_nationally=False
            )
            .select_related("ohjaamo", "locale", "content_type")
            .order_by("-latest_revision_created_at")
        )
        return super().get_queryset()
