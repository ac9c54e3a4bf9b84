"""The second factor in the admin: the account's "Two-step verification" pages, a link to them in
the account menu, and a reminder on the dashboard for those who should set it up."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts import two_factor, views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("account/two-factor/", views.TwoFactorView.as_view(), name="accounts_two_factor"),
        path(
            "account/two-factor/set-up/",
            views.SetUpView.as_view(),
            name="accounts_two_factor_setup",
        ),
        path(
            "account/two-factor/recovery-codes/",
            views.RecoveryCodesView.as_view(),
            name="accounts_recovery_codes",
        ),
        path(
            "account/two-factor/turn-off/",
            views.TurnOffView.as_view(),
            name="accounts_two_factor_turn_off",
        ),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("accounts_two_factor"),
        "label": _("Two-step verification"),
        "help_text": _(
            "Ask for a code from an authenticator app after your password, and get recovery codes."
        ),
    }


class SetUpTwoFactorPanel(Component):
    name = "set_up_two_factor"
    template_name = "accounts/set_up_reminder_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        return {"setup_url": reverse("accounts_two_factor_setup")}


@hooks.register("construct_homepage_panels")
def set_up_two_factor_reminder(request, panels):
    user = request.user
    if two_factor.is_prompted(user) and not two_factor.has_two_factor(user):
        panels.insert(0, SetUpTwoFactorPanel())
