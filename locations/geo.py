"""Where is my nearest Ohjaamo: turning a query into a place (`resolve_place`) and finding the
service points nearest to it (`nearest`). The finder page and the JSON API both call these.

`nearest()` runs a fixed number of queries whatever the number of points (seven):

1. two read the view-restricted sections, then the locale's Ohjaamo pages with what decides
   whether each is shown (live, not in a view-restricted section, offering the wanted services)
   and whether it serves the origin's municipality;
2. one counts the points inside growing bounding boxes around the origin, all radii in one scan
   (the "widening" happens in SQL), and picks the smallest box holding enough of them;
3. one fetches the coordinates of the points inside the box that circumscribes the circle through
   that box's corners (so every point nearer than the farthest of those is included), plus every
   point of a page serving the origin's municipality wherever it is;
4. exact great-circle (haversine) distances in Python pick and order the results;
5. three load the chosen points with page and municipality, their opening hours and exceptions.

Steps 2 and 3 are plain SQL comparisons on the point table (no joins, no functions), the same on
SQLite and PostgreSQL. Coordinates a user sends are used for the computation and never stored or
logged here. `benchmarks/nearest.py` measures it against a naive scan of every point.
"""

import difflib
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connections, router
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, PageViewRestriction

from kohtaamo import build_memo
from kohtaamo.language import place_name_candidates
from kohtaamo.visibility import visible
from locations.models import (
    Municipality,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    PostalCode,
    Service,
    ServicePoint,
)
from locations.models.gazetteer import display_place_name, normalize_name

HELSINKI = ZoneInfo("Europe/Helsinki")
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180

# Radii (km) of the bounding boxes counted in one query; beyond the last, every point is a
# candidate. Finland is about 1,160 km from south to north.
SEARCH_RADII_KM = (8, 25, 80, 250)
MAX_SUGGESTIONS = 5
POSTCODE_RE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


class PlaceNotFound(Exception):
    """The query names no postal code, municipality or post office we know.
    `suggestions` are place names the finder can offer instead (each one resolves)."""

    def __init__(self, query, suggestions=()):
        self.query = query
        self.suggestions = list(suggestions)
        super().__init__(f"No place matches {query!r}")


@dataclass
class Origin:
    latitude: float
    longitude: float
    label: str
    kind: str  # "position", "postcode" or "municipality"
    municipality: Municipality | None = None


@dataclass
class NearestResult:
    point: ServicePoint
    page: OhjaamoPage
    distance_km: float
    serves: bool


# --- places -------------------------------------------------------------------------------------


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# A position's municipality: the one of the nearest postal code area centre within this reach,
# else the nearest municipality centre within the second (a position farther from both is not in
# any municipality we know, e.g. abroad or far out at sea).
POSTCODE_REACH_KM = 15
MUNICIPALITY_REACH_KM = 60


def _nearest_of(latitude, longitude, rows, reach_km):
    """The nearest of `rows` ((latitude, longitude, key, value)) within `reach_km`, or None; the
    key breaks ties."""
    best = min(
        (
            (haversine_km(latitude, longitude, lat, lon), key, value)
            for lat, lon, key, value in rows
        ),
        default=None,
        key=lambda row: row[:2],
    )
    return best[2] if best is not None and best[0] <= reach_km else None


def municipality_at(latitude, longitude):
    """The municipality a position is in, as near as the gazetteer tells without boundaries: the
    municipality of the nearest postal code area (by its centre, where the data has one), or
    failing one nearby, of the nearest municipality centre. None when neither is near (abroad,
    far out at sea). Two queries, whatever the position."""
    box = bounding_box(latitude, longitude, POSTCODE_REACH_KM)
    areas = PostalCode.objects.filter(
        _box_q(box), kind=PostalCode.Kind.AREA, latitude__isnull=False
    ).select_related("municipality")
    box = bounding_box(latitude, longitude, MUNICIPALITY_REACH_KM)
    centres = list(Municipality.objects.filter(_box_q(box)))
    area = _nearest_of(
        latitude,
        longitude,
        [(a.latitude, a.longitude, a.code, a) for a in areas],
        POSTCODE_REACH_KM,
    )
    if area is not None:
        return area.municipality
    return _nearest_of(
        latitude,
        longitude,
        [(m.latitude, m.longitude, m.code, m) for m in centres],
        MUNICIPALITY_REACH_KM,
    )


def origin_from_position(latitude, longitude, label=None):
    """An origin from a position the browser sent (never stored or logged), in the municipality
    the position is in (so the Ohjaamo serving it comes first)."""
    latitude, longitude = float(latitude), float(longitude)
    return Origin(
        latitude=latitude,
        longitude=longitude,
        label=label or _("your location"),
        kind="position",
        municipality=municipality_at(latitude, longitude),
    )


def _postcode_label(postal_code, language):
    return f"{postal_code.code} {postal_code.display_name_for(language)}"


def _postcode_origin(postal_code, language):
    latitude, longitude = postal_code.coordinates
    return Origin(
        latitude=latitude,
        longitude=longitude,
        label=_postcode_label(postal_code, language),
        kind="postcode",
        municipality=postal_code.municipality,
    )


def _postcode_suggestions(digits):
    """Postal codes of places near `digits` (a code we do not know, or the start of one): the
    codes sharing the longest start with it (at most three digits), numerically nearest first."""
    codes = []
    for length in range(min(3, len(digits)), 0, -1):
        codes = list(
            PostalCode.objects.filter(code__startswith=digits[:length], kind=PostalCode.Kind.AREA)
            .select_related("municipality")
            .order_by("code")[:200]
        )
        if codes:
            break
    target = int(digits.ljust(5, "0"))
    codes.sort(key=lambda p: (abs(int(p.code) - target), p.code))
    language = get_language()
    return [_postcode_label(p, language) for p in codes[:MAX_SUGGESTIONS]]


def _name_suggestions(normalized):
    """Municipality and post office names close to `normalized` (prefix matches first)."""
    language = get_language()
    names = {}
    for municipality in Municipality.objects.only("code", "name_fi", "name_sv"):
        for name in (municipality.name_for(language), municipality.name_fi, municipality.name_sv):
            if name:
                names.setdefault(normalize_name(name), name)
    offices = (
        PostalCode.objects.filter(kind__in=PostalCode.PLACE_KINDS)
        .values_list("name_fi", "name_sv")
        .distinct()
    )
    for name_fi, name_sv in offices:
        for name in (name_fi, name_sv):
            if name:
                names.setdefault(normalize_name(name), display_place_name(name))
    found = []
    if len(normalized) >= 3:
        found += sorted(n for n in names if n.startswith(normalized))
    found += difflib.get_close_matches(normalized, list(names), n=MAX_SUGGESTIONS, cutoff=0.75)
    # A misspelt inflected name ("helsinigssä"): its start without the case ending.
    for cut in range(1, 5):
        if found or len(normalized) - cut < 4:
            break
        found += difflib.get_close_matches(
            normalized[:-cut], list(names), n=MAX_SUGGESTIONS, cutoff=0.8
        )
    suggestions = []
    for key in found:
        if names[key] not in suggestions:
            suggestions.append(names[key])
    return suggestions[:MAX_SUGGESTIONS]


def _place_by_name(normalized, language):
    """The Origin of a municipality, town or post office by its normalised name, or None."""
    municipality = (
        Municipality.objects.filter(
            Q(name_fi_normalized=normalized) | Q(name_sv_normalized=normalized)
        )
        .order_by("code")
        .first()
    )
    if municipality is not None:
        return Origin(
            latitude=municipality.latitude,
            longitude=municipality.longitude,
            label=municipality.name_for(language),
            kind="municipality",
            municipality=municipality,
        )

    # A town or village with a post office of its own ("Nauvo", "Söderkulla", "Parola").
    offices = list(
        PostalCode.objects.filter(
            Q(name_fi_normalized=normalized) | Q(name_sv_normalized=normalized),
            kind__in=PostalCode.PLACE_KINDS,
        )
        .select_related("municipality")
        .order_by("code")
    )
    if offices:
        # The municipality most of its codes are in; a code placed at the locality itself first.
        by_municipality = {}
        for office in offices:
            by_municipality.setdefault(office.municipality_id, []).append(office)
        group = max(by_municipality.values(), key=len)
        office = next((o for o in group if o.latitude is not None), group[0])
        latitude, longitude = office.coordinates
        name = office.display_name_for(language)
        municipality_name = office.municipality.name_for(language)
        label = (
            name
            if normalize_name(name) == normalize_name(municipality_name)
            else (f"{name} ({municipality_name})")
        )
        return Origin(
            latitude=latitude,
            longitude=longitude,
            label=label,
            kind="municipality",
            municipality=office.municipality,
        )

    return None


def resolve_place(query):
    """A postal code ("33100", "33100 Tampere"), or a municipality, town or post office name in
    Finnish or Swedish, case- and accent-insensitive ("jyvaskyla", "Helsingfors", "åbo") →
    Origin. Raises PlaceNotFound with suggestions."""
    text = " ".join((query or "").split())
    if not text:
        raise PlaceNotFound(query or "", [])
    language = get_language()

    match = POSTCODE_RE.search(text)
    if match:
        code = match.group(1)
        postal_code = PostalCode.objects.select_related("municipality").filter(code=code).first()
        if postal_code is None:
            raise PlaceNotFound(query, _postcode_suggestions(code))
        return _postcode_origin(postal_code, language)
    if text.isdigit():
        raise PlaceNotFound(query, _postcode_suggestions(text[:5]))

    normalized = normalize_name(text)
    origin = _place_by_name(normalized, language)
    if origin is not None:
        return origin
    # An inflected place name ("Helsingissä", "Tampereella", "Nokialla"): its base forms.
    for candidate in place_name_candidates(text):
        origin = _place_by_name(normalize_name(candidate), language)
        if origin is not None:
            return origin

    raise PlaceNotFound(query, _name_suggestions(normalized))


# --- points -------------------------------------------------------------------------------------


def _locale(locale):
    if locale is None:
        return Locale.get_active()
    if isinstance(locale, Locale):
        return locale
    return Locale.objects.get(language_code=locale)


def _today(today):
    return today or timezone.localdate(timezone=HELSINKI)


def live_pages(locale=None, services=None):
    """Live, public OhjaamoPages of the locale (offering every service code in `services`)."""
    pages = visible(OhjaamoPage.objects.filter(locale=_locale(locale)))
    for code in services or ():
        pages = pages.filter(services__code=code)
    return pages


def _valid_on(today):
    return Q(valid_from__isnull=True) | Q(valid_from__lte=today), Q(valid_to__isnull=True) | Q(
        valid_to__gte=today
    )


def _points(locale, services, today):
    return ServicePoint.objects.filter(
        *_valid_on(_today(today)), page__in=live_pages(locale, services).values("pk")
    )


def _with_details(points):
    return points.select_related("page", "page__locale", "municipality", "municipality__region")


def _prefetch(services=True):
    lookups = [
        Prefetch("weekly_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
        Prefetch("exceptions", queryset=OpeningException.objects.order_by("start_date")),
    ]
    return [*lookups, "page__services"] if services else lookups


def _details_by_pk(pks):
    loaded = _with_details(ServicePoint.objects.filter(pk__in=pks))
    return {p.pk: p for p in loaded.prefetch_related(*_prefetch(services=False))}


def live_points(locale=None, services=None, today=None):
    """Every live point of the locale (optionally only pages offering all of `services`), with
    page, municipality and region joined and opening hours, exceptions and the page's services
    prefetched: the finder's list and the GeoJSON API. Ordered by region, municipality, name."""
    return (
        _with_details(_points(locale, services, today))
        .prefetch_related(*_prefetch())
        .order_by("municipality__region__name_fi", "municipality__name_fi", "name", "pk")
    )


def bounding_box(latitude, longitude, radius_km):
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains every point within
    `radius_km` of the origin."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    min_lat, max_lat = latitude - dlat, latitude + dlat
    widest = max(abs(min_lat), abs(max_lat))
    if widest >= 89.9:
        return min_lat, max_lat, -180.0, 180.0
    dlon = min(180.0, radius_km / (KM_PER_DEGREE_LAT * math.cos(math.radians(widest))))
    return min_lat, max_lat, longitude - dlon, longitude + dlon


def _box_q(box):
    min_lat, max_lat, min_lon, max_lon = box
    return Q(
        latitude__gte=min_lat,
        latitude__lte=max_lat,
        longitude__gte=min_lon,
        longitude__lte=max_lon,
    )


def _farthest_corner_km(latitude, longitude, box):
    min_lat, max_lat, min_lon, max_lon = box
    return max(
        haversine_km(latitude, longitude, lat, lon)
        for lat in (min_lat, latitude, max_lat)
        for lon in (min_lon, longitude, max_lon)
    )


class _PointScan:
    """The two hot queries of `nearest()` on the service point table alone, in plain SQL that
    SQLite and PostgreSQL read alike (no joins, no functions: comparisons and CASE only).

    Written out rather than built by the ORM because they run on every search and the ORM's
    query building cost more than the queries themselves. The bounding box comes first in each
    WHERE (most rows fail it at once), and the locale and page conditions compare `column + 0` on
    purpose: that keeps SQLite from walking the locale or page index for a condition nearly every
    row meets, where one plain scan of the table is several times faster.
    """

    def __init__(self, locale, today, hidden_page_ids):
        meta = ServicePoint._meta
        self.connection = connections[router.db_for_read(ServicePoint)]
        qn = self.connection.ops.quote_name
        column = {name: qn(meta.get_field(name).column) for name in _SCAN_FIELDS}
        self.column = column
        self.table = qn(meta.db_table)
        day = self.connection.ops.adapt_datefield_value(today)
        self.where = [
            f"({column['valid_from']} IS NULL OR {column['valid_from']} <= %s)",
            f"({column['valid_to']} IS NULL OR {column['valid_to']} >= %s)",
            f"({column['locale']} + 0) = %s",
        ]
        self.params = [day, day, locale.pk]
        if hidden_page_ids:
            marks = ", ".join(["%s"] * len(hidden_page_ids))
            self.where.append(f"({column['page']} + 0) NOT IN ({marks})")
            self.params += list(hidden_page_ids)

    def _box(self, box):
        lat, lon = self.column["latitude"], self.column["longitude"]
        return f"{lat} >= %s AND {lat} <= %s AND {lon} >= %s AND {lon} <= %s", list(box)

    def _select(self, select, select_params, condition, condition_params):
        # Only quoted column and table names and %s placeholders go into the text; every value
        # is a parameter.
        where = " AND ".join([condition, *self.where])
        sql = f"SELECT {select} FROM {self.table} WHERE {where}"  # noqa: S608
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*select_params, *condition_params, *self.params])
            return cursor.fetchall()

    def first_box_with(self, boxes, enough):
        """The index of the first of `boxes` (growing) holding at least `enough` points, or
        None. One statement: CASE tries the boxes in order and SQLite and PostgreSQL run each
        box's subquery only when CASE reaches it; each subquery stops scanning as soon as it
        has found `enough` points."""
        where = " AND ".join(self.where)
        parts, params = [], []
        for i, box in enumerate(boxes):
            condition, box_params = self._box(box)
            parts.append(
                f"WHEN (SELECT COUNT(*) FROM (SELECT 1 AS one FROM {self.table} "  # noqa: S608
                f"WHERE {condition} AND {where} LIMIT %s) AS box{i}) >= %s THEN {i}"
            )
            params += [*box_params, *self.params, enough, enough]
        sql = f"SELECT CASE {' '.join(parts)} ELSE -1 END"
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            index = cursor.fetchone()[0]
        return None if index < 0 else index

    def rows(self, box, page_ids):
        """(id, latitude, longitude, page id) of the points inside `box` (every point when it
        is None) or of the pages `page_ids`."""
        c = self.column
        select = f"{c['id']}, {c['latitude']}, {c['longitude']}, {c['page']}"
        if box is None:
            return self._select(select, [], "1 = 1", [])
        condition, params = self._box(box)
        if page_ids:
            marks = ", ".join(["%s"] * len(page_ids))
            condition = f"({condition} OR {c['page']} IN ({marks}))"
            params += list(page_ids)
        return self._select(select, [], condition, params)


_SCAN_FIELDS = ("id", "latitude", "longitude", "page", "locale", "valid_from", "valid_to")


class _PageFlags:
    """Every Ohjaamo page of a locale with what `nearest()` needs of it, in two statements: the
    view-restricted sections, then each page with whether it is live, offers each wanted service
    and has a page of its translation key serving the origin's municipality (a translation
    serves what its source serves). Plain SQL over Wagtail's page table and the two
    many-to-many tables, read alike by SQLite and PostgreSQL; written out for the same reason
    as `_PointScan`."""

    def __init__(self):
        meta = OhjaamoPage._meta
        self.connection = connections[router.db_for_read(OhjaamoPage)]
        qn = self.connection.ops.quote_name
        page = Page._meta
        self.page = qn(page.db_table)
        self.ohjaamo = qn(meta.db_table)
        self.ptr = qn(meta.pk.column)
        self.restriction = qn(PageViewRestriction._meta.db_table)
        self.restriction_page = qn(PageViewRestriction._meta.get_field("page").column)
        self.col = {name: qn(page.get_field(name).column) for name in _PAGE_FIELDS}
        served = meta.get_field("municipalities")
        self.served = (
            qn(served.m2m_db_table()),
            qn(served.m2m_column_name()),
            qn(served.m2m_reverse_name()),
        )
        offered = meta.get_field("services")
        self.offered = (
            qn(offered.m2m_db_table()),
            qn(offered.m2m_column_name()),
            qn(offered.m2m_reverse_name()),
        )
        self.service = qn(Service._meta.db_table)
        self.service_pk = qn(Service._meta.pk.column)
        self.service_code = qn(Service._meta.get_field("code").column)

    def restricted_paths(self):
        """The paths of every page with a view restriction (a handful at most). A query of its
        own: as a correlated subquery of the page query, PostgreSQL's planner, without table
        statistics, may scan the page table once per page."""
        c = self.col
        sql = (
            f"SELECT rp.{c['path']} FROM {self.restriction} r "  # noqa: S608
            f"JOIN {self.page} rp ON rp.{c['id']} = r.{self.restriction_page}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            return [path for (path,) in cursor.fetchall()]

    def sql(self, services, municipality):
        c = self.col
        columns, params = [f"p.{c['id']}", f"p.{c['live']}", f"p.{c['path']}"], []
        table, own, other = self.offered
        for code in services:
            columns.append(
                f"EXISTS (SELECT 1 FROM {table} ps JOIN {self.service} s "  # noqa: S608
                f"ON s.{self.service_pk} = ps.{other} "
                f"WHERE ps.{own} = p.{c['id']} AND s.{self.service_code} = %s)"
            )
            params.append(code)
        if municipality is not None:
            table, own, other = self.served
            columns.append(
                f"EXISTS (SELECT 1 FROM {table} m JOIN {self.page} sp "  # noqa: S608
                f"ON sp.{c['id']} = m.{own} "
                f"WHERE m.{other} = %s AND sp.{c['translation_key']} = p.{c['translation_key']})"
            )
            params.append(municipality.pk)
        return (
            f"SELECT {', '.join(columns)} FROM {self.ohjaamo} op "  # noqa: S608
            f"JOIN {self.page} p ON p.{c['id']} = op.{self.ptr} WHERE p.{c['locale']} = %s",
            params,
        )

    def read(self, locale, services, municipality):
        """({page id: serves the municipality} of the shown pages, [ids of the others])."""
        # Only quoted table and column names go into the text; every value is a parameter.
        restricted = tuple(self.restricted_paths())
        sql, params = self.sql(services, municipality)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, locale.pk])
            rows = cursor.fetchall()
        wanted = len(services)
        shown, hidden = {}, []
        for pk, live, path, *flags in rows:
            if live and not path.startswith(restricted) and all(flags[:wanted]):
                shown[pk] = bool(flags[wanted]) if municipality is not None else False
            else:
                hidden.append(pk)
        return shown, hidden


_PAGE_FIELDS = ("id", "live", "path", "translation_key", "locale")


def _page_flags(locale, services, municipality):
    """({page id: serves the municipality} of the shown Ohjaamo pages of the locale, [ids of
    the locale's pages not shown]) in two queries: shown means live, public (not in a
    view-restricted section) and offering every service code in `services`."""
    return _PageFlags().read(locale, list(services or ()), municipality)


def nearest(origin, *, limit=10, locale=None, services=None, today=None):
    """The service points for `origin`: first those whose page serves the origin's municipality
    (nearest first), then the nearest others, `limit` in all, each with its distance in km."""
    limit = max(1, int(limit))
    lat0, lon0 = origin.latitude, origin.longitude
    locale = _locale(locale)

    # 1. Every Ohjaamo page of the locale: is it shown (live, public, offering the services),
    #    and does it serve the origin's municipality? A translation serves what its source
    #    serves: the served pages are found by translation key.
    serves, hidden = _page_flags(locale, services, origin.municipality)
    if not serves:
        return []
    served_ids = [pk for pk, flag in serves.items() if flag]

    scan = _PointScan(locale, _today(today), hidden)

    # 2. How many points lie in each of the growing boxes, all counted in one scan, and the
    #    smallest box holding enough of them.
    boxes = [bounding_box(lat0, lon0, r) for r in SEARCH_RADII_KM]
    index = scan.first_box_with(boxes, limit)
    box = None if index is None else boxes[index]

    # 3. Candidates: every point within the circle through that box's corners (so every point
    #    nearer than the farthest of those in the box), and every point of a serving page.
    reach = None
    if box is not None:
        reach = bounding_box(lat0, lon0, _farthest_corner_km(lat0, lon0, box))
    found = [
        (haversine_km(lat0, lon0, lat, lon), serves[page_id], pk)
        for pk, lat, lon, page_id in scan.rows(reach, served_ids)
        if page_id in serves  # a point whose page is of another locale
    ]

    # 4. Served first, each group by distance (the id breaks ties, for a stable order).
    found.sort(key=lambda r: (not r[1], r[0], r[2]))
    chosen = found[:limit]
    if not chosen:
        return []

    # 5. The chosen points with what the finder shows: page, municipality, hours, exceptions.
    #    (A static build renders a page per municipality: neighbours often share their nearest
    #    points, read once per build: kohtaamo.build_memo.)
    pks = tuple(sorted(r[2] for r in chosen))
    by_pk = build_memo.remember(("nearest-points", pks), lambda: _details_by_pk(pks))
    return [
        NearestResult(point=by_pk[pk], page=by_pk[pk].page, distance_km=distance, serves=flag)
        for distance, flag, pk in chosen
        if pk in by_pk
    ]
