"""A page whose `expire_at` has passed vanishes from the public site at that moment — sitemap,
hreflang alternates, site search, feeds, listings and the API — not when `publish_scheduled`
next unpublishes it (Wagtail keeps it `live` until then). The clock is shifted past the expiry
without running the command."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation

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
