"""The data-quality checks: what is wrong or stale in the content, each problem a row with a link
to the admin view where it is fixed.

`build(scope)` runs every check over the whole site in a fixed number of queries (whatever the
number of Ohjaamos, languages, pages or files: each table is read once and the checks work on
those rows in memory) and returns a `Dashboard`. Each row belongs to a local team (the
translation key of the team's Ohjaamo page) or to the national team only (team None); a local
team's scope keeps only its own rows.

The checks:

- address: a point without an exact address (no street address, or marked approximate), with
  coordinates outside Finland, or more than 20 km from the centre of its municipality;
- ptv: a point imported from PTV whose local value differs from the value last imported in a
  field that is not kept from local edits (`overridden_fields`): the next import overwrites it;
- translations: an Ohjaamo page, news item or point missing in Swedish or English, or whose
  translation is older than the source (the Finnish page was published after wagtail-localize
  last synced it; without a sync record, after the translation was last published);
- stale: a live page not edited for 12 months;
- popups: a pop-up point ending within 7 days, or ended and still on the page;
- hours: a point with no weekly opening hours, with overlapping intervals, or closed on each of
  the next 14 days (exceptions and holidays);
- images: an image without alt text (Wagtail's description);
- documents: a document not used anywhere (Wagtail's reference index);
- links: a link or reference from a page to a page, document or image that has been removed,
  or to a page that is not published;
- moderation: local news waiting in the approval workflow for more than 3 days;
- feedback: accessibility feedback unanswered for more than 14 days (national team only).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    GroupCollectionPermission,
    Locale,
    Page,
    ReferenceIndex,
    WorkflowState,
)
from wagtail_localize.models import TranslationSource

from kohtaamo.models import AccessibilityFeedback
from locations import hours
from locations.geo import haversine_km
from locations.models import OhjaamoPage, ServicePoint
from locations.models.pages import FINLAND_BBOX
from news.models import NewsIndexPage, NewsPage
from quality.models import DanglingReference

MAX_KM_FROM_MUNICIPALITY = 20
STALE_DAYS = 365
POPUP_WARNING_DAYS = 7
CLOSED_LOOKAHEAD_DAYS = 14
MODERATION_DAYS = 3
FEEDBACK_DAYS = 14
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


class Message:
    """A translatable text with its values, put together in the language active when it is
    shown (the dashboard in the user's admin language, each digest in its reader's)."""

    def __init__(self, text, **values):
        self.text = text
        self.values = values

    def __str__(self):
        values = {
            key: str(value) if isinstance(value, Message) else value
            for key, value in self.values.items()
        }
        text = str(self.text)
        return text % values if values else text


_ = gettext_lazy


@dataclass
class Check:
    key: str
    label: object
    help: object
    national_only: bool = False


CHECKS = [
    Check(
        "address",
        _("Points without an exact address or with doubtful coordinates"),
        _(
            "Young people cannot find a point without a street address. Coordinates outside "
            "Finland or over 20 km from the municipality's centre are probably wrong."
        ),
    ),
    Check(
        "ptv",
        _("Points that differ from PTV"),
        _(
            "Changed here since the last PTV import in a field that is not kept from local "
            "edits: the next import overwrites it. Correct it in PTV, or keep the local value."
        ),
    ),
    Check(
        "translations",
        _("Missing or outdated translations"),
        _(
            "Ohjaamo pages, news and points missing in a language, or whose translation is "
            "older than the Finnish source. Translate or sync them from the Finnish page."
        ),
    ),
    Check("stale", _("Pages not edited for 12 months"), _("Check that they are still true.")),
    Check(
        "popups",
        _("Pop-up points ending soon or already ended"),
        _("Extend the dates, or remove a pop-up point that has ended."),
    ),
    Check(
        "hours",
        _("Opening hours empty, overlapping or closed every day"),
        _("The finder shows these points as closed, or shows confusing hours."),
    ),
    Check(
        "images",
        _("Images without alt text"),
        _("Screen reader users do not know what the image shows. Write a description."),
    ),
    Check(
        "documents",
        _("Documents not used anywhere"),
        _("No page links to them. Link them, or delete them if they are no longer needed."),
    ),
    Check(
        "links",
        _("Broken internal links"),
        _("Links to pages, documents or images that have been removed or unpublished."),
    ),
    Check(
        "moderation",
        _("Local news waiting for approval for over 3 days"),
        _("Approve the news, or ask for changes."),
    ),
    Check(
        "feedback",
        _("Accessibility feedback unanswered for over 14 days"),
        _("The law asks for an answer within 14 days."),
        national_only=True,
    ),
]
CHECKS_BY_KEY = {check.key: check for check in CHECKS}


@dataclass
class Row:
    check: str
    key: str  # stable identity of the problem (for the digests)
    title: str
    problem: object  # a Message
    url: str
    team: str | None = None  # translation key of the local team's Ohjaamo page
    language: str = ""
    team_name: str = ""

    @property
    def problem_text(self):
        return str(self.problem)


@dataclass
class Section:
    check: Check
    rows: list = field(default_factory=list)

    @property
    def key(self):
        return self.check.key

    @property
    def count(self):
        return len(self.rows)


@dataclass
class Dashboard:
    sections: list
    built_at: datetime.datetime
    team_names: dict = field(default_factory=dict)  # team key -> Ohjaamo name

    @property
    def total(self):
        return sum(section.count for section in self.sections)

    def rows(self):
        return [row for section in self.sections for row in section.rows]


def page_edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


class _Context:
    """Everything the checks share, each read once."""

    def __init__(self, now):
        self.now = now
        self.today = hours.today_in_helsinki(now)
        self.locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
        source_code = settings.LANGUAGE_CODE
        self.source_locale = next(
            (pk for pk, code in self.locales.items() if code == source_code), None
        )
        self.languages = [code for code, _name in settings.LANGUAGES]
        self.ohjaamos = list(
            OhjaamoPage.objects.values(
                "id", "path", "title", "translation_key", "locale_id", "live", "last_published_at"
            )
        )
        self.team_by_path = {page["path"]: str(page["translation_key"]) for page in self.ohjaamos}
        self.team_names = {
            str(page["translation_key"]): page["title"]
            for page in self.ohjaamos
            if page["locale_id"] == self.source_locale
        }
        self.ohjaamo_source_ids = {
            str(page["translation_key"]): page["id"]
            for page in self.ohjaamos
            if page["locale_id"] == self.source_locale
        }

    def team_of_path(self, path):
        """The team whose Ohjaamo page is `path` or an ancestor of it."""
        steplen = Page.steplen
        for end in range(steplen, len(path) + 1, steplen):
            team = self.team_by_path.get(path[:end])
            if team is not None:
                return team
        return None

    def language(self, locale_id):
        return self.locales.get(locale_id, "")


# --- Points -----------------------------------------------------------------------------------


def _points(ctx):
    return list(
        ServicePoint.objects.filter(locale_id=ctx.source_locale)
        .select_related("municipality")
        .prefetch_related("weekly_hours", "exceptions")
        .only(
            "id",
            "page_id",
            "name",
            "translation_key",
            "kind",
            "valid_from",
            "valid_to",
            "street_address",
            "postal_code",
            "post_office",
            "latitude",
            "longitude",
            "location_approximate",
            "phone",
            "email",
            "ptv_id",
            "ptv_snapshot",
            "overridden_fields",
            "locale_id",
            "municipality__name_fi",
            "municipality__name_sv",
            "municipality__latitude",
            "municipality__longitude",
        )
        .order_by("page_id", "sort_order", "pk")
    )


def _point_row(ctx, check, point, page, suffix, problem):
    return Row(
        check=check,
        key=f"{check}:{point.translation_key}:{suffix}",
        title=f"{point.name} ({page['title']})",
        problem=problem,
        url=page_edit_url(page["id"]),
        team=str(page["translation_key"]),
    )


def check_address(ctx, point, page):
    rows = []
    if not point.street_address or point.location_approximate:
        rows.append(
            _point_row(ctx, "address", point, page, "exact", Message(_("No exact street address.")))
        )
    inside = (
        FINLAND_BBOX["min_lat"] <= point.latitude <= FINLAND_BBOX["max_lat"]
        and FINLAND_BBOX["min_lon"] <= point.longitude <= FINLAND_BBOX["max_lon"]
    )
    if not inside:
        rows.append(
            _point_row(
                ctx,
                "address",
                point,
                page,
                "finland",
                Message(
                    _("The coordinates %(lat)s, %(lon)s are outside Finland."),
                    lat=point.latitude,
                    lon=point.longitude,
                ),
            )
        )
    else:
        municipality = point.municipality
        distance = haversine_km(
            point.latitude, point.longitude, municipality.latitude, municipality.longitude
        )
        if distance > MAX_KM_FROM_MUNICIPALITY:
            rows.append(
                _point_row(
                    ctx,
                    "address",
                    point,
                    page,
                    "municipality",
                    Message(
                        _("%(km)s km from the centre of %(municipality)s: check the coordinates."),
                        km=round(distance),
                        municipality=municipality.name_fi,
                    ),
                )
            )
    return rows


PTV_FIELD_LABELS = {
    name: ServicePoint._meta.get_field(name).verbose_name for name in ServicePoint.PTV_FIELDS
}
PTV_FIELD_LABELS["weekly_hours"] = _("opening hours")


def _ptv_value(point, name):
    if name == "municipality":
        return point.municipality_id
    return getattr(point, name)


def _canonical_hours(rows):
    return sorted([int(day), str(opens)[:5], str(closes)[:5]] for day, opens, closes in rows)


def check_ptv(ctx, point, page):
    if point.ptv_id is None or not point.ptv_snapshot:
        return []
    snapshot = point.ptv_snapshot
    kept = set(point.overridden_fields or [])
    differing = []
    for name in ServicePoint.PTV_FIELDS:
        if name in kept or name not in snapshot:
            continue
        if _ptv_value(point, name) != snapshot[name]:
            differing.append(name)
    if "weekly_hours" in snapshot and "weekly_hours" not in kept:
        current = _canonical_hours(
            (h.weekday, h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M"))
            for h in point.weekly_hours.all()
        )
        if current != _canonical_hours(snapshot["weekly_hours"] or []):
            differing.append("weekly_hours")
    return [
        _point_row(
            ctx,
            "ptv",
            point,
            page,
            name,
            Message(
                _("%(field)s differs from PTV (PTV: %(ptv)s, here: %(local)s)."),
                field=PTV_FIELD_LABELS[name],
                ptv=_short(snapshot.get(name)) if name != "weekly_hours" else "…",
                local=_short(_ptv_value(point, name)) if name != "weekly_hours" else "…",
            ),
        )
        for name in differing
    ]


def _short(value):
    text = "–" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def check_popup(ctx, point, page):
    if point.kind != ServicePoint.Kind.POPUP or point.valid_to is None:
        return []
    if point.valid_to < ctx.today:
        problem = Message(
            _("Ended on %(date)s but is still on the page."),
            date=point.valid_to.strftime("%d.%m.%Y"),
        )
        suffix = "ended"
    elif point.valid_to <= ctx.today + datetime.timedelta(days=POPUP_WARNING_DAYS):
        problem = Message(
            _("Ends on %(date)s, within %(days)s days."),
            date=point.valid_to.strftime("%d.%m.%Y"),
            days=POPUP_WARNING_DAYS,
        )
        suffix = "ending"
    else:
        return []
    return [_point_row(ctx, "popups", point, page, suffix, problem)]


def _week_ranges(weekly):
    """Weekly intervals as [start, end) minutes from Monday 00:00 (overnight ones run on)."""
    ranges = []
    for entry in weekly:
        start = entry.weekday * MINUTES_PER_DAY + entry.opens.hour * 60 + entry.opens.minute
        length = (entry.closes.hour * 60 + entry.closes.minute) - (
            entry.opens.hour * 60 + entry.opens.minute
        )
        if length <= 0:
            length += MINUTES_PER_DAY
        ranges.append((start, start + length))
    return ranges


def _overlapping(weekly):
    ranges = _week_ranges(weekly)
    # Sunday's overnight interval overlaps Monday morning: compare with a copy a week later.
    doubled = sorted(ranges + [(s + MINUTES_PER_WEEK, e + MINUTES_PER_WEEK) for s, e in ranges])
    return any(doubled[i + 1][0] < doubled[i][1] for i in range(len(doubled) - 1))


def check_hours(ctx, point, page):
    weekly = list(point.weekly_hours.all())
    if not weekly:
        return [_point_row(ctx, "hours", point, page, "empty", Message(_("No opening hours.")))]
    rows = []
    if _overlapping(weekly):
        rows.append(
            _point_row(
                ctx,
                "hours",
                point,
                page,
                "overlap",
                Message(_("Opening hours overlap on the same day.")),
            )
        )
    schedule = hours.Schedule(point)
    days = [
        day
        for day in schedule.days(ctx.today, CLOSED_LOOKAHEAD_DAYS)
        if day.source != "out_of_season"
    ]
    if days and not any(day.intervals for day in days):
        rows.append(
            _point_row(
                ctx,
                "hours",
                point,
                page,
                "closed",
                Message(
                    _("Closed on every day of the next %(days)s days."),
                    days=CLOSED_LOOKAHEAD_DAYS,
                ),
            )
        )
    return rows


# --- Translations -----------------------------------------------------------------------------


def _translation_rows(ctx, kind, pages, synced_at, parent_languages=None):
    """Rows for source pages (live, source language) missing a translation in a language, or
    whose translation is older than the source. `pages` are dicts with id, title,
    translation_key, locale_id, last_published_at, live and team; `parent_languages` (news:
    the languages the page's Ohjaamo or index exists in) limits where a translation is
    expected."""
    by_key = defaultdict(dict)
    for page in pages:
        by_key[page["translation_key"]][ctx.language(page["locale_id"])] = page
    source_code = ctx.language(ctx.source_locale)
    rows = []
    for key, versions in by_key.items():
        source = versions.get(source_code)
        if source is None or not source["live"]:
            continue
        expected = [code for code in ctx.languages if code != source_code]
        if parent_languages is not None:
            expected = [code for code in expected if code in parent_languages(source)]
        synced = synced_at.get(str(key))
        for code in expected:
            translation = versions.get(code)
            if translation is None:
                problem = Message(
                    _("Translation missing: %(language)s."), language=_lang_name(code)
                )
                suffix = "missing"
            elif _is_outdated(source, translation, synced):
                problem = Message(
                    _("Translation older than the Finnish page: %(language)s."),
                    language=_lang_name(code),
                )
                suffix = "outdated"
            else:
                continue
            rows.append(
                Row(
                    check="translations",
                    key=f"translations:{kind}:{key}:{code}:{suffix}",
                    title=source["title"],
                    problem=problem,
                    url=page_edit_url(source["id"]),
                    team=source["team"],
                    language=code,
                )
            )
    return rows


def _is_outdated(source, translation, synced):
    published = source["last_published_at"]
    if published is None:
        return False
    if synced is not None:
        # Published after wagtail-localize last read the source: the translation lacks it.
        return published > synced + datetime.timedelta(seconds=1)
    other = translation["last_published_at"]
    return other is not None and other < published


LANGUAGE_NAMES = {
    "fi": _("Finnish"),
    "sv": _("Swedish"),
    "en": _("English"),
}


def _lang_name(code):
    return LANGUAGE_NAMES.get(code, code)


def check_translations(ctx, points, news):
    synced_at = {
        str(object_id): updated
        for object_id, updated in TranslationSource.objects.filter(
            locale_id=ctx.source_locale
        ).values_list("object_id", "last_updated_at")
    }
    ohjaamos = [{**page, "team": str(page["translation_key"])} for page in ctx.ohjaamos]
    rows = _translation_rows(ctx, "ohjaamo", ohjaamos, synced_at)

    # News: expected in the languages its Ohjaamo page (local news) or news index exists in.
    parents = [*ctx.ohjaamos, *news["indexes"]]
    languages_of = defaultdict(set)
    for page in parents:
        languages_of[page["translation_key"]].add(ctx.language(page["locale_id"]))
    key_by_path = {page["path"]: page["translation_key"] for page in parents}

    def news_languages(source):
        parent_key = key_by_path.get(source["path"][: -Page.steplen])
        return languages_of.get(parent_key, set(ctx.languages))

    rows += _translation_rows(ctx, "news", news["pages"], synced_at, news_languages)

    # Points: each point of a source page should be on each translation of that page.
    translated_pages = defaultdict(dict)  # source page translation key -> {code: page id}
    for page in ctx.ohjaamos:
        translated_pages[str(page["translation_key"])][ctx.language(page["locale_id"])] = page["id"]
    present = {
        (page_id, str(key))
        for page_id, key in ServicePoint.objects.exclude(locale_id=ctx.source_locale).values_list(
            "page_id", "translation_key"
        )
    }
    source_code = ctx.language(ctx.source_locale)
    for point, page in points:
        if not page["live"]:
            continue
        team = str(page["translation_key"])
        for code, page_id in translated_pages[team].items():
            if code == source_code or (page_id, str(point.translation_key)) in present:
                continue
            rows.append(
                Row(
                    check="translations",
                    key=f"translations:point:{point.translation_key}:{code}:missing",
                    title=f"{point.name} ({page['title']})",
                    problem=Message(
                        _("Missing from the translated page: %(language)s. Sync the translation."),
                        language=_lang_name(code),
                    ),
                    url=page_edit_url(page["id"]),
                    team=team,
                    language=code,
                )
            )
    return rows


# --- Pages, files, links, workflow ---------------------------------------------------------------


def check_stale(ctx):
    cutoff = ctx.now - datetime.timedelta(days=STALE_DAYS)
    pages = (
        Page.objects.filter(live=True, depth__gt=1)
        .filter(
            Q(latest_revision_created_at__lt=cutoff)
            | Q(latest_revision_created_at__isnull=True, last_published_at__lt=cutoff)
        )
        .values(
            "id", "title", "path", "locale_id", "latest_revision_created_at", "last_published_at"
        )
        .order_by("path")
    )
    rows = []
    for page in pages:
        edited = page["latest_revision_created_at"] or page["last_published_at"]
        rows.append(
            Row(
                check="stale",
                key=f"stale:{page['id']}",
                title=page["title"],
                problem=Message(
                    _("Last edited on %(date)s."),
                    date=timezone.localtime(edited).strftime("%d.%m.%Y"),
                ),
                url=page_edit_url(page["id"]),
                team=ctx.team_of_path(page["path"]),
                language=ctx.language(page["locale_id"]),
            )
        )
    return rows


def _team_collections(ctx):
    """collection id -> team key, through the groups holding page permissions on Ohjaamo pages
    (locations/teams.py: a team's groups hold permissions on its collection)."""
    ohjaamo_ids = [page["id"] for page in ctx.ohjaamos]
    pairs = (
        GroupCollectionPermission.objects.filter(
            group__in=Group.objects.filter(page_permissions__page_id__in=ohjaamo_ids)
        )
        .values_list("collection_id", "group__page_permissions__page__translation_key")
        .distinct()
    )
    result = {}
    for collection_id, key in pairs:
        if key is not None and str(key) in ctx.team_names:
            result.setdefault(collection_id, str(key))
    return result


def _reference_targets():
    """The reference index rows pointing at pages, documents and images."""
    image_opts = get_image_model()._meta
    document_opts = get_document_model()._meta
    return list(
        ReferenceIndex.objects.filter(
            Q(to_content_type__app_label="wagtailcore", to_content_type__model="page")
            | Q(
                to_content_type__app_label=document_opts.app_label,
                to_content_type__model=document_opts.model_name,
            )
            | Q(
                to_content_type__app_label=image_opts.app_label,
                to_content_type__model=image_opts.model_name,
            )
        ).values_list(
            "to_content_type__model",
            "to_object_id",
            "base_content_type__app_label",
            "base_content_type__model",
            "object_id",
            "model_path",
        )
    )


REMOVED_MESSAGES = {
    "page": _("Links to a page that has been removed: “%(title)s” (%(field)s)."),
    "document": _("Links to a document that has been removed: “%(title)s” (%(field)s)."),
    "image": _("Shows an image that has been removed: “%(title)s” (%(field)s)."),
}

REMOVED_UNTITLED = {
    "page": _("Links to a page that has been removed (%(field)s)."),
    "document": _("Links to a document that has been removed (%(field)s)."),
    "image": _("Shows an image that has been removed (%(field)s)."),
}


def check_files_and_links(ctx):
    image_model = get_image_model()
    document_model = get_document_model()
    collections = _team_collections(ctx)
    images = list(image_model.objects.values("id", "title", "description", "collection_id"))
    documents = list(document_model.objects.values("id", "title", "collection_id"))
    references = _reference_targets()
    image_name = image_model._meta.model_name
    document_name = document_model._meta.model_name

    rows = []
    for image in images:
        if not (image["description"] or "").strip():
            rows.append(
                Row(
                    check="images",
                    key=f"images:{image['id']}",
                    title=image["title"],
                    problem=Message(_("No alt text (description).")),
                    url=reverse("wagtailimages:edit", args=[image["id"]]),
                    team=collections.get(image["collection_id"]),
                )
            )
    used_documents = {target for model, target, *_rest in references if model == document_name}
    for document in documents:
        if str(document["id"]) not in used_documents:
            rows.append(
                Row(
                    check="documents",
                    key=f"documents:{document['id']}",
                    title=document["title"],
                    problem=Message(_("Not linked from any page or other content.")),
                    url=reverse("wagtaildocs:edit", args=[document["id"]]),
                    team=collections.get(document["collection_id"]),
                )
            )

    # Links from pages: to pages that are gone or not live, to documents and images that are gone.
    from_pages = [
        ref for ref in references if ref[2] == "wagtailcore" and ref[3] == "page" and ref[4]
    ]
    page_targets = {int(ref[1]) for ref in from_pages if ref[0] == "page" and ref[1].isdigit()}
    source_ids = {int(ref[4]) for ref in from_pages if ref[4].isdigit()}
    pages = {
        page["id"]: page
        for page in Page.objects.filter(pk__in=page_targets | source_ids).values(
            "id", "title", "path", "live", "locale_id"
        )
    }
    image_ids = {str(image["id"]) for image in images}
    document_ids = {str(document["id"]) for document in documents}
    seen = set()
    # Links to objects deleted since the linking page was last saved (quality/signals.py).
    for dangling in DanglingReference.objects.filter(source_page__live=True).values(
        "source_page_id",
        "source_page__title",
        "source_page__path",
        "source_page__locale_id",
        "source_page__latest_revision_created_at",
        "source_page__last_published_at",
        "target_kind",
        "target_id",
        "target_title",
        "model_path",
        "removed_at",
    ):
        saved = [
            moment
            for moment in (
                dangling["source_page__latest_revision_created_at"],
                dangling["source_page__last_published_at"],
            )
            if moment is not None
        ]
        if saved and max(saved) > dangling["removed_at"]:
            continue  # re-indexed since: the reference index rows below tell
        source_id = dangling["source_page_id"]
        kind = dangling["target_kind"]
        key = f"links:{source_id}:{kind}:{dangling['target_id']}"
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            Row(
                check="links",
                key=key,
                title=dangling["source_page__title"],
                problem=Message(
                    REMOVED_MESSAGES.get(kind, REMOVED_MESSAGES["page"]),
                    title=dangling["target_title"] or "–",
                    field=dangling["model_path"].split(".")[0],
                ),
                url=page_edit_url(source_id),
                team=ctx.team_of_path(dangling["source_page__path"]),
                language=ctx.language(dangling["source_page__locale_id"]),
            )
        )
    for model, target, _app, _base, source_id, model_path in from_pages:
        source = pages.get(int(source_id)) if source_id.isdigit() else None
        if source is None or not source["live"]:
            continue
        problem = None
        if model == "page":
            linked = pages.get(int(target)) if target.isdigit() else None
            if linked is None:
                problem = Message(REMOVED_UNTITLED["page"])
            elif not linked["live"]:
                problem = Message(
                    _("Links to the unpublished page “%(title)s” (%(field)s)."),
                    title=linked["title"],
                )
        elif model == document_name and target not in document_ids:
            problem = Message(REMOVED_UNTITLED["document"])
        elif model == image_name and target not in image_ids:
            problem = Message(REMOVED_UNTITLED["image"])
        if problem is None:
            continue
        field_name = model_path.split(".")[0]
        problem.values.setdefault("field", field_name)
        key = f"links:{source_id}:{model}:{target}"
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            Row(
                check="links",
                key=key,
                title=source["title"],
                problem=problem,
                url=page_edit_url(source["id"]),
                team=ctx.team_of_path(source["path"]),
                language=ctx.language(source["locale_id"]),
            )
        )
    return rows


def _news(ctx):
    pages = list(
        NewsPage.objects.values(
            "id",
            "title",
            "path",
            "translation_key",
            "locale_id",
            "live",
            "last_published_at",
            "ohjaamo_id",
        )
    )
    for page in pages:
        page["team"] = ctx.team_of_path(page["path"])
    indexes = list(NewsIndexPage.objects.values("id", "path", "translation_key", "locale_id"))
    return {"pages": pages, "indexes": indexes}


def check_moderation(ctx, news):
    cutoff = ctx.now - datetime.timedelta(days=MODERATION_DAYS)
    local_news = {str(page["id"]): page for page in news["pages"] if page["team"]}
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        created_at__lt=cutoff,
    ).values_list("object_id", "created_at")
    rows = []
    for object_id, created_at in states:
        page = local_news.get(object_id)
        if page is None:
            continue
        rows.append(
            Row(
                check="moderation",
                key=f"moderation:{object_id}:{created_at:%Y%m%d%H%M}",
                title=page["title"],
                problem=Message(
                    _("Sent for approval %(days)s days ago."),
                    days=(ctx.now - created_at).days,
                ),
                url=page_edit_url(page["id"]),
                team=page["team"],
                language=ctx.language(page["locale_id"]),
            )
        )
    return rows


def check_feedback(ctx):
    rows = []
    for feedback in AccessibilityFeedback.objects.overdue(ctx.now).order_by("created_at"):
        rows.append(
            Row(
                check="feedback",
                key=f"feedback:{feedback.pk}",
                title=str(feedback),
                problem=Message(
                    _("Received %(days)s days ago, not answered."), days=feedback.age_days(ctx.now)
                ),
                url=reverse("accessibility_feedback:edit", args=[feedback.pk]),
                language=feedback.language,
            )
        )
    return rows


# --- The dashboard ----------------------------------------------------------------------------


def build(teams=None, now=None):
    """Every check over the whole site. `teams`: None for the national team (every row), or
    the translation keys of the local teams whose rows to keep."""
    now = now or timezone.now()
    ctx = _Context(now)
    national = teams is None
    wanted = None if national else {str(key) for key in teams}

    pages_by_id = {page["id"]: page for page in ctx.ohjaamos}
    points = [
        (point, pages_by_id[point.page_id])
        for point in _points(ctx)
        if point.page_id in pages_by_id
    ]
    news = _news(ctx)
    rows = []
    for point, page in points:
        rows += check_address(ctx, point, page)
        rows += check_ptv(ctx, point, page)
        rows += check_popup(ctx, point, page)
        rows += check_hours(ctx, point, page)
    rows += check_translations(ctx, points, news)
    rows += check_stale(ctx)
    rows += check_files_and_links(ctx)
    rows += check_moderation(ctx, news)
    if national:
        rows += check_feedback(ctx)

    sections = {check.key: Section(check) for check in CHECKS}
    for row in rows:
        if wanted is not None and row.team not in wanted:
            continue
        row.team_name = ctx.team_names.get(row.team, "") if row.team else ""
        sections[row.check].rows.append(row)
    shown = [
        section for section in sections.values() if national or not section.check.national_only
    ]
    team_names = ctx.team_names if national else {k: ctx.team_names.get(k) for k in wanted}
    return Dashboard(sections=shown, built_at=now, team_names=team_names)
