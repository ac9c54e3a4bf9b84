"""Brand settings: only the national team edits them, a change that breaks a contrast pair is
refused with the pair and its ratio named and nothing saved, and every page follows a saved
change through the cached tokens (no query on a warm cache)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from brand import tokens
from brand.context_processors import brand as brand_context
from brand.models import BrandLogo, BrandSettings
from locations.models import OhjaamoPage
from tests.factories.brand import (
    assert_admin_refused,
    form_data,
    local_editor,
    make_document,
    national_editor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(seeded):
    return Site.objects.get(is_default_site=True)


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["brand", "brandsettings", site.pk])


def edit_data(site, user, **changes):
    from wagtail.admin.panels import get_edit_handler

    instance = BrandSettings.for_site(site)
    form_class = get_edit_handler(BrandSettings).get_form_class()
    form = form_class(instance=instance, for_user=user)
    data = form_data(form)
    data.update(changes)
    return data


def test_national_editor_changes_a_colour_and_every_page_follows(client, site, seeded):
    user = national_editor()
    client.force_login(user)
    assert client.get(reverse("wagtail_serve", args=[""])).status_code == 200  # warm the cache
    response = client.post(
        settings_url(site), edit_data(site, user, primary_colour="#7a1f5c"), follow=False
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BrandSettings.for_site(site).primary_colour == "#7a1f5c"
    client.logout()
    for url in ("/", "/sv/", "/en/", seeded["fi"].get_children().first().url):
        html = client.get(url).content.decode()
        assert "--color-primary:#7a1f5c" in html, url
        assert "--color-link:#7a1f5c" in html
        assert "--color-primary:#0b5566" not in html


def test_low_contrast_colour_is_refused_naming_the_pair_and_nothing_is_saved(client, site):
    user = national_editor()
    client.force_login(user)
    before = BrandSettings.for_site(site)
    response = client.post(
        settings_url(site),
        edit_data(site, user, primary_colour="#777777", accent_colour="#ffd84d"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    # In the admin's default language, Finnish: "text on the primary colour …, at least 4.50:1"
    assert "teksti päävärillä (navigaatio, painikkeet)" in html
    assert "4.48:1" in html
    assert "vähintään 4.50:1" in html
    # An editor who uses the admin in English reads it in English.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    response = client.post(
        settings_url(site),
        edit_data(site, user, primary_colour="#777777", accent_colour="#ffd84d"),
    )
    html = response.content.decode()
    assert "Not enough contrast: text on the primary colour (navigation, buttons) is 4.48:1" in html
    assert "at least 4.50:1" in html
    after = BrandSettings.objects.get(pk=before.pk)
    assert (after.primary_colour, after.accent_colour) == (
        before.primary_colour,
        before.accent_colour,
    )
    assert "--color-primary:#777777" not in client.get("/").content.decode()


def test_malformed_colour_is_refused_with_the_field_named(client, site):
    user = national_editor()
    client.force_login(user)
    response = client.post(settings_url(site), edit_data(site, user, text_colour="black"))
    assert response.status_code == 200
    # "Give the colour as a hex code …", in the admin's language (Finnish)
    assert "Anna väri heksakoodina" in response.content.decode()
    assert BrandSettings.for_site(site).text_colour == "#1a1a1a"


def test_model_validation_refuses_failing_palettes_outside_the_admin(site):
    from django.core.exceptions import ValidationError

    brand_settings = BrandSettings.for_site(site)
    brand_settings.background_colour = "#222222"
    with pytest.raises(ValidationError) as error, translation.override("en"):
        brand_settings.full_clean()
    assert "text_colour" in error.value.message_dict
    assert any("text on the background" in m for m in error.value.message_dict["__all__"])


def test_local_editor_is_refused_brand_settings(client, site):
    ohjaamo = OhjaamoPage.objects.filter(locale__language_code="fi").first()
    client.force_login(local_editor(ohjaamo))
    assert_admin_refused(client, client.get(settings_url(site)))
    response = client.post(settings_url(site), {"primary_colour": "#7a1f5c"})
    assert_admin_refused(client, response)
    assert BrandSettings.for_site(site).primary_colour == "#0b5566"


def _request(path="/"):
    request = RequestFactory().get(path)
    request._wagtail_site = Site.objects.get(is_default_site=True)
    return request


def test_tokens_cost_no_query_on_a_warm_cache(site, django_assert_num_queries):
    brand_context(_request())["brand"]["css"]  # cold: builds and caches
    request = _request()
    with django_assert_num_queries(0):
        data = brand_context(request)["brand"]
        assert "--color-primary:#0b5566" in data["css"]
        assert data["swatches"][0]["hex"] == "#0b5566"


def test_a_page_makes_no_brand_query_on_a_warm_cache(client, seeded):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert "<style nonce=" in html and "--color-primary:" in html
    brand_queries = [q["sql"] for q in queries.captured_queries if "brand_" in q["sql"]]
    assert brand_queries == []


def test_saving_the_settings_invalidates_the_tokens(site):
    before = brand_context(_request())["brand"]["version"]
    brand_settings = BrandSettings.for_site(site)
    brand_settings.secondary_colour = "#3d1f5c"
    brand_settings.save()
    after = brand_context(_request())["brand"]
    assert "--color-secondary:#3d1f5c" in after["css"]
    assert after["version"] != before


def test_tokens_are_emitted_with_the_csp_nonce(client, seeded):
    response = client.get("/")
    html = response.content.decode()
    nonce = html.split('<style nonce="', 1)[1].split('"', 1)[0]
    assert nonce and f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # Quotes of the font stacks stay raw inside <style> (no HTML escaping there).
    assert '"Segoe UI"' in html.split("<style", 1)[1].split("</style>", 1)[0]


def test_a_stored_failing_palette_never_reaches_the_pages(site):
    BrandSettings.objects.filter(pk=BrandSettings.for_site(site).pk).update(
        primary_colour="#777777"
    )
    tokens.invalidate()
    assert "--color-primary:#0b5566" in brand_context(_request())["brand"]["css"]


def test_header_shows_the_brand_mark_or_falls_back_to_the_static_mark(client, site):
    brand_settings = BrandSettings.for_site(site)
    mark = brand_settings.logos.get(variant="mark", language="any")
    html = client.get("/").content.decode()
    assert f'class="site-logo" src="{mark.svg.url}"' in html
    sv_mark = make_document(
        title="Navigatorn-merkki", filename="navigatorn-merkki.svg", content=b"<svg/>"
    )
    BrandLogo.objects.create(setting=brand_settings, variant="mark", language="sv", svg=sv_mark)
    assert f'src="{sv_mark.url}"' in client.get("/sv/").content.decode()
    assert f'src="{mark.svg.url}"' in client.get("/en/").content.decode()
    brand_settings.logos.all().delete()
    html = client.get("/").content.decode()
    assert 'class="site-logo" src="/static/img/ohjaamo-mark.svg"' in html


def test_public_logo_files_cannot_be_staff_only_documents(site):
    from django.core.exceptions import ValidationError

    from brand.assets import staff_collection

    private = make_document(filename="merkki.svg", collection=staff_collection())
    logo = BrandLogo(setting=BrandSettings.for_site(site), variant="mark", svg=private)
    with pytest.raises(ValidationError):
        logo.full_clean()
    wrong_type = make_document(filename="merkki.pdf")
    with pytest.raises(ValidationError):
        BrandLogo(setting=BrandSettings.for_site(site), variant="mark", svg=wrong_type).clean()
