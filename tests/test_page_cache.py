"""The page cache of the live site (kohtaamo/page_cache.py): anonymous page answers are served from
the cache without a query, every editor's change shows on the next request, logged-in users,
forms, POSTs and position searches always get fresh renders, and conditional requests get 304."""

import datetime
import logging
import os
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import Page, PageViewRestriction, Site

from brand.models import BrandSettings
from kohtaamo import page_cache
from kohtaamo.models import NavigationSettings
from locations.hours import Schedule
from locations.models import ServicePoint
from tests.conftest import require_service
from tests.factories.news import make_news, news_index

pytestmark = pytest.mark.django_db

HOME, OHJAAMO, FINDER_SEARCH = "/", "/ohjaamot/ohjaamo-helsinki/", "/ohjaamot/?q=00100"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.KOHTAAMO_PAGE_CACHE = True


def fetch(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    response.query_count = len(queries)
    return response


def nonce_of(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize(
    "path", [HOME, OHJAAMO, FINDER_SEARCH, "/uutiset/", "/sv/", "/en/news/", "/uutiset/feed/"]
)
def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, seeded, path):
    first = fetch(client, path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert first.query_count > 5
    second = fetch(client, path)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.query_count == 0
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == first["Content-Language"]
    assert second["X-Frame-Options"] == "DENY"


def test_sitemap_is_cached_and_follows_a_publish(client, seeded):
    fetch(client, "/sitemap.xml")
    assert fetch(client, "/sitemap.xml").query_count == 0
    news = make_news(news_index("fi"), title="Karttaan tuleva uutinen")
    response = fetch(client, "/sitemap.xml")
    assert response["X-Page-Cache"] == "miss"
    assert news.url in response.content.decode()


def test_every_cached_answer_has_its_own_csp_nonce_matching_the_body(client, seeded):
    first = client.get(HOME)
    second = client.get(HOME)
    assert second["X-Page-Cache"] == "hit"
    nonces = {nonce_of(first), nonce_of(second)}
    assert len(nonces) == 2
    for response in (first, second):
        body = response.content.decode()
        assert f'nonce="{nonce_of(response)}"' in body
        assert page_cache.NONCE_PLACEHOLDER not in body
        assert int(response["Content-Length"]) == len(response.content)
    # Apart from the nonce the answers are the same page.
    assert first.content.decode().replace(nonce_of(first), "N") == second.content.decode().replace(
        nonce_of(second), "N"
    )


def test_pages_send_etag_and_last_modified_and_answer_conditional_requests(client, seeded):
    first = client.get(OHJAAMO)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    assert client.get(OHJAAMO)["ETag"] == etag  # the same content, whatever the nonce

    by_etag = fetch(client, OHJAAMO, HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 304
    assert by_etag.query_count == 0
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    # A 304 carries no new nonce policy for the body the browser already has.
    assert not by_etag.has_header("Content-Security-Policy")

    by_date = fetch(client, OHJAAMO, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_date.status_code == 304

    stale_etag = fetch(client, OHJAAMO, HTTP_IF_NONE_MATCH='W/"something-else"')
    assert stale_etag.status_code == 200
    older = http_date(timezone.now().timestamp() - 86400)
    assert fetch(client, OHJAAMO, HTTP_IF_MODIFIED_SINCE=older).status_code == 200


def test_a_fresh_render_answers_a_conditional_request_too(client, seeded):
    etag = client.get(HOME)["ETag"]
    NavigationSettings.for_site(Site.objects.get(is_default_site=True)).save()  # invalidates
    response = fetch(client, HOME, HTTP_IF_NONE_MATCH=etag)
    assert response["X-Page-Cache"] == "miss"
    assert response.status_code == 304


def test_cache_control_of_cached_pages_suits_a_cdn(client, seeded):
    control = client.get(HOME)["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "must-revalidate" in control
    s_maxage = int(re.search(r"s-maxage=(\d+)", control).group(1))
    assert 0 < s_maxage <= 60


# --- Invalidation ---------------------------------------------------------------------------------


def home_title(client):
    return client.get(HOME).content.decode()


def test_publishing_a_page_shows_at_once(client, seeded):
    page = seeded["fi"].get_children().get(slug="mika-ohjaamo-on").specific
    client.get(f"/{page.slug}/")
    page.title = "Tätä on Ohjaamo tänään"
    page.save_revision().publish()
    response = fetch(client, f"/{page.slug}/")
    assert response["X-Page-Cache"] == "miss"
    assert "Tätä on Ohjaamo tänään" in response.content.decode()


def test_new_news_shows_on_cached_home_and_listing(client, seeded):
    client.get(HOME), client.get("/uutiset/")
    make_news(news_index("fi"), title="Aivan uusi uutinen")
    assert "Aivan uusi uutinen" in client.get(HOME).content.decode()
    assert "Aivan uusi uutinen" in client.get("/uutiset/").content.decode()


def test_unpublishing_and_deleting_show_at_once(client, seeded):
    news = make_news(news_index("fi"), title="Poistuva uutinen")
    assert client.get(news.url).status_code == 200
    assert client.get(news.url)["X-Page-Cache"] == "hit"
    news.unpublish()
    assert client.get(news.url).status_code == 404
    assert "Poistuva uutinen" not in client.get("/uutiset/").content.decode()
    news.save_revision().publish()
    assert client.get(news.url).status_code == 200
    url = news.url
    Page.objects.get(pk=news.pk).delete()
    assert client.get(url).status_code == 404


def test_moving_a_page_shows_at_once(client, seeded):
    page = seeded["fi"].get_children().get(slug="tietosuoja")
    support = seeded["fi"].get_children().get(slug="valtakunnallinen-tuki")
    assert client.get("/tietosuoja/").status_code == 200
    page.move(support, pos="last-child")
    old = client.get("/tietosuoja/")
    assert old.status_code in (301, 404)  # Wagtail leaves a redirect behind
    assert not old.has_header("X-Page-Cache")
    assert client.get("/valtakunnallinen-tuki/tietosuoja/").status_code == 200


def test_expiry_ends_the_cached_copy_and_publish_scheduled_invalidates(client, seeded):
    expire_at = timezone.now() + datetime.timedelta(seconds=30)
    news = make_news(news_index("fi"), title="Pian vanheneva", expire_at=expire_at)
    response = client.get("/uutiset/")
    assert "Pian vanheneva" in response.content.decode()
    # No cached copy of any page outlives the next expiry of a live page.
    entry = page_cache.lookup(response.wsgi_request)
    assert entry.expires <= expire_at.timestamp()
    assert int(re.search(r"s-maxage=(\d+)", response["Cache-Control"]).group(1)) <= 30

    # Expired (the cache entry has ended by now); the cron unpublishes it.
    Page.objects.filter(pk=news.pk).update(expire_at=timezone.now() - datetime.timedelta(1))
    client.get("/uutiset/")
    call_command("publish_scheduled", verbosity=0)
    assert fetch(client, "/uutiset/")["X-Page-Cache"] == "miss"
    assert "Pian vanheneva" not in client.get("/uutiset/").content.decode()


def test_brand_change_shows_at_once(client, seeded):
    client.get(HOME)
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.primary_colour = "#7a1f5c"
    brand.save()
    response = fetch(client, HOME)
    assert response["X-Page-Cache"] == "miss"
    assert "#7a1f5c" in response.content.decode().lower()


def test_settings_change_shows_at_once(client, seeded):
    client.get(HOME)
    NavigationSettings.for_site(Site.objects.get(is_default_site=True)).items.all().delete()
    response = fetch(client, HOME)
    assert response["X-Page-Cache"] == "miss"


def test_service_point_change_shows_on_the_ohjaamo_page(client, seeded):
    client.get(OHJAAMO)
    point = ServicePoint.objects.filter(page__url_path__endswith="/ohjaamo-helsinki/").first()
    point.street_address = "Uusikatu 99"
    point.save()
    assert "Uusikatu 99" in client.get(OHJAAMO).content.decode()


# --- Fresh renders --------------------------------------------------------------------------------


def test_logged_in_users_always_get_fresh_private_pages(admin_client, seeded):
    admin_client.get(HOME)
    response = fetch(admin_client, HOME)
    assert response.query_count > 0
    assert not response.has_header("X-Page-Cache")
    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def test_a_logged_in_render_is_not_served_to_anonymous_visitors(admin_client, seeded):
    admin_client.get(HOME)
    response = Client().get(HOME)
    assert response["X-Page-Cache"] == "miss"


def test_previews_are_never_cached(admin_client, seeded):
    page = seeded["fi"].get_children().get(slug="mika-ohjaamo-on")
    first = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert first.status_code == 200
    assert not first.has_header("X-Page-Cache")
    assert "no-store" in first["Cache-Control"] or "private" in first["Cache-Control"]


def test_post_is_never_cached_and_leaves_the_cached_page_alone(client, seeded):
    client.get("/tietosuoja/")
    response = client.post("/tietosuoja/", {"x": "1"})
    assert not response.has_header("X-Page-Cache")
    assert client.get("/tietosuoja/")["X-Page-Cache"] == "hit"


def test_password_form_with_csrf_token_is_never_cached(client, seeded):
    page = seeded["fi"].get_children().get(slug="tietosuoja")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="salasana-123"
    )
    first = client.get("/tietosuoja/")
    second = fetch(client, "/tietosuoja/")
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert second.query_count > 0
    assert page_cache.lookup(first.wsgi_request) is None


def test_finder_search_is_cached_per_query(client, seeded):
    assert fetch(client, FINDER_SEARCH)["X-Page-Cache"] == "miss"
    assert fetch(client, FINDER_SEARCH).query_count == 0
    other = fetch(client, "/ohjaamot/?q=33100")
    assert other["X-Page-Cache"] == "miss"
    assert "33100" in other.content.decode()
    # Parameter order does not matter.
    fetch(client, "/ohjaamot/?q=00100&service=ohjaus")
    assert fetch(client, "/ohjaamot/?service=ohjaus&q=00100")["X-Page-Cache"] == "hit"


def test_unknown_query_parameters_get_fresh_renders(client, seeded):
    for _ in range(2):
        response = fetch(client, "/ohjaamot/?q=00100&utm_source=x")
        assert response.query_count > 0
        assert response["Cache-Control"] == "private, no-cache"
    for _ in range(2):
        assert fetch(client, "/uutiset/?page=2").query_count > 0


def test_position_searches_are_never_cached_nor_stored_by_browsers(client, seeded):
    for _ in range(2):
        response = fetch(client, "/ohjaamot/?lat=60.17&lon=24.94")
        assert response.status_code == 200
        assert response.query_count > 0
        assert response["Cache-Control"] == "no-store"
        assert not response.has_header("X-Page-Cache")


def test_nearest_api_by_postcode_is_cached_by_position_never(client, seeded):
    url = "/api/locations/nearest/?postcode=00100"
    assert fetch(client, url)["X-Page-Cache"] == "miss"
    hit = fetch(client, url)
    assert hit.query_count == 0 and hit.json()["results"]
    assert "public" in hit["Cache-Control"]
    for _ in range(2):
        by_position = fetch(client, "/api/locations/nearest/?lat=60.17&lon=24.94")
        assert by_position.status_code == 200 and by_position.query_count > 0
        assert by_position["Cache-Control"] == "no-store"
    for _ in range(2):
        bad = fetch(client, "/api/locations/nearest/?postcode=abc")
        assert bad.status_code == 400
        assert not bad.has_header("X-Page-Cache")


def test_page_cache_off_renders_every_time(client, seeded, settings):
    settings.KOHTAAMO_PAGE_CACHE = False
    client.get(HOME)
    assert fetch(client, HOME).query_count > 0


# --- Open now -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/ohjaamot/", OHJAAMO])
def test_a_cached_page_never_outlives_the_open_now_state_it_shows(client, seeded, path):
    now = timezone.now()
    response = client.get(path)
    entry = page_cache.lookup(response.wsgi_request)
    points = ServicePoint.objects.filter(page__live=True, page__locale__language_code="fi")
    if path == OHJAAMO:
        points = points.filter(page__url_path__endswith="/ohjaamo-helsinki/")
    changes = []
    for point in points:
        status = Schedule(point).status(now)
        moment = status.closes_at if status.is_open else status.opens_next_at
        if moment is not None:
            changes.append(moment)
    assert changes, "the seeded points have opening hours"
    assert entry.expires <= min(changes).timestamp() + 1
    # And no cached page lives past midnight in Helsinki ("today", "tomorrow").
    assert entry.expires <= page_cache._next_midnight(now).timestamp()


# --- Redis ----------------------------------------------------------------------------------------


def redis_cache(location):
    return {
        "default": {
            "BACKEND": "kohtaamo.cache_backends.ResilientRedisCache",
            "LOCATION": location,
            # Its own prefix: the shared Redis is never cleared.
            "KEY_PREFIX": f"kohtaamo-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_site_keeps_serving_when_redis_is_down_and_logs_it(client, seeded, settings, caplog):
    # Nothing listens on port 1: as a stopped Redis.
    settings.CACHES = redis_cache("redis://127.0.0.1:1/0")
    from kohtaamo import cache_backends

    cache_backends.FAILURES.last = 0.0
    with caplog.at_level(logging.ERROR, logger="kohtaamo.cache_backends"):
        for path in (HOME, OHJAAMO, FINDER_SEARCH, "/uutiset/", "/api/locations/"):
            response = client.get(path)
            assert response.status_code == 200, path
    messages = [r.getMessage() for r in caplog.records if r.name == "kohtaamo.cache_backends"]
    assert messages and "Cache unavailable" in messages[0]
    # Logged once, not once per cache call.
    assert len(messages) == 1


def test_page_cache_works_through_redis(client, seeded, settings):
    url = os.environ.get("TEST_REDIS_URL", "")
    available = False
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=1).ping()
            available = True
        except redis.exceptions.RedisError:
            pass
    require_service(available, f"Redis (TEST_REDIS_URL={url or 'unset'})")
    settings.CACHES = redis_cache(url)
    assert fetch(client, OHJAAMO)["X-Page-Cache"] == "miss"
    hit = fetch(client, OHJAAMO)
    assert hit["X-Page-Cache"] == "hit" and hit.query_count == 0
    page = Page.objects.get(url_path__endswith="/ohjaamo-helsinki/", locale__language_code="fi")
    page.specific.save_revision().publish()
    assert fetch(client, OHJAAMO)["X-Page-Cache"] == "miss"


def test_statement_page_with_its_feedback_form_is_cached_and_feedback_keeps_the_cache(
    client, seeded
):
    """The form carries no per-visitor secret (kohtaamo/feedback.py checks where a post comes
    from), so the statement page is one cached answer for every visitor; the thank-you state and
    an answer to a post are rendered fresh."""
    from django.urls import reverse

    from kohtaamo.seed import accessibility_statement

    url = f"/{accessibility_statement('fi')['slug']}/"
    first = fetch(client, url)
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert first["X-Page-Cache"] == "miss"
    hit = fetch(client, url)
    assert hit["X-Page-Cache"] == "hit" and hit.query_count == 0
    client.get(HOME)
    sent = client.post(
        reverse("accessibility_feedback"),
        {"url": "/", "message": "Painike puuttuu.", "email": "", "homepage": ""},
        HTTP_ORIGIN="http://testserver",
    )
    assert sent.status_code == 303
    assert sent["Cache-Control"] == "no-store"
    thanks = fetch(client, sent["Location"].split("#")[0])
    assert not thanks.has_header("X-Page-Cache") and thanks.query_count > 0
    # A visitor's feedback is no content change: cached pages stay.
    assert fetch(client, HOME)["X-Page-Cache"] == "hit"
