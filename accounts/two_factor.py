"""The second factor: an authenticator app (TOTP, django-otp) and single-use recovery codes.

Who must use it: superusers and members of the national groups whose role (kohtaamo.NationalGroup,
not the group's name) is in KOHTAAMO_2FA_REQUIRED_ROLES,
when KOHTAAMO_2FA_REQUIRED is on (production's default). Everyone else may switch it on in their
account; whoever has it is asked for a code after the password, every time.

After a correct password (accounts/views.py), a user who has a second factor, or must have one,
is *not* logged in yet: the session only remembers who is half-way for PENDING_SECONDS, and the
login completes after a valid code, or after setting up the authenticator (when it is required
and missing). A session that is logged in without a verified second factor while one is needed
(e.g. one opened before the requirement) is logged out (accounts/middleware.py).
"""

import base64
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 300
SHOW_CODES_KEY = "accounts_show_recovery_codes"
NEXT_KEY = "accounts_next_url"


def is_prompted(user):
    """Users the second factor is meant for: superusers and the national groups."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(national_role__role__in=settings.KOHTAAMO_2FA_REQUIRED_ROLES).exists()


def is_required(user):
    """Whether the user may not log in without a second factor."""
    return bool(settings.KOHTAAMO_2FA_REQUIRED) and is_prompted(user)


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_step(user):
    """Whether a login of `user` needs a code (or setting the authenticator up) after the
    password."""
    return has_two_factor(user) or is_required(user)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_authenticator(user):
    """The user's authenticator waiting for confirmation (made on first call): a new secret that
    replaces the current authenticator only once a code from it has been entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_for_display(device):
    """The secret in base32, in groups of four (for typing it into an app by hand)."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device):
    """The authenticator's otpauth:// address as a QR code: an SVG made here, as a data: URI (no
    request leaves the site)."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=8,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def normalise_code(value):
    return "".join((value or "").split()).replace("-", "").lower()[:32]


@transaction.atomic
def confirm_authenticator(device, code):
    """Confirm the new authenticator with a code from it. On success, it replaces any earlier
    authenticator of the user and the user gets a fresh set of recovery codes, which are
    returned (shown once); on failure returns None."""
    if device.confirmed or not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """A fresh set of single-use recovery codes (the old ones stop working); returns them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.KOHTAAMO_2FA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_code(user, code):
    """The device (authenticator or recovery codes) that accepts `code`, or None. A recovery code
    works once. Recovery codes count only while an authenticator is set up."""
    code = normalise_code(code)
    if not code or not has_two_factor(user):
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def remove_two_factor(user):
    """Switch the second factor off for `user` (authenticator and recovery codes). Returns how
    many devices were removed."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _ = model.objects.filter(user=user).delete()
        removed += count
    return removed


# --- The half-way login ---------------------------------------------------------------------------


def start_pending_login(request, user, remember, next_url):
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "remember": bool(remember),
        "next": next_url or "",
        "started": time.time(),
    }


def pending_login(request):
    """(user, data) of the half-way login in this session, or (None, None) when there is none or
    it has expired."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None, None
    if time.time() - float(data.get("started", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None, None
    return user, data
