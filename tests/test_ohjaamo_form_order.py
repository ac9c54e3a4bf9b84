"""The Ohjaamo edit form in the order local editors use it: the service points with their opening
hours and exceptions right after the introduction (not 2,600 px down under contact details and
social media), each point's hours and exceptions before its address and accessibility details,
and the coming public holidays listed beside the exceptions."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation

from locations import hours
from tests.factories import teams as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_html(seeded):
    page = f.team_page(f.TEAM_A)
    client = Client()
    client.force_login(f.user("a_editor"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def position(html, needle):
    index = html.find(needle)
    assert index >= 0, needle
    return index


def test_service_points_come_right_after_the_introduction(form_html):
    points = position(form_html, 'id="id_points-FORMS"')
    assert position(form_html, 'name="intro"') < points
    assert points < position(form_html, 'name="phone"')
    assert points < position(form_html, 'id="id_channels-FORMS"')


def test_hours_and_exceptions_come_first_in_a_service_point(form_html):
    hours_at = position(form_html, 'id="id_points-0-weekly_hours-FORMS"')
    exceptions_at = position(form_html, 'id="id_points-0-exceptions-FORMS"')
    assert hours_at < exceptions_at < position(form_html, 'name="points-0-street_address"')
    assert exceptions_at < position(form_html, 'name="points-0-accessibility_info"')


def test_coming_holidays_are_listed_beside_the_exceptions(form_html):
    soup = BeautifulSoup(form_html, "html.parser")
    lists = soup.select(".upcoming-holidays")
    assert lists
    with translation.override("fi"):
        coming = hours.upcoming_holidays()
        first_date, first_name = coming[0]
        expected = f"{hours.format_date(first_date)} {first_name}"
    items = [" ".join(item.get_text().split()) for item in lists[0].select("li")]
    assert items[0] == expected
    assert len(items) == len(coming) >= 10
    assert "Tulevat juhlapyhät" in form_html
    assert position(form_html, 'id="id_points-0-exceptions-FORMS"') < form_html.find(
        "upcoming-holidays"
    )
