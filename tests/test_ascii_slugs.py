"""New pages get ASCII slugs (ä → a, ö → o, å → a), whether an editor makes them in the admin or
code makes them; existing pages keep the addresses they have."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from kohtaamo.models import ContentPage
from tests.factories.core import ContentPageFactory


@pytest.fixture
def home(seeded):
    return seeded["fi"]


def test_slug_made_from_a_finnish_title_is_ascii(home):
    page = ContentPage(title="Työpaja Helsingissä ja Åbossa", intro="")
    home.add_child(instance=page)
    assert page.slug == "tyopaja-helsingissa-ja-abossa"
    assert page.url.endswith("/tyopaja-helsingissa-ja-abossa/")


def test_slug_given_with_scandinavian_letters_is_folded_on_a_new_page(home):
    page = ContentPage(title="Kesä", slug="kesän-työpäivä-1012", intro="")
    home.add_child(instance=page)
    page.refresh_from_db()
    assert page.slug == "kesan-tyopaiva-1012"


def test_existing_page_keeps_its_address(home):
    page = ContentPageFactory(parent=home, title="Vanha", slug="vanha-sivu")
    # A page made before this rule (stored as it was then) is not renamed by a later save.
    ContentPage.objects.filter(pk=page.pk).update(slug="vanha-ä", url_path=page.url_path + "x/")
    page = ContentPage.objects.get(pk=page.pk)
    page.title = "Vanha, muokattu"
    page.save()
    page.refresh_from_db()
    assert page.slug == "vanha-ä"


def test_editor_creating_a_page_in_the_admin_gets_an_ascii_slug(admin_client, home):
    url = reverse("wagtailadmin_pages:add", args=("kohtaamo", "contentpage", home.pk))
    form = BeautifulSoup(admin_client.get(url).content, "html.parser")
    # The slug field's script slugifies without Unicode in the browser too (the flag that would
    # keep "ä" is left out).
    slug = form.select_one("#id_slug")
    assert slug["data-controller"] == "w-slug"
    assert not slug.has_attr("data-w-slug-allow-unicode-value")
    data = nested_form_data(
        {
            "title": "Tapahtuma Helsingissä",
            "slug": "tapahtuma-helsingissä",
            "intro": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    page = ContentPage.objects.get(title="Tapahtuma Helsingissä")
    assert page.slug == "tapahtuma-helsingissa"


def test_folded_slug_that_is_taken_gives_a_slug_error(home):
    ContentPageFactory(parent=home, title="Kesä", slug="kesa")
    page = ContentPage(title="Kesä", slug="kesä", intro="")
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=page)
    assert "slug" in error.value.message_dict


def test_local_editor_gets_an_ascii_slug_for_a_finnish_title(seeded):
    """A local editor (helsinki-editor) adds news titled "Ohjaamo Hämeenlinnassa" with the slug
    a Unicode slugify would make: the page's address is ohjaamo-hameenlinnassa."""
    from django.test import Client

    from news.models import NewsPage
    from tests.factories import teams as f

    parent = f.team_page(f.TEAM_A)
    editor = f.user("a_editor")
    data = f.new_page_form_data(
        NewsPage,
        parent,
        editor,
        title="Ohjaamo Hämeenlinnassa",
        slug="ohjaamo-hämeenlinnassa",
        lead="Uusi Ohjaamo avautuu.",
    )
    client = Client()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    page = NewsPage.objects.get(title="Ohjaamo Hämeenlinnassa")
    assert page.slug == "ohjaamo-hameenlinnassa"
