"""wagtail-localize publishes a translated page in `transaction.on_commit` with the page object it
held when the translation was saved. Inside a longer transaction (a seed or an import that also
adds child pages), that publish runs after the children were added and saves the stale object
back, resetting the translated page's `numchild` to its old value: the tree then hides the
children (404s) and deleting the page leaves orphans.

Workaround: save the translation as a draft and publish its latest revision at once, from a fresh
copy of the page. Remove when tests/test_upstream_workarounds.py reports the gap fixed.
"""

from wagtail.models import DraftStateMixin, Page


def save_translation_and_publish(translation, user=None):
    """Create or update the target of a wagtail_localize `Translation` and publish it now."""
    source = translation.source
    instance = source.as_instance()
    publish_later = isinstance(instance, DraftStateMixin)
    source.create_or_update_translation(
        translation.target_locale,
        user=user,
        publish=not publish_later,
        fallback=True,
        copy_parent_pages=True,
    )
    target = source.get_translated_instance(translation.target_locale)
    if publish_later:
        fresh = type(target).objects.get(pk=target.pk)
        if isinstance(fresh, Page):
            fresh = fresh.specific
        fresh.get_latest_revision().publish(user=user)
    return target
