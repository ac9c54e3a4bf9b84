"""Logo lockups: the SVG is well-formed XML carrying the (escaped) name, the PNGs open at the
promised heights, bad names give a clear error rather than a broken image, lockups follow brand
changes, and they are downloadable from the Ohjaamo page's admin (for its editors) and from the
asset bank."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.models import Locale, Site

from brand import lockups, tokens
from brand.models import BrandPage, BrandSettings
from locations.models import OhjaamoPage
from tests.factories.brand import assert_admin_refused, local_editor, national_editor

SVG = "{http://www.w3.org/2000/svg}"
PALETTE = tokens.default_palette()


def parse(svg_text):
    return ET.fromstring(svg_text.split("?>", 1)[1].encode())


@pytest.mark.parametrize(
    "name", ["Ohjaamo Helsinki", "Navigatorn Helsingfors", "Ohjaamo Anár", "Åbo & <Turku>"]
)
def test_svg_is_xml_with_the_name(name):
    svg = lockups.render_svg(name, PALETTE)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == name
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 1 and len(paths[0].get("d")) > 100  # the name as outlines
    if "&" in name:
        assert "Åbo &amp; &lt;Turku&gt;" in svg


def test_svg_uses_the_brand_colours_and_schemes():
    svg = lockups.render_svg("Ohjaamo Oulu", PALETTE)
    assert PALETTE["primary"] in svg and PALETTE["secondary"] in svg
    negative = lockups.render_svg("Ohjaamo Oulu", PALETTE, scheme="negative")
    assert PALETTE["primary"] not in negative and "#ffffff" in negative
    stacked = parse(lockups.render_svg("Ohjaamo Oulu", PALETTE, layout="stacked"))
    horizontal = parse(svg)
    ratio = lambda root: float(root.get("width")) / float(root.get("height"))  # noqa: E731
    assert ratio(stacked) < ratio(horizontal)


@pytest.mark.parametrize("size", list(lockups.PNG_SIZES))
def test_png_opens_at_the_promised_height(size):
    data = lockups.render_png("Navigatorn Helsingfors", PALETTE, lockups.PNG_SIZES[size])
    image = Image.open(io.BytesIO(data))
    image.verify()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.height == lockups.PNG_SIZES[size]
    assert image.width > 3 * image.height
    # Not blank: the mark and the name are drawn.
    assert image.getextrema()[3][1] == 255


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "The name is empty"),
        ("   ", "The name is empty"),
        ("O" * 200, "200 characters, at most 60"),
        ("Ohjaamo 漢字", "no letter for: 字 漢"),
    ],
)
@translation.override("en")
def test_bad_names_give_a_clear_error(name, message):
    for render in (
        lambda: lockups.render_svg(name, PALETTE),
        lambda: lockups.render_png(name, PALETTE, 96),
        lambda: lockups.get_lockup(
            name, "png", "small", brand={"palette": PALETTE, "version": "x"}
        ),
    ):
        with pytest.raises(lockups.LockupError) as error:
            render()
        assert message in str(error.value)


def test_unknown_formats_and_sizes_are_refused():
    brand = {"palette": PALETTE, "version": "x"}
    with pytest.raises(lockups.LockupError):
        lockups.get_lockup("Ohjaamo Oulu", "gif", brand=brand)
    with pytest.raises(lockups.LockupError):
        lockups.get_lockup("Ohjaamo Oulu", "png", "huge", brand=brand)


@pytest.mark.django_db
def test_lockups_are_cached_by_name_and_brand_version(seeded, monkeypatch):
    calls = []
    real = lockups.render_svg
    monkeypatch.setattr(lockups, "render_svg", lambda *a, **k: calls.append(a) or real(*a, **k))
    first, content_type, filename = lockups.get_lockup("Ohjaamo Vaasa", "svg")
    assert content_type == "image/svg+xml" and filename == "ohjaamo-vaasa.svg"
    assert lockups.get_lockup("Ohjaamo Vaasa", "svg")[0] == first
    assert len(calls) == 1
    lockups.get_lockup("Ohjaamo Kokkola", "svg")
    assert len(calls) == 2
    brand_settings = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand_settings.primary_colour = "#7a1f5c"
    brand_settings.save()
    changed = lockups.get_lockup("Ohjaamo Vaasa", "svg")[0]
    assert len(calls) == 3
    assert b"#7a1f5c" in changed and b"#7a1f5c" not in first


# --- Downloads -----------------------------------------------------------------------------------


@pytest.fixture
def helsinki(seeded):
    return OhjaamoPage.objects.get(slug="ohjaamo-helsinki", locale__language_code="fi")


def lockup_url(page, ohjaamo, fmt, size=None):
    args = [ohjaamo.pk, fmt] + ([size] if size else [])
    return page.url + page.reverse_subpage("lockup_download", args=args)


@pytest.mark.django_db
def test_asset_bank_offers_every_language_of_a_chosen_ohjaamo(client, helsinki):
    page = BrandPage.objects.get(locale__language_code="fi")
    html = client.get(page.url, {"ohjaamo": helsinki.pk}).content.decode()
    assert "Ohjaamo Helsinki" in html and "Navigatorn Helsingfors" in html
    sv = helsinki.get_translation(Locale.objects.get(language_code="sv"))
    response = client.get(lockup_url(page, sv, "svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert 'filename="navigatorn-helsingfors.svg"' in response["Content-Disposition"]
    assert parse(response.content.decode()).find(f"{SVG}title").text == "Navigatorn Helsingfors"
    png = client.get(lockup_url(page, helsinki, "png", "large"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).height == lockups.PNG_SIZES["large"]


@pytest.mark.django_db
def test_public_lockup_urls_refuse_wrong_requests(client, helsinki):
    page = BrandPage.objects.get(locale__language_code="fi")
    assert client.get(lockup_url(page, helsinki, "svg", "small")).status_code == 404
    assert client.get(page.url + f"lockup/{helsinki.pk}/png/").status_code == 404
    assert client.get(page.url + f"lockup/{page.pk}/svg/").status_code == 404  # not an Ohjaamo
    helsinki.unpublish()
    assert client.get(lockup_url(page, helsinki, "svg")).status_code == 404


@pytest.mark.django_db
def test_a_name_too_long_for_a_lockup_gives_an_error_page_not_an_image(client, helsinki):
    """The error page says what is wrong in the visitor's language."""
    english = Locale.objects.get(language_code="en")
    for ohjaamo, message in (
        (helsinki, "200 merkkiä, enintään 60"),
        (helsinki.get_translation(english), "200 characters, at most 60"),
    ):
        page = BrandPage.objects.get(locale=ohjaamo.locale)
        OhjaamoPage.objects.filter(pk=ohjaamo.pk).update(title="Ohjaamo " + "x" * 192)
        response = client.get(lockup_url(page, ohjaamo, "png", "small"))
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert f'lang="{ohjaamo.locale.language_code}"' in html
        assert message in html


@pytest.mark.django_db
def test_local_editor_downloads_their_own_lockups_from_the_page_admin(client, helsinki):
    client.force_login(local_editor(helsinki))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[helsinki.pk])).content.decode()
    index_url = reverse("brand_admin_lockups", args=[helsinki.pk])
    assert index_url in edit
    html = client.get(index_url).content.decode()
    assert "Navigatorn Helsingfors" in html
    response = client.get(
        reverse("brand_admin_lockup_download", args=[helsinki.pk, "png", "medium"])
    )
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).height == lockups.PNG_SIZES["medium"]
    svg = client.get(reverse("brand_admin_lockup_download", args=[helsinki.pk, "svg"]))
    assert parse(svg.content.decode()).find(f"{SVG}title").text == "Ohjaamo Helsinki"


@pytest.mark.django_db
def test_other_teams_lockup_admin_is_refused(client, helsinki):
    tampere = OhjaamoPage.objects.get(slug="tampereen-ohjaamo", locale__language_code="fi")
    client.force_login(local_editor(helsinki))
    for url in (
        reverse("brand_admin_lockups", args=[tampere.pk]),
        reverse("brand_admin_lockup_download", args=[tampere.pk, "svg"]),
    ):
        assert_admin_refused(client, client.get(url))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[tampere.pk]))
    assert reverse("brand_admin_lockups", args=[tampere.pk]) not in edit.content.decode()


@pytest.mark.django_db
def test_national_editor_gets_any_lockup_and_bad_names_are_reported(client, helsinki):
    client.force_login(national_editor())
    assert client.get(reverse("brand_admin_lockups", args=[helsinki.pk])).status_code == 200
    OhjaamoPage.objects.filter(pk=helsinki.pk).update(title=" ")
    html = client.get(reverse("brand_admin_lockups", args=[helsinki.pk])).content.decode()
    assert "Nimi on tyhjä" in html  # "The name is empty", in the admin's language (Finnish)
    response = client.get(reverse("brand_admin_lockup_download", args=[helsinki.pk, "svg"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("brand_admin_lockups", args=[helsinki.pk])
