"""Files in the admin API are a local team's own and the public shared material; Wagtail's default
"Editors" and "Moderators" groups, which held permissions on the whole tree, are gone.

(What each role sees of another team's unpublished pages, endpoint by endpoint, is part of the
permission matrix: tests/test_team_permissions.py, `test_metadata_matrix`.)"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from brand.assets import PUBLIC_COLLECTION, STAFF_COLLECTION
from tests.factories import teams as f

pytestmark = pytest.mark.django_db


def client_for(role):
    client = Client()
    client.force_login(f.user(role))
    return client


# --- Admin API: files -----------------------------------------------------------------------------


def _titles(client, kind):
    """Every title the admin API lists (all pages of the listing)."""
    titles, offset = set(), 0
    while True:
        response = client.get(f"/admin/api/main/{kind}/?limit=20&offset={offset}")
        assert response.status_code == 200, response.status_code
        data = response.json()
        titles |= {item["title"] for item in data["items"]}
        offset += 20
        if offset >= data["meta"]["total_count"]:
            return titles


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_admin_api_files_are_the_teams_own_and_public_shared_material(seeded, kind):
    model = get_image_model() if kind == "images" else get_document_model()
    a_image, a_document = f.team_files(f.TEAM_A)
    b_image, b_document = f.team_files(f.TEAM_B)
    own, other = (a_image, b_image) if kind == "images" else (a_document, b_document)
    shared = model.objects.filter(collection__name=PUBLIC_COLLECTION).first()
    staff_only = model.objects.filter(collection__name=STAFF_COLLECTION).first()

    seen = _titles(client_for("a_editor"), kind)
    assert own.title in seen
    assert other.title not in seen
    if shared is not None:
        assert shared.title in seen
    if staff_only is not None:
        assert staff_only.title not in seen
    # One by one too.
    assert client_for("a_editor").get(f"/admin/api/main/{kind}/{other.pk}/").status_code == 404
    if staff_only is not None:
        detail = client_for("a_editor").get(f"/admin/api/main/{kind}/{staff_only.pk}/")
        assert detail.status_code == 404

    national = _titles(client_for("national"), kind)
    assert {own.title, other.title} <= national


def test_the_staff_only_brand_pdf_is_not_listed_for_local_teams(seeded):
    documents = get_document_model().objects.filter(collection__name=STAFF_COLLECTION)
    assert documents.exists(), "the seed has a staff-only brand document"
    seen = _titles(client_for("b_editor"), "documents")
    assert not seen & set(documents.values_list("title", flat=True))


# --- Wagtail's default groups ---------------------------------------------------------------------


def test_wagtails_default_groups_are_gone(seeded):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupPagePermission.objects.filter(
        group__name__in=["Editors", "Moderators"]
    ).exists()
    assert not GroupCollectionPermission.objects.filter(
        group__name__in=["Editors", "Moderators"]
    ).exists()
