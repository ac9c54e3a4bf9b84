"""A hand-edited Swedish or English Ohjaamo page shares its rows with the Finnish page (service
points, their opening hours and exceptions, presences, channels: locations/one_truth.py). Its
edit form shows those rows without add, delete or move controls and says why; a posted add,
delete or move is refused with a message and nothing is saved; translated texts still save."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail_localize.models import Translation

from locations.models import OhjaamoPage
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

SHARED = ("points", "weekly_hours", "exceptions", "presences", "channels")


def hand_edited(lang):
    """The team's page in `lang`, edited by hand (wagtail-localize's sync stopped), with at
    least one exception on its first point (so that every kind of row is there)."""
    page = f.team_page(f.TEAM_A, lang).specific
    Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=page.locale
    ).update(enabled=False)
    return page


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def controls(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        "add": [b["id"] for b in soup.select("button[id$='-ADD']")],
        "delete": [b["id"] for b in soup.select("button[id$='-DELETE-button']")],
        "move": soup.select("[data-inline-panel-child-move-up], [data-inline-panel-child-drag]"),
    }


def shared_add_buttons(found):
    return [
        button
        for button in found["add"]
        if any(button.endswith(f"{relation}-ADD") for relation in SHARED)
    ]


@pytest.mark.parametrize(("lang", "why"), [("fi", "Rivit lisätään"), ("sv", "Rader läggs till")])
def test_a_translation_shows_shared_rows_without_row_controls_and_says_why(lang, why):
    sv = hand_edited("sv")
    client = f.client_in_language("a_editor", lang)
    response = client.get(edit_url(sv))
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form.formsets["points"].forms and form.formsets["points"].forms[0].formsets
    found = controls(html)
    assert shared_add_buttons(found) == []
    assert found["delete"] == [] and found["move"] == []
    soup = BeautifulSoup(html, "html.parser")
    helps = [" ".join(block.get_text().split()) for block in soup.select(".help-block")]
    assert sum(why in text for text in helps) >= len(SHARED)
    # The rows and their translatable texts are there.
    assert soup.select("[data-shared-rows] [name='points-0-name']")

    # The Finnish page keeps Wagtail's controls.
    fi = f.team_page(f.TEAM_A, "fi")
    found = controls(client.get(edit_url(fi)).content.decode())
    assert {button.rsplit("-", 1)[0] for button in shared_add_buttons(found)} >= {
        "id_points",
        "id_channels",
        "id_presences",
        "id_points-0-weekly_hours",
        "id_points-0-exceptions",
    }
    assert found["delete"] and found["move"]


def post(client, page, data):
    revisions = page.revisions.count()
    response = client.post(edit_url(page), data)
    return response, page.revisions.count() - revisions


def refused(response):
    assert response.status_code == 200, response.status_code
    return [str(message) for message in response.context["messages"]]


def test_a_posted_new_row_is_refused_with_a_message():
    sv = hand_edited("sv")
    client = f.client_in_language("a_editor", "sv")
    data = f.page_form_data(sv, user=f.user("a_editor"))
    n = int(data["points-0-exceptions-TOTAL_FORMS"])
    data["points-0-exceptions-TOTAL_FORMS"] = str(n + 1)
    data.update(
        {
            f"points-0-exceptions-{n}-id": "",
            f"points-0-exceptions-{n}-ORDER": str(n + 1),
            f"points-0-exceptions-{n}-reason": "Stängt för personaldag",
        }
    )
    response, new_revisions = post(client, sv, data)
    messages = refused(response)
    assert new_revisions == 0
    assert any("Undantag" in m and "Finnish" not in m for m in messages), messages
    assert any("finska sidan" in m for m in messages), messages


def test_a_posted_deletion_is_refused_and_the_row_stays():
    sv = hand_edited("sv")
    client = f.client_in_language("a_editor", "fi")
    before = [h.pk for h in sv.points.first().weekly_hours.all()]
    assert before
    data = f.page_form_data(sv, user=f.user("a_editor"))
    data["points-0-weekly_hours-0-DELETE"] = "on"
    response, new_revisions = post(client, sv, data)
    messages = refused(response)
    assert new_revisions == 0
    assert any(m.startswith("Aukioloajat:") or "Aukioloajat:" in m for m in messages), messages
    draft = OhjaamoPage.objects.get(pk=sv.pk).get_latest_revision_as_object()
    assert [h.pk for h in draft.points.first().weekly_hours.all()] == before

    # Deleting a whole service point is refused the same way.
    data = f.page_form_data(sv, user=f.user("a_editor"))
    data["points-0-DELETE"] = "on"
    response, new_revisions = post(client, sv, data)
    assert new_revisions == 0
    assert any("Palvelupisteet" in m for m in refused(response))


def test_a_posted_move_is_refused():
    sv = hand_edited("sv")
    hours = sv.points.first().weekly_hours.count()
    assert hours >= 2
    client = f.client_in_language("a_editor", "fi")
    data = f.page_form_data(sv, user=f.user("a_editor"))
    data["points-0-weekly_hours-0-ORDER"], data["points-0-weekly_hours-1-ORDER"] = "2", "1"
    response, new_revisions = post(client, sv, data)
    assert new_revisions == 0
    assert any("Aukioloajat" in m for m in refused(response))


def test_translated_texts_of_shared_rows_still_save():
    sv = hand_edited("sv")
    client = f.client_in_language("a_editor", "sv")
    data = f.page_form_data(sv, user=f.user("a_editor"), **{"points-0-name": "Navigatorn, Fredan"})
    response, new_revisions = post(client, sv, data)
    assert response.status_code == 302
    assert new_revisions == 1
    draft = OhjaamoPage.objects.get(pk=sv.pk).get_latest_revision_as_object()
    assert draft.points.first().name == "Navigatorn, Fredan"
