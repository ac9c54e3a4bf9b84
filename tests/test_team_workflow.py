"""A local editor's news goes through their own team's approval workflow, end to end through the
admin: the editor writes and submits, the team's publisher sees the task and approves it (the
news goes live), another team's publisher can neither see nor act on it, and a rejection returns
the news to the editor with the publisher's comment."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState

from locations import teams
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

news = pytest.importorskip("news.models", reason="the news app's NewsPage is needed")


def login(role):
    client = Client()
    client.force_login(f.user(role))
    return client


@pytest.fixture
def submitted(seeded, django_capture_on_commit_callbacks):
    """A's editor creates a news item under A's Ohjaamo page and submits it for approval."""
    parent = f.team_page(f.TEAM_A)
    editor = f.user("a_editor")
    data = f.new_page_form_data(
        news.NewsPage,
        parent,
        editor,
        title="Kesätyöinfo nuorille",
        slug="kesatyoinfo-nuorille",
        lead="Ohjaamossa kerrotaan kesätyöhausta maaliskuussa.",
    )
    data["action-submit"] = "action-submit"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login("a_editor").post(
            reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk]), data
        )
    assert response.status_code == 302, response.content[:2000]
    page = news.NewsPage.objects.get(slug="kesatyoinfo-nuorille")
    return page


def current_task_state(page):
    state = WorkflowState.objects.active().get(
        base_content_type__model="page", object_id=str(page.pk)
    )
    return state, state.current_task_state


def test_submission_starts_the_teams_own_workflow(submitted):
    page = submitted
    assert not page.live
    state, task_state = current_task_state(page)
    team = teams.get_team(f.TEAM_A)
    assert state.workflow == team.workflow
    assert set(task_state.task.specific.groups.all()) == {team.publishers}
    assert state.requested_by == f.user("a_editor")


def test_only_the_teams_publishers_are_notified(submitted):
    recipients = {address for message in mail.outbox for address in message.to}
    assert f.user("a_publisher").email in recipients
    assert f.user("b_publisher").email not in recipients
    assert f.user("a_editor").email not in recipients


def test_the_teams_publisher_sees_the_task_and_another_teams_does_not(submitted):
    page = submitted
    home = login("a_publisher").get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk]).encode()
    assert edit_url in home.content
    assert b"Kes\xc3\xa4ty\xc3\xb6info nuorille" in home.content
    other = login("b_publisher").get(reverse("wagtailadmin_home"))
    assert other.status_code == 200
    assert b"Kes\xc3\xa4ty\xc3\xb6info nuorille" not in other.content
    # The editor's own dashboard shows it waiting for the publishers.
    mine = login("a_editor").get(reverse("wagtailadmin_home"))
    assert edit_url in mine.content


def approve_url(page, task_state, action="approve"):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def test_the_teams_publisher_approves_and_the_news_goes_live(
    submitted, django_capture_on_commit_callbacks
):
    page = submitted
    _state, task_state = current_task_state(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = login("a_publisher").post(approve_url(page, task_state), {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert Page.objects.get(pk=page.pk).url.endswith("/kesatyoinfo-nuorille/")
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == f.user("a_publisher")
    public = Client().get(page.url)
    assert public.status_code == 200


@pytest.mark.parametrize("role", ["b_publisher", "b_editor", "a_editor"])
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_others_cannot_act_on_the_task(submitted, role, action):
    """Another team's publisher (and editor), and the editor who submitted, cannot approve or
    reject: nothing changes."""
    page = submitted
    state, task_state = current_task_state(page)
    response = login(role).post(approve_url(page, task_state, action), {"comment": "Ei käy."})
    # Another team's unpublished page is not even named to them (locations/admin_scoping.py): 404.
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert (
            response["Location"] in (reverse("wagtailadmin_home"),)
            or "edit" in (response["Location"])
        )
    page.refresh_from_db()
    task_state.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_another_teams_publisher_cannot_open_the_review_preview(submitted):
    page = submitted
    _state, task_state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id])
    assert login("a_publisher").get(url).status_code == 200
    denied = login("b_publisher").get(url)
    assert denied.status_code in (302, 403, 404)


def test_rejection_returns_the_news_to_the_editor_with_the_comment(
    submitted, django_capture_on_commit_callbacks
):
    page = submitted
    state, task_state = current_task_state(page)
    comment = "Lisää vielä kellonaika ja paikka, kiitos!"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login("a_publisher").post(
            approve_url(page, task_state, "reject"), {"comment": comment}
        )
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    task_state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == comment
    assert not page.live
    # The editor is told, and sees it on their dashboard and in the page's workflow history.
    assert f.user("a_editor").email in {a for message in mail.outbox for a in message.to}
    dashboard = login("a_editor").get(reverse("wagtailadmin_home"))
    row = f'data-workflow-status="needs-changes" data-page-id="{page.pk}"'.encode()
    assert row in dashboard.content
    detail = login("a_editor").get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk])
    )
    assert detail.status_code == 200
    assert comment.encode() in detail.content
    # The editor can edit the news again and resubmit it.
    data = f.page_form_data(page, lead="Kesätyöinfo ti 10.3. klo 15 Ohjaamon aulassa.")
    data["action-submit"] = "action-submit"
    with django_capture_on_commit_callbacks(execute=True):
        resubmitted = login("a_editor").post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), data
        )
    assert resubmitted.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_editor_cannot_publish_past_the_workflow(submitted):
    page = submitted
    data = f.page_form_data(page, title="Kesätyöinfo (julkaistu ohi)")
    data["action-publish"] = "action-publish"
    response = login("a_editor").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert not page.live
    # The edit of a page in moderation does not skip the publishers either.
    _state, task_state = current_task_state(page)
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
