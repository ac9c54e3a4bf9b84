"""Public, read-only API of the Ohjaamo service points (django-ninja router, see kohtaamo/api.py).

- `GET /api/locations/` — every live point as a GeoJSON FeatureCollection.
- `GET /api/locations/nearest/` — the points for a position, a postal code or a place name: first
  those of the Ohjaamo(s) serving the place's municipality, then the nearest others.
- `GET /api/locations/open-data/points.geojson` and `…/points.csv` — the open data files of every
  point in all three languages (locations/opendata.py), CC BY 4.0, with ETag and Last-Modified.

Both answer in one language (`lang`: fi, sv or en) and return only points of live, public
OhjaamoPages in that language. The parameters are read as text and checked here, so that every bad
value answers 400 with a JSON message naming the parameter (an unknown place answers 404 with
suggestions). A position sent as `lat`/`lon` is used for that one answer only: it is never stored
or logged, and the answer is marked not to be cached.
"""

import math
from datetime import datetime
from typing import Literal

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.models import Locale

from kohtaamo import page_cache
from locations import geo, opendata
from locations.models import Service

router = Router(tags=["locations"])

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
# The nearest search's parameters a cached answer may depend on (never lat/lon: a position).
NEAREST_QUERY_PARAMETERS = ("postcode", "q", "limit", "lang", "service")


# --- Schemas -------------------------------------------------------------------------------------


class Error(Schema):
    detail: str = Field(description="What was wrong, in the requested language")


class PlaceNotFoundError(Error):
    suggestions: list[str] = Field(
        description="Postal codes or place names to try instead (each one resolves)"
    )


class Term(Schema):
    code: str = Field(description="Stable identifier, the same in every language")
    name: str = Field(description="Name in the requested language")


class Address(Schema):
    street_address: str
    postal_code: str
    post_office: str


class OhjaamoRef(Schema):
    id: int
    title: str
    url: str = Field(description="Absolute URL of the Ohjaamo's page in the requested language")


class OpenStatus(Schema):
    open_now: bool | None = Field(
        description="Open at the time of the answer (Europe/Helsinki); null if unknown"
    )
    closes_at: datetime | None = Field(None, description="When it closes, if open now")
    next_opening: datetime | None = Field(None, description="When it next opens, if closed now")


class PointProperties(OpenStatus):
    id: int
    name: str
    kind: Literal["main", "branch", "popup"]
    valid_from: str | None = Field(None, description="Pop-up points: first day (ISO date)")
    valid_to: str | None = Field(None, description="Pop-up points: last day (ISO date)")
    location_approximate: bool = Field(
        description="Only the municipality is known: the coordinates are its centre"
    )
    ohjaamo: OhjaamoRef
    address: Address
    municipality: Term
    region: Term | None
    services: list[Term] = Field(description="Services offered by the point's Ohjaamo")


class PointGeometry(Schema):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude], WGS84")


class Feature(Schema):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: PointGeometry
    properties: PointProperties


class FeatureCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]


class OriginOut(Schema):
    kind: Literal["position", "postcode", "municipality"]
    label: str = Field(description="The place in the requested language, e.g. “00100 Helsinki”")
    latitude: float
    longitude: float
    municipality: Term | None = Field(
        None, description="The municipality of a postal code or place name; null for a position"
    )


class NearestPoint(PointProperties):
    latitude: float
    longitude: float
    distance_km: float = Field(description="Great-circle distance from the origin")
    serves: bool = Field(
        description="The point's Ohjaamo serves the origin's municipality (these come first)"
    )


class NearestResponse(Schema):
    origin: OriginOut
    results: list[NearestPoint]


# --- Input ---------------------------------------------------------------------------------------


def _language(lang):
    lang = (lang or "fi").strip().lower()
    if lang not in LANGUAGES:
        raise HttpError(400, _("lang must be one of fi, sv, en."))
    return lang


def _number(name, raw, low, high):
    try:
        value = float(raw.strip().replace(",", "."))
    except (AttributeError, ValueError):
        raise HttpError(
            400, _("%(name)s must be a number in decimal degrees.") % {"name": name}
        ) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise HttpError(
            400,
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _limit(raw):
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not 1 <= value <= MAX_LIMIT:
        raise HttpError(
            400, _("limit must be a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}
        )
    return value


def _services(raw):
    codes = []
    for value in raw or []:
        codes += [code.strip() for code in value.split(",") if code.strip()]
    return codes


def _check_services(codes, locale):
    known = set(Service.objects.filter(locale=locale).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise HttpError(
            400, _("Unknown service: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )


LANG_PARAM = Query(None, description="Language of the answer: fi (default), sv or en")
SERVICE_PARAM = Query(
    None,
    description="Only Ohjaamos offering this service (code; repeat or comma-separate for all of "
    "several)",
)


# --- Output --------------------------------------------------------------------------------------


def _open_status(point, now):
    """Open-now state from locations.hours (Europe/Helsinki)."""
    try:
        from locations.hours import status
    except ModuleNotFoundError as error:  # until the opening hours module is there
        if error.name != "locations.hours":
            raise
        return {"open_now": None, "closes_at": None, "next_opening": None}
    state = status(point, now=now)
    return {
        "open_now": state.is_open,
        "closes_at": state.closes_at,
        "next_opening": state.opens_next_at,
    }


class Context:
    """What every point's output needs once per request: the service names of the language, the
    page URLs (Wagtail caches the site's root paths on the request), the time."""

    def __init__(self, request, locale, lang):
        self.request = request
        self.lang = lang
        self.now = timezone.now()
        self.service_names = dict(Service.objects.filter(locale=locale).values_list("code", "name"))
        self.urls = {}

    def url(self, page):
        if page.pk not in self.urls:
            self.urls[page.pk] = page.get_full_url(self.request) or ""
        return self.urls[page.pk]

    def properties(self, point):
        page = point.page
        municipality = point.municipality
        region = municipality.region
        services = sorted({s.code: s for s in page.services.all()}.values(), key=_service_order)
        return {
            "id": point.pk,
            "name": point.name,
            "kind": point.kind,
            "valid_from": point.valid_from.isoformat() if point.valid_from else None,
            "valid_to": point.valid_to.isoformat() if point.valid_to else None,
            "location_approximate": point.location_approximate,
            "ohjaamo": {"id": page.pk, "title": page.title, "url": self.url(page)},
            "address": {
                "street_address": point.street_address,
                "postal_code": point.postal_code,
                "post_office": point.post_office,
            },
            "municipality": {
                "code": municipality.code,
                "name": municipality.name_for(self.lang),
            },
            "region": {"code": region.code, "name": region.name_for(self.lang)} if region else None,
            "services": [
                {"code": s.code, "name": self.service_names.get(s.code, s.name)} for s in services
            ],
            **_open_status(point, self.now),
        }


def _service_order(service):
    return (service.sort_order, service.code)


def _term(municipality, lang):
    if municipality is None:
        return None
    return {"code": municipality.code, "name": municipality.name_for(lang)}


# --- Endpoints -----------------------------------------------------------------------------------


@router.get(
    "/",
    response={200: FeatureCollection, 400: Error},
    summary="Every Ohjaamo service point (GeoJSON)",
    url_name="locations",
)
def locations(
    request: HttpRequest,
    response: HttpResponse,
    lang: str = LANG_PARAM,
    service: list[str] = SERVICE_PARAM,
):
    """Every live service point of every Ohjaamo in the requested language, grouped on the map by
    the client: name, address, municipality and region, the Ohjaamo's page, its services and
    whether it is open now. Pop-up points appear only on their dates."""
    response["Cache-Control"] = "public, max-age=60"  # open-now changes by the minute
    lang = _language(lang)
    locale = Locale.objects.get(language_code=lang)
    codes = _services(service)
    with translation.override(lang):
        if codes:
            _check_services(codes, locale)
        context = Context(request, locale, lang)
        features = [
            {
                "type": "Feature",
                "id": point.pk,
                "geometry": {"type": "Point", "coordinates": [point.longitude, point.latitude]},
                "properties": context.properties(point),
            }
            for point in geo.live_points(locale, services=codes)
        ]
    return {"type": "FeatureCollection", "features": features}


@router.get(
    "/nearest/",
    response={200: NearestResponse, 400: Error, 404: PlaceNotFoundError},
    summary="The service points nearest to a position, postal code or place",
    url_name="locations_nearest",
)
def nearest(
    request: HttpRequest,
    response: HttpResponse,
    lat: str = Query(None, description="Latitude of a position, WGS84 decimal degrees"),
    lon: str = Query(None, description="Longitude of a position, WGS84 decimal degrees"),
    postcode: str = Query(None, description="A Finnish postal code, e.g. 00100"),
    q: str = Query(
        None,
        description="A postal code or a municipality, town or post office name in Finnish or "
        "Swedish (case and accents do not matter), e.g. Helsingfors",
    ),
    limit: str = Query(None, description=f"How many points (1–{MAX_LIMIT}, default 10)"),
    lang: str = LANG_PARAM,
    service: list[str] = SERVICE_PARAM,
):
    """Give exactly one origin: `lat` and `lon`, or `postcode`, or `q`. The answer lists first
    the points of the Ohjaamo(s) serving the origin's municipality, nearest first, then the
    nearest other points, each with its distance in km. A position is used for this answer only
    and never stored or logged."""
    if lat or lon:
        # The URL holds a position: no shared cache, no browser history of answers.
        response["Cache-Control"] = "no-store"
        page_cache.never(request)
    else:
        # A postal code or place name: the same answer for everyone until a point opens or closes
        # (see _nearest) or the content changes.
        page_cache.cacheable(request, query=NEAREST_QUERY_PARAMETERS)
    try:
        lang = _language(lang)
        with translation.override(lang):
            return _nearest(request, lat, lon, postcode, q, limit, lang, service)
    except HttpError as error:
        return _unlogged_error(error.status_code, {"detail": str(error)})
    except PlaceNotFoundAnswer as answer:
        return _unlogged_error(404, answer.body)


class PlaceNotFoundAnswer(Exception):
    def __init__(self, body):
        self.body = body


def _unlogged_error(status, body):
    """A 4xx answer Django will not log: its request log line carries the URL, and the URL of
    this endpoint may carry a position."""
    answer = JsonResponse(body, status=status)
    answer["Cache-Control"] = "no-store"
    answer._has_been_logged = True  # Django's own flag: skip django.request's 4xx warning
    return answer


def _nearest(request, lat, lon, postcode, q, limit, lang, service):
    given = [
        name
        for name, value in (("position", lat or lon), ("postcode", postcode), ("q", q))
        if value not in (None, "")
    ]
    if not given:
        raise HttpError(400, _("Give a position (lat and lon), a postcode or q."))
    if len(given) > 1:
        raise HttpError(400, _("Give only one of: a position (lat and lon), postcode, q."))
    size = _limit(limit)
    locale = Locale.objects.get(language_code=lang)
    codes = _services(service)
    if codes:
        _check_services(codes, locale)

    if given == ["position"]:
        if lat in (None, "") or lon in (None, ""):
            raise HttpError(400, _("Give both lat and lon."))
        origin = geo.origin_from_position(
            _number("lat", lat, -90, 90), _number("lon", lon, -180, 180)
        )
    else:
        text = (postcode if given == ["postcode"] else q).strip()
        if given == ["postcode"] and not (len(text) == 5 and text.isdigit()):
            raise HttpError(400, _("postcode must be five digits, e.g. 00100."))
        try:
            origin = geo.resolve_place(text)
        except geo.PlaceNotFound as error:
            if given == ["postcode"]:
                message = _("Unknown postal code %(code)s.") % {"code": text}
            else:
                message = _("No place called “%(query)s” was found.") % {"query": text}
            raise PlaceNotFoundAnswer(
                {"detail": message, "suggestions": error.suggestions}
            ) from None

    results = geo.nearest(origin, limit=size, locale=locale, services=codes)
    prefetch_related_objects([r.page for r in results], "services")
    context = Context(request, locale, lang)
    points = [context.properties(result.point) for result in results]
    changes = [p["closes_at"] if p["open_now"] else p["next_opening"] for p in points]
    page_cache.valid_until(request, min((c for c in changes if c is not None), default=None))
    return {
        "origin": {
            "kind": origin.kind,
            "label": origin.label,
            "latitude": origin.latitude,
            "longitude": origin.longitude,
            "municipality": _term(origin.municipality, lang),
        },
        "results": [
            {
                **properties,
                "latitude": result.point.latitude,
                "longitude": result.point.longitude,
                "distance_km": round(result.distance_km, 2),
                "serves": result.serves,
            }
            for result, properties in zip(results, points, strict=True)
        ],
    }


# --- Open data -----------------------------------------------------------------------------------


class Texts(Schema):
    fi: str | None
    sv: str | None
    en: str | None


class OpenDataMunicipality(Schema):
    code: str = Field(description="Statistics Finland's municipality code, e.g. 091")
    name_fi: str
    name_sv: str


class OpenDataRegion(Schema):
    code: str = Field(description="Statistics Finland's region code, e.g. 01")
    name_fi: str
    name_sv: str


class OpenDataService(Schema):
    code: str
    name: dict[str, str] = Field(description="Name by language (fi, sv, en)")


class OpeningHoursSpecification(Schema):
    type: str = Field("OpeningHoursSpecification", alias="@type")
    dayOfWeek: str | None = None  # noqa: N815 - schema.org's name
    opens: str
    closes: str
    validFrom: str | None = None  # noqa: N815
    validThrough: str | None = None  # noqa: N815
    description: str | None = None


class OpenDataProperties(Schema):
    id: str = Field(description="Stable id of the point (a UUID shared by its translations)")
    ptv_id: str | None = Field(description="Suomi.fi PTV service channel id, when imported")
    kind: Literal["main", "branch", "popup"]
    name: Texts = Field(description="Name of the point in each published language")
    ohjaamo: Texts = Field(description="Name of its Ohjaamo in each published language")
    url: Texts = Field(description="Address of its Ohjaamo's page in each published language")
    street_address: str = Field(description="Empty when only the municipality is known")
    postal_code: str
    post_office: str
    municipality: OpenDataMunicipality
    region: OpenDataRegion | None
    location_approximate: bool = Field(
        description="Only the municipality is known: the coordinates are its centre"
    )
    valid_from: str | None = Field(description="Pop-up points: first day (ISO date)")
    valid_to: str | None = Field(description="Pop-up points: last day (ISO date)")
    phone: str
    email: str
    services: list[OpenDataService]
    languages: list[str] = Field(description="ISO 639-1 codes of the languages served")
    opening_hours: str = Field(
        description="OpenStreetMap opening_hours syntax, with public holidays (PH) and the "
        "exceptions not yet over; empty when not known"
    )
    openingHoursSpecification: list[OpeningHoursSpecification] = Field(  # noqa: N815
        description="schema.org: the weekly hours, then the exceptions and holiday closures of "
        "the coming 60 days (closed: opens and closes 00:00)"
    )


class OpenDataFeature(Schema):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: PointGeometry
    properties: OpenDataProperties


class Licence(Schema):
    name: str
    title: str
    url: str


class OpenDataCollection(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    name: str
    license: Licence
    attribution: str
    modified: datetime
    features: list[OpenDataFeature]


LICENCE_LINK = f'<{opendata.LICENCE["url"]}>; rel="license"'


def _open_data_file(request, render, content_type, filename):
    """The file with its validators; 304 when the client's copy is current."""
    dataset = opendata.collect(request)
    body = render(dataset)
    tag = opendata.etag(body)
    modified = int(dataset.last_modified.timestamp())
    response = get_conditional_response(request, etag=tag, last_modified=modified)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = tag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=300"
    response["Link"] = LICENCE_LINK
    return response


OPEN_DATA_DOC = (
    " Every point once, with its names in Finnish, Swedish and English. Licence: CC BY 4.0 "
    f"({opendata.LICENCE['url']}), attribution “{opendata.ATTRIBUTION}”. Sends `ETag` and "
    "`Last-Modified` and answers 304 to `If-None-Match` / `If-Modified-Since` when nothing "
    "has changed."
)


@router.api_operation(
    ["GET", "HEAD"],
    "/open-data/points.geojson",
    response={200: OpenDataCollection, 304: None},
    summary="Open data: every service point (GeoJSON, CC BY 4.0)",
    description="A GeoJSON FeatureCollection (RFC 7946, `application/geo+json`)." + OPEN_DATA_DOC,
    url_name="open_data_geojson",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file",
                "content": {
                    "application/geo+json": {
                        "schema": {"$ref": "#/components/schemas/OpenDataCollection"}
                    }
                },
            },
            "304": {"description": "Not modified since the copy the client has"},
        }
    },
)
def open_data_geojson(request: HttpRequest):
    return _open_data_file(
        request, opendata.geojson, "application/geo+json", "ohjaamo-points.geojson"
    )


@router.api_operation(
    ["GET", "HEAD"],
    "/open-data/points.csv",
    response={200: str, 304: None},
    summary="Open data: every service point (CSV, CC BY 4.0)",
    description=(
        "UTF-8 CSV (RFC 4180) with a header row, one point per row: "
        + ", ".join(f"`{c}`" for c in opendata.CSV_COLUMNS)
        + ". `services` and `languages` are semicolon-separated codes; `opening_hours` is in "
        "OpenStreetMap's opening_hours syntax; the licence is also given in the `Link` header."
        + OPEN_DATA_DOC
    ),
    url_name="open_data_csv",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            },
            "304": {"description": "Not modified since the copy the client has"},
        }
    },
)
def open_data_csv(request: HttpRequest):
    return _open_data_file(
        request, opendata.csv_bytes, "text/csv; charset=utf-8; header=present", "ohjaamo-points.csv"
    )
