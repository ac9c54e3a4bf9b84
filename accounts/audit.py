"""The security log: every login, failed login, logout, lockout and second-factor event goes to
the logger ``kohtaamo.security`` (INFO; failures and lockouts WARNING) with the user name and the
client's address. Passwords and codes are never logged: Django cleans the credentials it passes
to `user_login_failed`, and only the user name is read from them."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.throttle import client_ip

logger = logging.getLogger("kohtaamo.security")


def _clean(value, limit=150):
    """A value safe to write into one log line (no line breaks or control characters, bounded)."""
    text = str(value or "")[:limit]
    return "".join(char if char.isprintable() else "?" for char in text)


def _where(request):
    if request is None:
        return "-", "-"
    return _clean(client_ip(request), 64), _clean(request.path_info, 200)


def log_event(event, request, username, level=logging.INFO, **extra):
    address, path = _where(request)
    details = " ".join(f"{key}={_clean(value)}" for key, value in extra.items())
    logger.log(
        level,
        "%s user=%r address=%s path=%s%s",
        event,
        _clean(username),
        address,
        path,
        f" {details}" if details else "",
    )


@receiver(user_logged_in, dispatch_uid="accounts.audit.logged_in")
def log_login(sender, request, user, **kwargs):
    log_event("login", request, user.get_username())


@receiver(user_logged_out, dispatch_uid="accounts.audit.logged_out")
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", request, user.get_username())


@receiver(user_login_failed, dispatch_uid="accounts.audit.login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    log_event("login_failed", request, username, level=logging.WARNING)


@receiver(user_locked_out, dispatch_uid="accounts.audit.locked_out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    log_event("locked_out", request, username, level=logging.WARNING)
