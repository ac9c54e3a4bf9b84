"""Admin panels of the Ohjaamo edit form."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel, Panel

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


# Said in a translation's shared rows panels, after the panel's own help text.
ROWS_EDITED_IN_FINNISH = _(
    "Rows are added, removed and reordered on the Finnish page, so that every language has the "
    "same ones; here you can translate their texts."
)


class SharedRowsInlinePanel(InlinePanel):
    """An InlinePanel whose rows are language-independent (service points, opening hours,
    exceptions, presences, channels: locations/one_truth.py). In the Finnish page it is Wagtail's
    own. In a translation (the form marks the formset `rows_shared`, locations/admin_forms.py) it
    is rendered without the add, delete and move controls, which could only make a draft that
    publishing overwrites with the Finnish rows; the help text says why. A posted add, delete or
    move is refused by the form (`admin_forms.shared_row_changes`)."""

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.rows_shared = self.form is not None and getattr(self.formset, "rows_shared", False)
            if self.rows_shared:
                self.template_name = "locations/admin/shared_rows_inline_panel.html"
                own = self.help_text
                self.help_text = (
                    format_lazy("{} {}", own, ROWS_EDITED_IN_FINNISH)
                    if own
                    else ROWS_EDITED_IN_FINNISH
                )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rows_shared"] = self.rows_shared
            return context
