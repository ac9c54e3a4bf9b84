"""The machinery behind `manage.py seed_demo`.

Each app registers a seeder (`@seeder(order=…)`) in its own `seed.py`; the command runs them in
order inside one transaction. Seeders are idempotent: they find what exists by a stable key (slug,
translation key, name) and create only what is missing, so a second run changes nothing.

Translations are made the way editors make them: through wagtail-localize. `translate()` pairs the
Finnish source's segments with the same content written in the target language and stores them as
string translations, then lets wagtail-localize build the translated page or snippet.
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from kohtaamo.workarounds.localize_deferred_publish import save_translation_and_publish

SEEDERS = []
RESETTERS = []


@dataclass
class SeedContext:
    """Shared state of one seed run: output, counters and objects seeders hand to each other."""

    stdout: object
    style: object
    verbosity: int = 1
    created: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def log(self, message):
        if self.verbosity:
            self.stdout.write(message)

    def count(self, what, n=1):
        self.created[what] = self.created.get(what, 0) + n


def seeder(order):
    """Register a seed function `fn(ctx)`; lower `order` runs first."""

    def register(fn):
        if fn not in [s for _, s in SEEDERS]:
            SEEDERS.append((order, fn))
            SEEDERS.sort(key=lambda pair: pair[0])
        return fn

    return register


def resetter(fn):
    """Register `fn(ctx)` to delete an app's demo objects that are not pages (snippets, groups,
    collections, users) before `seed_demo --reset` deletes the page trees."""
    if fn not in RESETTERS:
        RESETTERS.append(fn)
    return fn


def run_all(ctx):
    with transaction.atomic():
        for _order, fn in SEEDERS:
            ctx.log(ctx.style.MIGRATE_HEADING(f"→ {fn.__module__}.{fn.__name__}"))
            fn(ctx)


def locale(code):
    return Locale.objects.get(language_code=code)


def publish(page, user=None):
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


def normalise_streams(instance):
    """Store every StreamField of `instance` in the form the admin saves: list items as blocks
    with ids. Seed data written as plain lists would otherwise be stored as they are, and
    wagtail-localize extracts no segments from a list that is not in block form (a list inside
    a struct block: do/don't captions, minimum sizes, tone-of-voice rules)."""
    for stream_field in instance._meta.get_fields():
        if not isinstance(stream_field, StreamField):
            continue
        stream = stream_field.value_from_object(instance)
        for _child in stream:  # binds each raw child to its block value
            pass
        setattr(instance, stream_field.name, stream_field.stream_block.get_prep_value(stream))
    return instance


def add_child_page(parent, page, user=None):
    """Add `page` under `parent` in parent's locale and publish it, unless a page with the same
    slug already exists there (returned instead, unchanged)."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    page.locale = parent.locale
    normalise_streams(page)
    parent.add_child(instance=page)
    return publish(page, user), True


def translate(source, target_locale, translated, ctx=None):
    """Make or refresh the translation of `source` (a page or translatable snippet) into
    `target_locale` through wagtail-localize.

    `translated` is an unsaved instance of the same model holding the target-language content in
    the same structure as the source (same fields filled, same blocks in the same order, same number
    of paragraphs). Its segments are paired with the source's one by one.

    Returns the translated instance. Existing translations are left as they are (idempotent).
    """
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    existing = source.get_translation_or_none(target_locale)
    if existing is not None:
        return existing.specific if isinstance(existing, Page) else existing

    translation_source, _ = TranslationSource.update_or_create_from_instance(source)
    source_segments = list(
        StringSegment.objects.filter(source=translation_source)
        .select_related("string", "context")
        .order_by("order")
    )
    normalise_streams(translated)
    for model_field in translated._meta.fields:
        if isinstance(model_field, StreamField):
            # Assigns block ids (as saving would); segment paths need them.
            model_field.get_prep_value(model_field.value_from_object(translated))
    target_strings = [s for s in extract_segments(translated) if isinstance(s, StringSegmentValue)]
    if len(source_segments) != len(target_strings):
        raise ValueError(
            f"Seed content for {source!r} in {target_locale.language_code} has "
            f"{len(target_strings)} strings, the source has {len(source_segments)}: "
            "write the translation with the same structure."
        )
    for segment, target in zip(source_segments, target_strings, strict=True):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=target_locale,
            context=segment.context,
            defaults={"data": target.string.data, "translation_type": "manual"},
        )
    translation, _ = Translation.objects.get_or_create(
        source=translation_source, target_locale=target_locale
    )
    save_translation_and_publish(translation)
    if ctx is not None:
        ctx.count(f"translations ({target_locale.language_code})")
    result = source.get_translation(target_locale)
    return result.specific if isinstance(result, Page) else result
