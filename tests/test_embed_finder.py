"""The embeddable finder: the iframe page in fi/sv/en (search by place, position, fixed
municipality or region, services, approved themes only, bad options answer 400 naming them), no
cookies, framing allowed there and only there, the loader script, and the admin generator with
its snippet, preview and a preset per Ohjaamo page for those who may edit it."""

import re

import pytest
from django.urls import reverse

from brand import themes
from locations import embed
from locations.models import OhjaamoPage, Service
from tests.factories.teams import team_page, user

EMBED = {"fi": "/upotus/", "sv": "/sv/inbaddning/", "en": "/en/embed/"}


def names_in(response):
    return re.findall(
        r'class="card__title"><a href="[^"]+" target="_top">([^<]+)</a>', response.content.decode()
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_embed_page_is_a_plain_page_in_each_language(client, db, lang):
    response = client.get(EMBED[lang])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert '<form class="embed__form" method="get"' in html
    assert 'name="q"' in html
    assert "<main" in html and "<h1" in html
    # No map and nothing from another host: every src and href is on the site.
    assert "leaflet" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url


def test_a_search_by_postal_code_shows_the_nearest_points_with_state_and_distance(client, db):
    response = client.get(EMBED["fi"], {"q": "33100"})
    assert response.status_code == 200
    html = response.content.decode()
    names = names_in(response)
    assert 1 <= len(names) <= embed.EMBED_LIMIT
    assert "Tampere" in names[0]
    assert "status status--" in html
    assert "Etäisyys" in html
    # The link to the full finder carries the search.
    assert 'href="/ohjaamot/?q=33100"' in html
    assert response["Cache-Control"] == "private, max-age=60"


def test_a_search_by_position_is_never_cached_or_passed_on(client, db):
    response = client.get(EMBED["en"], {"lat": "60.17", "lon": "24.94"})
    assert response.status_code == 200
    assert names_in(response)
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "60.17" not in response.content.decode()


def test_an_unknown_place_shows_suggestions(client, db):
    response = client.get(EMBED["fi"], {"q": "Tamprere"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tamprere" in html and "Tampere" in html
    assert not names_in(response)


def test_a_fixed_municipality_lists_its_ohjaamo_first_without_a_search(client, db):
    response = client.get(EMBED["fi"], {"municipality": "853"})  # Turku
    assert response.status_code == 200
    names = names_in(response)
    assert names and "Turu" in names[0]
    html = response.content.decode()
    assert '<input type="hidden" name="municipality" value="853">' in html
    assert "data-embed-focus" not in html  # the partner's page does not jump to the frame


def test_a_fixed_region_lists_only_its_points(client, db):
    response = client.get(EMBED["fi"], {"region": "02"})  # Varsinais-Suomi
    assert response.status_code == 200
    names = names_in(response)
    assert names
    assert all("Helsinki" not in name and "Tampere" not in name for name in names)
    searched = client.get(EMBED["fi"], {"region": "02", "q": "00100"})
    assert all("Helsinki" not in name for name in names_in(searched))


def test_services_limit_the_points(client, db):
    service = Service.objects.filter(locale__language_code="fi").first()
    with_service = client.get(EMBED["fi"], {"q": "00100", "service": service.code})
    offering = set(
        OhjaamoPage.objects.filter(locale__language_code="fi", services=service).values_list(
            "title", flat=True
        )
    )
    html = with_service.content.decode()
    assert with_service.status_code == 200
    for name in names_in(with_service):
        assert any(title in html for title in offering), name


@pytest.mark.parametrize(
    "params, message",
    [
        ({"municipality": "999"}, "Kuntaa koodilla ”999” ei ole."),
        ({"region": "xx"}, "Maakuntaa koodilla ”xx” ei ole."),
        ({"service": "ei-ole"}, "ei-ole"),
        ({"theme": "hotpink"}, "Väriteemaa ”hotpink” ei ole."),
        ({"municipality": "091", "region": "01"}, "Anna joko kunta tai maakunta"),
    ],
)
def test_options_that_do_not_exist_answer_400_naming_them(client, db, params, message):
    response = client.get(EMBED["fi"], params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_error_is_in_the_page_language(client, db):
    response = client.get(EMBED["sv"], {"theme": "hotpink"})
    assert response.status_code == 400
    assert "Det finns inget färgtema ”hotpink”" in response.content.decode()


def test_a_too_long_query_is_refused_on_the_field(client, db):
    response = client.get(EMBED["fi"], {"q": "x" * 150})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_only_approved_themes_are_offered_and_each_passes_the_contrast_guard(client, db):
    from wagtail.models import Site

    from brand import contrast

    site = Site.objects.get(is_default_site=True)
    offered = themes.themes_for_site(site)
    assert set(offered) <= set(themes.THEMES) and "brand" in offered
    for css in offered.values():
        assert css.startswith(":root{--color-primary:#")
    for name, (_label, roles) in themes.THEMES.items():
        if name in offered:
            colours, *_fonts = themes._chosen(site)
            palette = contrast.derive_palette(*(colours[role] for role in roles))
            assert contrast.failures(palette) == []
    neutral = client.get(EMBED["fi"], {"theme": "neutral"}).content.decode()
    assert offered["neutral"] in neutral


def test_the_embed_sets_no_cookie_and_needs_none(client, db):
    response = client.get(EMBED["fi"], {"q": "00100"})
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


# --- Framing ------------------------------------------------------------------------------------


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(p.strip() for p in policy.split(";") if p.strip().startswith("frame-ancestors"))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_only_the_embed_may_be_framed_by_other_sites(client, db, lang):
    response = client.get(EMBED[lang])
    assert frame_ancestors(response) == "frame-ancestors *"
    assert "X-Frame-Options" not in response
    refused = client.get(EMBED[lang], {"theme": "nope"})
    assert refused.status_code == 400 and frame_ancestors(refused) == "frame-ancestors *"


@pytest.mark.parametrize(
    "url",
    ["/", "/ohjaamot/", "/ohjaamot/ohjaamo-helsinki/", "/en/ohjaamo-centres/", "/haku/"],
)
def test_every_other_page_may_be_framed_only_by_the_site_itself(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert frame_ancestors(response) == "frame-ancestors 'self'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_admin_keeps_its_own_framing_rules(client, db):
    response = client.get("/admin/login/")
    assert response["X-Frame-Options"] == "DENY"


# --- The loader -----------------------------------------------------------------------------------


def test_the_loader_script_knows_the_embed_page_of_each_language(client, db):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    for path in EMBED.values():
        assert f'"{path}"' in body
    assert "Hitta n\\u00e4rmaste Navigator" in body
    assert 'addEventListener("message"' in body
    assert "event.origin !== origin" in body
    assert not response.cookies


# --- The admin generator ---------------------------------------------------------------------


GENERATOR = "/admin/embed/"


def test_the_generator_shows_the_snippet_and_a_preview(admin_client):
    response = admin_client.get(
        GENERATOR,
        {"language": "sv", "municipality": "853", "services": [], "theme": "neutral"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r"&lt;script src=&quot;https?://[a-z0-9.:-]+/embed.js&quot; data-lang=&quot;sv&quot; "
        r"data-municipality=&quot;853&quot; data-theme=&quot;neutral&quot; async&gt;"
        r"&lt;/script&gt;",
        html,
    )
    assert 'src="/sv/inbaddning/?municipality=853&amp;theme=neutral"' in html
    assert 'id="embed-config"' in html


def test_the_generator_refuses_a_municipality_and_a_region_together(admin_client):
    response = admin_client.get(
        GENERATOR, {"language": "fi", "municipality": "853", "region": "02", "theme": "brand"}
    )
    assert response.status_code == 400
    assert "Anna joko kunta tai maakunta" in response.content.decode() or (
        "Give either a municipality or a region" in response.content.decode()
    )
    assert "embed-config" not in response.content.decode()


def test_the_generator_offers_only_approved_themes(admin_client):
    response = admin_client.get(GENERATOR, {"language": "fi", "theme": "hotpink"})
    assert response.status_code == 400


def test_a_local_editor_gets_the_preset_of_their_own_ohjaamo_only(client, db):
    editor = user("a_editor")
    client.force_login(editor)
    own = team_page("ohjaamo-helsinki")
    response = client.get(GENERATOR, {"page": own.pk})
    assert response.status_code == 200
    point = own.points.order_by("sort_order").first()
    assert f"data-municipality=&quot;{point.municipality.code}&quot;" in response.content.decode()
    other = team_page("ohjaamo-tampere")
    refused = client.get(GENERATOR, {"page": other.pk})
    # Wagtail's admin answers a permission denial with a redirect to the dashboard.
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert client.get(GENERATOR, {"page": "abc"}).status_code == 404


def test_the_ohjaamo_page_header_offers_its_embed_code(client, db):
    client.force_login(user("a_editor"))
    own = team_page("ohjaamo-helsinki")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[own.pk]))
    assert response.status_code == 200
    assert f"{GENERATOR}?page={own.pk}" in response.content.decode()


def test_visitors_cannot_open_the_generator(client, db):
    response = client.get(GENERATOR)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_embed_search_takes_a_fixed_number_of_queries(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.locations import make_ohjaamo, point
    from tests.factories.news import finder_page

    client.get(EMBED["fi"], {"q": "33100"})  # warm the brand, theme and site caches
    with CaptureQueriesContext(connection) as before:
        client.get(EMBED["fi"], {"q": "33100"})
    make_ohjaamo(
        finder_page("fi"),
        "upotus-testi",
        municipalities=("837",),
        points=[point(f"Lisäpiste {i}", "837", postal_code="33100") for i in range(8)],
    )
    with CaptureQueriesContext(connection) as after:
        response = client.get(EMBED["fi"], {"q": "33100"})
    assert "Lisäpiste" in response.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(before.captured_queries) <= 20
