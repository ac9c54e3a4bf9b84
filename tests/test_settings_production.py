"""Production settings refuse to start without the values only the operator can give, pass Django's
deploy checks when given them, and every public response carries the security headers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "prod-test-" + "k3y" * 20


def run_production(code, **env):
    """Run `code` in a fresh interpreter with production settings and the given environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="kohtaamo.settings.production",
        DATABASE_URL="sqlite:///:memory:",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=600,  # migrate + seed in a fresh process; generous for a loaded CI machine,
    )


SETUP = "import django; django.setup()"


def test_production_refuses_to_start_without_secret_key():
    result = run_production(SETUP, ALLOWED_HOSTS="ohjaamot.fi")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_blank_secret_key():
    result = run_production(SETUP, SECRET_KEY="   ", ALLOWED_HOSTS="ohjaamot.fi")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production(SETUP, SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_with_both_passes_the_deploy_checks():
    result = run_production(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="ohjaamot.fi,www.ohjaamot.fi",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_values():
    result = run_production(
        SETUP + "; from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.KOHTAAMO_ALLOW_DEMO_USERS, s.ALLOWED_HOSTS, "
        "s.STORAGES['staticfiles']['BACKEND'])",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="ohjaamot.fi, www.ohjaamot.fi",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 6)[:6] == ["False", "True", "True", "True", "True", "False"]
    assert "['ohjaamot.fi', 'www.ohjaamot.fi']" in result.stdout
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in result.stdout


def test_seed_demo_creates_no_demo_accounts_in_production():
    """Production's seed must never print or create a login (runs on an in-memory database)."""
    result = run_production(
        SETUP + "; from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); call_command('seed_demo', verbosity=1); "
        "from django.contrib.auth import get_user_model; "
        "print('USERS', get_user_model().objects.count())",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="ohjaamot.fi",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "USERS 0" in result.stdout
    assert "kohtaamo-demo-admin" not in result.stdout
    assert "Demo logins" not in result.stdout


# --- Security headers on a public response -------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/sv/", "/en/what-is-ohjaamo/", "/ei-ole/"])
def test_public_responses_carry_the_security_headers(client, seeded, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
    # No third-party script or style source on the public site.
    for source in csp["script-src"] + csp["style-src"]:
        assert source == "'self'" or source.startswith("'nonce-"), source


def test_public_html_has_no_inline_style_or_script_without_the_nonce(client, seeded):
    response = client.get("/")
    html = response.content.decode()
    assert " style=" not in html
    assert "<style" not in html or 'nonce="' in html
    nonce = request_nonce(response)
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" in tag:
            continue
        assert f'nonce="{nonce}"' in tag, tag


def request_nonce(response):
    csp = csp_directives(response)
    nonces = [s for s in csp["script-src"] if s.startswith("'nonce-")]
    return nonces[0][len("'nonce-") : -1] if nonces else None


def test_nonce_is_fresh_per_request_and_matches_inline_elements(rf):
    from django.template import engines
    from django.template.response import TemplateResponse

    from kohtaamo.middleware import ContentSecurityPolicyMiddleware

    # A template that uses the nonce (as the brand tokens and JSON-LD do) puts it in the header.
    template = engines["django"].from_string(
        '<style nonce="{{ request.csp_nonce }}">:root{--x:1}</style>'
        '<script nonce="{{ request.csp_nonce }}" type="application/ld+json">{}</script>'
    )

    def view(request):
        return TemplateResponse(request, template, {})

    nonces = []
    for _ in range(2):
        request = rf.get("/")
        middleware = ContentSecurityPolicyMiddleware(lambda r: view(r).render())
        response = middleware(request)
        csp = csp_directives(response)
        nonce = [s for s in csp["style-src"] if s.startswith("'nonce-")][0][7:-1]
        assert [s for s in csp["script-src"] if s.startswith("'nonce-")] == [f"'nonce-{nonce}'"]
        assert f'<style nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 16


def test_admin_gets_its_own_looser_policy(client, seeded):
    csp = csp_directives(client.get("/admin/login/"))
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client, seeded):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
