"""One truth in every language: the language-independent data of an Ohjaamo page.

Opening hours, exceptions (dates, closed, special times), coordinates, addresses, contact numbers
and addresses, services, service languages, pop-up dates, the municipalities served and the
weekly presences' times are edited once, on the Finnish (source) page. They are carried to every
translation in the same transaction as the source's publish (`OhjaamoPage.publish`), and a
translation published on its own takes them from the source first: the two directions together
leave no moment in which a published translation holds other values than its source.

Only texts are translated: names, descriptions, exception reasons, presence roles and notes. A
child object (point, exception, presence) new in the source arrives in a translation with the
Finnish text, which stays visible until someone translates it (`untranslated_texts` lists them for
the editor).

Street addresses and post offices are names too (Fredrikinkatu 48 is Fredriksgatan 48 in Swedish),
so a translation keeps its own, but only as long as the Finnish value it translates is unchanged:
each translated point remembers the source value (`ServicePoint.source_values`); when the source
changes the address, the translation falls back to the new Finnish address until translated again.
"""

import contextlib
import contextvars

from django.db import transaction
from wagtail.models import Locale, Revision

from locations.models.pages import (
    ACCESSIBILITY_FLAGS,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    Presence,
    ServicePoint,
    YouthChannel,
)

PAGE_FIELDS = ("phone", "email", "website", "online_guidance_url", "ptv_organization_ids")
PAGE_RELATIONS = ("municipalities", "services", "languages")
POINT_FIELDS = (
    "kind",
    "valid_from",
    "valid_to",
    "postal_code",
    "municipality_id",
    "latitude",
    "longitude",
    "location_approximate",
    "phone",
    "email",
    *ACCESSIBILITY_FLAGS,
    "ptv_id",
    "ptv_organization_id",
    "ptv_synced_at",
    "sort_order",
)
# Names a translation may give in its own language while the source's value is unchanged.
POINT_LOCAL_NAMES = ("street_address", "post_office")
POINT_TEXTS = ("name", "directions", "accessibility_info")
HOURS_FIELDS = ("weekday", "opens", "closes", "sort_order")
EXCEPTION_FIELDS = ("start_date", "end_date", "closed", "opens", "closes", "sort_order")
EXCEPTION_TEXTS = ("reason",)
PRESENCE_FIELDS = ("weekday", "starts", "ends", "sort_order")
PRESENCE_TEXTS = ("who", "note")
CHANNEL_FIELDS = ("platform", "url", "sort_order")

# The fields a translation's editor sees read-only (edited on the Finnish page).
READ_ONLY_FIELDS = {
    OhjaamoPage: (*PAGE_FIELDS, *PAGE_RELATIONS),
    ServicePoint: tuple(
        name.removesuffix("_id") for name in POINT_FIELDS if name not in ("sort_order",)
    ),
    OpeningHours: ("weekday", "opens", "closes"),
    OpeningException: ("start_date", "end_date", "closed", "opens", "closes"),
    Presence: ("weekday", "starts", "ends"),
    YouthChannel: ("platform", "url"),
}


def source_locale():
    return Locale.get_default()


def is_translation(page):
    return page.locale_id is not None and page.locale_id != source_locale().pk


def source_of(page):
    """The live source-language version of `page` (from the database), or None."""
    return (
        OhjaamoPage.objects.filter(translation_key=page.translation_key, locale=source_locale())
        .exclude(pk=page.pk)
        .first()
    )


def _children(obj, relation):
    return list(getattr(obj, relation).all())


def _fingerprint(page):
    """Everything this module carries, as comparable values."""

    def values(obj, names):
        return tuple(getattr(obj, name) for name in names)

    points = []
    for point in _children(page, "points"):
        points.append(
            (
                str(point.translation_key),
                values(point, POINT_FIELDS),
                values(point, POINT_LOCAL_NAMES),
                dict(point.source_values or {}),
                tuple(values(hours, HOURS_FIELDS) for hours in _children(point, "weekly_hours")),
                tuple(
                    (str(exception.translation_key), values(exception, EXCEPTION_FIELDS))
                    for exception in _children(point, "exceptions")
                ),
            )
        )
    return (
        values(page, PAGE_FIELDS),
        tuple(
            tuple(sorted(item.pk for item in getattr(page, name).all())) for name in PAGE_RELATIONS
        ),
        tuple(points),
        tuple(
            (str(presence.translation_key), values(presence, PRESENCE_FIELDS))
            for presence in _children(page, "presences")
        ),
        tuple(values(channel, CHANNEL_FIELDS) for channel in _children(page, "channels")),
    )


def _copy(target, source, names):
    for name in names:
        setattr(target, name, getattr(source, name))


def _translated_children(source_items, target_items, model, locale_id, fields, texts, **extra):
    """The target's children in the source's order: a child keeps its own texts when it is a
    translation of the source's child (same translation key); a new one takes the source's."""
    existing = {item.translation_key: item for item in target_items}
    result = []
    for item in source_items:
        target = existing.get(item.translation_key)
        if target is None:
            target = model(translation_key=item.translation_key, locale_id=locale_id, **extra)
            _copy(target, item, texts)
        _copy(target, item, fields)
        result.append(target)
    return result


def apply_source(page, source):
    """Give `page` (a translation, in memory: the live row or a revision's object) the
    language-independent data of `source` (the live source page). Returns True when anything
    changed. Nothing is saved."""
    before = _fingerprint(page)
    _copy(page, source, PAGE_FIELDS)
    for name in PAGE_RELATIONS:
        setattr(page, name, list(getattr(source, name).all()))

    existing = {point.translation_key: point for point in _children(page, "points")}
    points = []
    for source_point in _children(source, "points"):
        point = existing.get(source_point.translation_key)
        if point is None:
            point = ServicePoint(translation_key=source_point.translation_key, locale=page.locale)
            _copy(point, source_point, (*POINT_TEXTS, *POINT_LOCAL_NAMES))
        _copy(point, source_point, POINT_FIELDS)
        remembered = dict(point.source_values or {})
        for name in POINT_LOCAL_NAMES:
            value = getattr(source_point, name)
            if name in remembered and remembered[name] != value:
                # The source changed the address: the old translation no longer applies.
                setattr(point, name, value)
            remembered[name] = value
        point.source_values = remembered
        point.weekly_hours = [
            OpeningHours(**{name: getattr(hours, name) for name in HOURS_FIELDS})
            for hours in _children(source_point, "weekly_hours")
        ]
        point.exceptions = _translated_children(
            _children(source_point, "exceptions"),
            _children(point, "exceptions"),
            OpeningException,
            page.locale_id,
            EXCEPTION_FIELDS,
            EXCEPTION_TEXTS,
        )
        points.append(point)
    page.points = points
    page.presences = _translated_children(
        _children(source, "presences"),
        _children(page, "presences"),
        Presence,
        page.locale_id,
        PRESENCE_FIELDS,
        PRESENCE_TEXTS,
    )
    page.channels = [
        YouthChannel(**{name: getattr(channel, name) for name in CHANNEL_FIELDS})
        for channel in _children(source, "channels")
    ]
    return _fingerprint(page) != before


# Functions `adjust(translation, source) -> changed?` that a caller (the PTV import: its Swedish and
# English names) wants applied to each translation in memory, after its source data, within
# `adjusting(...)`: the translation is then saved and published once, with both.
_adjusters = contextvars.ContextVar("one_truth_adjusters", default=())


@contextlib.contextmanager
def adjusting(adjust):
    """Within this block, source publishes also apply `adjust` to each translation they carry
    data to (see `_adjusters`)."""
    token = _adjusters.set((*_adjusters.get(), adjust))
    try:
        yield
    finally:
        _adjusters.reset(token)


def _adjust(translation, source):
    changed = False
    for adjust in _adjusters.get():
        changed = adjust(translation, source) or changed
    return changed


def push_to_translations(source, user=None):
    """Carry the live source page's language-independent data to each of its translations:
    a published translation gets a new revision published at once (its draft, if it has one,
    is kept as the latest revision with the same data); an unpublished one a new draft. Runs in
    the caller's transaction. Returns the translations that changed."""
    source = OhjaamoPage.objects.get(pk=source.pk)
    changed = []
    translations = OhjaamoPage.objects.filter(translation_key=source.translation_key).exclude(
        pk=source.pk
    )
    for translation in translations.select_related("locale"):
        had_draft = translation.has_unpublished_changes and translation.live
        draft = translation.get_latest_revision_as_object() if had_draft else None
        touched = False
        if translation.live:
            live = OhjaamoPage.objects.get(pk=translation.pk)
            if apply_source(live, source) | _adjust(live, source):
                revision = live.save_revision(user=user, log_action=False, clean=False)
                revision.publish(user=user, skip_permission_checks=True)
                touched = True
        else:
            draft = translation.get_latest_revision_as_object()
        if draft is not None and apply_source(draft, source) | _adjust(draft, source):
            draft.save_revision(user=user, log_action=False, clean=False)
            touched = True
        if touched:
            changed.append(translation)
    return changed


def restore_own_records(page, source, previous):
    """wagtail-localize rebuilds a translation's points as copies of the source's points (a
    "Sync translated pages", a publish from its editor), so a translated point comes out with the
    source point's `ptv_snapshot`: what the PTV import gave the Finnish point, not what it gave
    this translation. Such a point takes back its own snapshot from `previous` (the translation
    as last published; none: an empty one), so the next import still tells PTV's texts from a
    translator's edit. `page` is changed in memory; returns True when anything changed."""
    theirs = {point.translation_key: point.ptv_snapshot for point in _children(source, "points")}
    earlier = (
        {point.translation_key: point.ptv_snapshot for point in _children(previous, "points")}
        if previous is not None
        else {}
    )
    points, changed = _children(page, "points"), False
    for point in points:
        copied = theirs.get(point.translation_key)
        if copied and point.ptv_snapshot == copied:
            own = earlier.get(point.translation_key) or {}
            if own != copied:
                point.ptv_snapshot = dict(own)
                changed = True
    if changed:
        page.points = points
    return changed


def last_published(page):
    """Translation `page` as last published (its live revision's object), or None."""
    revision_id = (
        OhjaamoPage.objects.filter(pk=page.pk).values_list("live_revision", flat=True).first()
    )
    if revision_id is None:
        return None
    return Revision.objects.get(pk=revision_id).as_object()


def prepare_translation_revision(page, revision, user=None):
    """The revision to publish for a translation: `revision` itself when it already holds the
    source's data (and its points their own PTV snapshots), otherwise a new revision of it that
    does."""
    source = source_of(page)
    if source is None:
        return revision
    obj = revision.as_object()
    restored = restore_own_records(obj, source, last_published(page))
    if not apply_source(obj, source) and not restored:
        return revision
    return obj.save_revision(user=user, log_action=False, clean=False)


def sync_all(stdout=None):
    """Carry every live source page's data to its translations (the data migration of existing
    sites, `manage.py sync_translated_data`). Returns the number of translations changed."""
    count = 0
    for source in OhjaamoPage.objects.live().filter(locale=source_locale()):
        with transaction.atomic():
            changed = push_to_translations(source)
        for translation in changed:
            count += 1
            if stdout is not None:
                stdout.write(f"{translation.locale.language_code}: {translation.title}")
    return count


def untranslated_texts(page):
    """(label, Finnish text) of the texts of translation `page` that are still the source's."""
    source = source_of(page)
    if source is None:
        return []
    found = []
    if page.title == source.title and source.title:
        found.append((str(OhjaamoPage._meta.get_field("title").verbose_name), source.title))
    if page.intro == source.intro and source.intro:
        found.append((str(OhjaamoPage._meta.get_field("intro").verbose_name), source.intro))

    def compare(mine, theirs, model, names):
        theirs = {item.translation_key: item for item in theirs}
        for item in mine:
            original = theirs.get(item.translation_key)
            if original is None:
                continue
            for name in names:
                value = getattr(original, name)
                if value and getattr(item, name) == value:
                    found.append((str(model._meta.get_field(name).verbose_name), value))

    my_points = _children(page, "points")
    source_points = _children(source, "points")
    compare(my_points, source_points, ServicePoint, ("name", "directions"))
    by_key = {point.translation_key: point for point in source_points}
    for point in my_points:
        original = by_key.get(point.translation_key)
        if original is not None:
            compare(
                _children(point, "exceptions"),
                _children(original, "exceptions"),
                OpeningException,
                EXCEPTION_TEXTS,
            )
    compare(_children(page, "presences"), _children(source, "presences"), Presence, PRESENCE_TEXTS)
    return found
