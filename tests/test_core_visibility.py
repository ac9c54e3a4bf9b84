"""What the public may see: a localised 404 for missing pages, and no drafts or private pages."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from kohtaamo.models import ContentPage
from kohtaamo.seed import what_is_ohjaamo

NOT_FOUND = {
    "fi": ("/ei-ole/", "Sivua ei löytynyt"),
    "sv": ("/sv/ei-ole/", "Sidan hittades inte"),
    "en": ("/en/ei-ole/", "Page not found"),
}


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def about(lang):
    return ContentPage.objects.get(locale__language_code=lang, slug=what_is_ohjaamo(lang)["slug"])


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_404_is_in_the_language_of_the_address(client, seeded, lang):
    path, heading = NOT_FOUND[lang]
    response = client.get(path)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == lang
    assert soup.h1.get_text() == heading
    assert soup.title.get_text().startswith(heading)
    # The way out leads to this language's home page, and the switcher to the others' homes.
    assert soup.select_one("main a")["href"] == seeded[lang].url
    assert {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a")} == {
        "fi": "/",
        "sv": "/sv/",
        "en": "/en/",
    }
    # A missing page has no alternates or canonical address for search engines.
    assert soup.select('link[rel="alternate"]') == []
    assert soup.select('link[rel="canonical"]') == []


def test_404_under_an_existing_page_and_with_markup_in_the_address(client, seeded):
    response = client.get(about("fi").url + "%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content


def test_draft_page_is_not_public(client, seeded, admin_user):
    draft = ContentPage(title="Luonnos", slug="luonnos", intro="Ei vielä julki.", live=False)
    seeded["fi"].add_child(instance=draft)
    draft.save_revision()
    assert client.get("/luonnos/").status_code == 404
    # Not even for a logged-in editor: drafts are seen through the admin preview only.
    editor = Client()
    editor.force_login(admin_user)
    assert editor.get("/luonnos/").status_code == 404
    assert editor.get(f"/admin/pages/{draft.pk}/view_draft/").status_code == 200
    assert client.get(f"/admin/pages/{draft.pk}/view_draft/").status_code == 302


def test_unpublished_changes_are_not_shown(client, seeded):
    page = about("fi")
    live_title = page.title
    page.title = "Luonnosotsikko jota ei näytetä"
    page.save_revision()  # saved as a draft, not published
    html = client.get(page.url).content.decode()
    assert live_title in html
    assert "Luonnosotsikko" not in html


def test_unpublished_page_is_gone_from_public_view(client, seeded):
    page = about("fi")
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_login_restricted_page_asks_to_log_in(client, seeded):
    page = about("fi")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailcore_login')}?next={page.url}"
    # The restricted page's content is not leaked in the redirect.
    assert page.intro.encode() not in response.content
    # The login page is the site's own, in the site's language and layout.
    login = client.get(response["Location"])
    soup = soup_of(login)
    assert soup.html["lang"] == "fi"
    assert soup.select_one("header.site-header") is not None
    assert soup.select_one('input[name="next"]')["value"] == page.url
    assert soup.select_one('label[for="id_password"]') is not None


def test_login_restricted_page_opens_after_logging_in(client, seeded, admin_user):
    page = about("fi")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(admin_user)
    assert client.get(page.url).status_code == 200


def test_password_restricted_page_shows_only_the_password_form(client, seeded):
    page = about("fi")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="salasana-123"
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="password"' in html
    assert page.intro not in html


def test_private_page_is_left_out_of_alternates_and_menus(client, seeded):
    page = about("sv")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    soup = soup_of(client.get(about("fi").url))
    assert {link["hreflang"] for link in soup.select('link[rel="alternate"]')} == {"fi", "en"}
    switcher = {a["hreflang"]: a["href"] for a in soup.select(".language-switcher a")}
    assert switcher["sv"] == "/sv/"
    sv_menu = [a["href"] for a in soup_of(client.get("/sv/")).select(".site-nav a")]
    assert page.url not in sv_menu


def test_server_error_page_needs_no_database_and_speaks_all_three_languages(
    db, rf, django_assert_num_queries
):
    from kohtaamo.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/sv/jotain/"))
    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.html["lang"] == "fi"
    assert {section["lang"] for section in soup.select("section[lang]")} == {"sv", "en"}
    assert soup.select_one('link[rel="stylesheet"]')["href"] == "/static/css/main.css"
    assert "<script" not in response.content.decode()
