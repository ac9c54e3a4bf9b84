"""Queue rebuilds of the static export when content it shows changes.

Every handler adds one RebuildRequest row with the dependency keys the change touches (deps.py),
in the transaction of the change itself: a publish that rolls back queues nothing, a committed one
is never lost, even when no worker runs at that moment. The content apps know nothing of this.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from brand.models import BrandAsset, BrandAssetFile, BrandSettings
from generator import deps
from generator.models import RebuildRequest
from kohtaamo.models import FooterSettings, NavigationItem, SocialLink
from locations.gazetteer import gazetteer_changed
from news.models import NewsCategory, NewsTag

# Saves that only fill in a file's computed metadata (Wagtail does this while rendering).
METADATA_FIELDS = {"file_size", "file_hash", "width", "height"}


def enqueue(keys, reason):
    keys = sorted(keys)
    if keys:
        RebuildRequest.objects.create(keys=keys, reason=reason[:200])


def _page_keys(page, descendants=False):
    return deps.keys_for_page(page.specific_deferred if type(page) is Page else page, descendants)


def on_published(sender, instance, **kwargs):
    enqueue(_page_keys(instance), f"published page {instance.pk}")


def on_unpublished(sender, instance, **kwargs):
    enqueue(_page_keys(instance, descendants=True), f"unpublished page {instance.pk}")


def on_moved(sender, instance, parent_page_before=None, **kwargs):
    keys = _page_keys(instance, descendants=True)
    if parent_page_before is not None:
        keys.add(f"children:{parent_page_before.pk}")
    enqueue(keys, f"moved page {instance.pk}")


def on_slug_changed(sender, instance, **kwargs):
    enqueue(_page_keys(instance, descendants=True), f"slug of page {instance.pk} changed")


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live and type(instance) is not Page:
        enqueue(deps.keys_for_page(instance), f"deleted page {instance.pk}")


def on_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue(_page_keys(page, descendants=True) | {deps.CHROME}, f"view restriction {page.pk}")


def on_setting(sender, instance, **kwargs):
    if not isinstance(instance, BaseSiteSetting):
        return
    keys = {deps.CHROME}
    if isinstance(instance, BrandSettings):
        keys.add(deps.BRAND)
    enqueue(keys, f"{sender._meta.verbose_name} changed")


def on_chrome(sender, instance, **kwargs):
    enqueue({deps.CHROME, deps.PAGES}, f"{sender._meta.verbose_name} changed")


def on_footer_pages(sender, action, **kwargs):
    if action.startswith("post_"):
        enqueue({deps.CHROME}, "footer pages changed")


def on_media(prefix):
    def handler(sender, instance, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= METADATA_FIELDS:
            return
        enqueue({f"{prefix}:{instance.pk}"}, f"{prefix} {instance.pk} changed")

    return handler


def on_gazetteer(sender, result, **kwargs):
    enqueue({deps.GAZETTEER}, "gazetteer loaded")


def on_key(key):
    def handler(sender, instance, **kwargs):
        enqueue({key}, f"{sender._meta.verbose_name} changed")

    return handler


_handlers = []


def connect():
    uid = "generator"
    page_published.connect(on_published, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(on_unpublished, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(on_moved, dispatch_uid=f"{uid}_moved")
    page_slug_changed.connect(on_slug_changed, dispatch_uid=f"{uid}_slug")
    pre_delete.connect(on_page_deleted, dispatch_uid=f"{uid}_page_deleted")
    for signal in (post_save, post_delete):
        name = signal is post_save and "save" or "delete"
        signal.connect(on_restriction, sender=PageViewRestriction, dispatch_uid=f"{uid}_r_{name}")
        signal.connect(on_setting, dispatch_uid=f"{uid}_setting_{name}")
        for model in (Site, NavigationItem, SocialLink):
            signal.connect(on_chrome, sender=model, dispatch_uid=f"{uid}_{model.__name__}_{name}")
        for model, prefix in ((get_image_model(), "image"), (get_document_model(), "document")):
            handler = on_media(prefix)
            _handlers.append(handler)
            signal.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}_{prefix}_{name}")
        for model, key in (
            (BrandAsset, deps.BRAND_ASSETS),
            (BrandAssetFile, deps.BRAND_ASSETS),
            (Redirect, deps.REDIRECTS),
            (NewsCategory, deps.NEWS_TERMS),
            (NewsTag, deps.NEWS_TERMS),
        ):
            signal.connect(
                on_key(key), sender=model, weak=False, dispatch_uid=f"{uid}_{model.__name__}_{name}"
            )
    gazetteer_changed.connect(on_gazetteer, dispatch_uid=f"{uid}_gazetteer")
    m2m_changed.connect(
        on_footer_pages, sender=FooterSettings.footer_pages.through, dispatch_uid=f"{uid}_footer"
    )
