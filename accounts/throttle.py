"""Throttling of everything that checks a secret: the admin login, the password reset form and
page passwords.

The admin login is django-axes' own (its authentication backend refuses a locked-out user name or
address; its middleware turns that into `lockout_response`). The two other forms do not call
`authenticate()`, so `ThrottleMiddleware` puts them under the same counters: it refuses a request
while its key or the address is locked out, and records

- every password reset request, under the key ``password-reset:<e-mail>`` (each one sends a mail:
  more than the limit within the cool-off is refused);
- every wrong page password, under ``page-password:<restriction id>``.

They are recorded as failed logins of that key (django-axes' AccessAttempt, listed in the admin
and by `manage.py axes_list_attempts`); `manage.py axes_reset_username KEY` or
`axes_reset_ip ADDRESS` lifts a lockout, and it ends by itself after AXES_COOLOFF_TIME.
"""

import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.template.response import TemplateResponse

PASSWORD_RESET_VIEW = "wagtailadmin_password_reset"
PAGE_PASSWORD_VIEW = "wagtailcore_authenticate_with_password"


def client_ip(request):
    """The client's address: REMOTE_ADDR, or with KOHTAAMO_PROXY_COUNT trusted reverse proxies
    in front, the address the outermost of them saw (taken from the right of X-Forwarded-For, so
    a client cannot choose it)."""
    count = getattr(settings, "KOHTAAMO_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a key, not a bind address


def is_admin_path(request):
    return request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of a login form while the user name or address is locked out
    (HTTP 429), in the request's language."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    template = (
        "accounts/locked_out_admin.html" if is_admin_path(request) else ("accounts/locked_out.html")
    )
    response = TemplateResponse(
        request, template, {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response.render()


def _throttle_key(request):
    match = getattr(request, "resolver_match", None)
    if match is None or request.method != "POST":
        return None
    if match.url_name == PASSWORD_RESET_VIEW:
        email = request.POST.get("email", "").strip().lower()[:254]
        return f"password-reset:{email}"
    if match.url_name == PAGE_PASSWORD_VIEW:
        return f"page-password:{match.kwargs.get('page_view_restriction_id')}"
    return None


def record_failure(request, key):
    """Count one attempt of `key` from the request's address (as django-axes counts a failed
    login)."""
    user_login_failed.send(sender=__name__, credentials={"username": key}, request=request)


class ThrottleMiddleware:
    """Puts the password reset form and page passwords under the login throttle."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_kohtaamo_throttle_key", None)
        if key is None:
            return response
        if key.startswith("password-reset:"):
            # Every request counts (each one may send a mail), whether the address is known or not.
            record_failure(request, key)
        elif response.status_code == 200:
            # The form came back: the password was wrong (a right one redirects to the page).
            record_failure(request, key)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.AXES_ENABLED:
            return None
        key = _throttle_key(request)
        if key is None:
            return None
        credentials = {"username": key}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        request._kohtaamo_throttle_key = key
        return None
