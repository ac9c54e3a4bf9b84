"""The data-quality dashboard: each check lists a fault planted in the seeded site, with a link to
where it is fixed; a local team sees only its own rows; the whole dashboard takes a fixed number
of queries however many Ohjaamos there are."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, WorkflowState

from kohtaamo.models import AccessibilityFeedback, AccessibilityStatementPage, ContentPage
from kohtaamo.seeding import publish
from locations import teams
from locations.models import OhjaamoPage, OpeningException, OpeningHours, ServicePoint
from news.models import NewsPage
from quality import checks
from tests.factories import news as news_factories
from tests.factories import teams as f

pytestmark = pytest.mark.django_db


def keys(dashboard, check):
    return {
        row.key for section in dashboard.sections if section.key == check for row in section.rows
    }


def row(dashboard, key):
    return next(r for r in dashboard.rows() if r.key == key)


def team_page(slug=f.TEAM_A):
    return OhjaamoPage.objects.get(slug=slug, locale__language_code="fi")


def addressed_point(slug=f.TEAM_A):
    """A Finnish point of the team's page, given an exact address at its municipality's centre."""
    point = (
        ServicePoint.objects.filter(page=team_page(slug))
        .exclude(kind=ServicePoint.Kind.POPUP)
        .order_by("location_approximate", "pk")
        .first()
    )
    if not point.street_address or point.location_approximate:
        point.street_address = "Testikatu 1"
        point.postal_code = point.postal_code or "33100"
        point.location_approximate = False
    point.latitude = point.municipality.latitude
    point.longitude = point.municipality.longitude
    point.save()
    return point


def test_point_without_exact_address_is_listed(seeded):
    point = addressed_point()
    key = f"address:{point.translation_key}:exact"
    assert key not in keys(checks.build(), "address")
    point.street_address = ""
    point.save()
    dashboard = checks.build()
    assert key in keys(dashboard, "address")
    assert row(dashboard, key).url == reverse("wagtailadmin_pages:edit", args=[point.page_id])
    # The seed's approximate points are there too (12 of 16 have no exact address).
    assert len(keys(dashboard, "address")) >= 12


def test_point_far_from_its_municipality_or_outside_finland_is_listed(seeded):
    point = addressed_point()
    point.latitude += 0.5  # about 55 km north
    point.save()
    dashboard = checks.build()
    assert f"address:{point.translation_key}:municipality" in keys(dashboard, "address")
    point.latitude, point.longitude = 52.52, 13.40  # Berlin
    point.save()
    assert f"address:{point.translation_key}:finland" in keys(checks.build(), "address")


def test_point_differing_from_ptv_in_a_field_not_kept_is_listed(seeded):
    point = addressed_point()
    point.ptv_id = uuid.uuid4()
    point.ptv_snapshot = {"street_address": "PTV-katu 1", "phone": point.phone}
    point.overridden_fields = []
    point.save()
    key = f"ptv:{point.translation_key}:street_address"
    dashboard = checks.build()
    assert key in keys(dashboard, "ptv")
    assert "PTV-katu 1" in row(dashboard, key).problem_text
    # A field kept from local edits is not a problem.
    point.overridden_fields = ["street_address"]
    point.save()
    assert key not in keys(checks.build(), "ptv")


def test_missing_translations_of_news_and_points_are_listed(seeded):
    page = team_page()
    news = news_factories.make_news(page, title="Vain suomeksi")
    fi = Locale.objects.get(language_code="fi")
    point = ServicePoint.objects.create(
        page=page,
        locale=fi,
        name="Uusi toimipiste",
        street_address="Uusikatu 2",
        postal_code="00100",
        post_office="Helsinki",
        municipality=addressed_point().municipality,
        latitude=60.17,
        longitude=24.94,
    )
    found = keys(checks.build(), "translations")
    for code in ("sv", "en"):
        assert f"translations:news:{news.translation_key}:{code}:missing" in found
        assert f"translations:point:{point.translation_key}:{code}:missing" in found


def test_an_ohjaamo_page_missing_a_translation_is_listed(seeded):
    page = news_factories.ohjaamo_page(
        slug="ohjaamo-vain-ruotsiksi", title="Ohjaamo Käännöstesti", translations=("sv",)
    )
    found = keys(checks.build(), "translations")
    assert f"translations:ohjaamo:{page.translation_key}:en:missing" in found
    assert f"translations:ohjaamo:{page.translation_key}:sv:missing" not in found


def test_translation_older_than_the_source_is_listed(seeded):
    page = team_page()
    key = f"translations:ohjaamo:{page.translation_key}:sv:outdated"
    assert key not in keys(checks.build(), "translations")
    page.intro = "Uusi johdanto, jota ei ole vielä käännetty."
    publish(page)
    assert key in keys(checks.build(), "translations")


def test_page_not_edited_for_a_year_is_listed(seeded):
    page = team_page()
    Page.objects.filter(pk=page.pk).update(
        latest_revision_created_at=timezone.now() - datetime.timedelta(days=400)
    )
    dashboard = checks.build()
    assert f"stale:{page.pk}" in keys(dashboard, "stale")
    assert row(dashboard, f"stale:{page.pk}").team == str(page.translation_key)


@pytest.mark.parametrize(("days", "suffix"), [(3, "ending"), (-2, "ended")])
def test_popup_ending_soon_or_ended_is_listed(seeded, days, suffix):
    point = addressed_point()
    today = timezone.localdate()
    point.kind = ServicePoint.Kind.POPUP
    point.valid_from = today - datetime.timedelta(days=30)
    point.valid_to = today + datetime.timedelta(days=days)
    point.save()
    assert f"popups:{point.translation_key}:{suffix}" in keys(checks.build(), "popups")


def test_empty_overlapping_or_always_closed_hours_are_listed(seeded):
    point = addressed_point()
    point.weekly_hours.all().delete()
    assert f"hours:{point.translation_key}:empty" in keys(checks.build(), "hours")

    OpeningHours.objects.create(
        point=point, weekday=1, opens=datetime.time(10), closes=datetime.time(14)
    )
    OpeningHours.objects.create(
        point=point, weekday=1, opens=datetime.time(13), closes=datetime.time(16)
    )
    found = keys(checks.build(), "hours")
    assert f"hours:{point.translation_key}:overlap" in found
    assert f"hours:{point.translation_key}:closed" not in found

    today = timezone.localdate()
    OpeningException.objects.create(
        point=point,
        locale=point.locale,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=30),
        closed=True,
        reason="Remontti",
    )
    assert f"hours:{point.translation_key}:closed" in keys(checks.build(), "hours")


def test_overnight_sunday_hours_overlapping_monday_are_listed(seeded):
    point = addressed_point()
    point.weekly_hours.all().delete()
    OpeningHours.objects.create(
        point=point, weekday=6, opens=datetime.time(22), closes=datetime.time(2)
    )
    OpeningHours.objects.create(
        point=point, weekday=0, opens=datetime.time(1), closes=datetime.time(5)
    )
    assert f"hours:{point.translation_key}:overlap" in keys(checks.build(), "hours")


def test_image_without_alt_text_is_listed_for_its_team(seeded):
    team = teams.get_team(f.TEAM_A)
    image = f.make_image(team.collection, title="Kuva ilman kuvausta")
    image.description = ""
    image.save()
    dashboard = checks.build()
    key = f"images:{image.pk}"
    assert key in keys(dashboard, "images")
    assert row(dashboard, key).url == reverse("wagtailimages:edit", args=[image.pk])
    assert row(dashboard, key).team == str(team.source.translation_key)


def statement():
    return AccessibilityStatementPage.objects.get(locale__language_code="fi")


def link_from_statement(html):
    page = statement()
    page.non_accessible_content = html
    publish(page)
    return page


def test_unused_document_is_listed_and_a_linked_one_is_not(seeded):
    team = teams.get_team(f.TEAM_A)
    document = f.make_document(team.collection, title="Kukaan ei linkitä tätä")
    key = f"documents:{document.pk}"
    assert key in keys(checks.build(), "documents")
    link_from_statement(f'<p><a linktype="document" id="{document.pk}">Ohje</a></p>')
    assert key not in keys(checks.build(), "documents")


def test_links_to_removed_and_unpublished_pages_are_listed(seeded):
    home = Page.objects.get(depth=2, locale__language_code="fi")
    gone = ContentPage(title="Poistuva sivu", slug="poistuva-sivu")
    hidden = ContentPage(title="Piilotettava sivu", slug="piilotettava-sivu")
    home.add_child(instance=gone)
    home.add_child(instance=hidden)
    publish(gone)
    publish(hidden)
    source = link_from_statement(
        f'<p><a linktype="page" id="{gone.pk}">Vanha</a> '
        f'<a linktype="page" id="{hidden.pk}">Piilo</a></p>'
    )
    assert not keys(checks.build(), "links") & {
        f"links:{source.pk}:page:{gone.pk}",
        f"links:{source.pk}:page:{hidden.pk}",
    }
    gone_id = gone.pk
    gone.delete()
    hidden.unpublish()
    dashboard = checks.build()
    found = keys(dashboard, "links")
    assert f"links:{source.pk}:page:{gone_id}" in found
    assert f"links:{source.pk}:page:{hidden.pk}" in found
    assert "Piilotettava sivu" in row(dashboard, f"links:{source.pk}:page:{hidden.pk}").problem_text
    assert row(dashboard, f"links:{source.pk}:page:{gone_id}").team is None


def test_local_news_waiting_for_approval_for_days_is_listed(seeded):
    team = teams.get_team(f.TEAM_A)
    editor = f.user("a_editor")
    news = NewsPage(title="Odottaa hyväksyntää", slug="odottaa-hyvaksyntaa", lead="Ingressi.")
    team.source.add_child(instance=news)
    news.save_revision(user=editor)
    state = team.workflow.start(news, editor)
    key_prefix = f"moderation:{news.pk}:"
    assert not any(k.startswith(key_prefix) for k in keys(checks.build(), "moderation"))
    WorkflowState.objects.filter(pk=state.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )
    found = keys(checks.build(), "moderation")
    assert any(k.startswith(key_prefix) for k in found)


def test_overdue_accessibility_feedback_is_listed_for_the_national_team_only(seeded):
    feedback = AccessibilityFeedback.objects.create(
        message="Painike puuttuu",
        language="fi",
        created_at=timezone.now() - datetime.timedelta(days=15),
    )
    recent = AccessibilityFeedback.objects.create(message="Uusi", language="fi")
    found = keys(checks.build(), "feedback")
    assert f"feedback:{feedback.pk}" in found
    assert f"feedback:{recent.pk}" not in found
    local = checks.build([str(team_page().translation_key)])
    assert "feedback" not in {section.key for section in local.sections}


def test_a_local_team_sees_only_its_own_rows(seeded):
    point_a = addressed_point(f.TEAM_A)
    point_b = addressed_point(f.TEAM_B)
    for point in (point_a, point_b):
        point.street_address = ""
        point.save()
    team_a = str(team_page(f.TEAM_A).translation_key)
    dashboard = checks.build([team_a])
    assert f"address:{point_a.translation_key}:exact" in keys(dashboard, "address")
    assert f"address:{point_b.translation_key}:exact" not in keys(dashboard, "address")
    assert {r.team for r in dashboard.rows()} <= {team_a}


def test_dashboard_view_for_national_and_local_teams(seeded):
    point_b = addressed_point(f.TEAM_B)
    point_b.street_address = ""
    point_b.save()
    url = reverse("quality_dashboard")
    national = Client()
    national.force_login(f.user("national"))
    html = national.get(url).content.decode()
    assert "Puuttuvat tai vanhentuneet käännökset" in html
    assert f'data-row="address:{point_b.translation_key}:exact"' in html
    assert 'id="check-feedback"' in html

    local = Client()
    local.force_login(f.user("a_editor"))
    html = local.get(url).content.decode()
    assert f'data-row="address:{point_b.translation_key}:exact"' not in html
    assert 'id="check-feedback"' not in html
    assert 'id="check-address"' in html
    # The local team's admin home has the panel leading there.
    home = local.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="data-quality-section"' in home or 'id="data-quality"' in home
    assert url in home


def test_a_user_without_a_team_may_not_open_the_dashboard(seeded):
    user = f.make_user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    response = client.get(reverse("quality_dashboard"))
    assert response.status_code in (302, 403)


def more_ohjaamos(count):
    fi = Locale.objects.get(language_code="fi")
    for _n in range(count):
        page = news_factories.ohjaamo_page()
        municipality = addressed_point().municipality
        ServicePoint.objects.create(
            page=page,
            locale=fi,
            name="Lisäpiste",
            street_address="",
            post_office="Helsinki",
            municipality=municipality,
            latitude=municipality.latitude,
            longitude=municipality.longitude,
            location_approximate=True,
        )
        news_factories.make_news(page)


def count_queries(scope=None):
    with CaptureQueriesContext(connection) as captured:
        checks.build(scope)
    return len(captured.captured_queries)


def test_dashboard_takes_a_fixed_number_of_queries(seeded):
    checks.build()  # content types and other process-wide caches
    before = count_queries()
    local_before = count_queries([str(team_page().translation_key)])
    more_ohjaamos(3)
    assert count_queries() == before == DASHBOARD_QUERIES
    assert count_queries([str(team_page().translation_key)]) == local_before


# Locales, Ohjaamo pages, points with hours and exceptions (3), news, news indexes, translation
# sources, other languages' points, stale pages, team collections, images, documents, the
# reference index, linked pages, links to deleted objects, workflow states, overdue feedback.
DASHBOARD_QUERIES = 18
