"""Password guessing is throttled: the admin login, the password reset form and page passwords
lock after LOGIN_FAILURE_LIMIT attempts by user name or address, for the cool-off time or until an
administrator lifts the lock; logins and failures are logged without passwords; sessions end after
the idle time."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from tests.factories import teams as f

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LIMIT = settings.AXES_FAILURE_LIMIT
USERNAME = "helsinki-editor"
PASSWORD = "kohtaamo-demo-helsinki-editor"


def attempt_login(client, username=USERNAME, password="wrong-password-123", address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def logged_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_right_password_logs_in_and_resets_the_count():
    client = Client()
    for _ in range(LIMIT - 1):
        assert attempt_login(client).status_code == 200  # the form again, with an error
    response = attempt_login(client, password=PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)
    assert not AccessAttempt.objects.filter(username=USERNAME).exists()


def test_after_the_limit_even_the_right_password_is_refused():
    client = Client()
    for _ in range(LIMIT):
        attempt_login(client)
    response = attempt_login(client, password=PASSWORD)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert not logged_in(client)


def test_a_user_name_locks_whatever_the_address():
    for number in range(LIMIT):
        attempt_login(Client(), address=f"10.0.1.{number}")
    response = attempt_login(Client(), password=PASSWORD, address="10.0.2.1")
    assert response.status_code == 429


def test_an_address_locks_whatever_the_user_name():
    client = Client()
    for number in range(LIMIT):
        attempt_login(client, username=f"guess-{number}", address="10.0.3.1")
    response = attempt_login(client, password=PASSWORD, address="10.0.3.1")
    assert response.status_code == 429
    # Another address still gets in.
    assert attempt_login(Client(), password=PASSWORD, address="10.0.3.2").status_code == 302


def test_the_lock_ends_after_the_cool_off():
    client = Client()
    for _ in range(LIMIT):
        attempt_login(client)
    assert attempt_login(client, password=PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert attempt_login(client, password=PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "command,args",
    [("axes_reset_username", [USERNAME]), ("axes_reset_ip", ["10.0.0.1"]), ("axes_reset", [])],
)
def test_an_administrator_lifts_the_lock_with_a_command(command, args):
    client = Client()
    for _ in range(LIMIT):
        attempt_login(client)
    assert attempt_login(client, password=PASSWORD).status_code == 429
    call_command(command, *args, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert attempt_login(client, password=PASSWORD).status_code == 302


def test_the_admin_lockout_page_is_in_the_admins_default_language():
    """Like Wagtail's login page before anyone is known, in Finnish."""
    client = Client()
    for _ in range(LIMIT):
        attempt_login(client)
    response = attempt_login(client, password=PASSWORD)
    assert response.status_code == 429
    assert "Liian monta yritystä" in response.content.decode()


def test_proxy_address_is_taken_from_the_trusted_end_of_x_forwarded_for(settings):
    settings.KOHTAAMO_PROXY_COUNT = 1
    client = Client()
    for number in range(LIMIT):
        # The client forges the left part; the proxy appends the real address.
        client.post(
            LOGIN,
            {"username": f"guess-{number}", "password": "x" * 12},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.7",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").count() == LIMIT
    response = client.post(
        LOGIN,
        {"username": USERNAME, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7",
    )
    assert response.status_code == 429


# --- Password reset -------------------------------------------------------------------------------


def test_password_reset_requests_are_throttled():
    client = Client()
    url = reverse("wagtailadmin_password_reset")
    user = f.user("a_editor")
    for _ in range(LIMIT):
        response = client.post(url, {"email": user.email}, REMOTE_ADDR="10.0.4.1")
        assert response.status_code == 302
    sent = len(mail.outbox)
    assert sent == LIMIT
    response = client.post(url, {"email": user.email}, REMOTE_ADDR="10.0.4.1")
    assert response.status_code == 429
    assert len(mail.outbox) == sent
    # The same address for another e-mail address: the address is locked too.
    response = client.post(url, {"email": "someone@example.invalid"}, REMOTE_ADDR="10.0.4.1")
    assert response.status_code == 429


# --- Page passwords -------------------------------------------------------------------------------


@pytest.fixture
def protected_page(seeded):
    from kohtaamo.models import ContentPage

    page = ContentPage.objects.live().filter(locale__language_code="fi").first()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="oikea-salasana"
    )

    def url(lang="fi"):
        with translation.override(lang):
            return reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])

    return page, url


@pytest.mark.parametrize(
    "lang,text",
    [("fi", "Liian monta yritystä"), ("sv", "För många försök"), ("en", "Too many attempts")],
)
def test_wrong_page_passwords_lock_the_form(protected_page, lang, text):
    page, url_for = protected_page
    url = url_for(lang)  # the form's address in each language
    client = Client()
    return_url = page.url
    for _ in range(LIMIT):
        response = client.post(
            url, {"password": "arvaus", "return_url": return_url}, REMOTE_ADDR="10.0.5.1"
        )
        assert response.status_code == 200
    response = client.post(
        url, {"password": "oikea-salasana", "return_url": return_url}, REMOTE_ADDR="10.0.5.1"
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert text in html
    assert f'lang="{lang}"' in html


def test_the_right_page_password_still_works_below_the_limit(protected_page):
    page, url_for = protected_page
    url = url_for()
    client = Client()
    client.post(url, {"password": "arvaus", "return_url": page.url}, REMOTE_ADDR="10.0.5.2")
    response = client.post(
        url, {"password": "oikea-salasana", "return_url": page.url}, REMOTE_ADDR="10.0.5.2"
    )
    assert response.status_code == 302


# --- The security log -----------------------------------------------------------------------------


def test_logins_and_failures_are_logged_without_passwords(caplog):
    client = Client()
    with caplog.at_level(logging.INFO, logger="kohtaamo.security"):
        attempt_login(client, password="a-secret-guess-42")
        attempt_login(client, password=PASSWORD)
    text = caplog.text
    assert "login_failed user='helsinki-editor' address=10.0.0.1" in text
    assert "login user='helsinki-editor' address=10.0.0.1" in text
    assert "a-secret-guess-42" not in text
    assert PASSWORD not in text


def test_lockouts_are_logged(caplog):
    client = Client()
    with caplog.at_level(logging.INFO, logger="kohtaamo.security"):
        for _ in range(LIMIT + 1):
            attempt_login(client)
    assert "locked_out user='helsinki-editor'" in caplog.text


def test_a_user_name_cannot_forge_log_lines(caplog):
    with caplog.at_level(logging.INFO, logger="kohtaamo.security"):
        attempt_login(Client(), username="x\nlogin user='admin'")
    lines = [line for line in caplog.text.splitlines() if "login" in line]
    assert all(line.count("login") == 1 or "login_failed" in line for line in lines)
    assert "\nlogin user='admin'" not in caplog.text


# --- Idle sessions --------------------------------------------------------------------------------


def test_sessions_last_the_idle_time_and_every_request_renews_them():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client = Client()
    client.post(LOGIN, {"username": USERNAME, "password": PASSWORD, "remember": "on"})
    session = Session.objects.get(session_key=client.session.session_key)
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + datetime.timedelta(hours=1)
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + datetime.timedelta(hours=7, minutes=59)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600


def test_an_idle_session_has_ended():
    client = Client()
    client.post(LOGIN, {"username": USERNAME, "password": PASSWORD})
    assert logged_in(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
