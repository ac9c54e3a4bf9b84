"""The admin dashboard leads a local team member straight to their own Ohjaamo: edit our page (in
every language), add news, our news, our images and documents, and what waits for approval."""

import pytest
from django.test import Client
from django.urls import reverse

from locations import teams
from tests.factories import teams as f

pytestmark = pytest.mark.django_db


def dashboard(role):
    client = Client()
    client.force_login(f.user(role))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["a_editor", "a_publisher"])
def test_local_member_dashboard_leads_to_their_own_ohjaamo(seeded, role):
    html = dashboard(role)
    team = teams.get_team(f.TEAM_A)
    assert 'id="our-ohjaamo-ohjaamo-helsinki-section"' in html
    for page in team.pages:
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    assert reverse("wagtailadmin_pages:add", args=["news", "newspage", team.source.pk]) in html
    assert reverse("wagtailadmin_explore", args=[team.source.pk]) in html
    assert f"{reverse('wagtailimages:index')}?collection_id={team.collection.pk}" in html
    assert f"{reverse('wagtaildocs:index')}?collection_id={team.collection.pk}" in html
    # Nothing of another team.
    other = teams.get_team(f.TEAM_B)
    for page in other.pages:
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) not in html
    assert f"collection_id={other.collection.pk}" not in html


def test_summary_counts_the_teams_pages_not_the_whole_site(seeded):
    from wagtail.models import Page

    client = Client()
    client.force_login(f.user("a_editor"))
    response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    team = teams.get_team(f.TEAM_A)
    own = sum(Page.objects.descendant_of(page, inclusive=True).count() for page in team.pages)
    assert own > 1
    # In the member's admin language (Finnish by default).
    assert f"{own} sivua Ohjaamossamme" in html
    assert Page.objects.count() - 1 != own
    # Wagtail's whole-site page count is replaced, not shown beside the team's.
    rendered = {template.name for template in response.templates}
    assert "locations/admin/summary_team_pages.html" in rendered
    assert "wagtailadmin/home/site_summary_pages.html" not in rendered


def test_the_team_panel_speaks_finnish_and_swedish(seeded):
    from wagtail.users.models import UserProfile

    html = dashboard("a_editor")
    assert "Ohjaamomme: Ohjaamo Helsinki" in html
    assert "Muokkaa sivuamme" in html
    assert "Our Ohjaamo" not in html
    profile = UserProfile.get_for_user(f.user("a_editor"))
    profile.preferred_language = "sv"
    profile.save()
    html = dashboard("a_editor")
    assert "Vårt Ohjaamo: Ohjaamo Helsinki" in html
    assert "Redigera vår sida" in html


@pytest.mark.parametrize("role", ["national", "superuser"])
def test_national_dashboard_has_no_team_panel(seeded, role):
    assert "our-ohjaamo-" not in dashboard(role)


def test_dashboard_links_open_for_the_member(seeded):
    client = Client()
    client.force_login(f.user("a_editor"))
    team = teams.get_team(f.TEAM_A)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[team.source.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "newspage", team.source.pk]),
        reverse("wagtailadmin_explore", args=[team.source.pk]),
        f"{reverse('wagtailimages:index')}?collection_id={team.collection.pk}",
        f"{reverse('wagtaildocs:index')}?collection_id={team.collection.pk}",
    ):
        assert client.get(url).status_code == 200, url


def test_team_panel_queries_do_not_grow_with_content(seeded, django_assert_num_queries):
    """The team panel's data takes a fixed number of queries, however many pages, files and
    drafts waiting for approval the team has."""
    from locations.team_hooks import team_dashboard
    from news.models import NewsPage

    user = f.user("a_publisher")
    team = teams.get_team(f.TEAM_A)

    def add_waiting_news(n):
        news = NewsPage(title=f"Lisäuutinen {n}", slug=f"lisauutinen-{n}", lead="Ingressi.")
        team.source.add_child(instance=news)
        news.save_revision(user=user)
        team.workflow.start(news, user)
        f.make_image(team.collection)
        f.make_document(team.collection)

    add_waiting_news(0)
    with django_assert_num_queries(PANEL_QUERIES):
        assert len(team_dashboard(team, user)["waiting"]) == 1
    for n in range(1, 4):
        add_waiting_news(n)
    with django_assert_num_queries(PANEL_QUERIES):
        assert len(team_dashboard(team, user)["waiting"]) == 4


# The user's groups (role), the team's page ids, the workflow states, their pages with locales,
# the image count and the document count.
PANEL_QUERIES = 6


@pytest.mark.parametrize("role", ["a_publisher", "a_editor"])
def test_pages_waiting_for_approval_are_listed_once(seeded, role):
    """The team panel lists the team's pages in a workflow; Wagtail's own moderation panels,
    which listed them a second time, are left out for local members."""
    from news.models import NewsPage

    editor = f.user("a_editor")
    team = teams.get_team(f.TEAM_A)
    news = NewsPage(title="Odottava uutinen", slug="odottava-uutinen", lead="Ingressi.")
    team.source.add_child(instance=news)
    news.save_revision(user=editor)
    team.workflow.start(news, editor)
    html = dashboard(role)
    edit_url = reverse("wagtailadmin_pages:edit", args=[news.pk])
    assert html.count(f'href="{edit_url}"') == 1
    assert html.count("Odottava uutinen") == 1
    assert 'data-workflow-status="in-progress"' in html


def test_national_editor_keeps_wagtails_moderation_panel(seeded):
    from news.models import NewsPage

    editor = f.user("a_editor")
    team = teams.get_team(f.TEAM_A)
    news = NewsPage(title="Odottava uutinen", slug="odottava-uutinen", lead="Ingressi.")
    team.source.add_child(instance=news)
    news.save_revision(user=editor)
    team.workflow.start(news, editor)
    client = Client()
    client.force_login(f.user("superuser"))
    response = client.get(reverse("wagtailadmin_home"))
    rendered = {template.name for template in response.templates}
    assert "wagtailadmin/home/workflow_objects_to_moderate.html" in rendered
