"""Shared fixtures.

The demo site is seeded once per test session into the test database (`seed_demo`, every app's
seeders), and each test runs in a transaction rolled back at its end, so tests see the same
believable site a newcomer sees after `make run`, and may change it freely.

Tests that need a service (PostgreSQL, Elasticsearch, Chromium) skip on a machine without it and
fail in CI (CI=true): use `require_service()`, or the `elasticsearch_url` fixture (mark such tests
`@pytest.mark.elasticsearch`).
"""

import contextlib
import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation
from elasticsearch import Elasticsearch

from kohtaamo.workarounds.opensearch_node import client_options

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(available, what):
    """Skip when `what` is missing on a developer machine; fail in CI, where it must be there."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but not available", pytrace=False)
    pytest.skip(f"{what} not available on this machine")


# --- Elasticsearch -------------------------------------------------------------------------------
# A real search node (scripts/elasticsearch.sh up; .ci/run starts it) is handed to the tests as
# TEST_ELASTICSEARCH_URL, so the rest of the suite keeps the embedded database engine.


def _search_node_answers(url):
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - loopback test node
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def elasticsearch_url():
    """URL of the test search node; skips without one on a developer machine, fails in CI."""
    url = os.environ.get("TEST_ELASTICSEARCH_URL", "").strip()
    require_service(url, "a search node (TEST_ELASTICSEARCH_URL; scripts/elasticsearch.sh up)")
    require_service(_search_node_answers(url), f"the search node at {url}")
    return url


@pytest.fixture
def elasticsearch_client(elasticsearch_url):
    """An `elasticsearch` 8 client for the test node (kohtaamo/workarounds/opensearch_node.py)."""
    client = Elasticsearch(elasticsearch_url, request_timeout=30, **client_options())
    yield client
    client.close()


@contextlib.contextmanager
def synchronous_orm_allowed():
    """Allow the ORM while Playwright's event loop runs in this thread (Django then refuses it as
    "async"): for plain synchronous setup code such as seeding or building the export, which runs
    before a browser test when the database is first needed after a browser test started
    (`pytest -m browser`, or after the browser tests of a whole run)."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


# The database the settings name, read before any test database is set up (this module is
# imported at collection, fixtures run later): setting one up renames the connection's database.
CONFIGURED_DATABASE = django_settings.DATABASES["default"]["NAME"]


def _uses_test_database(alias="default"):
    """Whether the connection points at a test database (pytest-django sets one up only when a
    selected test asks for the database by marker or `db` fixture)."""
    from django.db import connections

    return connections[alias].settings_dict["NAME"] != CONFIGURED_DATABASE


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """The test database, seeded: built once and copied (tests/seeded_database.py).

    Fixtures that build from the database without the `db` fixture (the export served by nginx for
    browser tests) depend on this too: the seed must never go into the configured database (the
    developer's own site)."""
    from tests.seeded_database import SeededDatabase

    with django_db_blocker.unblock(), synchronous_orm_allowed():
        database = SeededDatabase(verbosity=request.config.option.verbose)
        database.set_up()
    assert _uses_test_database(), "the tests must run on the test database"
    yield
    with django_db_blocker.unblock(), synchronous_orm_allowed():
        database.tear_down()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
    # Nor does a language a test activated outlive it (translation state is per thread).
    translation.deactivate()


@pytest.fixture
def seeded(db):
    """The seeded demo site: returns the Finnish home page and its translations by language."""
    from kohtaamo.models import HomePage

    return {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}


@pytest.fixture
def admin_user(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- Browser tests ----------------------------------------------------------------------------
# A real server (manage.py runserver, test settings: DEBUG off, production error pages and headers)
# on its own seeded SQLite database, driven by Debian's Chromium through Playwright.

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class LiveSite(str):
    """The base URL of the live test server (a str), with the path of its SQLite database: browser
    tests read it with sqlite3, because the Django ORM refuses to run beside Playwright's event
    loop."""

    database: str


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_site(request, tmp_path_factory):
    """Base URL of a seeded server running in a subprocess, on a copy of the seeded test database
    when the suite runs on SQLite (tests/seeded_database.py), else on a database seeded anew."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from tests.seeded_database import sqlite_file_for_server

    require_service(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    work = tmp_path_factory.mktemp("live-site")
    seeded = None
    if django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        request.getfixturevalue("django_db_setup")  # builds the cached copy when there is none
        seeded = sqlite_file_for_server()
    if seeded is not None:
        shutil.copyfile(seeded[0], work / "site.sqlite3")
        shutil.copytree(seeded[1], work / "media")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kohtaamo.settings.test",
        "DATABASE_URL": f"sqlite:///{work / 'site.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    manage = [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py")]
    if seeded is None:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    # On the copy, the seed only moves the site to this server's address (it is idempotent).
    subprocess.run([*manage, "seed_demo", "-v0"], env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(work / "server.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = LiveSite(f"http://127.0.0.1:{port}")
    base_url.database = str(work / "site.sqlite3")
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/robots.txt", timeout=2)  # noqa: S310
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"test server did not start; see {work / 'server.log'}")
            time.sleep(0.3)
    yield base_url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def chromium():
    from pathlib import Path

    require_service(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser tab; fails the test on any request to a host other than the site's own
    (no third-party request before the user asks for it) and collects console errors."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fi-FI")
    page = context.new_page()
    page.foreign_requests = []
    page.console_errors = []

    def on_request(request):
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            page.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on(
        "console",
        lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


FINISH_ANIMATIONS = """() => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 3000)),
])"""


def axe_violations(axe, page, context=None):
    """Run axe-core with the WCAG 2.1 A and AA rules; return a readable report of violations
    (empty string when there are none)."""
    # Let finite CSS animations end first: a message fading in has, half-way, a contrast it never
    # shows at rest (axe measured white on #db7979 for the admin's red error message).
    page.evaluate(FINISH_ANIMATIONS)
    results = axe.run(
        page, context=context, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
    )
    if not results.violations_count:
        return ""
    return f"{page.url}\n{results.generate_report()}"


def prefix(lang):
    """The URL prefix of a language: Finnish, the source language, is served at the root."""
    return "" if lang == "fi" else f"/{lang}"
