"""Local → national and national → local: who may propose, accept and push news.

A local editor has page permissions on one OhjaamoPage subtree only (as a local team does); the
national editor has `news.promote_newspage` and `news.push_newspage` (the national team's groups).
The flags are checked in the admin edit form: without the permission the field is disabled, and a
POSTed value is ignored."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from news.models import NewsPage
from news.queries import national_news, ohjaamo_news
from tests.factories.news import (
    make_news,
    news_index,
    ohjaamo_page,
    translation_of,
    user_with,
)

pytestmark = pytest.mark.django_db


def post_data(page, **extra):
    data = {
        "title": page.title,
        "slug": page.slug,
        "lead": page.lead,
        "date": "",
        "hero_alt": "",
        "body": streamfield([]),
        "category_links": inline_formset([]),
        "tag_links": inline_formset([]),
        "contacts": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(extra)
    return nested_form_data(data)


def edit(client, page, **extra):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), post_data(page, **extra))


@pytest.fixture
def ohjaamo(seeded):
    return ohjaamo_page(slug="promootio-ohjaamo", title="Promootio-Ohjaamo", translations=())


@pytest.fixture
def local_editor(ohjaamo):
    return user_with("paikallinen", pages=[ohjaamo])


@pytest.fixture
def national_editor(seeded):
    home = seeded["fi"]
    return user_with(
        "valtakunnallinen",
        permissions=["news.promote_newspage", "news.push_newspage"],
        pages=[home],
    )


@pytest.fixture
def national_editor_without_news_permissions(seeded):
    return user_with("sivutoimittaja", pages=[seeded["fi"]])


def field(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find("input", attrs={"name": name})


# --- Local → national ----------------------------------------------------------------------------


def test_local_editor_sees_the_accept_flag_disabled_and_may_propose(client, ohjaamo, local_editor):
    news = make_news(ohjaamo)
    client.force_login(local_editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[news.pk]))
    assert response.status_code == 200
    accept = field(response, "accepted_nationally")
    assert accept is not None and accept.has_attr("disabled")
    propose = field(response, "proposed_for_national")
    assert propose is not None and not propose.has_attr("disabled")
    # National-only flag is not offered on local news at all.
    assert field(response, "show_on_ohjaamo_pages") is None


def test_local_editor_cannot_accept_their_own_news(client, ohjaamo, local_editor):
    news = make_news(ohjaamo)
    client.force_login(local_editor)
    response = edit(client, news, proposed_for_national="on", accepted_nationally="on")
    assert response.status_code == 302, response.content[:2000]
    news.refresh_from_db()
    assert news.proposed_for_national is True
    assert news.accepted_nationally is False
    assert not national_news(news.locale_id).filter(pk=news.pk).exists()


def test_local_editor_cannot_create_news_already_accepted(client, ohjaamo, local_editor):
    client.force_login(local_editor)
    data = post_data(
        NewsPage(title="Oma uutinen", slug="oma-uutinen", lead="Ingressi."),
        proposed_for_national="on",
        accepted_nationally="on",
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("news", "newspage", ohjaamo.pk)), data
    )
    assert response.status_code == 302, response.content[:2000]
    news = NewsPage.objects.get(slug="oma-uutinen")
    assert news.live and news.ohjaamo_id == ohjaamo.pk
    assert news.proposed_for_national and not news.accepted_nationally


def test_national_editor_accepts_proposed_local_news(client, ohjaamo, national_editor):
    news = make_news(ohjaamo, proposed_for_national=True)
    assert not national_news(news.locale_id).filter(pk=news.pk).exists()
    client.force_login(national_editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[news.pk]))
    assert not field(response, "accepted_nationally").has_attr("disabled")
    response = edit(client, news, proposed_for_national="on", accepted_nationally="on")
    assert response.status_code == 302, response.content[:2000]
    news.refresh_from_db()
    assert news.accepted_nationally is True
    assert national_news(news.locale_id).filter(pk=news.pk).exists()


def test_editor_without_the_permission_cannot_accept_even_with_page_rights(
    client, ohjaamo, national_editor_without_news_permissions
):
    news = make_news(ohjaamo, proposed_for_national=True)
    client.force_login(national_editor_without_news_permissions)
    edit(client, news, proposed_for_national="on", accepted_nationally="on")
    news.refresh_from_db()
    assert news.accepted_nationally is False


def test_local_edit_keeps_the_stored_acceptance_not_the_posted_one(client, ohjaamo, local_editor):
    """The national team revoked the acceptance; a local edit (or a revert to an old revision
    where it was accepted) cannot bring it back, and cannot drop an acceptance either."""
    news = make_news(ohjaamo, proposed_for_national=True, accepted_nationally=True)
    NewsPage.objects.filter(pk=news.pk).update(accepted_nationally=False)
    client.force_login(local_editor)
    edit(client, news, proposed_for_national="on", accepted_nationally="on")
    news.refresh_from_db()
    assert news.accepted_nationally is False

    NewsPage.objects.filter(pk=news.pk).update(accepted_nationally=True)
    edit(client, news, proposed_for_national="on")  # checkbox not posted = "off"
    news.refresh_from_db()
    assert news.accepted_nationally is True


def test_local_editor_cannot_edit_national_news(client, seeded, local_editor):
    news = make_news(news_index("fi"))
    client.force_login(local_editor)
    response = edit(client, news, show_on_ohjaamo_pages="on")
    assert response.status_code in (302, 403)
    news.refresh_from_db()
    assert news.show_on_ohjaamo_pages is False


# --- National → local ----------------------------------------------------------------------------


def test_national_editor_pushes_national_news_to_every_ohjaamo(client, seeded, national_editor):
    other = ohjaamo_page(slug="toinen-ohjaamo", translations=())
    first = ohjaamo_page(slug="ensimmainen-ohjaamo", translations=())
    news = make_news(news_index("fi"))
    for page in (first, other):
        assert not ohjaamo_news(page).filter(pk=news.pk).exists()
    client.force_login(national_editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[news.pk]))
    assert field(response, "accepted_nationally") is None  # local-only flag not offered
    assert not field(response, "show_on_ohjaamo_pages").has_attr("disabled")
    response = edit(client, news, show_on_ohjaamo_pages="on")
    assert response.status_code == 302, response.content[:2000]
    for page in (first, other):
        assert ohjaamo_news(page).filter(pk=news.pk).exists()


def test_push_flag_is_national_only(client, seeded, national_editor_without_news_permissions):
    news = make_news(news_index("fi"))
    client.force_login(national_editor_without_news_permissions)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[news.pk]))
    assert field(response, "show_on_ohjaamo_pages").has_attr("disabled")
    edit(client, news, show_on_ohjaamo_pages="on")
    news.refresh_from_db()
    assert news.show_on_ohjaamo_pages is False


def test_flags_that_do_not_apply_are_cleared_on_save(seeded, ohjaamo):
    local = make_news(ohjaamo, show_on_ohjaamo_pages=True)
    national = make_news(news_index("fi"), proposed_for_national=True, accepted_nationally=True)
    local.refresh_from_db()
    national.refresh_from_db()
    assert local.ohjaamo_id == ohjaamo.pk and local.show_on_ohjaamo_pages is False
    assert national.ohjaamo_id is None
    assert not national.proposed_for_national and not national.accepted_nationally


def test_copy_starts_unaccepted(seeded, ohjaamo):
    news = make_news(ohjaamo, proposed_for_national=True, accepted_nationally=True)
    copy = news.copy(update_attrs={"slug": "kopio", "title": "Kopio"})
    assert copy.specific.accepted_nationally is False


def test_moving_local_news_to_the_national_index_makes_it_national(seeded, ohjaamo):
    news = make_news(ohjaamo, proposed_for_national=True, accepted_nationally=True)
    Page.objects.get(pk=news.pk).move(news_index("fi"), pos="last-child")
    news.refresh_from_db()
    assert news.ohjaamo_id is None and not news.accepted_nationally


# --- Translations share the flags ----------------------------------------------------------------


def test_acceptance_reaches_the_translations_on_publish(seeded):
    ohjaamo = ohjaamo_page(slug="kaksikielinen-ohjaamo", translations=("sv", "en"))
    source = make_news(ohjaamo, proposed_for_national=True)
    translations = [translation_of(source, code) for code in ("sv", "en")]
    assert all(t.ohjaamo.locale_id == t.locale_id for t in translations)
    source.accepted_nationally = True
    source.save_revision().publish()
    for translation in translations:
        translation.refresh_from_db()
        assert translation.accepted_nationally is True
        assert national_news(translation.locale_id).filter(pk=translation.pk).exists()
    # Publishing a translation does not change the source's decision.
    sv = translations[0]
    sv.accepted_nationally = False
    sv.save_revision().publish()
    sv.refresh_from_db()
    source.refresh_from_db()
    assert source.accepted_nationally is True and sv.accepted_nationally is True


def test_seeded_accepted_local_news_is_accepted_in_every_language(seeded):
    from news.seed import tampere_workshop

    source = NewsPage.objects.filter(
        locale__language_code="fi", slug=tampere_workshop("fi")["slug"]
    ).first()
    if source is None:
        pytest.skip("the seed has no Tampere Ohjaamo yet (finder seed)")
    group = NewsPage.objects.filter(translation_key=source.translation_key)
    assert group.count() == 3
    assert all(page.accepted_nationally and page.proposed_for_national for page in group)


# --- Local teams' blocks -------------------------------------------------------------------------


def test_local_news_refuses_national_only_blocks(client, ohjaamo, local_editor):
    news = make_news(ohjaamo)
    client.force_login(local_editor)
    body = streamfield(
        [
            ("heading", {"text": "Otsikko", "level": "h2"}),
            ("paragraph", rich_text("<p>Teksti</p>")),
        ]
    )
    response = edit(client, news, body=body)
    assert response.status_code == 200
    assert "Heading" in response.content.decode() or "Otsikko" in response.content.decode()
    assert response.context["form"].errors.get("body")
    news.refresh_from_db()
    assert len(news.body) == 0


def test_national_news_may_use_every_block(seeded):
    news = make_news(news_index("fi"))
    news.body = [("heading", {"text": "Otsikko", "level": "h2"})]
    news.full_clean()


# --- The national team's report of proposals ----------------------------------------------------


def test_national_team_sees_proposals_waiting_for_a_decision(client, ohjaamo, national_editor):
    waiting = make_news(ohjaamo, title="Odottaa päätöstä", proposed_for_national=True)
    make_news(ohjaamo, title="Jo hyväksytty", proposed_for_national=True, accepted_nationally=True)
    make_news(ohjaamo, title="Ei ehdotettu")
    client.force_login(national_editor)
    response = client.get(reverse("news_proposals"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Odottaa päätöstä" in content
    assert "Jo hyväksytty" not in content and "Ei ehdotettu" not in content
    assert reverse("wagtailadmin_pages:edit", args=[waiting.pk]) in content
    csv = client.get(reverse("news_proposals"), {"export": "csv"})
    assert "Promootio-Ohjaamo" in b"".join(csv.streaming_content).decode()


def test_local_editor_cannot_open_the_proposals_report(client, local_editor):
    client.force_login(local_editor)
    response = client.get(reverse("news_proposals"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "news-proposals" not in response["Location"]
