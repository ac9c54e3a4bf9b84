"""Cache invalidation: the chrome (navigation, footer) follows every change of pages, their view
restrictions or settings.

The chrome is invalidated at once and again when the transaction commits: the settings form saves
the setting first and its items (navigation items, social links, footer pages) after it, and a
request served in between must not keep the old menu in the cache.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from kohtaamo import chrome


def invalidate_chrome():
    chrome.invalidate()
    transaction.on_commit(chrome.invalidate)


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
