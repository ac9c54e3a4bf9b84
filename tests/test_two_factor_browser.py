"""The two-step verification pages and the lockout page have no axe-core (WCAG 2.1 A/AA)
violations in fi, sv and en, in headless Chromium: the account's two-step page, setting up an
authenticator (QR code and key), the recovery codes, the second step of the login (also with a
wrong code's error) and the page shown to a locked-out login."""

import base64
import json
import sqlite3
import uuid

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.oath import totp

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

LANGS = ["fi", "sv", "en"]
PASSWORD = "kaksi-vaihetta-testi-1"


def make_superuser(live_site, username, lang):
    """A superuser whose admin language is `lang` (the admin follows the user's profile, not the
    browser, once logged in)."""
    from wagtail.users.models import UserProfile

    profile = {"preferred_language": lang}
    for field in UserProfile._meta.concrete_fields:
        if field.column not in ("id", "user_id", "preferred_language"):
            default = field.get_default()
            profile[field.column] = json.dumps(default) if isinstance(default, dict) else default
    with sqlite3.connect(live_site.database) as db:
        cursor = db.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) VALUES (?, 1, ?, '', '', ?, 1, 1, ?)",
            (make_password(PASSWORD), username, f"{username}@example.fi", timezone.now()),
        )
        columns = ["user_id", *profile]
        db.execute(
            f"INSERT INTO {UserProfile._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(columns))})",
            [cursor.lastrowid, *(str(v) if hasattr(v, "value") else v for v in profile.values())],
        )


def forget_login_failures(live_site):
    """Failed logins from 127.0.0.1 count towards its lockout: the other browser tests log in
    from the same address."""
    with sqlite3.connect(live_site.database) as db:
        db.execute("DELETE FROM axes_accessattempt")


def new_page(chromium, lang):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        locale={"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[lang],
        extra_http_headers={"Accept-Language": lang},
    )
    return context, context.new_page()


def check(axe, page, lang, state):
    assert page.evaluate("document.documentElement.lang").startswith(lang), (state, page.url)
    assert axe_violations(axe, page) == "", state


def log_in(page, live_site, username):
    page.goto(f"{live_site}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()


def code_from_key(text):
    key = base64.b32decode(text.replace(" ", "") + "=" * (-len(text.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


@pytest.mark.parametrize("lang", LANGS)
def test_two_step_pages_have_no_axe_violations(live_site, chromium, axe, lang):
    username = f"kaksivaihe-{lang}-{uuid.uuid4().hex[:6]}"
    make_superuser(live_site, username, lang)
    context, page = new_page(chromium, lang)
    try:
        log_in(page, live_site, username)
        assert "/admin/login" not in page.url

        page.goto(f"{live_site}/admin/account/two-factor/")
        check(axe, page, lang, "two-step page, not set up")

        page.goto(f"{live_site}/admin/account/two-factor/set-up/")
        check(axe, page, lang, "set-up page")
        page.fill("input[name=code]", "000000")
        page.locator("form.login-form button[type=submit]").click()
        page.wait_for_load_state()
        check(axe, page, lang, "set-up page with a wrong code")
        page.fill("input[name=code]", code_from_key(page.inner_text(".accounts-secret")))
        page.locator("form.login-form button[type=submit]").click()
        page.wait_for_load_state()
        assert "recovery-codes" in page.url
        check(axe, page, lang, "recovery codes")

        page.goto(f"{live_site}/admin/account/two-factor/")
        check(axe, page, lang, "two-step page, set up")

        context.clear_cookies()
        log_in(page, live_site, username)
        assert "/admin/login/verify/" in page.url
        check(axe, page, lang, "second step of the login")
        page.fill("input[name=code]", "000000")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert "/admin/login/verify/" in page.url
        check(axe, page, lang, "second step with a wrong code")
    finally:
        context.close()
        forget_login_failures(live_site)


@pytest.mark.parametrize("lang", LANGS)
def test_the_lockout_page_has_no_axe_violations(live_site, chromium, axe, lang):
    context, page = new_page(chromium, lang)
    username = f"arvaaja-{lang}-{uuid.uuid4().hex[:6]}"
    try:
        status = None
        for _attempt in range(8):
            page.goto(f"{live_site}/admin/login/")
            if page.locator("input[name=password]").count() == 0:
                break
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "väärä-salasana")
            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.locator("form button[type=submit]").first.click()
            status = answer.value.status
            if status == 429:
                break
        assert status == 429 or page.locator("input[name=password]").count() == 0
        page.wait_for_load_state()
        assert axe_violations(axe, page) == "", "lockout page"
        # Before anyone is known the admin speaks its default language, Finnish, whatever the
        # browser asks: Wagtail's login page does, and so does the lockout page shown in its place
        # (tests/test_login_throttling.py asserts the same without a browser).
        assert page.evaluate("document.documentElement.lang").startswith("fi")
    finally:
        context.close()
        forget_login_failures(live_site)
