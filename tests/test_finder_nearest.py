"""The nearest search: places from postal codes and names (fi/sv, case and accents folded),
served municipalities first, then the nearest others; only live, public, current points of the
locale; a fixed number of queries whatever the number of points."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from kohtaamo.seeding import publish
from locations.geo import (
    Origin,
    PlaceNotFound,
    bounding_box,
    haversine_km,
    live_points,
    nearest,
    origin_from_position,
    resolve_place,
)
from locations.models import FinderPage, Municipality, OhjaamoPage, Service, ServicePoint

TODAY = datetime.date(2026, 11, 23)

# Test Ohjaamos: (slug, municipalities served, [(point name, municipality, lat, lon), …])
OHJAAMOS = [
    ("testi-helsinki", ["091"], [("Fredrikinkatu", "091", 60.1659, 24.9342)]),
    ("testi-espoo", ["049"], [("Leppävaara", "049", 60.2193, 24.8139)]),
    ("testi-vantaa", ["092"], [("Tikkurila", "092", 60.2925, 25.0441)]),
    ("testi-tampere", ["837"], [("Hämeenkatu", "837", 61.4980, 23.7610)]),
    ("testi-rovaniemi", ["698"], [("Rovakatu", "698", 66.5027, 25.7285)]),
    (
        "testi-riihimaki",
        ["694", "433", "165"],
        [("Riihimäki", "694", 60.7376, 24.7740), ("Loppi", "433", 60.7180, 24.4430)],
    ),
    ("testi-sipoo", ["753"], [("Nickby", "753", 60.3780, 25.2710)]),
]


def hide_other_ohjaamos():
    """Take every other Ohjaamo page (e.g. the demo seed's) offline for this test (rolled back)."""
    OhjaamoPage.objects.update(live=False)


def make_finder(home, slug="testihaku"):
    finder = FinderPage(title="Testihaku", slug=slug, intro="")
    home.add_child(instance=finder)
    return publish(finder)


def make_ohjaamo(finder, slug, municipalities, points, *, services=(), live=True, **point_extra):
    page = OhjaamoPage(
        title=slug.replace("-", " ").title(),
        slug=slug,
        intro="Testi-Ohjaamo.",
        live=live,
    )
    page.points = [
        ServicePoint(
            name=name,
            street_address="Testikatu 1",
            postal_code="00100",
            post_office="Helsinki",
            municipality_id=municipality,
            latitude=lat,
            longitude=lon,
            sort_order=i,
            **point_extra,
        )
        for i, (name, municipality, lat, lon) in enumerate(points)
    ]
    finder.add_child(instance=page)
    page.municipalities.set(Municipality.objects.filter(code__in=municipalities))
    page.services.set(services)
    page.save()
    if live:
        publish(page)
    return OhjaamoPage.objects.get(pk=page.pk)


@pytest.fixture
def network(seeded):
    """Seven test Ohjaamos in the Finnish tree, every other Ohjaamo offline."""
    hide_other_ohjaamos()
    finder = make_finder(seeded["fi"])
    pages = {slug: make_ohjaamo(finder, slug, m, p) for slug, m, p in OHJAAMOS}
    return finder, pages


def names(results):
    """Point names of nearest() results or of live_points()."""
    return [getattr(r, "point", r).name for r in results]


# --- resolve_place ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "municipality", "kind"),
    [
        ("00100", "Helsinki", "postcode"),
        ("  00100 HELSINKI ", "Helsinki", "postcode"),
        ("96100", "Rovaniemi", "postcode"),
        ("Helsingfors", "Helsinki", "municipality"),
        ("helsinki", "Helsinki", "municipality"),
        ("jyvaskyla", "Jyväskylä", "municipality"),
        ("JYVÄSKYLÄ", "Jyväskylä", "municipality"),
        ("åbo", "Turku", "municipality"),
        ("Abo", "Turku", "municipality"),
        ("Uleåborg", "Oulu", "municipality"),
        ("Kimitoön", "Kemiönsaari", "municipality"),
        ("nauvo", "Parainen", "municipality"),  # a town with its own post office
        ("Söderkulla", "Sipoo", "municipality"),
    ],
)
def test_a_query_resolves_to_a_place(db, query, municipality, kind):
    origin = resolve_place(query)
    assert origin.kind == kind
    assert origin.municipality.name_fi == municipality


def test_labels_follow_the_active_language(db):
    with translation.override("sv"):
        assert resolve_place("helsinki").label == "Helsingfors"
        assert resolve_place("00100").label == "00100 Helsingfors"
    with translation.override("fi"):
        assert resolve_place("Helsingfors").label == "Helsinki"
        assert resolve_place("nauvo").label == "Nauvo (Parainen)"


def test_a_town_is_placed_at_its_own_locality(db):
    nauvo = resolve_place("Nauvo")
    parainen = Municipality.objects.get(name_fi="Parainen")
    assert haversine_km(nauvo.latitude, nauvo.longitude, parainen.latitude, parainen.longitude) > 20


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("00009", "00"),  # unknown code: codes of places starting with the same digits
        ("331", "331"),  # the start of a code
    ],
)
def test_an_unknown_postal_code_suggests_codes_that_resolve(db, query, expected):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place(query)
    assert raised.value.query == query
    assert raised.value.suggestions
    for suggestion in raised.value.suggestions:
        assert suggestion.startswith(expected)
        assert resolve_place(suggestion).kind == "postcode"


def test_a_misspelt_name_suggests_close_names_that_resolve(db):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place("Helsinkki")
    assert "Helsinki" in raised.value.suggestions
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place("Jyväsky")
    assert raised.value.suggestions[0] == "Jyväskylä"
    for suggestion in raised.value.suggestions:
        resolve_place(suggestion)


@pytest.mark.parametrize("query", ["", "   ", "qwxzzy", "123456789", "!!"])
def test_nonsense_is_not_found(db, query):
    with pytest.raises(PlaceNotFound):
        resolve_place(query)


# --- nearest ----------------------------------------------------------------------------------


def test_postcode_00100_puts_helsinki_first_and_then_the_nearest(network):
    results = nearest(resolve_place("00100"), limit=4, locale="fi", today=TODAY)
    assert names(results) == ["Fredrikinkatu", "Leppävaara", "Tikkurila", "Nickby"]
    assert [r.serves for r in results] == [True, False, False, False]
    assert results[0].distance_km < 2
    distances = [r.distance_km for r in results[1:]]
    assert distances == sorted(distances)
    assert results[0].page.slug == "testi-helsinki"
    assert isinstance(results[0].page, OhjaamoPage)


def test_postcode_96100_puts_rovaniemi_first(network):
    results = nearest(resolve_place("96100"), limit=3, locale="fi", today=TODAY)
    assert results[0].point.name == "Rovakatu"
    assert results[0].serves
    assert results[1].distance_km > 400  # the next one is far south


def test_helsingfors_puts_helsinki_first(network):
    assert nearest(resolve_place("Helsingfors"), locale="fi", today=TODAY)[0].point.name == (
        "Fredrikinkatu"
    )


def test_the_ohjaamo_serving_the_municipality_comes_before_a_nearer_one(network):
    # Janakkala is served by the Riihimäki Ohjaamo; Hämeenlinna-side points would be nearer if
    # there were any, but the served points come first even when Loppi is nearer than Riihimäki.
    results = nearest(resolve_place("Loppi"), limit=4, locale="fi", today=TODAY)
    assert names(results[:2]) == ["Loppi", "Riihimäki"]
    assert all(r.serves for r in results[:2])
    assert not any(r.serves for r in results[2:])
    # Kirkkonummi is served by nobody: plain distance order.
    results = nearest(resolve_place("Kirkkonummi"), limit=3, locale="fi", today=TODAY)
    assert not any(r.serves for r in results)
    assert names(results)[0] == "Leppävaara"


def test_a_position_is_placed_in_its_municipality_and_sorts_by_distance(network):
    origin = origin_from_position(61.49, 23.77)  # central Tampere
    results = nearest(origin, limit=2, locale="fi", today=TODAY)
    assert origin.kind == "position" and origin.municipality.name_fi == "Tampere"
    assert names(results)[0] == "Hämeenkatu"
    # Abroad: no municipality, the nearest by distance alone.
    assert origin_from_position(59.33, 18.07).municipality is None


def test_only_live_public_points_of_the_locale_are_found(network, seeded):
    finder, pages = network
    helsinki = pages["testi-helsinki"]
    origin = resolve_place("00100")

    helsinki.unpublish()
    assert "Fredrikinkatu" not in names(nearest(origin, locale="fi", today=TODAY))
    publish(helsinki)
    assert "Fredrikinkatu" in names(nearest(origin, locale="fi", today=TODAY))

    PageViewRestriction.objects.create(
        page=helsinki, restriction_type=PageViewRestriction.PASSWORD, password="salasana"
    )
    assert "Fredrikinkatu" not in names(nearest(origin, locale="fi", today=TODAY))
    assert "Fredrikinkatu" not in names(live_points("fi", today=TODAY))
    PageViewRestriction.objects.all().delete()

    # Another locale sees only its own pages.
    assert nearest(origin, locale="sv", today=TODAY) == [] or all(
        r.page.locale.language_code == "sv" for r in nearest(origin, locale="sv", today=TODAY)
    )
    assert "Fredrikinkatu" not in names(nearest(origin, locale="sv", today=TODAY))


def test_a_translated_page_serves_through_its_source(network):
    finder, pages = network
    sv = Locale.objects.get(language_code="sv")
    sv_finder = finder.copy_for_translation(sv)
    publish(sv_finder)
    sv_helsinki = pages["testi-helsinki"].copy_for_translation(sv)
    sv_helsinki.municipalities.set([])  # even if the translation's own list were empty
    publish(sv_helsinki)
    results = nearest(resolve_place("Helsingfors"), locale="sv", today=TODAY)
    assert [r.page.pk for r in results] == [sv_helsinki.pk]
    assert results[0].serves
    assert results[0].page.locale.language_code == "sv"


def test_pop_up_points_are_found_only_while_they_are_valid(network):
    finder, _ = network
    make_ohjaamo(
        finder,
        "testi-popup",
        [],
        [("Pop-up Kamppi", "091", 60.1690, 24.9320)],
        kind=ServicePoint.Kind.POPUP,
        valid_from=datetime.date(2026, 11, 20),
        valid_to=datetime.date(2026, 11, 30),
    )
    origin = origin_from_position(60.1690, 24.9320)
    # The pop-up's page serves no municipality: it follows the points serving Helsinki.
    assert "Pop-up Kamppi" in names(nearest(origin, limit=5, locale="fi", today=TODAY))
    later = datetime.date(2026, 12, 1)
    assert "Pop-up Kamppi" not in names(nearest(origin, locale="fi", today=later))
    earlier = datetime.date(2026, 11, 19)
    assert "Pop-up Kamppi" not in names(live_points("fi", today=earlier))
    assert "Pop-up Kamppi" in names(live_points("fi", today=TODAY))


def test_services_filter_by_code(network):
    finder, pages = network
    fi = Locale.objects.get(language_code="fi")
    kela, _ = Service.objects.get_or_create(
        code="testi-kela", locale=fi, defaults={"name": "Kela (testi)"}
    )
    housing, _ = Service.objects.get_or_create(
        code="testi-asuminen", locale=fi, defaults={"name": "Asuminen (testi)"}
    )
    for slug, services in [("testi-espoo", [kela]), ("testi-tampere", [kela, housing])]:
        page = pages[slug]
        page.services.set(services)
        publish(page)
    origin = resolve_place("00100")
    assert names(nearest(origin, locale="fi", services=["testi-kela"], today=TODAY)) == [
        "Leppävaara",
        "Hämeenkatu",
    ]
    assert names(
        nearest(origin, locale="fi", services=["testi-kela", "testi-asuminen"], today=TODAY)
    ) == ["Hämeenkatu"]
    assert names(live_points("fi", services=["testi-asuminen"], today=TODAY)) == ["Hämeenkatu"]


def test_results_carry_hours_and_exceptions_without_more_queries(
    network, django_assert_num_queries
):
    results = nearest(resolve_place("00100"), limit=3, locale="fi", today=TODAY)
    with django_assert_num_queries(0):
        for result in results:
            list(result.point.weekly_hours.all())
            list(result.point.exceptions.all())
            result.point.municipality.region.name_fi  # noqa: B018
            result.page.locale.language_code  # noqa: B018


def count_queries(fn):
    with CaptureQueriesContext(connection) as context:
        fn()
    return len(context.captured_queries)


def add_synthetic_points(finder, n, seed=1):
    rnd = random.Random(seed)
    points = [
        (f"Piste {i}", "091", rnd.uniform(59.9, 69.5), rnd.uniform(21.0, 30.5)) for i in range(n)
    ]
    return make_ohjaamo(finder, f"testi-massa-{n}", ["091"], points)


def test_the_number_of_queries_does_not_grow_with_the_points(network):
    finder, _ = network
    fi = Locale.objects.get(language_code="fi")
    origin = resolve_place("96100")
    small = count_queries(lambda: nearest(origin, limit=5, locale=fi, today=TODAY))
    add_synthetic_points(finder, 150)
    large = count_queries(lambda: nearest(origin, limit=5, locale=fi, today=TODAY))
    far_north = []
    placed = count_queries(lambda: far_north.append(origin_from_position(69.9, 27.0)))
    north = count_queries(lambda: nearest(far_north[0], limit=20, locale=fi, today=TODAY))
    # restrictions, pages with their flags, box counts, candidates, points, hours, exceptions;
    # placing a position in its municipality: postal code areas and municipality centres near it.
    assert small == large == north == 7
    assert placed == 2
    all_points = count_queries(lambda: list(live_points(fi, today=TODAY)))
    assert all_points == 5  # restrictions, points, hours, exceptions, services


def test_the_result_is_exactly_the_brute_force_nearest(network):
    finder, _ = network
    hide_other_ohjaamos()
    page = add_synthetic_points(finder, 200, seed=7)
    everything = list(page.points.all())
    rnd = random.Random(3)
    for _ in range(25):
        lat, lon = rnd.uniform(59.8, 70.0), rnd.uniform(20.0, 31.0)
        limit = rnd.choice([1, 3, 10, 40])
        expected = sorted(
            everything, key=lambda p: (haversine_km(lat, lon, p.latitude, p.longitude), p.pk)
        )[:limit]
        got = nearest(origin_from_position(lat, lon), limit=limit, locale="fi", today=TODAY)
        assert [r.point.pk for r in got] == [p.pk for p in expected]
        for result, point in zip(got, expected, strict=True):
            assert result.distance_km == pytest.approx(
                haversine_km(lat, lon, point.latitude, point.longitude)
            )


def test_no_points_at_all_gives_an_empty_list(db):
    hide_other_ohjaamos()
    origin = Origin(60.17, 24.94, "Helsinki", "municipality", Municipality.objects.get(code="091"))
    assert nearest(origin, locale="fi", today=TODAY) == []


def test_haversine_and_bounding_box():
    # Helsinki–Tampere about 160 km as the crow flies.
    assert haversine_km(60.1699, 24.9384, 61.4978, 23.7610) == pytest.approx(161, abs=2)
    min_lat, max_lat, min_lon, max_lon = bounding_box(65.0, 25.0, 100)
    for lat, lon in [(65.0, 25.0 + 2.1), (65.0 + 0.89, 25.0), (65.6, 26.5)]:
        if haversine_km(65.0, 25.0, lat, lon) <= 100:
            assert min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
