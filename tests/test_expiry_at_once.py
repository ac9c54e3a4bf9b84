"""A page whose `expire_at` has passed vanishes from the public site at that moment — sitemap,
hreflang alternates, site search, feeds, listings and the API — not when `publish_scheduled`
next unpublishes it (Wagtail keeps it `live` until then): at its own URL (any page type), in the
API detail, the menus, and never from the page cache. A live page whose `go_live_at` is still ahead
is hidden the same way until then. The clock is shifted past the moment without running the
command."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from kohtaamo import page_cache
from news.models import NewsPage
from tests.factories.news import make_news, news_index, translation_of

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
WORD = "kvastfeningsnytt"


@pytest.fixture
def expiring(seeded):
    """A news item in fi/sv/en; its Swedish translation expires in an hour."""
    fi = make_news(news_index("fi"), title=f"Uutinen {WORD}", slug="vanheneva-uutinen")
    sv = translation_of(fi, "sv")
    en = translation_of(fi, "en")
    expire_at = timezone.now() + datetime.timedelta(hours=1)
    # Set as an editor does, by publishing: the search layer indexes the expiry with the page.
    sv = NewsPage.objects.get(pk=sv.pk)
    sv.expire_at = expire_at
    sv.save_revision().publish()
    return {"fi": fi, "sv": NewsPage.objects.get(pk=sv.pk), "en": en, "expire_at": expire_at}


@pytest.fixture
def after_expiry(expiring, monkeypatch):
    """The clock a minute past the Swedish translation's expiry; the cron has not run."""
    moment = expiring["expire_at"] + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert NewsPage.objects.get(pk=expiring["sv"].pk).live
    return expiring


def sitemap(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def alternates(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return {
        link["hreflang"]: link["href"]
        for link in soup.select('link[rel="alternate"][hreflang]')
        if link["hreflang"] != "x-default"
    }


def search_links(client, lang):
    with translation.override(lang):
        url = reverse("search")
    soup = BeautifulSoup(client.get(url, {"q": WORD}).content, "html.parser")
    return [a["href"] for a in soup.select(".search-result a")]


def feed(client, lang):
    return client.get(news_index(lang).url + "feed/").content.decode()


def api_ids(client, lang):
    return [item["id"] for item in client.get("/api/news/", {"lang": lang}).json()["items"]]


def test_before_its_expiry_the_translation_is_everywhere(client, expiring):
    sv = expiring["sv"]
    entries = sitemap(client)
    assert sv.full_url in entries
    assert entries[expiring["fi"].full_url]["sv"] == sv.full_url
    assert alternates(client, expiring["fi"])["sv"] == sv.full_url
    assert search_links(client, "sv") == [sv.url]
    assert sv.full_url in feed(client, "sv")
    assert sv.pk in api_ids(client, "sv")


def test_expired_translation_leaves_the_sitemap_at_once(client, after_expiry):
    entries = sitemap(client)
    assert after_expiry["sv"].full_url not in entries
    assert after_expiry["fi"].full_url in entries
    assert "sv" not in entries[after_expiry["fi"].full_url]
    assert set(entries[after_expiry["fi"].full_url]) == {"fi", "en"}


def test_expired_translation_is_no_hreflang_alternate_at_once(client, after_expiry):
    links = alternates(client, after_expiry["fi"])
    assert links.get("sv") != after_expiry["sv"].full_url
    assert links["en"] == after_expiry["en"].full_url


def test_expired_page_leaves_site_search_at_once(client, after_expiry):
    assert search_links(client, "sv") == []
    assert search_links(client, "fi") == [after_expiry["fi"].url]


def test_expired_page_leaves_feeds_listings_and_the_api_at_once(client, after_expiry):
    assert after_expiry["sv"].full_url not in feed(client, "sv")
    assert after_expiry["sv"].pk not in api_ids(client, "sv")
    assert client.get(after_expiry["sv"].url).status_code == 404
    assert after_expiry["fi"].pk in api_ids(client, "fi")


def test_expired_news_leaves_the_api_detail_at_once(client, after_expiry):
    sv = after_expiry["sv"]
    response = client.get(f"/api/news/{sv.pk}/", {"lang": "sv"})
    assert response.status_code == 404
    assert "detail" in response.json()


def menu(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return [(a.get_text(), a["href"]) for a in soup.select(".site-nav a")]


@pytest.fixture
def expiring_menu_page(seeded, monkeypatch):
    """A Swedish content page of the main menu, expiring in an hour (set by publishing)."""
    page = seeded["sv"].get_children().get(slug="vad-ar-navigatorn").specific
    page.expire_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def shift_clock(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_any_expired_page_answers_404_at_its_own_url_and_leaves_the_menu(
    client, expiring_menu_page, monkeypatch
):
    page = expiring_menu_page
    link = (page.title, page.url)
    assert client.get(page.url).status_code == 200
    assert link in menu(client, "/sv/")  # the menu is cached now

    shift_clock(monkeypatch, page.expire_at + datetime.timedelta(minutes=1))
    assert page.__class__.objects.get(pk=page.pk).live  # the cron has not run
    assert client.get(page.url).status_code == 404
    sv_menu = menu(client, "/sv/")
    assert link not in sv_menu
    # The Finnish original is shown, so the Swedish menu falls back to it.
    assert ("Mikä Ohjaamo on?", "/mika-ohjaamo-on/") in sv_menu


def test_the_page_cache_never_serves_a_page_after_its_expiry(
    client, expiring, monkeypatch, settings
):
    settings.KOHTAAMO_PAGE_CACHE = True
    cache.clear()
    sv = expiring["sv"]
    assert client.get(sv.url)["X-Page-Cache"] == "miss"
    assert client.get(sv.url)["X-Page-Cache"] == "hit"
    index = news_index("sv").url
    assert sv.title in client.get(index).content.decode()
    assert client.get(index)["X-Page-Cache"] == "hit"

    shift_clock(monkeypatch, expiring["expire_at"] + datetime.timedelta(seconds=1))
    response = client.get(sv.url)
    assert response.status_code == 404
    assert not response.has_header("X-Page-Cache") or response["X-Page-Cache"] != "hit"
    listing = client.get(index)
    assert listing["X-Page-Cache"] == "miss"
    assert sv.title not in listing.content.decode()


def test_a_live_page_scheduled_for_later_is_hidden_until_then_like_an_expired_one(
    client, seeded, monkeypatch, settings
):
    settings.KOHTAAMO_PAGE_CACHE = True
    cache.clear()
    page = seeded["sv"].get_children().get(slug="vad-ar-navigatorn").specific
    goes_live = timezone.now() + datetime.timedelta(hours=1)
    Page.objects.filter(pk=page.pk).update(go_live_at=goes_live)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 404
    assert page.full_url not in sitemap(client)
    assert (page.title, page.url) not in menu(client, "/sv/")
    home = client.get("/sv/")
    assert home["X-Page-Cache"] in ("miss", "hit")
    entry = page_cache.lookup(home.wsgi_request)
    assert entry is None or entry.expires <= goes_live.timestamp()

    shift_clock(monkeypatch, goes_live + datetime.timedelta(seconds=1))
    assert client.get(page.url).status_code == 200
    assert page.full_url in sitemap(client)
    assert (page.title, page.url) in menu(client, "/sv/")
