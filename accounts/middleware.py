"""A logged-in session that needs a second factor but has not passed one is logged out.

The login itself never creates such a session (accounts/views.py completes a login only after the
code); this catches sessions opened before the requirement applied to the user (put into a
national group, or the requirement switched on) or before they set up an authenticator
elsewhere. Runs after django-otp's OTPMiddleware, which tells whether the session is verified.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from accounts import two_factor
from accounts.audit import log_event
from accounts.throttle import is_admin_path


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only sessions can be logged in: requests without a session cookie (most of the public
        # site's) are not looked at, and their responses do not start to vary by cookie.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = request.user
            if (
                user.is_authenticated
                and not user.is_verified()
                and two_factor.needs_second_step(user)
            ):
                log_event("session_without_second_factor", request, user.get_username())
                logout(request)
                if is_admin_path(request):
                    return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return self.get_response(request)
