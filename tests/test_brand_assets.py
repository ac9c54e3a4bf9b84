"""The asset bank: listing and filters, versions, one-click downloads, the streamed ZIP, staff-only
material that no anonymous URL reaches, and who may manage assets and guideline pages."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Collection

from brand.assets import PRIVATE_PREFIX, STAFF_COLLECTION, is_restricted_document
from brand.models import BrandAsset, BrandGuidelinePage, BrandPage
from locations.models import OhjaamoPage
from tests.factories.brand import (
    assert_admin_refused,
    form_data,
    local_editor,
    make_asset,
    make_document,
    make_image,
    make_user,
    national_editor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand_page(seeded):
    return BrandPage.objects.get(locale__language_code="fi")


def route(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def zip_of(response):
    assert response.streaming, "the ZIP must be streamed"
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(body(response)))


def staff_user():
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def expected_current(category=None, language=None, staff=False):
    """The assets a ZIP must hold, computed here without the app's own listing query."""
    today = timezone.localdate()
    result = []
    for asset in BrandAsset.objects.all():
        if asset.publish_date > today:
            continue
        if any(newer.publish_date <= today for newer in asset.replaced_by.all()):
            continue
        if not staff and asset.audience != "public":
            continue
        if category and asset.category != category:
            continue
        if language and asset.language not in (language, "any"):
            continue
        result.append(asset)
    return result


def expected_files(assets):
    return sorted(f.file.open("rb").read() for asset in assets for f in asset.files.all())


# --- Seed and listing -------------------------------------------------------------------------


def test_seed_gives_a_bank_with_one_staff_only_and_one_outdated_asset(brand_page):
    assets = BrandAsset.objects.all()
    assert {a.language for a in assets} >= {"fi", "sv", "en"}
    assert {"logo", "print", "social_media"} <= {a.category for a in assets}
    staff = assets.filter(audience="staff")
    assert staff.count() == 1
    assert all(f.document_id and not f.image_id for f in staff.get().files.all())
    outdated = [a for a in assets if a.current_replacement()]
    assert len(outdated) == 1 and outdated[0].version == "1.0"
    assert brand_page.get_children().type(BrandGuidelinePage).live().count() == 1
    for code in ("sv", "en"):
        assert BrandPage.objects.filter(locale__language_code=code, live=True).exists()


def test_seed_gives_the_palette_and_a_drawn_mark_and_logo_variants(client, brand_page):
    import xml.etree.ElementTree as ET

    from wagtail.models import Site

    from brand.models import BrandSettings
    from brand.tokens import DEFAULT_COLOURS

    brand_settings = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    assert {name: getattr(brand_settings, name) for name in DEFAULT_COLOURS} == DEFAULT_COLOURS
    assert brand_settings.contrast_failures() == []
    mark = brand_settings.logos.get(variant="mark")
    assert mark.svg.filename.endswith(".svg")
    root = ET.fromstring(mark.svg.file.open("rb").read())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    variants = {(logo.variant, logo.language) for logo in brand_settings.logos.all()}
    for variant in ("horizontal", "stacked", "monochrome", "negative"):
        assert {(variant, "fi"), (variant, "sv")} <= variants, variant
    # The header shows the seeded mark, which anyone may fetch.
    assert mark.svg.url in client.get("/").content.decode()
    assert client.get(mark.svg.url).status_code == 200


def test_brand_page_is_in_the_footer(client, brand_page):
    assert f'href="{brand_page.url}"' in client.get("/").content.decode()


def test_anonymous_listing_shows_current_public_material_only(client, brand_page):
    html = client.get(brand_page.url).content.decode()
    assert "Ohjaamo-logot" in html and "Navigatorn-logot" in html
    assert "Esityspohja" not in html  # staff only
    assert "2019" not in html  # the outdated pack is not listed
    assert "version 2.0" in html or "versio 2.0" in html


def test_staff_see_staff_only_material_marked(client, brand_page):
    client.force_login(staff_user())
    html = client.get(brand_page.url).content.decode()
    assert "Esityspohja verkoston tilaisuuksiin" in html
    assert 'class="brand-badge"' in html


def test_filters_by_category_and_language(client, brand_page):
    anywhere = make_asset(title="Kieletön kuvitus", category="illustration", language="any")
    swedish = make_asset(title="Svensk illustration", category="illustration", language="sv")
    html = client.get(brand_page.url, {"category": "illustration", "language": "fi"})
    html = html.content.decode()
    assert anywhere.title in html and swedish.title not in html
    assert "Ohjaamo-logot" not in html
    html = client.get(brand_page.url, {"category": "illustration", "language": "sv"})
    assert swedish.title in html.content.decode()


def test_a_wrong_filter_value_is_named_not_ignored_silently(client, brand_page):
    response = client.get(brand_page.url, {"category": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'id="id_category_error"' in html


def test_outdated_versions_on_request_marked_and_still_downloadable(client, brand_page):
    old = BrandAsset.objects.get(version="1.0", category="logo", language="fi")
    html = client.get(brand_page.url, {"outdated": "on"}).content.decode()
    assert "brand-asset--outdated" in html
    response = client.get(route(brand_page, "asset_download", old.pk))
    assert response.status_code == 200
    assert body(response) == old.files.get().file.open("rb").read()


def test_future_material_is_not_listed_or_downloadable(client, brand_page):
    future = make_asset(title="Tuleva aineisto", publish_date="2099-01-01")
    assert future.title not in client.get(brand_page.url).content.decode()
    assert client.get(route(brand_page, "asset_download", future.pk)).status_code == 404


def test_listing_query_count_does_not_grow_with_the_assets(client, brand_page):
    client.get(brand_page.url)
    with CaptureQueriesContext(connection) as before:
        client.get(brand_page.url)
    for n in range(4):
        make_asset(
            title=f"Lisäkuva {n}",
            category="photo",
            files=[make_image(), make_document()],
            preview_image=make_image(),
        )
    client.get(brand_page.url)  # makes the new previews' renditions once
    with CaptureQueriesContext(connection) as after:
        response = client.get(brand_page.url)
    assert "Lisäkuva 3" in response.content.decode()
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


# --- Downloads ----------------------------------------------------------------------------------


def test_one_click_download_of_a_single_file_and_of_several(client, brand_page):
    document = make_document(content=b"%PDF-1.4 juliste", filename="juliste.pdf")
    single = make_asset(files=[document])
    response = client.get(route(brand_page, "asset_download", single.pk))
    assert response.status_code == 200
    # The stored name (the storage may add a suffix when a file of that name exists already).
    assert document.filename.startswith("juliste") and document.filename.endswith(".pdf")
    assert f'attachment; filename="{document.filename}"' in response["Content-Disposition"]
    assert body(response) == b"%PDF-1.4 juliste"
    image = make_image()
    second = make_document(filename="a.pdf")
    several = make_asset(files=[second, image])
    archive = zip_of(client.get(route(brand_page, "asset_download", several.pk)))
    assert sorted(name.rsplit("/", 1)[1] for name in archive.namelist()) == sorted(
        [second.filename, image.filename]
    )
    assert archive.testzip() is None


def test_a_zip_is_the_same_bytes_each_time_and_dated_by_the_content(client, brand_page):
    from datetime import datetime

    from django.utils import timezone

    several = make_asset(files=[make_document(filename="b.pdf"), make_image()])
    url = route(brand_page, "asset_download", several.pk)
    first = body(client.get(url))
    assert body(client.get(url)) == first
    zone = timezone.get_current_timezone()
    document, image = make_document(filename="c.pdf"), make_image()
    dated = make_asset(files=[document, image])
    type(document).objects.filter(pk=document.pk).update(
        created_at=datetime(2020, 1, 2, tzinfo=zone)
    )
    type(image).objects.filter(pk=image.pk).update(created_at=datetime(2021, 1, 2, tzinfo=zone))
    when = datetime(2024, 3, 5, 14, 30, 12, tzinfo=zone)
    type(dated).objects.filter(pk=dated.pk).update(updated_at=when)
    archive = zipfile.ZipFile(
        io.BytesIO(body(client.get(route(brand_page, "asset_download", dated.pk))))
    )
    # The asset's last change (later than the files' uploads) is every file's time in the ZIP,
    # in the site's time zone; never the moment of the download.
    assert [info.date_time for info in archive.infolist()] == [(2024, 3, 5, 14, 30, 12)] * 2


def test_zip_of_a_category_in_a_language_holds_exactly_the_current_filtered_files(
    client, brand_page
):
    make_asset(title="Henkilöstön logot", audience="staff", category="logo", language="fi")
    make_asset(title="Tuleva logo", category="logo", language="fi", publish_date="2099-01-01")
    make_asset(title="Yleislogo", category="logo", language="any")
    make_asset(title="Svenska logotyper", category="logo", language="sv")
    response = client.get(route(brand_page, "zip_download"), {"category": "logo", "language": "fi"})
    archive = zip_of(response)
    expected = expected_current("logo", "fi")
    assert {a.title for a in expected} == {"Ohjaamo-logot", "Yleislogo"}
    assert len(archive.namelist()) == len(set(archive.namelist()))
    assert sorted(archive.read(name) for name in archive.namelist()) == expected_files(expected)
    # Staff get the staff-only logos too.
    client.force_login(staff_user())
    archive = zip_of(
        client.get(route(brand_page, "zip_download"), {"category": "logo", "language": "fi"})
    )
    staff_expected = expected_current("logo", "fi", staff=True)
    assert "Henkilöstön logot" in {a.title for a in staff_expected}
    assert sorted(archive.read(n) for n in archive.namelist()) == expected_files(staff_expected)


def test_zip_link_follows_the_filters(client, brand_page):
    html = client.get(brand_page.url, {"category": "logo", "language": "sv"}).content.decode()
    assert route(brand_page, "zip_download") + "?category=logo&amp;language=sv" in html


def test_zip_with_bad_or_empty_filters_answers_clearly(client, brand_page):
    bad = client.get(route(brand_page, "zip_download"), {"category": "nonsense"})
    assert bad.status_code == 400
    assert 'id="id_category_error"' in bad.content.decode()
    empty = client.get(route(brand_page, "zip_download"), {"category": "template"})
    assert empty.status_code == 404


# --- Staff-only material, every URL --------------------------------------------------------------


@pytest.fixture
def staff_asset():
    document = make_document(content=b"SALAINEN SISALTO", filename="sisainen-ohje.pdf")
    return make_asset(
        title="Sisäinen ohje", audience="staff", category="presentation", files=[document]
    )


def test_staff_only_documents_are_moved_out_of_sight(staff_asset):
    document = staff_asset.files.get().document
    assert document.collection.name == STAFF_COLLECTION
    assert is_restricted_document(document)
    assert document.file.name.startswith(PRIVATE_PREFIX)
    token = document.file.name[len(PRIVATE_PREFIX) :].split("/", 1)[0]
    assert len(token) >= 24
    assert document.file.open("rb").read() == b"SALAINEN SISALTO"


def test_staff_only_asset_refused_anonymously_by_every_url(client, brand_page, staff_asset):
    document = staff_asset.files.get().document
    asset_file = staff_asset.files.get()
    login = reverse("wagtailadmin_login")
    urls = [
        route(brand_page, "asset_download", staff_asset.pk),
        route(brand_page, "file_download", staff_asset.pk, asset_file.pk),
        document.url,  # Wagtail's document serve view
    ]
    for lang in ("sv", "en"):
        page = BrandPage.objects.get(locale__language_code=lang)
        urls.append(route(page, "asset_download", staff_asset.pk))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url
        assert b"SALAINEN" not in body(response)
    # Not in any ZIP, nor listed, nor linked anywhere an anonymous visitor can see.
    for query in ({"category": "presentation"}, {"language": "fi"}, {}):
        response = client.get(route(brand_page, "zip_download"), query)
        if response.status_code == 200:
            archive = zip_of(response)
            assert all(b"SALAINEN" not in archive.read(n) for n in archive.namelist())
    pages = [client.get(brand_page.url), client.get(brand_page.url, {"outdated": "on"})]
    for response in pages:
        html = response.content.decode()
        assert staff_asset.title not in html
        assert document.file.name not in html and document.url not in html


def test_staff_only_document_refused_even_in_a_public_collection(client, staff_asset):
    document = staff_asset.files.get().document
    document.collection = Collection.get_first_root_node()
    document.save()
    assert not is_restricted_document(document)
    response = client.get(document.url)
    assert response.status_code == 302
    assert b"SALAINEN" not in body(response)


def test_logged_in_non_staff_gets_403_and_staff_get_the_file(client, brand_page, staff_asset):
    url = route(brand_page, "asset_download", staff_asset.pk)
    document = staff_asset.files.get().document
    client.force_login(make_user())  # an account without admin access
    assert client.get(url).status_code == 403
    assert client.get(document.url).status_code == 403
    client.force_login(staff_user())
    response = client.get(url)
    assert response.status_code == 200 and body(response) == b"SALAINEN SISALTO"
    assert response["Cache-Control"] == "private, no-store"
    assert body(client.get(document.url)) == b"SALAINEN SISALTO"


def test_images_never_belong_to_staff_only_material(client):
    """Image originals and renditions are public media files, so the admin refuses an image file
    or a preview image on a staff-only asset, and the image serve view is not mounted."""
    user = national_editor()
    client.force_login(user)
    image = make_image()
    asset = make_asset(title="Kuva-aineisto", files=[image], preview_image=make_image())
    data = asset_form_data(asset, user)
    data["audience"] = "staff"
    response = client.post(reverse("wagtailsnippets_brand_brandasset:edit", args=[asset.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kuvat ovat julkisia tiedostoja" in html  # "… images are public files", in Finnish
    asset.refresh_from_db()
    assert asset.audience == "public"
    with pytest.raises(NoReverseMatch):
        reverse("wagtailimages_serve", args=["x", image.pk, "original"])
    assert client.get(f"/images/abc/{image.pk}/original/{image.filename}").status_code == 404


def test_public_asset_cannot_hold_staff_only_documents(client):
    from brand.assets import staff_collection

    user = national_editor()
    client.force_login(user)
    private = make_document(collection=staff_collection())
    asset = make_asset(title="Julkinen", files=[make_document()])
    data = asset_form_data(asset, user)
    data["files-0-document"] = str(private.pk)
    response = client.post(reverse("wagtailsnippets_brand_brandasset:edit", args=[asset.pk]), data)
    assert response.status_code == 200
    # "… so the public could not download it", in the admin's language (Finnish)
    assert "joten yleisö ei voisi ladata sitä" in response.content.decode()


# --- Who manages the bank -------------------------------------------------------------------------


def asset_form_data(asset, user):
    from wagtail.snippets.views.snippets import SnippetViewSet  # noqa: F401

    from brand.wagtail_hooks import BrandAssetViewSet

    form_class = BrandAssetViewSet.edit_handler.bind_to_model(BrandAsset).get_form_class()
    return form_data(form_class(instance=asset, for_user=user))


def test_national_editor_manages_assets_in_the_admin(client):
    user = national_editor()
    client.force_login(user)
    asset = make_asset(title="Vanha nimi")
    assert client.get(reverse("wagtailsnippets_brand_brandasset:list")).status_code == 200
    data = asset_form_data(asset, user)
    data["title"] = "Uusi nimi"
    url = reverse("wagtailsnippets_brand_brandasset:edit", args=[asset.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    asset.refresh_from_db()
    assert asset.title == "Uusi nimi"


def test_local_editor_is_refused_the_asset_bank_admin_and_guideline_pages(client, brand_page):
    ohjaamo = OhjaamoPage.objects.filter(locale__language_code="fi").first()
    client.force_login(local_editor(ohjaamo))
    asset = BrandAsset.objects.first()
    for url in (
        reverse("wagtailsnippets_brand_brandasset:list"),
        reverse("wagtailsnippets_brand_brandasset:add"),
        reverse("wagtailsnippets_brand_brandasset:edit", args=[asset.pk]),
        reverse("wagtailsnippets_brand_brandasset:delete", args=[asset.pk]),
    ):
        assert_admin_refused(client, client.get(url))
    response = client.post(
        reverse("wagtailsnippets_brand_brandasset:edit", args=[asset.pk]), {"title": "Muutettu"}
    )
    assert_admin_refused(client, response)
    assert BrandAsset.objects.get(pk=asset.pk).title != "Muutettu"
    guide = brand_page.get_children().first()
    for url in (
        reverse("wagtailadmin_pages:edit", args=[guide.pk]),
        reverse("wagtailadmin_pages:edit", args=[brand_page.pk]),
        reverse("wagtailadmin_pages:add", args=["brand", "brandguidelinepage", brand_page.pk]),
    ):
        assert_admin_refused(client, client.get(url))
    # But the same editor downloads the current logo pack, listed on the brand page,
    pack = BrandAsset.objects.get(category="logo", language="fi", version="2.0")
    assert pack.current_replacement() is None and pack.replaces is not None
    assert (
        route(brand_page, "asset_download", pack.pk) in client.get(brand_page.url).content.decode()
    )
    archive = zip_of(client.get(route(brand_page, "asset_download", pack.pk)))
    assert len(archive.namelist()) == pack.files.count()
    assert sorted(archive.read(name) for name in archive.namelist()) == expected_files([pack])
    # and their own Ohjaamo's lockup from the asset bank.
    html = client.get(brand_page.url, {"ohjaamo": ohjaamo.pk}).content.decode()
    svg_url = route(brand_page, "lockup_download", ohjaamo.pk, "svg")
    assert svg_url in html
    response = client.get(svg_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert ohjaamo.title.encode() in response.content


def test_staff_only_file_is_not_served_from_its_media_path(client, settings, staff_asset):
    """Where the site serves media itself (development, tests), the original file of a staff-only
    document is not reachable by its file path either."""
    document = staff_asset.files.get().document
    for url in (
        settings.MEDIA_URL + document.file.name,
        settings.MEDIA_URL + "images/../" + document.file.name,
        settings.MEDIA_URL + "./" + document.file.name,
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"SALAINEN" not in body(response)
