"""Index updates on every change that decides what the public may find. The content apps know
nothing of search: this module subscribes to their signals (connected in SearchConfig.ready).

- publish (also scheduled go-live, translation sync, a copy kept live) → the page is indexed;
- unpublish (also scheduled expiry), delete → its documents go;
- move, slug change, view restriction added or removed, a site's root changed → the page and
  everything below it are indexed again (addresses change; a restricted section drops out);
- a service point saved or deleted outside a publish (PTV import) → its Ohjaamo page's documents;
- brand material saved or deleted → the brand material documents;
- a search promotion (or its query) saved or deleted → the cached set of promoted queries goes.
"""

import logging

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from brand.models import BrandAsset, BrandPage
from locations.models import OhjaamoPage, ServicePoint
from search import engine

logger = logging.getLogger("kohtaamo.search")


def _safely(action, *args):
    """Indexing never breaks an editor's publish: a failure is logged, `search_index` mends."""
    try:
        action(*args)
    except Exception:
        logger.exception("Search index update failed; run `manage.py search_index`.")


def _subtree(page):
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific().iterator():
        engine.index_page(descendant)


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    _safely(engine.index_page, instance)
    if isinstance(instance, BrandPage):  # brand material is found through the brand page
        _safely(engine.index_assets)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    _safely(engine.remove_page, instance.pk)


@receiver(post_page_move)
def page_was_moved(sender, instance, **kwargs):
    _safely(_subtree, instance)


@receiver(page_slug_changed)
def slug_was_changed(sender, instance, **kwargs):
    _safely(_subtree, instance)


@receiver(post_delete)
def page_was_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and sender.__module__ != "__fake__":
        _safely(engine.remove_page, instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _safely(_subtree, page)


@receiver(post_save, sender=Site)
def site_changed(sender, instance, raw=False, **kwargs):
    """A site's root page or host changes every address below it."""
    if not raw and instance.root_page_id:
        root = Page.objects.filter(pk=instance.root_page_id).first()
        if root is not None:
            _safely(_subtree, root)


@receiver(post_save, sender=ServicePoint)
@receiver(post_delete, sender=ServicePoint)
def point_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    page = OhjaamoPage.objects.filter(pk=instance.page_id).first()
    if page is None:
        _safely(engine.remove_point, instance.pk, None)
        return
    _safely(engine.index_page, page)
    if kwargs.get("signal") is post_delete:
        _safely(engine.remove_point, instance.pk, page.locale.language_code)


@receiver(post_save, sender=BrandAsset)
@receiver(post_delete, sender=BrandAsset)
def brand_material_changed(sender, raw=False, **kwargs):
    if not raw:
        _safely(engine.index_assets)


@receiver(post_save, sender=SearchPromotion)
@receiver(post_delete, sender=SearchPromotion)
@receiver(post_save, sender=Query)
@receiver(post_delete, sender=Query)
def promotions_changed(sender, **kwargs):
    _safely(engine.promotions_changed)
