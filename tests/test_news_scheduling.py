"""Scheduled publishing and expiry (Wagtail's go_live_at / expire_at, run by `publish_scheduled`):
an item is invisible before its time everywhere – listings, feeds, the API and its own URL – and
disappears when it expires, even before `publish_scheduled` has run."""

import datetime
from unittest import mock

import feedparser
import pytest
from django.core.management import call_command
from django.utils import timezone

from news.models import NewsPage, PublicationPage
from tests.factories.news import make_news, make_publication, news_index, publication_index

pytestmark = pytest.mark.django_db


def schedule(page, go_live_at):
    page.go_live_at = go_live_at
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def visible_everywhere(client, page, title):
    index = news_index("fi")
    listing = title in client.get(index.url).content.decode()
    rss = title in {
        e.title for e in feedparser.parse(client.get(index.url + "feed/").content).entries
    }
    atom = title in {
        e.title for e in feedparser.parse(client.get(index.url + "feed/atom/").content).entries
    }
    api_list = title in {item["title"] for item in client.get("/api/news/").json()["items"]}
    api_detail = client.get(f"/api/news/{page.pk}/").status_code == 200
    direct = client.get(page.url).status_code == 200 if page.url else False
    home = title in client.get("/").content.decode()
    return {
        "listing": listing,
        "rss": rss,
        "atom": atom,
        "api_list": api_list,
        "api_detail": api_detail,
        "direct": direct,
        "home": home,
    }


def test_scheduled_news_is_invisible_until_go_live_at(client, seeded):
    go_live_at = timezone.now() + datetime.timedelta(hours=2)
    news = make_news(news_index("fi"), title="Ajastettu uutinen", live=False)
    news = schedule(news, go_live_at)
    assert not news.live
    assert not any(visible_everywhere(client, news, "Ajastettu uutinen").values())

    # Two hours later the scheduled publishing command runs (cron).
    later = go_live_at + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)
        news.refresh_from_db()
        assert news.live
        assert all(visible_everywhere(client, news, "Ajastettu uutinen").values())


def test_live_item_with_scheduled_change_keeps_its_live_version(client, seeded):
    news = make_news(news_index("fi"), title="Nykyinen otsikko")
    news.title = "Tuleva otsikko"
    schedule(news, timezone.now() + datetime.timedelta(days=1))
    content = client.get(news_index("fi").url).content.decode()
    assert "Nykyinen otsikko" in content and "Tuleva otsikko" not in content
    assert client.get(f"/api/news/{news.pk}/").json()["title"] == "Nykyinen otsikko"


def test_expired_news_disappears_before_and_after_publish_scheduled(client, seeded):
    news = make_news(news_index("fi"), title="Vanheneva uutinen")
    assert all(visible_everywhere(client, news, "Vanheneva uutinen").values())
    NewsPage.objects.filter(pk=news.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    news.refresh_from_db()
    assert news.live  # publish_scheduled has not run yet
    assert not any(visible_everywhere(client, news, "Vanheneva uutinen").values())
    call_command("publish_scheduled", verbosity=0)
    news.refresh_from_db()
    assert not news.live and news.expired
    assert not any(visible_everywhere(client, news, "Vanheneva uutinen").values())


def test_news_expiring_later_is_visible_now(client, seeded):
    news = make_news(
        news_index("fi"),
        title="Myöhemmin vanheneva",
        expire_at=timezone.now() + datetime.timedelta(days=7),
    )
    assert all(visible_everywhere(client, news, "Myöhemmin vanheneva").values())


def test_scheduled_publication_is_invisible_until_go_live_at(client, seeded):
    publication = make_publication(title="Ajastettu julkaisu", live=False)
    publication.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    publication.save_revision().publish()
    publication.refresh_from_db()
    index = publication_index("fi")
    assert "Ajastettu julkaisu" not in client.get(index.url).content.decode()
    assert client.get(f"/api/publications/{publication.pk}/").status_code == 404
    assert "Ajastettu julkaisu" not in str(client.get("/api/publications/").json())
    assert client.get(publication.url or "/julkaisut/ajastettu/").status_code == 404


def test_expired_publication_is_gone_with_its_citation_downloads(client, seeded):
    publication = make_publication(title="Vanhentunut julkaisu")
    assert client.get(publication.url + "cite/bibtex/").status_code == 200
    PublicationPage.objects.filter(pk=publication.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(publication.url).status_code == 404
    assert client.get(publication.url + "cite/bibtex/").status_code == 404
    assert "Vanhentunut julkaisu" not in client.get(publication_index("fi").url).content.decode()
