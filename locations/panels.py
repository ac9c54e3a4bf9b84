"""Admin panels of the Ohjaamo edit form."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from locations import hours


class UpcomingHolidaysPanel(Panel):
    """A read-only list of the coming Finnish public holidays (locations/hours.py), shown beside
    a service point's exceptions: the points are closed on them unless an exception says
    otherwise, so editors see which days need an exception without leaving the form."""

    def __init__(self, days=366, **kwargs):
        kwargs.setdefault("heading", _("Coming public holidays"))
        super().__init__(**kwargs)
        self.days = days

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "days": self.days}

    class BoundPanel(Panel.BoundPanel):
        template_name = "locations/admin/upcoming_holidays_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["holidays"] = [
                {"date": day, "label": hours.format_date(day), "name": name}
                for day, name in hours.upcoming_holidays(days=self.panel.days)
            ]
            return context
