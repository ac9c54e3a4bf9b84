"""The site's chrome (navigation, footer, social links) for one site and language, built once and
cached; any publish, unpublish, move or settings save invalidates it (see signals.py)."""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from kohtaamo import visibility
from kohtaamo.cache_generation import CacheGeneration

GENERATION = CacheGeneration("kohtaamo:chrome:version")


def invalidate():
    """Start a new cache generation; old entries expire on their own."""
    GENERATION.invalidate()


def _version():
    return GENERATION.current()


def _translations(pages, now):
    """(the live, public translations of each page in every language that are shown now (not
    expired, not scheduled for later: kohtaamo.visibility), by (translation key, locale id); the
    next moment one of them expires or goes live): one query (and Wagtail's one for view
    restrictions) for every page of the chrome."""
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}, None
    candidates = list(
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .only(
            "id",
            "title",
            "url_path",
            "translation_key",
            "depth",
            "path",
            "locale_id",
            "expire_at",
            "go_live_at",
        )
    )
    shown = {
        (p.translation_key, p.locale_id): p for p in candidates if visibility.shown_now(p, now)
    }
    return shown, visibility.next_change([*candidates, *pages], now)


def _links(pages, translations, locale, request, now):
    """(title, url) of each page's translation, falling back to the page itself when it is shown;
    pages with neither are left out."""
    links = []
    for page in pages:
        target = translations.get((page.translation_key, locale.pk))
        if target is None and page.live and visibility.shown_now(page, now):
            target = page
        if target is not None:
            links.append({"title": target.title, "url": target.get_url(request)})
    return links


def build(site, language_code, request):
    from kohtaamo.models import FooterSettings, NavigationSettings

    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    locale = locales.get(language_code) or Locale.get_default()
    nav = NavigationSettings.for_site(site)
    footer = FooterSettings.for_site(site)
    nav_pages = [item.page for item in nav.items.select_related("page").all()]
    footer_pages = list(footer.footer_pages.all())
    now = timezone.now()
    translations, changes_at = _translations([site.root_page, *nav_pages, *footer_pages], now)
    root_key = site.root_page.translation_key
    home = translations.get((root_key, locale.pk)) or site.root_page
    # The home page of every language: the language switcher of pages that are not translations
    # of anything (search, 404, login) leads there.
    language_homes = [
        {
            "code": code,
            "name": name,
            "url": translations[(root_key, locales[code].pk)].get_url(request),
            "is_translation": False,
            "is_home": True,
            "is_current": code == language_code,
        }
        for code, name in settings.LANGUAGES
        if code in locales and (root_key, locales[code].pk) in translations
    ]
    return {
        "home_url": home.get_url(request),
        "home_title": home.title,
        "language_homes": language_homes,
        "navigation": _links(nav_pages, translations, locale, request, now),
        "footer_links": _links(footer_pages, translations, locale, request, now),
        "organisation": footer.organisation_name_for(language_code),
        "street_address": footer.street_address,
        "postal_address": footer.postal_address,
        "phone": footer.phone,
        "email": footer.email,
        "social_links": [
            {"platform": link.platform, "name": link.get_platform_display(), "url": link.url}
            for link in footer.social_links.all()
        ],
        "search_url": reverse("search"),
        # When a page of the chrome expires or goes live: the cached chrome ends then.
        "changes_at": changes_at.timestamp() if changes_at else None,
    }


def get_chrome(request):
    site = Site.find_for_request(request)
    if site is None:
        return {}
    language_code = get_language() or "fi"
    key = f"kohtaamo:chrome:{_version()}:{site.pk}:{language_code}:{request.get_host()}"
    chrome = cache.get(key)
    now = timezone.now().timestamp()
    if chrome is None or (chrome.get("changes_at") or now + 1) <= now:
        chrome = build(site, language_code, request)
        timeout = 3600
        if chrome["changes_at"] is not None:
            timeout = max(1, min(timeout, int(chrome["changes_at"] - now)))
        cache.set(key, chrome, timeout)
    path = request.path
    # is_current: the item's own page; is_active: the item's page or a page below it.
    navigation = [
        {**item, "is_current": path == item["url"], "is_active": path.startswith(item["url"])}
        for item in chrome.get("navigation", [])
    ]
    return {**chrome, "navigation": navigation}
