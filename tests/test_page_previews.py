"""Every page type previews in the admin: its draft (`view_draft`), the edit form's live preview
and the workflow preview a publisher approves from. A preview renders the page as the editor left
it, from the revision held in memory (not the saved rows), so the draft's own values show. Who may
edit the page may preview it; a local editor of another team gets no preview of this team's
draft."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, Task, Workflow, get_page_models

from tests.factories import teams as f

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    ("kohtaamo", "homepage"),
    ("kohtaamo", "contentpage"),
    ("kohtaamo", "accessibilitystatementpage"),
    ("brand", "brandpage"),
    ("brand", "brandguidelinepage"),
    ("locations", "finderpage"),
    ("locations", "ohjaamopage"),
    ("news", "newsindexpage"),
    ("news", "newspage"),
    ("news", "publicationindexpage"),
    ("news", "publicationpage"),
]
DRAFT_MARK = "Luonnoksen otsikko"


def login(role):
    client = Client()
    client.force_login(f.user(role))
    return client


def seeded_page(app_label, model):
    """A live Finnish page of the type (an Ohjaamo page and its news: team A's)."""
    if model == "ohjaamopage":
        return f.team_page(f.TEAM_A)
    if model == "newspage":
        return f.first_news(f.team_page(f.TEAM_A)).specific
    page = (
        Page.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            locale__language_code="fi",
            live=True,
        )
        .order_by("path")
        .first()
    )
    assert page is not None, f"the seed has a {model}"
    return page.specific


def with_draft(page):
    """A draft with a changed title and every inline/many-to-many relation held in memory."""
    draft = page.get_latest_revision_as_object()
    draft.title = f"{DRAFT_MARK} {page.pk}"
    draft.save_revision(user=f.user("superuser"))
    return page


def test_every_page_type_is_covered():
    ours = {
        (m._meta.app_label, m._meta.model_name)
        for m in get_page_models()
        if m._meta.app_label != "wagtailcore"
    }
    assert ours == set(PAGE_TYPES)


@pytest.mark.parametrize(("app_label", "model"), PAGE_TYPES)
def test_view_draft_shows_the_draft(seeded, app_label, model):
    page = with_draft(seeded_page(app_label, model))
    response = login("superuser").get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert f"{DRAFT_MARK} {page.pk}".encode() in response.content


@pytest.mark.parametrize(("app_label", "model"), PAGE_TYPES)
def test_edit_form_preview_shows_the_form_values(seeded, app_label, model):
    page = seeded_page(app_label, model)
    client = login("superuser")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = f.page_form_data(page, title=f"Esikatselu {page.pk}")
    posted = client.post(url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"], posted.json()
    response = client.get(url)
    assert response.status_code == 200
    assert f"Esikatselu {page.pk}".encode() in response.content


@pytest.mark.parametrize(("app_label", "model"), PAGE_TYPES)
def test_workflow_preview_shows_the_submitted_draft(seeded, app_label, model):
    page = with_draft(seeded_page(app_label, model))
    workflow = page.get_workflow() or Workflow.objects.filter(active=True).first()
    if workflow is None:
        pytest.fail("the seed has an active workflow")
    workflow.start(page, f.user("superuser"))
    task = Task.objects.get(pk=page.current_workflow_task.pk)
    response = login("superuser").get(
        reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])
    )
    assert response.status_code == 200
    assert f"{DRAFT_MARK} {page.pk}".encode() in response.content


def test_ohjaamo_preview_shows_the_drafts_languages_services_and_municipalities(seeded):
    from locations.models import Municipality, Service, ServiceLanguage

    page = f.team_page(f.TEAM_A)
    draft = page.get_latest_revision_as_object()
    saved_languages = set(page.languages.values_list("code", flat=True))
    new_language = ServiceLanguage.objects.exclude(code__in=saved_languages).order_by("code")[0]
    saved_services = list(page.services.order_by("sort_order").values_list("code", flat=True))
    new_service = Service.objects.get(locale=page.locale, code=saved_services[-1])
    saved_municipalities = set(page.municipalities.values_list("code", flat=True))
    new_municipality = Municipality.objects.exclude(code__in=saved_municipalities).get(
        name_fi="Utsjoki"
    )
    draft.languages = [new_language]
    draft.services = [new_service]
    draft.municipalities = [new_municipality]
    draft.save_revision(user=f.user("superuser"))

    response = login("a_editor").get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))

    assert response.status_code == 200
    names = [str(lang) for lang in response.context["languages"]]
    assert names == [new_language.name_fi]
    assert [s.code for s in response.context["services"]] == [new_service.code]
    assert response.context["municipalities"] == ["Utsjoki"]


def test_new_pages_preview_before_their_first_save(seeded):
    from news.models import NewsPage

    finder = seeded_page("locations", "finderpage")
    client = login("superuser")
    # The form as a new page's: a copy of an Ohjaamo page's content, its inline rows unsaved.
    data = f.page_form_data(f.team_page(f.TEAM_A), title="Ohjaamo Utsjoki", slug="ohjaamo-utsjoki")
    for name in list(data):
        if name.endswith("-INITIAL_FORMS"):
            data[name] = "0"
        elif name.endswith("-id") and name.split("-")[-2].isdigit():
            data[name] = ""
    url = reverse("wagtailadmin_pages:preview_on_add", args=["locations", "ohjaamopage", finder.pk])
    posted = client.post(url, data)
    assert posted.json()["is_valid"], posted.content
    response = client.get(url)
    assert response.status_code == 200
    assert b"Ohjaamo Utsjoki" in response.content

    parent = f.team_page(f.TEAM_A)
    editor = login("a_editor")
    data = f.new_page_form_data(
        NewsPage, parent, f.user("a_editor"), title="Uusi uutinen", slug="uusi-uutinen", lead="x"
    )
    url = reverse("wagtailadmin_pages:preview_on_add", args=["news", "newspage", parent.pk])
    assert editor.post(url, data).status_code == 200
    response = editor.get(url)
    assert response.status_code == 200
    assert b"Uusi uutinen" in response.content


TEAM_KEYS = ["page", "news"]


def team_a(key):
    ohjaamo = f.team_page(f.TEAM_A)
    return ohjaamo if key == "page" else f.first_news(ohjaamo).specific


@pytest.mark.parametrize("key", TEAM_KEYS)
@pytest.mark.parametrize("role", ["a_editor", "a_publisher", "national", "superuser"])
def test_who_may_edit_previews_the_teams_draft(seeded, key, role):
    page = with_draft(team_a(key))
    client = login(role)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert f"{DRAFT_MARK} {page.pk}".encode() in response.content
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = f.page_form_data(page, title=f"Esikatselu {page.pk}")
    assert client.post(url, data).json()["is_valid"]
    assert f"Esikatselu {page.pk}".encode() in client.get(url).content


def _denied(response):
    if response.status_code == 302:
        assert response["Location"].split("?")[0] in (
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_login"),
        ), response["Location"]
    else:
        assert response.status_code in (403, 404), response.status_code
    assert DRAFT_MARK.encode() not in response.content
    assert b"Esikatselu" not in response.content


@pytest.mark.parametrize("key", TEAM_KEYS)
@pytest.mark.parametrize("role", ["b_editor", "b_publisher", "anonymous"])
def test_another_team_gets_no_preview_of_the_teams_draft(seeded, key, role):
    page = with_draft(team_a(key))
    client = Client() if role == "anonymous" else login(role)
    _denied(client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    data = f.page_form_data(page, title=f"Esikatselu {page.pk}")
    _denied(client.post(url, data))
    _denied(client.get(url))
    workflow = page.get_workflow()
    workflow.start(page, f.user("a_editor"))
    task = page.current_workflow_task
    _denied(client.get(reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])))


@pytest.mark.parametrize("key", TEAM_KEYS)
def test_the_teams_publisher_previews_what_they_are_asked_to_approve(seeded, key):
    page = with_draft(team_a(key))
    page.get_workflow().start(page, f.user("a_editor"))
    task = page.current_workflow_task
    response = login("a_publisher").get(
        reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])
    )
    assert response.status_code == 200
    assert f"{DRAFT_MARK} {page.pk}".encode() in response.content
