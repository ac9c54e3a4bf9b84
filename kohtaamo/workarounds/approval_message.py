"""Wagtail confirms an approval made from the page's edit form (the publisher's "Hyväksy ja
julkaise") with "Page '…' has been updated." ("Sivu '…' päivitetty."), although the approval
published the page. Workaround: when the workflow action left the page live with no unpublished
changes, say "Page '…' has been published." instead, Wagtail's own message for publishing.

Remove when tests/test_admin_finnish.py::test_approving_from_the_edit_form_says_published fails
without it (upstream says "published" itself).
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

_original = EditView.add_save_confirmation_message


def _published_by_workflow_action(view):
    if view.is_reverting or view.action_name_and_method[0] != "perform_workflow_action":
        return False
    state = Page.objects.filter(pk=view.page.pk).values("live", "has_unpublished_changes").first()
    return bool(state and state["live"] and not state["has_unpublished_changes"])


def add_save_confirmation_message(self):
    if self.request.method == "POST" and _published_by_workflow_action(self):
        message = _("Page '%(page_title)s' has been published.") % {
            "page_title": self.page.get_admin_display_title()
        }
        messages.success(self.request, message)
        return
    _original(self)


def install():
    if EditView.add_save_confirmation_message is not add_save_confirmation_message:
        EditView.add_save_confirmation_message = add_save_confirmation_message
