"""The admin login with a second step, and the second-factor pages of a user's account.

Login: `LoginView` (Wagtail's, at the same address) checks the password; a user who needs a
second step is sent to `VerifyLoginView` (a code from the app or a recovery code) or, when the
second factor is required but not set up yet, to `SetUpLoginView`. Only then are they logged in.

Account (admin, logged in): `TwoFactorView` (status and actions), `SetUpView` (set up or replace
the authenticator), `RecoveryCodesView` (shows new codes once; makes new ones), `TurnOffView`.
"""

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.views.account import LoginView as WagtailLoginView

from accounts import two_factor
from accounts.audit import log_event
from accounts.forms import CodeForm, ConfirmAuthenticatorForm
from accounts.throttle import lockout_response, record_failure


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


class LoginView(WagtailLoginView):
    """Wagtail's login form; after a correct password, users with (or required to have) a
    second factor go on to the second step instead of being logged in."""

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.needs_second_step(user):
            return super().form_valid(form)
        two_factor.start_pending_login(
            self.request, user, form.cleaned_data.get("remember"), self.get_redirect_url()
        )
        log_event("password_accepted", self.request, user.get_username(), next="second_factor")
        if two_factor.has_two_factor(user):
            return redirect("accounts_login_verify")
        return redirect("accounts_login_setup")


def _preferred_language(user):
    try:
        language = user.wagtail_userprofile.get_preferred_language()
    except ObjectDoesNotExist:
        language = None
    codes = {code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES}
    return language if language in codes else translation.get_language()


def _restart_login(request):
    messages.error(
        request, _("Your sign-in was interrupted or took too long. Please sign in again.")
    )
    return redirect("wagtailadmin_login")


def _complete_login(request, user, data, device):
    request.session.pop(two_factor.PENDING_KEY, None)
    login(request, user, backend=data["backend"])
    django_otp.login(request, device)
    request.session.set_expiry(settings.SESSION_COOKIE_AGE if data.get("remember") else 0)
    method = "recovery_code" if isinstance(device, StaticDevice) else "authenticator"
    log_event("second_factor_accepted", request, user.get_username(), method=method)
    if isinstance(device, StaticDevice):
        left = two_factor.recovery_codes_left(user)
        messages.warning(
            request,
            ngettext(
                "You signed in with a recovery code. %(count)d recovery code is left: make new "
                "ones in your account if you are running out.",
                "You signed in with a recovery code. %(count)d recovery codes are left: make new "
                "ones in your account if you are running out.",
                left,
            )
            % {"count": left},
        )


class _PendingLoginView(View):
    template_name = ""

    @method_decorator(sensitive_post_parameters("code"))
    @method_decorator(csrf_protect)
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        self.user, self.data = two_factor.pending_login(request)
        if self.user is None:
            return _restart_login(request)
        # The admin speaks the user's own language (their profile), as it will after the login.
        with translation.override(_preferred_language(self.user)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def locked_out(self, request):
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_allowed(request, credentials):
            return None
        request.session.pop(two_factor.PENDING_KEY, None)
        return lockout_response(request, None, credentials)

    def wrong_code(self, request, form):
        record_failure(request, self.user.get_username())
        log_event("second_factor_failed", request, self.user.get_username())
        form.add_error(
            "code",
            _(
                "That code is not valid. Use the newest code from the app (check your phone's "
                "clock), or an unused recovery code."
            ),
        )


class VerifyLoginView(_PendingLoginView):
    template_name = "accounts/login_verify.html"

    def get(self, request):
        if not two_factor.has_two_factor(self.user):
            return redirect("accounts_login_setup")
        return self.render(CodeForm())

    def post(self, request):
        if not two_factor.has_two_factor(self.user):
            return redirect("accounts_login_setup")
        refused = self.locked_out(request)
        if refused is not None:
            return refused
        form = CodeForm(request.POST)
        if form.is_valid():
            device = two_factor.verify_code(self.user, form.cleaned_data["code"])
            if device is not None:
                next_url = _safe_next(request, self.data.get("next"))
                _complete_login(request, self.user, self.data, device)
                return HttpResponseRedirect(next_url)
            self.wrong_code(request, form)
        return self.render(form)

    def render(self, form):
        return TemplateResponse(self.request, self.template_name, {"form": form})


class SetUpLoginView(_PendingLoginView):
    """Setting up the authenticator as part of the login, for a user who must have one and has
    none. A user who already has one never gets here (the code is asked instead), so a password
    alone cannot add a device."""

    template_name = "accounts/login_setup.html"

    def check(self):
        if two_factor.has_two_factor(self.user):
            return redirect("accounts_login_verify")
        if not two_factor.is_required(self.user):
            return _restart_login(self.request)
        return None

    def get(self, request):
        return self.check() or self.render(ConfirmAuthenticatorForm())

    def post(self, request):
        response = self.check() or self.locked_out(request)
        if response is not None:
            return response
        form = ConfirmAuthenticatorForm(request.POST)
        if form.is_valid():
            device = two_factor.new_authenticator(self.user)
            codes = two_factor.confirm_authenticator(device, form.cleaned_data["code"])
            if codes is not None:
                next_url = _safe_next(request, self.data.get("next"))
                log_event("second_factor_set_up", request, self.user.get_username())
                _complete_login(request, self.user, self.data, device)
                request.session[two_factor.SHOW_CODES_KEY] = codes
                request.session[two_factor.NEXT_KEY] = next_url
                return redirect("accounts_recovery_codes")
            self.wrong_code(request, form)
        return self.render(form)

    def render(self, form):
        device = two_factor.new_authenticator(self.user)
        return TemplateResponse(
            self.request, self.template_name, setup_context(device, form, self.user)
        )


def setup_context(device, form, user):
    return {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_for_display(device),
        "account_name": user.get_username(),
        "issuer": settings.OTP_TOTP_ISSUER,
    }


# --- The user's account (logged in) ---------------------------------------------------------------


class TwoFactorView(View):
    template_name = "accounts/two_factor.html"

    def get(self, request):
        user = request.user
        return TemplateResponse(
            request,
            self.template_name,
            {
                "enabled": two_factor.has_two_factor(user),
                "required": two_factor.is_required(user),
                "prompted": two_factor.is_prompted(user),
                "codes_left": two_factor.recovery_codes_left(user),
            },
        )


class SetUpView(View):
    template_name = "accounts/setup.html"

    @method_decorator(sensitive_post_parameters("code"))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(ConfirmAuthenticatorForm())

    def post(self, request):
        form = ConfirmAuthenticatorForm(request.POST)
        if form.is_valid():
            device = two_factor.new_authenticator(request.user)
            codes = two_factor.confirm_authenticator(device, form.cleaned_data["code"])
            if codes is not None:
                django_otp.login(request, device)
                log_event("second_factor_set_up", request, request.user.get_username())
                request.session[two_factor.SHOW_CODES_KEY] = codes
                request.session[two_factor.NEXT_KEY] = reverse("accounts_two_factor")
                return redirect("accounts_recovery_codes")
            log_event("second_factor_failed", request, request.user.get_username())
            form.add_error(
                "code",
                _(
                    "That code is not valid. Use the newest code from the app (check your phone's "
                    "clock)."
                ),
            )
        return self.render(form)

    def render(self, form):
        device = two_factor.new_authenticator(self.request.user)
        context = setup_context(device, form, self.request.user)
        context["replacing"] = two_factor.has_two_factor(self.request.user)
        return TemplateResponse(self.request, self.template_name, context)


class RecoveryCodesView(View):
    template_name = "accounts/recovery_codes.html"

    def get(self, request):
        codes = request.session.pop(two_factor.SHOW_CODES_KEY, None)
        if not codes:
            return redirect("accounts_two_factor")
        next_url = request.session.pop(two_factor.NEXT_KEY, None) or reverse("accounts_two_factor")
        response = TemplateResponse(
            request,
            self.template_name,
            {"codes": codes, "next_url": _safe_next(request, next_url)},
        )
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request):
        if not two_factor.has_two_factor(request.user):
            return redirect("accounts_two_factor")
        request.session[two_factor.SHOW_CODES_KEY] = two_factor.new_recovery_codes(request.user)
        request.session[two_factor.NEXT_KEY] = reverse("accounts_two_factor")
        log_event("recovery_codes_renewed", request, request.user.get_username())
        return redirect("accounts_recovery_codes")


class TurnOffView(View):
    def post(self, request):
        user = request.user
        if two_factor.is_required(user):
            messages.error(
                request,
                _("Two-step verification is required for your role and cannot be switched off."),
            )
        elif two_factor.remove_two_factor(user):
            log_event("second_factor_removed", request, user.get_username())
            messages.success(request, _("Two-step verification is now off for your account."))
        return redirect("accounts_two_factor")
