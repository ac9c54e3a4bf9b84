"""Cache invalidation: every page (and the page cache) follows a brand change at once.

The tokens are invalidated on save and again when the transaction commits: the settings form saves
the setting before its logo files, and a request served in between must not keep the old brand.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from brand import tokens
from kohtaamo import page_cache


def _invalidate_tokens_and_pages():
    tokens.invalidate()
    page_cache.invalidate()


def invalidate_brand():
    """The brand tokens and every cached page (each page carries the tokens and logo)."""
    _invalidate_tokens_and_pages()
    transaction.on_commit(_invalidate_tokens_and_pages)


def _is_brand_source(sender):
    from django.conf import settings
    from wagtail.documents import get_document_model

    from brand.models import BrandLogo, BrandSettings

    if not isinstance(sender, type) or sender.__module__ == "__fake__":
        return False
    if issubclass(sender, BrandSettings | BrandLogo | get_document_model()):
        return True
    opts = sender._meta
    return f"{opts.app_label}.{opts.object_name}" == settings.WAGTAILIMAGES_IMAGE_MODEL


@receiver(post_save, dispatch_uid="brand.signals.saved")
@receiver(post_delete, dispatch_uid="brand.signals.deleted")
def _brand_changed(sender, **kwargs):
    if _is_brand_source(sender):
        invalidate_brand()
