"""The site chrome (navigation, footer) is cached, and every change an editor makes shows up on the
next request: saving the settings in the admin, publishing, unpublishing, renaming, moving and
deleting pages."""

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from kohtaamo.models import FooterSettings, NavigationSettings


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def menu(client, path="/"):
    return [(a.get_text(), a["href"]) for a in soup_of(client.get(path)).select(".site-nav a")]


def footer_links(client, path="/"):
    soup = soup_of(client.get(path))
    return [(a.get_text(), a["href"]) for a in soup.select(".site-footer__links a")]


def form_data(soup, form_selector):
    """Every field of an HTML form as the browser would post it (untouched)."""
    form = soup.select_one(form_selector)
    data = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button"}:
            continue
        if field.name == "select":
            selected = [o.get("value") for o in field.select("option[selected]")]
            if field.has_attr("multiple"):
                data[name] = selected
            elif selected:
                data[name] = selected[0]
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def settings_url(model):
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/kohtaamo/{model._meta.model_name}/{site.pk}/"


def test_chrome_is_cached_between_requests(client, seeded):
    client.get("/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/")
    navigation_queries = [q for q in cold if "kohtaamo_navigation" in q["sql"]]
    assert navigation_queries
    assert not [q for q in warm if "kohtaamo_navigation" in q["sql"]]


def test_navigation_saved_in_the_admin_shows_at_once(client, admin_client, seeded):
    before = menu(client, "/sv/")
    target = seeded["fi"].get_children().get(slug="tietosuoja")
    sv_target = target.get_translation(seeded["sv"].locale)
    assert (sv_target.title, sv_target.url) not in before

    url = settings_url(NavigationSettings)
    data = form_data(soup_of(admin_client.get(url)), "form[method=post]")
    total = int(data["items-TOTAL_FORMS"])
    data.update(
        {
            "items-TOTAL_FORMS": str(total + 1),
            f"items-{total}-page": str(target.pk),
            f"items-{total}-ORDER": str(total + 1),
            f"items-{total}-id": "",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    after = menu(client, "/sv/")
    assert after == [*before, (sv_target.title, sv_target.url)]
    # And removing it again.
    data = form_data(soup_of(admin_client.get(url)), "form[method=post]")
    data[f"items-{total}-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert menu(client, "/sv/") == before


def test_footer_saved_in_the_admin_shows_at_once(client, admin_client, seeded):
    client.get("/en/")  # cache the English footer
    url = settings_url(FooterSettings)
    data = form_data(soup_of(admin_client.get(url)), "form[method=post]")
    data["organisation_name_en"] = "KEHA Centre – Ohjaamo support"
    data["phone"] = "0295 000 000"
    about = seeded["fi"].get_children().get(slug="mika-ohjaamo-on")
    data["footer_pages"] = [*data.get("footer_pages", []), str(about.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    soup = soup_of(client.get("/en/"))
    footer = soup.select_one(".site-footer").get_text()
    assert "KEHA Centre – Ohjaamo support" in footer
    assert soup.select_one('.site-footer a[href="tel:0295000000"]') is not None
    en_about = about.get_translation(seeded["en"].locale)
    assert (en_about.title, en_about.url) in footer_links(client, "/en/")


def test_publishing_a_new_title_updates_the_menu(client, seeded):
    client.get("/")
    page = seeded["fi"].get_children().get(slug="mika-ohjaamo-on").specific
    page.title = "Tätä on Ohjaamo"
    page.save_revision().publish()
    assert ("Tätä on Ohjaamo", "/mika-ohjaamo-on/") in menu(client)


def test_unpublishing_removes_the_link_and_publishing_brings_it_back(client, seeded):
    page = seeded["sv"].get_children().get(slug="vad-ar-navigatorn").specific
    link = (page.title, page.url)
    assert link in menu(client, "/sv/")
    page.unpublish()
    sv_menu = menu(client, "/sv/")
    assert link not in sv_menu
    # The Finnish page is live, so the Swedish menu falls back to it rather than losing the item.
    assert ("Mikä Ohjaamo on?", "/mika-ohjaamo-on/") in sv_menu
    page.save_revision().publish()
    assert link in menu(client, "/sv/")


def test_restricting_a_page_removes_the_link_until_the_restriction_goes(client, seeded):
    page = seeded["sv"].get_children().get(slug="vad-ar-navigatorn")
    link = (page.title, page.url)
    assert link in menu(client, "/sv/")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    sv_menu = menu(client, "/sv/")
    assert link not in sv_menu
    assert ("Mikä Ohjaamo on?", "/mika-ohjaamo-on/") in sv_menu
    restriction.delete()
    assert link in menu(client, "/sv/")


def test_moving_and_deleting_pages_update_the_chrome(client, seeded):
    page = seeded["fi"].get_children().get(slug="tietosuoja")
    support = seeded["fi"].get_children().get(slug="valtakunnallinen-tuki")
    assert ("Tietosuoja", "/tietosuoja/") in footer_links(client)
    page.move(support, pos="last-child")
    assert ("Tietosuoja", "/valtakunnallinen-tuki/tietosuoja/") in footer_links(client)
    page.refresh_from_db()
    page.delete()
    assert "Tietosuoja" not in [title for title, _url in footer_links(client)]
