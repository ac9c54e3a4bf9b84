"""The export served for real: Debian's nginx with the project's configuration
(generator/nginx/site.conf) on a free loopback port — pages of every language, the security and
cache headers, compression, the 404 pages, the API files, redirects — and the exported pages pass
the same accessibility checks as the live ones."""

import gzip
import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect

from generator import nginx_config
from generator.build import Builder
from tests.conftest import _free_port, axe_violations, require_service, synchronous_orm_allowed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Loopback only: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


def fetch(base, path, headers=None):
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        response = OPENER.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    return response.status, response.headers, body


@pytest.fixture(scope="module")
def nginx_export(tmp_path_factory, django_db_setup, django_db_blocker):
    binary = nginx_config.nginx_binary()
    require_service(binary is not None, "nginx (Debian package nginx-light)")
    work = tmp_path_factory.mktemp("nginx-export")
    output = work / "export"
    # After the browser tests, Playwright's event loop runs in this thread (see conftest).
    with synchronous_orm_allowed(), django_db_blocker.unblock(), transaction.atomic():
        Redirect.objects.create(old_path="/vanha-osoite", redirect_link="/uutiset/")
        Builder(output).build()
        transaction.set_rollback(True)
    port = _free_port()
    config = work / "nginx.conf"
    config.write_text(
        nginx_config.standalone_config(output / "current", work / "run", f"127.0.0.1:{port}")
    )
    ok, errors = nginx_config.test_config(config)
    assert ok, errors
    server = subprocess.Popen(
        [binary, "-c", str(config), "-p", str(work / "run"), "-e", str(work / "run" / "err.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            OPENER.open(base + "/robots.txt", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log = (work / "run" / "err.log").read_text()
                pytest.fail(f"nginx did not start (exit {server.poll()}): {log}")
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.parametrize(
    ("path", "lang"), [("/", "fi"), ("/sv/", "sv"), ("/en/", "en"), ("/uutiset/", "fi")]
)
def test_pages_of_every_language_with_the_applications_security_headers(nginx_export, path, lang):
    status, headers, body = fetch(nginx_export, path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{lang}"' in body.decode()
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "nonce" not in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert headers["ETag"]
    assert "Server" not in headers or "/" not in headers["Server"]


@pytest.mark.parametrize(
    ("path", "lang"), [("/upotus/", "fi"), ("/sv/inbaddning/", "sv"), ("/en/embed/", "en")]
)
def test_the_embeddable_finder_is_exported_and_only_it_may_be_framed(nginx_export, path, lang):
    status, headers, body = fetch(nginx_export, path)
    assert status == 200
    html = body.decode()
    assert f'<html lang="{lang}"' in html
    assert 'method="get"' in html.lower()
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "frame-ancestors 'self'" not in policy
    assert "nonce" not in policy and "unsafe-inline" not in policy
    assert "X-Frame-Options" not in headers
    # The loader that partners paste is there too; the rest of the site stays unframeable.
    status, headers, body = fetch(nginx_export, "/embed.js")
    assert status == 200
    assert headers["Content-Type"].startswith("application/javascript")
    assert b"/sv/inbaddning/" in body and b"/upotus/" in body
    status, headers, _ = fetch(nginx_export, "/ohjaamot/" if lang == "fi" else f"/{lang}/")
    assert status == 200
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]


def test_conditional_requests_and_compression(nginx_export):
    _status, headers, body = fetch(nginx_export, "/")
    status, _h, _b = fetch(nginx_export, "/", {"If-None-Match": headers["ETag"]})
    assert status == 304
    status, headers, packed = fetch(nginx_export, "/", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == body


def test_hashed_static_files_are_cached_for_a_year(nginx_export):
    _status, _headers, body = fetch(nginx_export, "/")
    css = body.decode().split('<link rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/css/main.") and css != "/static/css/main.css"
    status, headers, _body = fetch(nginx_export, css)
    assert status == 200 and headers["Content-Type"] == "text/css"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "lang"), [("/ei-ole-olemassa/", "fi"), ("/sv/finns-inte/", "sv"), ("/en/nope/", "en")]
)
def test_missing_pages_get_the_404_page_of_their_language(nginx_export, path, lang):
    status, headers, body = fetch(nginx_export, path)
    assert status == 404
    assert f'<html lang="{lang}"' in body.decode()
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_api_files_answer_by_language_and_refuse_what_they_cannot_answer(nginx_export):
    status, headers, body = fetch(nginx_export, "/api/news/?lang=sv")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["items"]
    finnish = json.loads(fetch(nginx_export, "/api/news/")[2])
    assert finnish != json.loads(body)
    status, headers, body = fetch(nginx_export, "/api/news/?category=kampanjat&lang=en")
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert "lang and page" in json.loads(body)["detail"]
    status, _headers, body = fetch(nginx_export, "/api/nothing-here/?lang=sv")
    assert status == 404 and json.loads(body)["detail"]
    status, headers, body = fetch(nginx_export, "/api/openapi.json")
    assert status == 200 and json.loads(body)["openapi"]


def test_feeds_redirects_and_the_builds_own_files(nginx_export):
    status, headers, _body = fetch(nginx_export, "/uutiset/feed/")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    status, headers, _body = fetch(nginx_export, "/uutiset/feed/atom/")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    status, headers, _body = fetch(nginx_export, "/vanha-osoite")
    assert status == 301 and headers["Location"].endswith("/uutiset/")
    for private in ("/.manifest.json", "/redirects-301.map"):
        assert fetch(nginx_export, private)[0] == 404


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/", "/sv/", "/en/", "/ohjaamot/", "/sv/nyheter/", "/en/publications/", "/ei-ole/"]
)
def test_exported_pages_pass_axe(nginx_export, browser_page, axe, path):
    browser_page.goto(nginx_export + path)
    assert axe_violations(axe, browser_page) == ""
    assert browser_page.foreign_requests == []
    # A missing page's own 404 status is the one "failed to load" message allowed.
    expected = 1 if path == "/ei-ole/" else 0
    assert len(browser_page.console_errors) == expected, browser_page.console_errors
