"""A database that is restarting answers 503 instead of 500, and an editor's save sent while it is
away comes back as a page that keeps everything the form sent (kohtaamo/middleware.py). The drill
scripts/drills/editor_save_during_db_restart.py does the same against a real PostgreSQL restart."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from wagtail.admin.views.pages.edit import EditView

pytestmark = pytest.mark.django_db


def db_down(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


def test_editor_save_during_outage_keeps_every_field_and_says_nothing_was_saved(
    admin_client, seeded, caplog
):
    page = seeded["fi"].get_children().get(slug="tietosuoja")
    url = f"/admin/pages/{page.pk}/edit/"
    data = {
        "title": "Tietosuoja <uusi> & parempi",
        "slug": "tietosuoja",
        "intro": "Rivi yksi\nrivi kaksi",
        "tags": ["a", "b"],
    }
    with mock.patch.object(EditView, "post", db_down):
        response = admin_client.post(url, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form")
    assert form["method"] == "post" and form["action"] == url
    kept = [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]
    assert ("title", "Tietosuoja <uusi> & parempi") in kept
    assert ("intro", "Rivi yksi\nrivi kaksi") in kept
    assert ("tags", "a") in kept and ("tags", "b") in kept
    assert "mitään ei tallennettu" in soup.get_text()
    assert "nothing was saved" in soup.get_text()
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)
    # Sending it again is the drill's part (a real edit form in Chromium, a real restart).


def test_public_page_during_outage_is_a_503_not_a_500(client, seeded):
    with mock.patch("kohtaamo.models.HomePage.serve", db_down):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Palvelu on hetken tauolla" in response.content.decode()


def test_other_errors_are_not_mistaken_for_an_outage(client, seeded):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    client.raise_request_exception = False
    with mock.patch("kohtaamo.models.HomePage.serve", broken):
        response = client.get("/")
    assert response.status_code == 500


# A database error met in a middleware (loading the session and the user from it, or saving the
# session: SESSION_SAVE_EVERY_REQUEST) never reaches a view's process_exception: the 500 handler
# answers the same 503.


def session_db_down():
    from django.contrib.sessions.backends.db import SessionStore

    return mock.patch.object(SessionStore, "load", db_down)


def test_session_load_failing_gives_the_503_page_not_a_500(admin_client, seeded):
    admin_client.raise_request_exception = False
    with session_db_down():
        response = admin_client.get("/admin/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert "Palvelu on hetken tauolla" in response.content.decode()


def test_session_load_failing_on_a_public_page_gives_the_503_page(admin_client, seeded):
    admin_client.raise_request_exception = False
    with session_db_down():
        response = admin_client.get("/")
    assert response.status_code == 503
    assert "Palvelu on hetken tauolla" in response.content.decode()


def test_session_load_failing_during_a_page_save_keeps_the_form(admin_client, seeded, caplog):
    admin_client.raise_request_exception = False
    page = seeded["fi"].get_children().get(slug="tietosuoja")
    url = f"/admin/pages/{page.pk}/edit/"
    data = {"title": "Tietosuoja, uusi otsikko", "slug": "tietosuoja", "intro": "Teksti"}
    with session_db_down():
        response = admin_client.post(url, data)
    assert response.status_code == 503
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form")
    assert form["method"] == "post" and form["action"] == url
    kept = [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]
    assert ("title", "Tietosuoja, uusi otsikko") in kept
    assert ("intro", "Teksti") in kept
    assert "nothing was saved" in soup.get_text()
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)
    # Nothing half-saved: the page's latest revision is not the one sent.
    page.refresh_from_db()
    latest = page.get_latest_revision()
    assert latest is None or latest.content["title"] != "Tietosuoja, uusi otsikko"


def test_session_save_failing_after_the_view_gives_the_503_page(admin_client, seeded):
    from django.contrib.sessions.backends.db import SessionStore

    admin_client.raise_request_exception = False
    with mock.patch.object(SessionStore, "save", db_down):
        response = admin_client.get("/")
    assert response.status_code == 503
    assert "Palvelu on hetken tauolla" in response.content.decode()


def test_a_database_error_in_the_api_is_a_json_503(client, seeded):
    client.raise_request_exception = False
    with mock.patch("news.api.queries.visible", db_down):
        response = client.get("/api/news/", {"lang": "en"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["detail"] == (
        "The service is briefly unavailable. Please try again in a moment."
    )
