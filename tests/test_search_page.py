"""The site search page: results from the active language only, empty and over-long queries,
pagination, escaping, and a fixed number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from kohtaamo.models import ContentPage
from search.engine import MAX_QUERY_LENGTH
from search.views import RESULTS_PER_PAGE


def search_url(lang):
    with translation.override(lang):
        return reverse("search")


def search(client, lang, **params):
    response = client.get(search_url(lang), params)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def result_links(soup):
    return [a["href"] for a in soup.select(".search-result a")]


def add_page(parent, title, slug, intro=""):
    page = ContentPage(title=title, slug=slug, intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_pages_have_addresses_in_their_language():
    assert search_url("fi") == "/haku/"
    assert search_url("sv") == "/sv/sok/"
    assert search_url("en") == "/en/search/"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_header_search_form_goes_to_the_search_page_of_the_language(client, seeded, lang):
    soup = BeautifulSoup(client.get(seeded[lang].url).content, "html.parser")
    form = soup.select_one("form.site-search")
    assert form["action"] == search_url(lang)
    assert form.select_one("input")["name"] == "q"
    assert soup.select_one(f'label[for="{form.select_one("input")["id"]}"]') is not None


@pytest.mark.parametrize(
    ("lang", "query", "expected_prefix"),
    [("fi", "Ohjaamo", "/"), ("sv", "Navigatorn", "/sv/"), ("en", "Ohjaamo", "/en/")],
)
def test_results_come_from_the_active_language_only(client, seeded, lang, query, expected_prefix):
    response, soup = search(client, lang, q=query)
    links = result_links(soup)
    assert links, "the seeded site should match"
    for href in links:
        assert href.startswith(expected_prefix)
        if lang == "fi":
            assert not href.startswith(("/sv/", "/en/"))
    assert soup.html["lang"] == lang


def test_a_page_of_another_language_never_appears(client, seeded):
    add_page(seeded["sv"], "Kvastfening och annat", "kvastfening", "Bara på svenska.")
    _response, fi_soup = search(client, "fi", q="kvastfening")
    _response, en_soup = search(client, "en", q="kvastfening")
    _response, sv_soup = search(client, "sv", q="kvastfening")
    assert result_links(fi_soup) == []
    assert result_links(en_soup) == []
    assert result_links(sv_soup) == ["/sv/kvastfening/"]


def test_drafts_and_unpublished_pages_are_not_found(client, seeded):
    page = add_page(seeded["fi"], "Salainen kuukkeli", "kuukkeli")
    page.unpublish()
    draft = ContentPage(title="Luonnoskuukkeli", slug="luonnoskuukkeli", live=False)
    seeded["fi"].add_child(instance=draft)
    draft.save_revision()
    _response, soup = search(client, "fi", q="kuukkeli")
    assert result_links(soup) == []


def test_empty_query_shows_the_form_only(client, seeded):
    for params in ({}, {"q": ""}, {"q": "   "}):
        _response, soup = search(client, "fi", **params)
        assert soup.select_one("#search-page-q")["value"] == ""
        assert soup.select(".search-result") == []
        assert soup.select(".search-summary") == []


def test_no_results_says_so_and_suggests_what_to_do(client, seeded):
    _response, soup = search(client, "fi", q="xyzzyplugh")
    assert soup.select_one(".search-summary").get_text() == "0 tulosta haulla ”xyzzyplugh”"
    assert "Kokeile muita hakusanoja" in soup.get_text()


def test_results_are_paginated(client, seeded):
    total = RESULTS_PER_PAGE + 5
    for n in range(total):
        add_page(seeded["en"], f"Quokka guide {n}", f"quokka-{n}", "All about quokkas.")
    _response, first = search(client, "en", q="quokka")
    assert len(result_links(first)) == RESULTS_PER_PAGE
    assert first.select_one(".search-summary").get_text() == f"{total} results for “quokka”"
    next_link = first.select_one('.pagination a[rel="next"]')
    assert next_link["href"] == "?q=quokka&page=2"
    assert first.select('.pagination a[rel="prev"]') == []

    _response, second = search(client, "en", q="quokka", page=2)
    assert len(result_links(second)) == 5
    assert second.select_one("ol.search-results")["start"] == str(RESULTS_PER_PAGE + 1)
    assert set(result_links(first)).isdisjoint(result_links(second))
    assert second.select_one('.pagination [aria-current="page"]').get_text() == "Page 2 of 2"
    assert "(page 2)" in second.title.get_text()

    # Out-of-range and malformed page numbers land on a real page instead of an error.
    _response, last = search(client, "en", q="quokka", page=99)
    assert result_links(last) == result_links(second)
    _response, bad = search(client, "en", q="quokka", page="abc")
    assert result_links(bad) == result_links(first)


def test_overlong_query_is_cut_to_the_limit_and_says_so(client, seeded):
    query = "ohjaamo " * 100
    assert len(query) > MAX_QUERY_LENGTH
    response, soup = search(client, "fi", q=query)
    field = soup.select_one("#search-page-q")
    assert len(field["value"]) <= MAX_QUERY_LENGTH
    assert field["maxlength"] == str(MAX_QUERY_LENGTH)
    note = soup.select_one("#search-page-q-note")
    assert note is not None
    assert field["aria-describedby"] == "search-page-q-note"
    assert str(MAX_QUERY_LENGTH) in note.get_text()
    # A query within the limit has no note.
    _response, soup = search(client, "fi", q="ohjaamo")
    assert soup.select_one("#search-page-q-note") is None


def test_html_in_the_query_is_escaped(client, seeded):
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    response, soup = search(client, "sv", q=evil)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    # The query round-trips as text in the field and the summary.
    assert soup.select_one("#search-page-q")["value"] == evil
    assert evil in soup.select_one(".search-summary").get_text()
    # And in the language switcher links, URL-encoded.
    for link in soup.select(".language-switcher a"):
        assert "<" not in link["href"]


@pytest.mark.parametrize(
    "query", ['"', 'a"b', "ohjaamo OR", "NEAR(a b)", "(", "*", "ohja*", "x:y", "#", "\\", "%_"]
)
def test_search_syntax_characters_never_break_the_page(client, seeded, query):
    _response, soup = search(client, "fi", q=query)
    assert soup.select_one(".search-summary") is not None
    assert soup.select_one("#search-page-q")["value"] == query


def test_punctuation_between_words_is_ignored(client, seeded):
    _response, plain = search(client, "en", q="ohjaamo")
    _response, quoted = search(client, "en", q='"ohjaamo"!')
    assert result_links(quoted) == result_links(plain) != []


def test_switcher_keeps_the_query_in_every_language(client, seeded):
    _response, soup = search(client, "fi", q="ohjaamo tampere")
    links = {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a")}
    assert links == {
        "fi": "/haku/?q=ohjaamo+tampere",
        "sv": "/sv/sok/?q=ohjaamo+tampere",
        "en": "/en/search/?q=ohjaamo+tampere",
    }
    # Search results are not translations of each other: no hreflang alternates.
    assert soup.select('link[rel="alternate"]') == []
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex, follow"


def test_search_page_accepts_get_only(client, seeded):
    assert client.post(search_url("fi"), {"q": "x"}).status_code == 405
    assert client.head(search_url("fi")).status_code == 200


# The full-text match (facets, total and ranking in one statement), the documents of the result
# page with the exact-title look-up, and the chrome's; the promoted query strings are cached and
# expired documents are left out by the match itself. Fixed whatever the number of results.
SEARCH_QUERIES = 3


@pytest.mark.parametrize("extra", [0, 8])
def test_search_query_count_is_fixed(client, seeded, django_assert_num_queries, extra):
    for n in range(extra):
        add_page(seeded["fi"], f"Mursu {n}", f"mursu-{n}")
    add_page(seeded["fi"], "Mursu", "mursu")
    search(client, "fi", q="mursu")  # warm the chrome cache
    with django_assert_num_queries(SEARCH_QUERIES):
        _response, soup = search(client, "fi", q="mursu")
    assert len(result_links(soup)) == min(extra + 1, RESULTS_PER_PAGE)


# --- facets, corrections, bad input -------------------------------------------------------------


def test_facets_are_a_form_that_works_without_javascript(client, seeded):
    _response, soup = search(client, "fi", q="ohjaamo")
    form = soup.select_one("form.search-facets")
    assert form["method"] == "get"
    assert form.select_one('input[type="hidden"][name="q"]')["value"] == "ohjaamo"
    legends = [legend.get_text(strip=True) for legend in form.select("legend")]
    assert legends[:2] == ["Sisältötyyppi", "Maakunta"]
    point_box = form.select_one('input[name="type"][value="point"]')
    label = soup.select_one(f'label[for="{point_box["id"]}"]').get_text(" ", strip=True)
    count = int(label.rsplit("(", 1)[1].rstrip(")"))
    # Submitting the form with the box ticked is a plain, shareable URL.
    _response, filtered = search(client, "fi", q="ohjaamo", type="point")
    assert filtered.select_one(".search-summary").get_text().startswith(f"{count} tulos")
    assert filtered.select_one('.search-facets input[name="type"][value="point"]').has_attr(
        "checked"
    )
    assert {li["class"][1] for li in filtered.select("ol.search-results li")} == {
        "search-result--point"
    }
    assert filtered.select_one(".search-facets__clear")["href"] == "?q=ohjaamo"


def test_pagination_keeps_the_filters(client, seeded):
    _response, soup = search(client, "fi", q="ohjaamo", type=["point", "ohjaamo"])
    assert soup.select_one('.pagination a[rel="next"]')["href"] == (
        "?q=ohjaamo&type=point&type=ohjaamo&page=2"
    )


@pytest.mark.parametrize(
    ("lang", "typo", "note"),
    [
        ("fi", "ohjamo", "Näytetään tulokset haulla ”ohjaamo”."),
        ("sv", "navigatorm", "Visar resultat för ”navigator”."),
        ("en", "ohjamo", "Showing results for “ohjaamo”."),
    ],
)
def test_a_typo_shows_what_was_meant_and_offers_the_exact_words(client, seeded, lang, typo, note):
    _response, soup = search(client, lang, q=typo)
    correction = soup.select_one(".search-correction")
    assert note in correction.get_text()
    assert correction.a["href"] == f"?q={typo}&exact=1"
    assert result_links(soup)
    _response, exact = search(client, lang, q=typo, exact=1)
    assert result_links(exact) == []
    assert exact.select_one(".search-correction") is None


@pytest.mark.parametrize(
    "params",
    [
        {"q": "ohjaamo", "page": "999999999999"},
        {"q": "ohjaamo", "page": "-3"},
        {"q": "ohjaamo", "type": "nonsense", "region": "<b>"},
        {"q": "a" * 10_000},
        {"q": "ohjaamo\x00\x1b[31m tampere"},
        {"q": "ohjaamo AND NOT tampere"},
    ],
)
def test_bad_input_gives_a_normal_page(client, seeded, params):
    response, soup = search(client, "fi", **params)
    assert soup.select_one(".search-summary") is not None
    assert "<b>" not in response.content.decode().split("<main", 1)[1]


def test_unknown_filters_are_named_as_left_out(client, seeded):
    _response, soup = search(client, "en", q="ohjaamo", region="zz")
    assert "were not recognised" in soup.select_one(".search-note").get_text()


def test_snippets_highlight_the_words_in_their_base_forms(client, seeded):
    _response, soup = search(client, "fi", q="nuoret")
    marks = [mark.get_text().lower() for mark in soup.select(".search-result__snippet mark")]
    assert marks
    assert all(mark.startswith("nuor") for mark in marks)
