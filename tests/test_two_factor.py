"""The second factor: required for national administrators (superusers and the national groups)
when KOHTAAMO_2FA_REQUIRED is on (production), offered to everyone; an authenticator app (TOTP)
with single-use recovery codes, set up in the admin with a QR code made on the site."""

import logging

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
HOME = "/admin/"
VERIFY = "/admin/login/verify/"
SETUP_AT_LOGIN = "/admin/login/set-up/"


@pytest.fixture
def required(settings):
    settings.KOHTAAMO_2FA_REQUIRED = True


def password_of(username):
    return f"kohtaamo-demo-{username}"


def sign_in(client, username, lang="en"):
    return client.post(
        LOGIN,
        {"username": username, "password": password_of(username)},
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def next_time_step(device):
    """A TOTP code is accepted once; tests that sign in twice within 30 s move the device's record
    of the last used step back, as if the next step had come."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()


def forget_failures(user):
    """django-otp makes each device wait 1, 2, 4 … seconds after a wrong code; tests that follow a
    wrong code with a right one at once lift that wait."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)


def enrol(user):
    device = two_factor.new_authenticator(user)
    codes = two_factor.confirm_authenticator(device, code_for(device))
    assert codes
    next_time_step(device)
    return device, codes


def is_logged_in(client):
    return client.get(HOME).status_code == 200


# --- Who must use it ------------------------------------------------------------------------------


def test_required_for_superusers_and_national_groups_only(required):
    assert two_factor.is_required(f.user("superuser"))
    assert two_factor.is_required(f.user("national"))
    assert not two_factor.is_required(f.user("a_editor"))
    assert not two_factor.is_required(f.user("b_publisher"))


def test_not_required_when_switched_off_as_in_development(settings):
    settings.KOHTAAMO_2FA_REQUIRED = False
    assert not two_factor.is_required(f.user("superuser"))
    client = Client()
    assert sign_in(client, "admin").status_code == 302
    assert is_logged_in(client)


def test_production_requires_it_by_default():
    from kohtaamo.settings import base

    assert base.KOHTAAMO_2FA_REQUIRED is True


# --- Setting it up at the first login -------------------------------------------------------------


def test_a_national_administrator_without_it_sets_it_up_before_getting_in(required):
    client = Client()
    response = sign_in(client, "admin")
    assert response.status_code == 302
    assert response["Location"] == SETUP_AT_LOGIN
    # The password alone did not log them in.
    assert client.get(HOME).status_code == 302

    page = client.get(SETUP_AT_LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/svg+xml;base64," in html  # the QR code is made here
    assert "http://" not in html.split("data:image/svg+xml")[1][:200]
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    assert two_factor.secret_for_display(device) in html

    wrong = client.post(SETUP_AT_LOGIN, {"code": "000000"})
    assert wrong.status_code == 200
    assert "Koodi ei kelpaa" in wrong.content.decode()  # the admin's default language
    assert client.get(HOME).status_code == 302
    forget_failures(f.user("superuser"))

    done = client.post(SETUP_AT_LOGIN, {"code": code_for(device)})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts_recovery_codes")
    codes_page = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert codes_page.status_code == 200
    codes = list(
        StaticToken.objects.filter(device__user__username="admin").values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    # Shown once only.
    again = client.get(reverse("accounts_recovery_codes"))
    assert again.status_code == 302
    assert is_logged_in(client)


def test_setting_it_up_at_login_is_not_possible_for_someone_who_has_it(required):
    """A password alone must not let anyone add their own authenticator to an account."""
    user = f.user("superuser")
    enrol(user)
    client = Client()
    assert sign_in(client, "admin")["Location"] == VERIFY
    response = client.get(SETUP_AT_LOGIN)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    response = client.post(SETUP_AT_LOGIN, {"code": "123456"})
    assert response["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_the_second_step_pages_need_a_correct_password_first():
    client = Client()
    for url in (VERIFY, SETUP_AT_LOGIN):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_login")


# --- Signing in with it ---------------------------------------------------------------------------


def test_signing_in_asks_for_a_code_after_the_password():
    user = f.user("a_editor")  # not required, but switched on: asked every time
    device, _codes = enrol(user)
    client = Client()
    response = sign_in(client, user.username)
    assert response["Location"] == VERIFY
    assert client.get(HOME).status_code == 302
    assert client.post(VERIFY, {"code": "999999"}).status_code == 200
    assert client.get(HOME).status_code == 302
    forget_failures(user)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert is_logged_in(client)


def test_a_recovery_code_works_once(required):
    user = f.user("national")
    _device, codes = enrol(user)
    client = Client()
    sign_in(client, user.username)
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert is_logged_in(client)
    other = Client()
    sign_in(other, user.username)
    response = other.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert other.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_wrong_codes_count_towards_the_login_lock(settings):
    user = f.user("a_editor")
    enrol(user)
    client = Client()
    sign_in(client, user.username)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 429
    # The password alone is refused too now.
    assert sign_in(Client(), user.username).status_code == 429


def test_the_half_way_login_expires(monkeypatch):
    user = f.user("a_editor")
    device, _codes = enrol(user)
    client = Client()
    sign_in(client, user.username)
    monkeypatch.setattr(two_factor, "PENDING_SECONDS", -1)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response["Location"] == reverse("wagtailadmin_login")
    assert client.get(HOME).status_code == 302


def test_the_next_address_is_kept_and_checked():
    user = f.user("a_editor")
    device, _codes = enrol(user)
    client = Client()
    client.post(
        f"{LOGIN}?next=/admin/pages/",
        {
            "username": user.username,
            "password": password_of(user.username),
            "next": "/admin/pages/",
        },
    )
    assert client.post(VERIFY, {"code": code_for(device)})["Location"] == "/admin/pages/"
    next_time_step(device)
    evil = Client()
    evil.post(
        LOGIN,
        {
            "username": user.username,
            "password": password_of(user.username),
            "next": "https://example.invalid/",
        },
    )
    assert evil.post(VERIFY, {"code": code_for(device)})["Location"] == reverse("wagtailadmin_home")


def test_a_session_without_the_second_factor_is_logged_out(required):
    """A session opened before the requirement (here: a plain login) does not keep working."""
    client = Client()
    client.force_login(f.user("superuser"))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert client.get(HOME).status_code == 302


def test_second_factor_events_are_logged_without_codes(caplog):
    user = f.user("a_editor")
    device, _codes = enrol(user)
    client = Client()
    code = code_for(device)
    with caplog.at_level(logging.INFO, logger="kohtaamo.security"):
        sign_in(client, user.username)
        client.post(VERIFY, {"code": "000000"})
        forget_failures(user)
        client.post(VERIFY, {"code": code})
    assert "password_accepted user='helsinki-editor'" in caplog.text
    assert "second_factor_failed user='helsinki-editor'" in caplog.text
    assert "second_factor_accepted user='helsinki-editor'" in caplog.text
    assert code not in caplog.text
    assert password_of(user.username) not in caplog.text


# --- The account pages ----------------------------------------------------------------------------


def test_anyone_can_switch_it_on_in_their_account():
    user = f.user("b_editor")
    client = Client()
    client.force_login(user)
    account = client.get(reverse("wagtailadmin_account"))
    assert reverse("accounts_two_factor") in account.content.decode()
    assert client.get(reverse("accounts_two_factor")).status_code == 200
    page = client.get(reverse("accounts_two_factor_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts_two_factor_setup"), {"code": code_for(device)})
    assert response["Location"] == reverse("accounts_recovery_codes")
    assert client.get(response["Location"]).status_code == 200
    # Still logged in, and the session counts as verified.
    assert is_logged_in(client)
    assert two_factor.has_two_factor(user)


def test_new_recovery_codes_replace_the_old_ones():
    user = f.user("b_editor")
    device, codes = enrol(user)
    client = Client()
    sign_in(client, user.username)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.post(reverse("accounts_recovery_codes"))
    assert response.status_code == 302
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10
    assert not new & set(codes)
    assert client.get(reverse("accounts_recovery_codes")).status_code == 200


def test_it_can_be_switched_off_only_where_not_required(required):
    editor = f.user("b_editor")
    device, _ = enrol(editor)
    client = Client()
    sign_in(client, editor.username)
    client.post(VERIFY, {"code": code_for(device)})
    client.post(reverse("accounts_two_factor_turn_off"))
    assert not two_factor.has_two_factor(editor)

    national = f.user("national")
    device, _ = enrol(national)
    client = Client()
    sign_in(client, national.username)
    client.post(VERIFY, {"code": code_for(device)})
    client.post(reverse("accounts_two_factor_turn_off"))
    assert two_factor.has_two_factor(national)


def test_the_dashboard_reminds_national_administrators_to_set_it_up():
    client = Client()
    client.force_login(f.user("superuser"))
    html = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("accounts_two_factor_setup") in html
    editor = Client()
    editor.force_login(f.user("a_editor"))
    assert reverse("accounts_two_factor_setup") not in editor.get(HOME).content.decode()


@pytest.mark.parametrize(
    "lang,text",
    [
        ("fi", "Kaksivaiheinen tunnistus"),
        ("sv", "Tvåstegsverifiering"),
        ("en", "Two-step verification"),
    ],
)
def test_the_second_step_speaks_the_users_language(lang, text):
    """The second step is in the user's own admin language (their profile), as the admin is
    after the login."""
    from wagtail.users.models import UserProfile

    user = f.user("a_editor")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = lang
    profile.save()
    enrol(user)
    client = Client()
    sign_in(client, user.username, lang=lang)
    response = client.get(VERIFY)
    assert text in response.content.decode()
    assert f'lang="{lang}"' in response.content.decode()


# --- Administrators' command ----------------------------------------------------------------------


def test_reset_two_factor_command_removes_it(required, capsys):
    user = f.user("national")
    enrol(user)
    call_command("reset_two_factor", user.username)
    assert "Removed" in capsys.readouterr().out
    assert not two_factor.has_two_factor(user)
    # Required for them: the next login sets up a new authenticator.
    assert sign_in(Client(), user.username)["Location"] == SETUP_AT_LOGIN


def test_reset_two_factor_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        call_command("reset_two_factor", "nobody-here")
