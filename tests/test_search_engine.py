"""The search layer's behaviour, the same on both engines (database, Elasticsearch): Finnish word
forms, ranking, typos, facets, snippets, places, promotions, and what must never be found."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from kohtaamo.models import ContentPage
from locations.models import OhjaamoPage
from search import engine
from tests import search_support
from tests.search_support import urls

pytestmark = pytest.mark.django_db
search_engine_name = search_support.search_engine_name


def ohjaamo_url(lang, title):
    return OhjaamoPage.objects.get(locale__language_code=lang, title=title).url


def add_page(parent, title, slug, intro="", **fields):
    page = ContentPage(title=title, slug=slug, intro=intro, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_results_name_the_engine_that_answered(search_engine_name):
    assert engine.search("ohjaamo", "fi").engine == search_engine_name


@pytest.mark.parametrize(
    ("inflected", "base"),
    [("nuoret", "nuori"), ("opiskelu", "opiskeluun"), ("ohjaamoissa", "ohjaamo")],
)
def test_finnish_word_forms_find_what_the_base_form_finds(search_engine_name, inflected, base):
    found = engine.search(inflected, "fi", per_page=50)
    assert found.total > 0
    assert found.total == engine.search(base, "fi", per_page=50).total


def test_an_inflected_place_name_finds_its_ohjaamo(search_engine_name):
    results = engine.search("Tampereella", "fi")
    assert ohjaamo_url("fi", "Tampereen Ohjaamo") in urls(results, 5)


def test_ohjaamo_puts_the_finder_and_ohjaamo_pages_above_incidental_mentions(search_engine_name):
    results = engine.search("ohjaamo", "fi")
    top = results.hits[:5]
    assert top[0].kind == "finder"
    assert sum(hit.kind in ("ohjaamo", "point") for hit in top[1:]) >= 3
    assert "brand" not in [hit.kind for hit in results.hits[:10]]


def test_title_matches_rank_above_body_matches(search_engine_name, seeded):
    body = add_page(seeded["en"], "Something else", "else", "A page about wombats in passing.")
    title = add_page(seeded["en"], "Wombats", "wombats", "Nothing more to say.")
    assert urls(engine.search("wombats", "en")) == [title.url, body.url]


def test_recent_news_rank_above_old_news_of_equal_relevance(search_engine_name, seeded):
    from news.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.get(locale__language_code="en")
    pages = []
    for n, age in enumerate((400, 3)):
        page = NewsPage(
            title=f"Kangaroo news {n}",
            slug=f"kangaroo-{n}",
            lead="Kangaroo",
            date=timezone.now() - timedelta(days=age),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    assert urls(engine.search("kangaroo", "en")) == [pages[1].url, pages[0].url]


@pytest.mark.parametrize(
    ("typo", "expected_title"),
    [("ohjamo", None), ("tampre", "Tampereen Ohjaamo"), ("helsinigssä", "Ohjaamo Helsinki")],
)
def test_typos_find_what_was_meant(search_engine_name, typo, expected_title):
    results = engine.search(typo, "fi")
    assert results.corrected_from == typo
    assert results.total > 0
    if expected_title:
        assert ohjaamo_url("fi", expected_title) in urls(results, 5)


def test_no_correction_when_asked_for_the_exact_words(search_engine_name):
    results = engine.search("ohjamo", "fi", correct=False)
    assert results.total == 0 and results.corrected_from is None


def test_words_nothing_resembles_give_nothing_and_no_suggestion(search_engine_name):
    results = engine.search("xyzzyplugh", "fi")
    assert results.total == 0 and results.suggestion is None


def facet(results, name):
    return {v.value: v for f in results.facets if f.name == name for v in f.values}


def test_facets_count_and_filters_combine(search_engine_name):
    results = engine.search("ohjaamo", "fi", per_page=100)
    types = facet(results, "type")
    assert types["point"].count > 0 and types["ohjaamo"].count > 0
    points = engine.search("ohjaamo", "fi", {"type": ["point"]}, per_page=100)
    assert points.total == types["point"].count
    assert {hit.kind for hit in points.hits} == {"point"}
    # Within a group values are alternatives; the group's own counts stay those of all types.
    both = engine.search("ohjaamo", "fi", {"type": ["point", "ohjaamo"]}, per_page=100)
    assert both.total == types["point"].count + types["ohjaamo"].count
    assert facet(both, "type")["news"].count == types["news"].count
    # Groups combine: points of one region.
    region = next(iter(facet(points, "region").values()))
    narrowed = engine.search("ohjaamo", "fi", {"type": ["point"], "region": [region.value]})
    assert narrowed.total == region.count
    assert 0 < narrowed.total < points.total
    assert facet(narrowed, "region")[region.value].selected


def test_unknown_facet_values_are_ignored_and_reported(search_engine_name):
    results = engine.search("ohjaamo", "fi", {"type": ["nonsense"], "region": ["99"]})
    assert results.total == engine.search("ohjaamo", "fi").total
    assert sorted(results.ignored_filters) == [("region", "99"), ("type", "nonsense")]


def test_snippets_are_escaped_with_matches_marked(search_engine_name, seeded):
    add_page(seeded["en"], "Markup", "markup", 'About <script>"x"</script> & platypuses.')
    hit = engine.search("platypus", "en").hits[0]
    assert "<script" not in hit.snippet
    assert "&quot;x&quot; &amp; <mark>platypuses.</mark>" in hit.snippet


def test_a_place_in_the_query_gives_points_their_distance(search_engine_name):
    results = engine.search("ohjaamo tampereella", "fi")
    points = [hit for hit in results.hits if hit.kind == "point"]
    assert points
    assert points[0].distance_km is not None and points[0].distance_km < 15
    assert ohjaamo_url("fi", "Tampereen Ohjaamo") in urls(results, 5)


def test_swedish_and_english_stems(search_engine_name):
    assert engine.search("navigatorerna", "sv").total > 0
    assert engine.search("centre", "en").total == engine.search("centres", "en").total > 0


def test_promoted_pages_come_first_in_the_visitors_language(search_engine_name, seeded):
    target = add_page(seeded["fi"], "Kesätyöopas", "kesatyoopas", "Kesätöistä.")
    assert engine.search("Kesätyö", "fi").promoted == []  # the promoted queries are cached now
    query = Query.get("kesätyö")
    promotion = SearchPromotion.objects.create(query=query, page=target, description="Katso tämä")
    results = engine.search("Kesätyö", "fi")
    assert results.promoted[0].url == target.url
    assert target.url not in [hit.url for hit in results.hits]
    # A page with no translation in the language is not promoted there.
    assert engine.search("kesätyö", "en").promoted == []
    promotion.delete()
    assert engine.search("Kesätyö", "fi").promoted == []


def test_drafts_private_and_expired_pages_are_never_found(search_engine_name, seeded):
    draft = ContentPage(title="Luonnosgnuu", slug="gnuu-draft", live=False)
    seeded["fi"].add_child(instance=draft)
    draft.save_revision()
    private = add_page(seeded["fi"], "Yksityinen gnuu", "gnuu-private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expiring = add_page(seeded["fi"], "Vanheneva gnuu", "gnuu-expiring")
    assert engine.search("gnuu", "fi").total == 1
    # Expired but not yet unpublished by publish_scheduled: already gone from results.
    ContentPage.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() + timedelta(days=1))
    engine.index_page(ContentPage.objects.get(pk=expiring.pk))
    later = timezone.now() + timedelta(days=2)
    assert engine.search("gnuu", "fi").total == 1
    assert engine.search("gnuu", "fi", now=later).total == 0
