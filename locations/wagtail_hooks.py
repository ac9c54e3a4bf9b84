"""Admin and site hooks of the locations app: the service and language taxonomies in the admin,
the embed generator (a menu item, and a header button on every Ohjaamo page), and the home page's
"find your nearest Ohjaamo" box pointing at the finder."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from locations import admin_scoping, embed, team_hooks  # noqa: F401
from locations.models import FinderPage, OhjaamoPage, Service, ServiceLanguage


class ServiceViewSet(SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "code", "sort_order", "locale"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class ServiceLanguageViewSet(SnippetViewSet):
    model = ServiceLanguage
    icon = "globe"
    menu_label = _("Languages")
    list_display = ["code", "name_fi", "name_sv", "name_en"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]
    ordering = ["sort_order", "code"]


class OhjaamoTaxonomyGroup(SnippetViewSetGroup):
    items = (ServiceViewSet, ServiceLanguageViewSet)
    menu_icon = "list-ul"
    menu_label = _("Ohjaamo services and languages")
    menu_name = "ohjaamo-taxonomy"
    menu_order = 300


register_snippet(OhjaamoTaxonomyGroup)


def live_finder(locale=None):
    """The live, public finder page of the locale (the active one by default), or None."""
    locale = locale or Locale.get_active()
    return (
        FinderPage.objects.live()
        .public()
        .filter(locale=locale)
        .only("id", "url_path", "path", "depth", "locale_id")
        .first()
    )


@hooks.register("kohtaamo_home_page_context")
def finder_entry(page, request):
    """The home page's "find your nearest Ohjaamo" form sends `q` to the finder of its
    language."""
    finder = live_finder(page.locale)
    if finder is None:
        return {}
    return {"finder_url": finder.get_url(request)}


# --- The embed generator ------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def embed_admin_urls():
    return [path("embed/", embed.generator_view, name="locations_embed_generator")]


@hooks.register("register_admin_menu_item")
def embed_menu_item():
    return MenuItem(
        _("Embed the finder"),
        reverse("locations_embed_generator"),
        name="embed-finder",
        icon_name="code",
        order=850,
    )


@hooks.register("register_page_header_buttons")
def embed_button(page, user, view_name, next_url=None):
    """ "Embed code" on an Ohjaamo page's header: the generator preset for the page."""
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, OhjaamoPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Embed code"),
        reverse("locations_embed_generator") + f"?page={page.pk}",
        icon_name="code",
        priority=85,
    )
