"""Keep news visibility consistent:

- The promotion flags (proposed, accepted nationally, shown on every Ohjaamo page) belong to the
  news item, not to one language: after any publish, every translation gets the flags of the
  source-language page (the one wagtail-localize translates from, else the first created).
- A moved news item gets its `ohjaamo` recomputed from its new parent.
"""

from wagtail.signals import page_published, post_page_move


def _source_locale_id(page):
    from wagtail_localize.models import TranslationSource

    return (
        TranslationSource.objects.filter(object_id=page.translation_key)
        .values_list("locale_id", flat=True)
        .first()
    )


def sync_promotion_flags(sender, instance, **kwargs):
    from news.models import NewsPage

    group = NewsPage.objects.filter(translation_key=instance.translation_key)
    # Without a wagtail-localize source (translations copied in Wagtail's own way), the page
    # created first is the source.
    source_locale_id = (
        _source_locale_id(instance)
        or group.order_by("pk").values_list("locale_id", flat=True).first()
    )
    source = group.filter(locale_id=source_locale_id).values(*NewsPage.PROMOTION_FIELDS).first()
    if source is None:
        return
    group.exclude(locale_id=source_locale_id).update(**source)
    if instance.locale_id != source_locale_id:
        for name, value in source.items():
            setattr(instance, name, value)


def recompute_scope(sender, instance, **kwargs):
    from news.models import NewsPage

    page = instance.specific if not isinstance(instance, NewsPage) else instance
    if not isinstance(page, NewsPage):
        return
    page.refresh_from_db()
    page.apply_scope()
    NewsPage.objects.filter(pk=page.pk).update(
        ohjaamo_id=page.ohjaamo_id,
        **{name: getattr(page, name) for name in NewsPage.PROMOTION_FIELDS},
    )


def connect():
    from news.models import NewsPage

    page_published.connect(sync_promotion_flags, sender=NewsPage, dispatch_uid="news_sync_flags")
    post_page_move.connect(recompute_scope, dispatch_uid="news_recompute_scope")
