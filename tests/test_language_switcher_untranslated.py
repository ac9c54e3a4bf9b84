"""The language switcher never pretends a page exists in a language it was not translated into:
such a language's link says, in that language, that it leads to the home page."""

import pytest
from bs4 import BeautifulSoup

from tests.factories.news import make_news, ohjaamo_page, translation_of


def switcher(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (a["hreflang"], a["href"], a.get_text(strip=True), a.get("aria-current"))
        for a in soup.select(".language-switcher a")
    ]


@pytest.fixture
def finnish_only_news(seeded):
    ohjaamo = ohjaamo_page(slug="kielivalitsin-ohjaamo", title="Ohjaamo Kielivalitsin")
    return make_news(ohjaamo, title="Paikallinen uutinen vain suomeksi")


def test_local_news_without_translations_labels_the_home_links(client, finnish_only_news):
    response = client.get(finnish_only_news.url)
    assert response.status_code == 200
    assert switcher(response) == [
        ("fi", finnish_only_news.url, "Suomi", "true"),
        ("sv", "/sv/", "Startsidan på svenska", None),
        ("en", "/en/", "Home page in English", None),
    ]
    # Nothing offers "English" or "Svenska" as if the page were there.
    html = response.content.decode()
    assert ">English<" not in html and ">Svenska<" not in html
    # And search engines are told of no alternates that do not exist.
    soup = BeautifulSoup(html, "html.parser")
    assert {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')} <= {
        "fi",
        "x-default",
    }


def test_page_translated_into_one_language_offers_it_by_name(client, finnish_only_news):
    translation_of(finnish_only_news, "sv")
    response = client.get(finnish_only_news.url)
    links = {code: (href, text) for code, href, text, _current in switcher(response)}
    assert links["sv"][1] == "Svenska" and links["sv"][0] != "/sv/"
    assert links["en"] == ("/en/", "Home page in English")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_translated_pages_name_each_language(client, seeded, lang):
    response = client.get(seeded[lang].url)
    texts = [text for _code, _href, text, _current in switcher(response)]
    assert texts == ["Suomi", "Svenska", "English"]
