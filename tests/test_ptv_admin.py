"""A service point's PTV link in the admin (issue #12, PTV): `ptv_id` is shown on every point,
set, changed and cleared by the national team only; a local team sees it read-only and a forged
POST from them changes nothing; a malformed id or one another point already has is a clear field
error."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from locations.models import OhjaamoPage
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

CHANNEL = uuid.UUID("3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01")
OTHER = uuid.UUID("8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c04")


def login(role, lang="fi"):
    return f.client_in_language(role, lang)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def helsinki():
    return f.team_page(f.TEAM_A).specific


def link_first_point(page, value, **extra):
    """Give the page's first point a PTV id as an import would have (live row and revision)."""
    page = OhjaamoPage.objects.get(pk=page.pk)
    point = page.points.first()
    point.ptv_id = value
    for name, item in extra.items():
        setattr(point, name, item)
    point.save()
    page.save_revision().publish()
    return OhjaamoPage.objects.get(pk=page.pk).points.first()


def point_form(response):
    return response.context["form"].formsets["points"].forms[0]


def latest_point(page):
    return OhjaamoPage.objects.get(pk=page.pk).get_latest_revision_as_object().points.all()[0]


def post(client, page, user, **changes):
    data = f.page_form_data(page, user=user)
    data.update(changes)
    return client.post(edit_url(page), data)


def test_the_local_team_sees_the_ptv_id_read_only():
    page = helsinki()
    link_first_point(page, CHANNEL)
    response = login("a_editor").get(edit_url(page))
    assert response.status_code == 200
    field = point_form(response)["ptv_id"]
    assert field.field.disabled
    assert str(field.value()) == str(CHANNEL)
    html = response.content.decode()
    assert str(CHANNEL) in html
    assert "Asettaa valtakunnallinen tiimi" in html
    # Also on a point added in the form (the template the "add" button copies).
    empty = response.context["form"].formsets["points"].empty_form
    assert empty.fields["ptv_id"].disabled


def test_the_national_team_can_set_it_with_finnish_and_swedish_help():
    page = helsinki()
    response = login("national").get(edit_url(page))
    assert response.status_code == 200
    assert not point_form(response).fields["ptv_id"].disabled
    html = response.content.decode()
    assert "PTV-asiointikanavan tunniste" in html
    assert "Jätä tyhjäksi" in html
    response = login("national", "sv").get(edit_url(page))
    html = response.content.decode()
    assert "PTV-servicekanalens beteckning" in html
    assert "Lämna tomt" in html


def test_a_forged_post_from_the_local_team_changes_nothing():
    page = helsinki()
    link_first_point(page, CHANNEL)
    editor = f.user("a_editor")
    response = post(login("a_editor"), page, editor, **{"points-0-ptv_id": str(OTHER)})
    assert response.status_code == 302, response.content[:2000]
    assert latest_point(page).ptv_id == CHANNEL
    # Nor can they unlink it.
    response = post(login("a_editor"), page, editor, **{"points-0-ptv_id": ""})
    assert response.status_code == 302
    assert latest_point(page).ptv_id == CHANNEL


def test_the_national_team_links_relinks_and_unlinks_a_point():
    page = helsinki()
    national = f.user("national")
    response = post(login("national"), page, national, **{"points-0-ptv_id": str(CHANNEL)})
    assert response.status_code == 302, response.content[:2000]
    assert latest_point(page).ptv_id == CHANNEL

    # Linked to another channel: the old import's snapshot no longer applies.
    linked = link_first_point(
        page, CHANNEL, ptv_snapshot={"name": "Vanha"}, overridden_fields=["name"]
    )
    assert linked.ptv_snapshot
    response = post(login("national"), page, national, **{"points-0-ptv_id": str(OTHER).upper()})
    assert response.status_code == 302
    point = latest_point(page)
    assert point.ptv_id == OTHER
    assert point.ptv_snapshot == {} and point.overridden_fields == []

    response = post(login("national"), page, national, **{"points-0-ptv_id": ""})
    assert response.status_code == 302
    assert latest_point(page).ptv_id is None


@pytest.mark.parametrize("value", ["not-an-id", "3c5e0f9a-7b1d-4e2a-9c43", "12345"])
def test_a_malformed_id_is_a_clear_field_error(value):
    page = helsinki()
    national = f.user("national")
    revisions = page.revisions.count()
    response = post(login("national"), page, national, **{"points-0-ptv_id": value})
    assert response.status_code == 200
    errors = point_form(response).errors["ptv_id"]
    assert errors == [
        "Tämä ei ole PTV-asiointikanavan tunniste. PTV-tunnisteet ovat UUID-muotoisia, esim. "
        "3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01."
    ]
    assert page.revisions.count() == revisions


def test_an_id_another_point_has_is_a_field_error():
    tampere = f.team_page(f.TEAM_B).specific
    link_first_point(tampere, CHANNEL)
    page = helsinki()
    national = f.user("national")
    response = post(login("national"), page, national, **{"points-0-ptv_id": str(CHANNEL)})
    assert response.status_code == 200
    [error] = point_form(response).errors["ptv_id"]
    assert "on jo liitetty" in error and tampere.title in error
    assert latest_point(page).ptv_id is None

    # The translations share their source's id: that is no conflict (another language).
    assert OhjaamoPage.objects.get(pk=f.team_page(f.TEAM_B, "sv").pk).points.first().ptv_id


def test_two_points_of_one_page_cannot_share_an_id():
    page = helsinki()
    national = f.user("national")
    data = f.page_form_data(page, user=national)
    # A second point added in the form: a copy of the first, both linked to one channel.
    n = int(data["points-TOTAL_FORMS"])
    for key, value in list(data.items()):
        if key.startswith("points-0-"):
            copied = key.replace("points-0-", f"points-{n}-", 1)
            data[copied] = "" if copied.endswith("-id") else value
    data["points-TOTAL_FORMS"] = str(n + 1)
    data[f"points-{n}-ORDER"] = str(n + 1)
    data["points-0-ptv_id"] = data[f"points-{n}-ptv_id"] = str(CHANNEL)
    response = login("national").post(edit_url(page), data)
    assert response.status_code == 200
    forms = response.context["form"].formsets["points"].forms
    assert forms[n].errors["ptv_id"] == [
        "Kaksi tämän sivun palvelupistettä on liitetty samaan PTV-asiointikanavaan."
    ]
    assert latest_point(page).ptv_id is None


def test_an_unchanged_id_of_a_point_saves_as_before():
    page = helsinki()
    link_first_point(page, CHANNEL)
    national = f.user("national")
    response = post(login("national"), page, national)
    assert response.status_code == 302
    assert latest_point(page).ptv_id == CHANNEL
    # Anonymous visitors never reach the form.
    assert Client().get(edit_url(page)).status_code == 302
