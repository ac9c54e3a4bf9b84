"""Cache invalidation: the chrome (navigation, footer) and the page cache follow every change of
pages, their view restrictions or settings.

The chrome is invalidated at once and again when the transaction commits: the settings form saves
the setting first and its items (navigation items, social links, footer pages) after it, and a
request served in between must not keep the old menu in the cache.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.images.models import AbstractRendition
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from kohtaamo import chrome, page_cache


def _invalidate_chrome_and_pages():
    chrome.invalidate()
    page_cache.invalidate()


def invalidate_chrome():
    """The chrome and every cached page (each page shows the chrome)."""
    _invalidate_chrome_and_pages()
    transaction.on_commit(_invalidate_chrome_and_pages)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(page_slug_changed)
def _page_changed(sender, **kwargs):
    invalidate_chrome()


def _is_chrome_model(sender):
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.models import Page, PageViewRestriction, Site

    from kohtaamo.models import NavigationItem, SocialLink

    # A view restriction hides a section from the chrome as unpublishing does.
    chrome_models = (BaseSiteSetting, Page, PageViewRestriction, Site, NavigationItem, SocialLink)
    return (
        isinstance(sender, type)
        and issubclass(sender, chrome_models)
        and sender.__module__ != "__fake__"
    )


@receiver(post_save)
@receiver(post_delete)
def _settings_or_page_changed(sender, **kwargs):
    if _is_chrome_model(sender):
        invalidate_chrome()


@receiver(m2m_changed)
def _footer_pages_changed(sender, action, **kwargs):
    from kohtaamo.models import FooterSettings

    if sender is FooterSettings.footer_pages.through and action.startswith("post_"):
        invalidate_chrome()


# Pages show content from many models (service points, hours, services, municipalities, news
# categories, images...): a change to any model of these apps starts a new page cache generation.
# Sessions, search query logs, login records and image renditions are not among them.
PAGE_CONTENT_APPS = {
    "kohtaamo",
    "brand",
    "locations",
    "news",
    "search",
    "taggit",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtail_localize",
}


# Saved by visitors or only shown in the admin: never what a public page shows (and a visitor's
# feedback must not empty the page cache).
NOT_PAGE_CONTENT = {"kohtaamo.AccessibilityFeedback"}


def _is_page_content(sender):
    return (
        isinstance(sender, type)
        and sender.__module__ != "__fake__"
        and getattr(getattr(sender, "_meta", None), "app_label", None) in PAGE_CONTENT_APPS
        # A rendition made while a page renders changes nothing a page shows.
        and not issubclass(sender, AbstractRendition)
        and sender._meta.label not in NOT_PAGE_CONTENT
    )


def invalidate_pages():
    page_cache.invalidate()
    transaction.on_commit(page_cache.invalidate)


@receiver(post_save, dispatch_uid="kohtaamo.signals.page_content_saved")
@receiver(post_delete, dispatch_uid="kohtaamo.signals.page_content_deleted")
def _page_content_changed(sender, **kwargs):
    if _is_page_content(sender):
        invalidate_pages()


@receiver(m2m_changed, dispatch_uid="kohtaamo.signals.page_content_links")
def _page_content_links_changed(sender, action, **kwargs):
    if action.startswith("post_") and _is_page_content(sender):
        invalidate_pages()
