"""What the finder page and the Ohjaamo page show: everything is gathered here (a fixed number of
queries whatever the number of points) and the templates only lay it out."""

import json

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaamo import page_cache
from locations import geo
from locations.forms import FinderForm
from locations.hours import (
    HELSINKI,
    Schedule,
    format_date,
    format_day_month,
    format_range,
    format_time,
    opening_hours_specification,
    weekday_name,
)
from locations.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Service,
    ServiceLanguage,
)

# How many points the nearest search shows.
NEAREST_LIMIT = 8
# With "open now only" the search asks for more and keeps the open ones.
NEAREST_LIMIT_OPEN = 40
# "Nearby" ends here: points of other Ohjaamos farther than this are not offered as nearby.
NEARBY_KM = 100
# When nothing serves the place and nothing is within NEARBY_KM, this many nearest are shown
# (said so on the page).
NEAREST_FAR_COUNT = 3
# Where a young person gets guidance when no point is open: the national online guidance
# service (an Ohjaamo's own online guidance link comes first when it has one).
ONLINE_GUIDANCE_URL = "https://ohjaustaverkossa.fi/"

# Nordic alphabetical order: å, ä and ö come after z (in that order in Swedish, ä and ö in
# Finnish).
_NORDIC = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "ö": "z\u0003", "æ": "z\u0002"})


def nordic_key(text):
    return (text or "").casefold().translate(_NORDIC)


def ld_json(data):
    """JSON for a <script type="application/ld+json"> element: <, > and & escaped so the data
    can never close the element (as Django's json_script escapes)."""
    text = json.dumps(data, ensure_ascii=False)
    escaped = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(escaped)  # noqa: S308 - escaped above


def _language():
    return (get_language() or "fi").split("-")[0]


def popup_dates(point):
    if not (point.valid_from or point.valid_to):
        return ""
    if point.valid_from and point.valid_to:
        if point.valid_from == point.valid_to:
            return format_date(point.valid_from)
        return f"{format_day_month(point.valid_from)}–{format_date(point.valid_to)}"
    if point.valid_from:
        return _("from %(date)s") % {"date": format_date(point.valid_from)}
    return _("until %(date)s") % {"date": format_date(point.valid_to)}


def distance_label(km):
    if km < 0.1:
        # Never "0,0 km": the point is right here.
        return _("less than 100 m")
    if km < 10:
        return _("%(km)s km") % {"km": number_format(km, decimal_pos=1)}
    return _("%(km)s km") % {"km": number_format(round(km), decimal_pos=0)}


# --- The finder ---------------------------------------------------------------------------------


class PointCard:
    """One service point as the finder shows it (list, search results, map)."""

    def __init__(
        self,
        point,
        page,
        url,
        status,
        language,
        distance_km=None,
        serves=False,
        origin_municipality=None,
    ):
        self.point = point
        self.page = page
        self.url = url
        self.status = status
        self.distance_km = distance_km
        self.serves = serves
        self.id = point.pk
        self.name = point.name
        self.ohjaamo = page.title
        self.show_ohjaamo = point.name.strip() != page.title.strip()
        self.address = point.address_line
        self.approximate = point.location_approximate
        self.municipality = point.municipality.name_for(language)
        self.region = point.municipality.region
        self.is_popup = point.is_popup
        self.dates = popup_dates(point) if point.is_popup else ""
        self.state = status.state
        self.status_label = status.label()
        self.distance = ""
        if distance_km is not None:
            self.distance = self._distance(distance_km, origin_municipality)

    def _distance(self, km, origin_municipality):
        """The distance as the card says it. A point placed at its municipality's centre (no
        exact address) has no exact distance: in the searched municipality none is given, and
        elsewhere it is rounded to whole kilometres to the centre, and said so."""
        if not self.approximate:
            return distance_label(km)
        if origin_municipality is not None and (
            self.point.municipality_id == origin_municipality.pk or km < 1
        ):
            return ""
        return _("about %(km)s km to the municipality centre") % {
            "km": number_format(max(1, round(km)), decimal_pos=0)
        }

    def map_data(self):
        return {
            "id": self.id,
            "lat": round(self.point.latitude, 5),
            "lon": round(self.point.longitude, 5),
            "name": self.name,
            "ohjaamo": self.ohjaamo if self.show_ohjaamo else "",
            "url": self.url,
            "address": self.address,
            "approximate": self.approximate,
            "state": self.state,
            "status": self.status_label,
            "dates": self.dates,
        }


class _Urls:
    """Page URLs, computed once per page (Wagtail caches the site root paths on the request)."""

    def __init__(self, request):
        self.request = request
        self.cache = {}

    def __call__(self, page):
        if page.pk not in self.cache:
            self.cache[page.pk] = page.get_url(self.request)
        return self.cache[page.pk]


def _group_by_region(cards, language):
    groups = {}
    for card in cards:
        region = card.region
        key = region.code if region else ""
        name = region.name_for(language) if region else _("Other areas")
        groups.setdefault(key, {"code": key, "name": name, "cards": []})["cards"].append(card)
    ordered = sorted(groups.values(), key=lambda g: (g["code"] == "", nordic_key(g["name"])))
    for group in ordered:
        group["cards"].sort(key=lambda c: (nordic_key(c.municipality), nordic_key(c.name)))
        group["id"] = f"region-{group['code'] or 'other'}"
    return ordered


def finder_context(page, request):
    """The finder: the search form, the nearest points for a place or position, and every
    live point grouped by region (the list), with the same points as map data."""
    language = _language()
    locale = page.locale
    now = timezone.now()
    today = now.astimezone(HELSINKI).date()
    urls = _Urls(request)

    services = list(Service.objects.filter(locale=locale).order_by("sort_order", "name"))
    form = FinderForm(request.GET or None, services=services)
    codes, open_only, query, position = [], False, "", None
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        if data.get("service"):
            codes = [data["service"]]
        open_only = bool(data.get("open"))
        query = data.get("q") or ""
        if not form.non_field_errors() and data.get("lat") is not None:
            position = (data["lat"], data["lon"])

    def card(point, result=None, origin=None):
        status = Schedule(point).status(now)
        return PointCard(
            point,
            point.page,
            urls(point.page),
            status,
            language,
            distance_km=result.distance_km if result else None,
            serves=result.serves if result else False,
            origin_municipality=origin.municipality if origin else None,
        )

    # Every live point (the list and the map).
    cards = [card(point) for point in geo.live_points(locale, services=codes, today=today)]
    _cache_until_next_change(request, [c.status for c in cards])
    if open_only:
        cards = [c for c in cards if c.status.is_open]

    # The nearest search.
    origin, not_found = None, None
    if query and "q" not in form.errors:
        try:
            origin = geo.resolve_place(query)
        except geo.PlaceNotFound as error:
            not_found = {
                "query": error.query,
                "suggestions": [
                    {"label": s, "query": _query_string(s, codes, open_only)}
                    for s in error.suggestions
                ],
            }
    elif position is not None:
        origin = geo.origin_from_position(*position)
    answer = _answer(origin, locale, codes, open_only, today, card) if origin else {}

    searched = origin is not None
    selected = codes[0] if codes else ""
    if searched:
        # The results are the answer: the list of every point is not repeated below them, and
        # the map shows the points listed (every map has its list).
        shown = answer["served"] + answer["others"] + answer["closed"]
        map_points = [c.map_data() for c in shown]
    else:
        map_points = [c.map_data() for c in cards]
    return {
        "form": form,
        "service_options": [
            {"value": service.code, "label": service.name, "selected": service.code == selected}
            for service in services
        ],
        "query": query,
        "origin": origin,
        "searched": searched,
        "origin_is_position": searched and origin.kind == "position",
        "origin_municipality": (
            origin.municipality.name_for(language) if searched and origin.municipality else ""
        ),
        "not_found": not_found,
        "served": answer.get("served", []),
        "others": answer.get("others", []),
        "others_far": answer.get("others_far", False),
        "closed": answer.get("closed", []),
        "none_open": answer.get("none_open", False),
        "online_guidance": answer.get("online_guidance", []),
        "nearby_km": NEARBY_KM,
        "open_only": open_only,
        "service_codes": codes,
        "filtered": bool(codes or open_only),
        "point_count": len(cards),
        "show_list": not searched,
        "regions": _group_by_region(cards, language) if not searched else [],
        "map_points": map_points,
        "map_tiles": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
        "map_provider": _tile_host(settings.MAP_TILE_URL),
    }


def _answer(origin, locale, codes, open_only, today, card):
    """The finder's answer for an origin: the points of the Ohjaamo(s) serving its municipality,
    then the other points within NEARBY_KM (or, when there are neither, the few nearest, said to
    be far). With "open now only" and nothing open: where to get guidance online, and the nearest
    points with when they open."""
    limit = NEAREST_LIMIT_OPEN if open_only else NEAREST_LIMIT
    results = geo.nearest(origin, limit=limit, locale=locale, services=codes, today=today)
    found = [card(r.point, r, origin) for r in results]
    closed, none_open = [], False
    if open_only:
        open_found = [c for c in found if c.status.is_open]
        if found and not open_found:
            none_open = True
            closed = _split(found[:NEAREST_LIMIT])
            closed = closed[0] + closed[1]
        found = open_found
    found = found[:NEAREST_LIMIT]
    served, others = _split(found)
    others_far = False
    if not none_open:
        near = [c for c in others if c.distance_km <= NEARBY_KM]
        if not served and not near and others:
            others, others_far = others[:NEAREST_FAR_COUNT], True
        else:
            others = near
    guidance = []
    if none_open:
        for c in closed:
            if c.serves and c.page.online_guidance_url:
                entry = {"url": c.page.online_guidance_url, "ohjaamo": c.page.title}
                if entry not in guidance:
                    guidance.append(entry)
    return {
        "served": served,
        "others": others,
        "others_far": others_far,
        "closed": closed,
        "none_open": none_open,
        "online_guidance": guidance
        + [{"url": ONLINE_GUIDANCE_URL, "ohjaamo": "", "national": True}],
    }


def _split(cards):
    return [c for c in cards if c.serves], [c for c in cards if not c.serves]


def finder_alternates(alternates, request):
    """The language switcher of a results page keeps the search: the finder in each language
    with the same query, filters and position (a place name or postal code resolves in every
    language; service codes are the same in every language). A language the finder is not
    translated into still leads to its home page."""
    keep = [
        (key, value)
        for key in ("q", "service", "open", "lat", "lon")
        for value in request.GET.getlist(key)
        if value
    ]
    if not keep:
        return alternates
    from urllib.parse import urlencode

    suffix = "?" + urlencode(keep)
    return [{**a, "url": a["url"] + suffix} if a.get("is_translation") else a for a in alternates]


def _cache_until_next_change(request, statuses):
    """A cached copy of the page lives no longer than the open-now state it shows: until the
    first of its points opens or closes."""
    changes = [s.closes_at if s.is_open else s.opens_next_at for s in statuses]
    changes = [moment for moment in changes if moment is not None]
    if changes:
        page_cache.valid_until(request, min(changes))


def _query_string(q, codes, open_only):
    from urllib.parse import urlencode

    params = [("q", q)] + [("service", code) for code in codes]
    if open_only:
        params.append(("open", "on"))
    return "?" + urlencode(params)


def _tile_host(url):
    from urllib.parse import urlsplit

    host = urlsplit(url.replace("{s}", "a")).hostname or ""
    return host[2:] if host.startswith("a.") else host


# --- The Ohjaamo page ---------------------------------------------------------------------------


def _presence_label(presence):
    if presence.starts and presence.ends:
        return format_range(presence.starts, presence.ends)
    if presence.starts:
        return _("from %(time)s") % {"time": format_time(presence.starts)}
    return ""


class PointDetails:
    """One point as its Ohjaamo page shows it: address, today's status, the coming week, the
    regular hours, upcoming exceptions and holidays, accessibility and a route link."""

    def __init__(self, point, now, today, language):
        sched = Schedule(point)
        self.point = point
        self.id = f"point-{point.pk}"
        self.name = point.name
        self.kind = point.kind
        self.kind_label = point.get_kind_display()
        self.is_popup = point.is_popup
        self.dates = popup_dates(point)
        self.address = point.address_line
        self.street_address = point.street_address
        self.postal_line = point.postal_line
        self.approximate = point.location_approximate
        self.municipality = point.municipality.name_for(language)
        self.status = sched.status(now)
        self.week = sched.days(today, 7, today)
        self.today = self.week[0]
        self.regular = sched.regular()
        self.has_regular_hours = any(row["intervals"] for row in self.regular)
        self.upcoming = sched.upcoming(today)
        self.route_url = point.route_planner_url()
        self.accessibility_flags = point.accessibility_flags
        self.accessibility_info = point.accessibility_info
        self.directions = point.directions
        self.phone = point.phone
        self.email = point.email


def held_in_memory(page, relation):
    """True when the page's `relation` (inline objects or a parental many-to-many) is held in
    memory: a preview or draft built from a revision, whose rows may differ from the saved ones
    or not exist at all. Such a relation is read as it is, never queried through."""
    return relation in getattr(page, "_cluster_related_objects", {})


def _points_for_page(page, today):
    """The page's points still in use (a pop-up that has ended is left out, one to come is
    listed), with municipality, hours and exceptions in three queries. A preview holds its
    points, hours and exceptions in memory (from the revision) and is read as it is."""
    if held_in_memory(page, "points"):
        points = list(page.points.all())
    else:
        points = list(
            page.points.select_related("municipality").prefetch_related(
                Prefetch(
                    "weekly_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
                ),
                Prefetch("exceptions", queryset=OpeningException.objects.order_by("start_date")),
            )
        )
    return [p for p in points if p.valid_to is None or p.valid_to >= today]


def ohjaamo_context(page, request):
    language = _language()
    now = timezone.now()
    today = now.astimezone(HELSINKI).date()

    points = [PointDetails(p, now, today, language) for p in _points_for_page(page, today)]
    presences = list(page.presences.all())
    channels = list(page.channels.all())
    # A translation may still point at the source's service snippets: the page's language's
    # services by code (one query).
    # A preview holds its many-to-many choices in memory: their codes and ids are read from
    # there (the saved rows are the published version's, or none for a new page).
    if held_in_memory(page, "services"):
        service_codes = [service.code for service in page.services.all()]
    else:
        service_codes = page.services.values("code")
    services = list(
        Service.objects.filter(locale_id=page.locale_id, code__in=service_codes).order_by(
            "sort_order", "name"
        )
    )
    if held_in_memory(page, "languages"):
        language_rows = list(page.languages.all())
    else:
        language_rows = ServiceLanguage.objects.filter(pk__in=page.languages.values("pk"))
    languages = sorted(
        language_rows,
        key=lambda lang: (lang.sort_order, nordic_key(lang.name_for(language))),
    )
    # The municipalities every language version of this Ohjaamo serves (one truth: a preview
    # shows its own choice).
    if held_in_memory(page, "municipalities"):
        municipality_rows = list(page.municipalities.all())
    else:
        municipality_rows = (
            Municipality.objects.filter(ohjaamo_pages__translation_key=page.translation_key)
            .distinct()
            .only("code", "name_fi", "name_sv")
        )
    municipalities = sorted(
        municipality_rows,
        key=lambda m: nordic_key(m.name_for(language)),
    )

    _cache_until_next_change(request, [p.status for p in points])
    open_today = [p for p in points if not p.today.closed]
    open_now = [p for p in points if p.status.is_open]
    weekday = today.weekday()
    in_today = [
        {"who": p.who, "when": _presence_label(p), "note": p.note}
        for p in presences
        if p.weekday == weekday
    ]
    week_presences = []
    for day in range(7):
        rows = [
            {"who": p.who, "when": _presence_label(p), "note": p.note}
            for p in presences
            if p.weekday == day
        ]
        if rows:
            week_presences.append(
                {"day": weekday_name(day), "is_today": day == weekday, "rows": rows}
            )

    return {
        "points": points,
        "open_now": open_now,
        "closed_today": bool(points) and not open_today,
        "in_today": in_today,
        "week_presences": week_presences,
        "today_label": f"{weekday_name(today)} {format_day_month(today)}",
        "channels": channels,
        "services": services,
        "languages": [lang.name_for(language) for lang in languages],
        "municipalities": [m.name_for(language) for m in municipalities],
        "jsonld": ld_json(
            ohjaamo_jsonld(page, request, points, municipalities, languages, channels, today)
        ),
    }


def ohjaamo_jsonld(page, request, points, municipalities, languages, channels, today):
    """schema.org: a GovernmentOffice per service point, with its opening hours (the weekly
    hours, and the exceptions and holiday closures of the coming weeks)."""
    url = page.get_full_url(request)
    graph = []
    for details in points:
        point = details.point
        name = (
            page.title
            if point.name.strip() == page.title.strip()
            else (f"{page.title} – {point.name}")
        )
        office = {
            "@type": "GovernmentOffice",
            "@id": f"{url}#{details.id}",
            "name": name,
            "url": url,
            "description": page.intro,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": point.street_address,
                "postalCode": point.postal_code,
                "addressLocality": point.post_office,
                "addressCountry": "FI",
            },
            "areaServed": [
                {"@type": "City", "name": m.name_for(_language())} for m in municipalities
            ],
            "availableLanguage": [
                {"@type": "Language", "name": lang.name_en, "alternateName": lang.code}
                for lang in languages
            ],
            "openingHoursSpecification": opening_hours_specification(point, today),
            "isAccessibleForFree": True,
        }
        if not point.location_approximate:
            office["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": point.latitude,
                "longitude": point.longitude,
            }
        else:
            office["address"] = {
                k: v for k, v in office["address"].items() if k != "streetAddress" and v
            }
        if point.phone or page.phone:
            office["telephone"] = point.phone or page.phone
        if point.email or page.email:
            office["email"] = point.email or page.email
        same_as = [c.url for c in channels] + ([page.website] if page.website else [])
        if same_as:
            office["sameAs"] = same_as
        if point.is_popup and point.valid_from and point.valid_to:
            office["temporalCoverage"] = f"{point.valid_from}/{point.valid_to}"
        graph.append(office)
    return {"@context": "https://schema.org", "@graph": graph}
