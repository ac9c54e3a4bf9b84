"""Dates in the admin read the way Finnish editors write them: an exception row of an Ohjaamo's
service point shows 8.12.2026 to a Finnish (and a Swedish) user, the picker uses j.n.Y, and a date
typed as 8.12.2026 is saved; ISO dates are still accepted."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from locations.models import OpeningException
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 8)


def login(role, lang):
    return f.client_in_language(role, lang)


@pytest.fixture
def closed_day(seeded):
    page = f.team_page(f.TEAM_A)
    point = page.points.first()
    exception = OpeningException.objects.create(
        point=point, start_date=DAY, end_date=DAY, closed=True, locale=point.locale
    )
    page.save_revision().publish()
    return page, exception


def date_inputs(html):
    soup = BeautifulSoup(html, "html.parser")
    return soup.select('input[name$="-start_date"]')


def picker_config(field):
    """The configuration Wagtail's script next to the input passes to the date picker."""
    script = field.find_next_sibling("script").string
    return json.loads(re.search(r", (\{.*\})\);", script).group(1))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_exception_dates_show_as_finnish_editors_write_them(closed_day, lang):
    page, _exception = closed_day
    client = login("a_editor", lang)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    inputs = date_inputs(html)
    values = [field.get("value") for field in inputs]
    assert "8.12.2026" in values
    assert "2026-12-08" not in values
    assert picker_config(inputs[0])["format"] == "j.n.Y"


def test_english_admin_keeps_iso_dates(closed_day):
    page, _exception = closed_day
    html = (
        login("a_editor", "en")
        .get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        .content.decode()
    )
    inputs = date_inputs(html)
    assert "2026-12-08" in [field.get("value") for field in inputs]
    assert picker_config(inputs[0])["format"] == "Y-m-d"


@pytest.mark.parametrize("typed", ["9.12.2026", "2026-12-09"])
def test_a_date_typed_in_finnish_format_is_saved(closed_day, typed):
    page, exception = closed_day
    data = f.page_form_data(page, user=f.user("a_editor"))
    (name,) = [
        key
        for key, value in data.items()
        if key.endswith("-start_date") and value in ("8.12.2026", "08.12.2026", "2026-12-08")
    ]
    data[name] = typed
    data[name.replace("start_date", "end_date")] = typed
    response = login("a_editor", "fi").post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data
    )
    assert response.status_code == 302, response.content[:3000]
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    dates = {row.start_date for point in draft.points.all() for row in point.exceptions.all()}
    assert datetime.date(2026, 12, 9) in dates


def test_a_malformed_date_is_a_form_error_not_a_crash(closed_day):
    page, _exception = closed_day
    data = f.page_form_data(page, user=f.user("a_editor"))
    name = next(key for key in data if key.endswith("-start_date") and data[key])
    data[name] = "32.13.2026"
    response = login("a_editor", "fi").post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data
    )
    assert response.status_code == 200
    assert "Syötä oikea päivämäärä" in response.content.decode()
