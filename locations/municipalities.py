"""The finder without a server: a page per municipality and the finder's data as static JSON.

- A page per municipality (`/ohjaamot/kunnat/<slug>/`, `/sv/navigatorerna/kommuner/<slug>/`,
  `/en/ohjaamo-centres/municipalities/<slug>/`, under the finder page of each language) says which
  Ohjaamo serves that municipality, with its address, contact data and regular hours, and links to
  its page; the list page links every municipality, alphabetically, grouped by letter. The pages
  answer from the live application (routes of FinderPage) and are written into the static export,
  so a visitor without JavaScript reaches their Ohjaamo from a plain file too. They never say
  "open now": that state is computed in the browser from the hours
  (site/static/js/finder-static.js), so a cached or exported page is never stale.
- `gazetteer_data()` (municipalities, postal codes, towns with a post office) and
  `points_data(locale)` (every live point with its Ohjaamo, the municipalities it serves, its
  hours and exceptions, the public holidays) are the JSON the exported finder searches in the
  browser, with the same ranking as `locations.geo.nearest` (the serving Ohjaamo first, then the
  nearest by distance).

The ranking of a municipality page is `geo.nearest` itself, from the municipality's centre.
"""

import datetime
import functools

from django.core.cache import cache
from django.db import transaction
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext
from django.views.decorators.http import require_safe

from kohtaamo import build_memo, page_cache
from locations import geo, place_forms
from locations.hours import HELSINKI, Schedule, _holidays
from locations.models import Municipality, OhjaamoPage, PostalCode
from locations.models.gazetteer import display_place_name

# The list's path segment under the finder page, by language.
SEGMENTS = {"fi": "kunnat", "sv": "kommuner", "en": "municipalities"}
SEGMENT_PATTERN = "|".join(SEGMENTS.values())
# How long the municipality slugs stay in the cache (seconds).
SLUGS_SECONDS = 3600
# How many points a municipality page lists (the serving Ohjaamo's points come first).
MUNICIPALITY_LIMIT = 4
# How many points the static finder shows for a search (as the finder page: NEAREST_LIMIT).
STATIC_LIMIT = 8
# Nordic alphabetical order: å, ä and ö come after z.
_NORDIC = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "ö": "z\u0003", "æ": "z\u0002"})


def nordic_key(text):
    return (text or "").casefold().translate(_NORDIC)


@functools.lru_cache(maxsize=16)
def _language_code(locale_id):
    from wagtail.models import Locale

    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()


def language_of(page):
    """The page's language (a locale's code never changes: read once per process)."""
    code = _language_code(page.locale_id)
    return code if code in SEGMENTS else "fi"


def municipality_slug(municipality, language):
    return slugify(municipality.name_for(language)) or municipality.code


def _all_municipalities(request=None):
    """Every municipality in code order, read once per request (the sitemap asks for each
    language)."""
    held = getattr(request, "_kohtaamo_municipalities", None) if request is not None else None
    if held is None:
        held = list(Municipality.objects.order_by("code"))
        if request is not None:
            request._kohtaamo_municipalities = held
    return held


def slugs(language, request=None):
    """{slug: Municipality} of every municipality, in the language (unique: a clash keeps the
    code as a suffix, in code order). Held in the cache for SLUGS_SECONDS: every municipality
    page asks for it, and the gazetteer changes only when `load_gazetteer` runs; a static build
    holds it for its length instead of unpickling it from the cache for each page:
    kohtaamo.build_memo."""
    return build_memo.remember(
        ("municipality-slugs", language), lambda: _cached_slugs(language, request)
    )


def _slugs_key(language):
    return f"kohtaamo:municipality-slugs:v1:{language}"


def forget_slugs(**kwargs):
    """When the gazetteer changed: drop the cached slugs and the cached pages (municipality
    pages come and go, names change), after the load's transaction commits (a request in
    between would cache the old names again)."""
    keys = [_slugs_key(language) for language in SEGMENTS]

    def forget():
        cache.delete_many(keys)
        page_cache.invalidate()

    transaction.on_commit(forget)


def _cached_slugs(language, request):
    key = _slugs_key(language)
    found = cache.get(key)
    if found is not None:
        return found
    found = {}
    for municipality in _all_municipalities(request):
        slug = municipality_slug(municipality, language)
        if slug in found:
            slug = f"{slug}-{municipality.code}"
        found[slug] = municipality
    cache.set(key, found, SLUGS_SECONDS)
    return found


def list_url(finder_page, language=None):
    language = language or language_of(finder_page)
    return f"{finder_page.url}{SEGMENTS[language]}/"


def municipality_urls(finder_page, request=None):
    """[(municipality code, URL)] of every municipality page under `finder_page`, in code order
    (the same order in every language, which pairs the translations in the sitemap)."""
    language = language_of(finder_page)
    base = finder_page.get_url(request) or ""
    segment = SEGMENTS[language]
    pairs = [(m.code, f"{base}{segment}/{slug}/") for slug, m in slugs(language, request).items()]
    return sorted(pairs)


# --- The pages ---------------------------------------------------------------------------------


def _alternates(finder_page, request, suffix_for):
    """The finder page's language alternates with the municipality path of each language."""
    from kohtaamo.models.base import language_alternates

    alternates = []
    for alternate in language_alternates(finder_page, request):
        alternate = dict(alternate)
        if alternate["is_translation"]:
            suffix = suffix_for(alternate["code"])
            alternate["url"] += suffix
            alternate["full_url"] += suffix
        alternates.append(alternate)
    return alternates


def _base_context(finder_page, request, title, canonical_path):
    return {
        "page": finder_page,
        "self": finder_page,
        "request": request,
        "title": title,
        "finder_url": finder_page.get_url(request),
        "breadcrumbs": finder_page.get_breadcrumbs() + [finder_page],
        "canonical_url": request.build_absolute_uri(canonical_path),
    }


def municipality_list(finder_page, request, segment):
    language = language_of(finder_page)
    if segment != SEGMENTS[language]:
        raise Http404
    page_cache.cacheable(request)
    base = list_url(finder_page, language)
    groups = {}
    for slug, municipality in slugs(language).items():
        name = municipality.name_for(language)
        other = municipality.name_sv if language != "sv" else municipality.name_fi
        letter = name[:1].upper()
        groups.setdefault(letter, []).append(
            {
                "name": name,
                "other_name": other if other and other != name else "",
                "url": f"{base}{slug}/",
            }
        )
    letters = []
    for letter in sorted(groups, key=nordic_key):
        items = sorted(groups[letter], key=lambda item: nordic_key(item["name"]))
        letters.append({"letter": letter, "id": f"letter-{len(letters) + 1}", "items": items})
    title = _("Ohjaamos by municipality")
    context = _base_context(finder_page, request, title, request.path)
    context.update(
        {
            "letters": letters,
            "alternates": _alternates(finder_page, request, lambda code: f"{SEGMENTS[code]}/"),
        }
    )
    return TemplateResponse(request, "locations/municipality_list.html", context)


class ServingOhjaamo:
    """One Ohjaamo as a municipality page shows it: the page, its contact data and the points
    found for the municipality (with regular hours; open-now state is left to the browser)."""

    def __init__(self, page, url, serves):
        self.page = page
        self.url = url
        self.serves = serves
        self.title = page.title
        self.phone = page.phone
        self.email = page.email
        self.website = page.website
        self.points = []


def municipality_results(municipality, locale, language):
    """The points a municipality's page shows (`geo.nearest` from its centre): the static export
    compares these between builds to know which municipality pages a change of location data
    touches (generator/places.py)."""
    origin = geo.Origin(
        latitude=municipality.latitude,
        longitude=municipality.longitude,
        label=municipality.name_for(language),
        kind="municipality",
        municipality=municipality,
    )
    return geo.nearest(origin, limit=MUNICIPALITY_LIMIT, locale=locale)


def municipality_page(finder_page, request, segment, slug):
    language = language_of(finder_page)
    if segment != SEGMENTS[language]:
        raise Http404
    municipality = slugs(language).get(slug)
    if municipality is None:
        raise Http404
    page_cache.cacheable(request)
    name = municipality.name_for(language)
    results = municipality_results(municipality, finder_page.locale, language)
    ohjaamos, urls = {}, {}
    for result in results:
        page = result.page
        if page.pk not in ohjaamos:
            urls[page.pk] = page.get_url(request)
            ohjaamos[page.pk] = ServingOhjaamo(page, urls[page.pk], result.serves)
        schedule = Schedule(result.point)
        ohjaamos[page.pk].points.append(
            {
                "id": result.point.pk,
                "name": result.point.name,
                "address": result.point.address_line,
                "approximate": result.point.location_approximate,
                "municipality": result.point.municipality.name_for(language),
                "is_popup": result.point.is_popup,
                "phone": result.point.phone,
                "email": result.point.email,
                "distance": geo_distance_label(result.distance_km),
                "regular": schedule.regular(),
                "has_hours": any(row["intervals"] for row in schedule.regular()),
            }
        )
    serving = [o for o in ohjaamos.values() if o.serves]
    nearby = [o for o in ohjaamos.values() if not o.serves]
    context = _base_context(finder_page, request, name, request.path)
    context.update(
        {
            "municipality": municipality,
            "municipality_name": name,
            "serving": serving,
            "nearby": nearby,
            "list_url": list_url(finder_page, language),
            "alternates": _alternates(
                finder_page,
                request,
                lambda code: f"{SEGMENTS[code]}/{municipality_slug(municipality, code)}/",
            ),
        }
    )
    return TemplateResponse(request, "locations/municipality_page.html", context)


def geo_distance_label(km):
    from locations.views import distance_label

    return distance_label(km)


# --- The static finder's data ------------------------------------------------------------------


def _coordinate(value):
    return None if value is None else round(value, 4)


def gazetteer_data():
    """Municipalities, every postal code and the towns with a post office of their own, as the
    static finder resolves a query (locations.geo.resolve_place)."""
    municipalities, stored_forms = {}, {}
    for m in Municipality.objects.order_by("code"):
        stored_forms[m.code] = m.name_fi_forms
        municipalities[m.code] = [
            m.name_fi,
            m.name_sv if m.name_sv != m.name_fi else "",
            round(m.latitude, 4),
            round(m.longitude, 4),
        ]
    names, name_index = [], {}

    def name_id(fi, sv):
        key = (display_place_name(fi), display_place_name(sv) if sv and sv != fi else "")
        if key not in name_index:
            name_index[key] = len(names)
            names.append(list(key))
        return name_index[key]

    codes = {}
    offices = {}
    for p in PostalCode.objects.order_by("code"):
        entry = [p.municipality_id, name_id(p.name_fi, p.name_sv)]
        if p.latitude is not None and p.longitude is not None:
            entry += [_coordinate(p.latitude), _coordinate(p.longitude)]
        codes[p.code] = entry
        if p.kind in PostalCode.PLACE_KINDS:
            for name in {p.name_fi_normalized, p.name_sv_normalized} - {""}:
                offices.setdefault(name, []).append(p)
    # A town with a post office: the municipality most of its codes are in, and a code placed
    # at the locality itself first (as geo._place_by_name).
    places = {}
    for normalized, group in sorted(offices.items()):
        by_municipality = {}
        for office in group:
            by_municipality.setdefault(office.municipality_id, []).append(office)
        chosen = max(by_municipality.values(), key=len)
        office = next((o for o in chosen if o.latitude is not None), chosen[0])
        entry = [office.municipality_id, name_id(office.name_fi, office.name_sv)]
        if office.latitude is not None and office.longitude is not None:
            entry += [_coordinate(office.latitude), _coordinate(office.longitude)]
        places[normalized] = entry
    # Inflected forms of the municipality names ("tampereella": "837"), which the server reads
    # with Voikko: stored when the gazetteer was loaded (locations/place_forms.py).
    forms = place_forms.municipality_forms(
        (code, m[0], m[1], stored_forms[code]) for code, m in municipalities.items()
    )
    return {
        "municipalities": municipalities,
        "names": names,
        "postcodes": codes,
        "places": places,
        "forms": forms,
    }


def _served_by_translation_key():
    through = OhjaamoPage.municipalities.through
    served = {}
    rows = through.objects.values_list("ohjaamopage__translation_key", "municipality_id")
    for key, code in rows:
        served.setdefault(str(key), set()).add(code)
    return served


def _hhmm(value):
    return value.strftime("%H:%M") if value else None


def _labels(language):
    with override(language):
        return {
            "open": _("Open now"),
            "closed": _("Closed"),
            "open_until": _("Open now, closes %(when)s"),
            "closed_until": _("Closed, opens %(when)s"),
            "today": _("today at %(time)s"),
            "tomorrow": _("tomorrow at %(time)s"),
            "on_day": pgettext("opening day", "on %(weekday)s at %(time)s"),
            "weekdays": [
                date_format(datetime.date(2024, 1, 1) + datetime.timedelta(days=i), "l")
                for i in range(7)
            ],
            "time": "H:i" if language == "en" else "G.i",
            "results_for": _("Results for %(place)s"),
            "nearest_position": _("Nearest to your location"),
            "your_ohjaamo": _("Your Ohjaamo for %(municipality)s"),
            "not_served": _("No Ohjaamo lists %(municipality)s among the municipalities it serves"),
            "nearest_ones": _("These are the nearest ones."),
            "others": _("Other Ohjaamo points nearby"),
            "none": _("No Ohjaamo point matches these filters."),
            "distance": _("Distance %(distance)s"),
            "km": _("%(km)s km"),
            "straight": _("Distances are straight-line distances."),
            "not_found": _("We could not find “%(query)s”"),
            "not_found_help": _(
                "Check the spelling, or type a five-digit postal code or the name of a "
                "municipality."
            ),
            "did_you_mean": _("Did you mean:"),
            "approximate": _("exact address not listed"),
            "ohjaamo": _("Ohjaamo"),
            "popup": _("Pop-up"),
            "by_municipality": _("Find by municipality"),
        }


def points_data(locale, request=None):
    """Every live point of the locale with what the static finder ranks and shows."""
    language = locale.language_code
    today = timezone.localdate(timezone=HELSINKI)
    served = _served_by_translation_key()
    pages, points = {}, []
    with override(language):
        for point in geo.live_points(locale, today=today):
            page = point.page
            if page.pk not in pages:
                pages[page.pk] = {
                    "title": page.title,
                    "url": page.get_url(request),
                    "serves": sorted(served.get(str(page.translation_key), ())),
                    "services": sorted(s.code for s in page.services.all()),
                }
            exceptions = sorted(
                (e for e in point.exceptions.all() if e.end_date >= today),
                key=lambda e: (
                    (e.end_date - e.start_date).days,
                    -e.start_date.toordinal(),
                    -(e.sort_order or 0),
                ),
            )
            points.append(
                {
                    "id": point.pk,
                    "page": page.pk,
                    "name": point.name,
                    "address": point.address_line,
                    "approximate": point.location_approximate,
                    "municipality": point.municipality.name_for(language),
                    "popup": point.is_popup,
                    "lat": round(point.latitude, 5),
                    "lon": round(point.longitude, 5),
                    "from": point.valid_from.isoformat() if point.valid_from else None,
                    "to": point.valid_to.isoformat() if point.valid_to else None,
                    "hours": [
                        [h.weekday, _hhmm(h.opens), _hhmm(h.closes)]
                        for h in point.weekly_hours.all()
                    ],
                    "exceptions": [
                        [
                            e.start_date.isoformat(),
                            e.end_date.isoformat(),
                            None if e.closed else _hhmm(e.opens),
                            None if e.closed else _hhmm(e.closes),
                        ]
                        for e in exceptions
                    ],
                }
            )
    holidays = sorted(
        day.isoformat()
        for year in (today.year, today.year + 1)
        for day in _holidays(year, "fi")
        if day >= today
    )
    return {
        "language": language,
        "pages": {str(pk): data for pk, data in pages.items()},
        "points": points,
        "holidays": holidays,
        "labels": _labels(language),
        "limit": STATIC_LIMIT,
    }


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@require_safe
def gazetteer_json(request):
    page_cache.cacheable(request)
    return _json(gazetteer_data())


@require_safe
def points_json(request, language):
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise Http404
    page_cache.cacheable(request)
    # Exceptions and holidays are listed from today: a new answer each day.
    tomorrow = timezone.localdate(timezone=HELSINKI) + datetime.timedelta(days=1)
    page_cache.valid_until(request, datetime.datetime.combine(tomorrow, datetime.time(), HELSINKI))
    return _json(points_data(locale, request))
