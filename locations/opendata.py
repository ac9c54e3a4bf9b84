"""Open data: every Ohjaamo service point as one GeoJSON file and one CSV file, for anyone to reuse
under CC BY 4.0 (see the README for why that licence).

A point is one record whatever the number of its translations: its stable id is the point's
translation key (a UUID shared by its fi, sv and en rows, unchanged by edits and PTV imports), and
the texts that are translated (names, the Ohjaamo's name, the page address) come in each language
that is published. Everything that does not depend on the language (address, coordinates, hours,
services, languages served, contact data) is read from the source row: Finnish when the point is
published in Finnish, else Swedish, else English.

Only points of live, public Ohjaamo pages are published, a pop-up until its last day (one to come
is listed with its dates). `collect()` runs a fixed number of queries whatever the number of
points (22; asserted in tests/test_open_data.py).

Opening hours are given twice: as schema.org OpeningHoursSpecification items (the weekly hours,
and the exceptions and holiday closures of the coming 60 days) in the GeoJSON, and in
OpenStreetMap's `opening_hours` syntax (weekly hours, "PH off" for Finnish public holidays, every
exception not yet over) in both files.
"""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from wagtail.models import Locale, ModelLogEntry, PageLogEntry

from locations import geo
from locations.hours import HELSINKI, opening_hours_specification, osm_opening_hours
from locations.models import OhjaamoPage, OpeningException, OpeningHours, Service, ServicePoint

LANGUAGES = ("fi", "sv", "en")
LICENCE = {
    "name": "CC BY 4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = "Ohjaamo network, KEHA-keskus"
DATASET_NAME = "ohjaamo-points"

CSV_COLUMNS = (
    "id",
    "ptv_id",
    "kind",
    "name_fi",
    "name_sv",
    "name_en",
    "ohjaamo_fi",
    "ohjaamo_sv",
    "ohjaamo_en",
    "street_address",
    "postal_code",
    "post_office",
    "municipality_code",
    "municipality_fi",
    "municipality_sv",
    "region_code",
    "latitude",
    "longitude",
    "location_approximate",
    "valid_from",
    "valid_to",
    "phone",
    "email",
    "services",
    "languages",
    "opening_hours",
    "url_fi",
    "url_sv",
    "url_en",
)


@dataclass
class Dataset:
    records: list
    last_modified: datetime.datetime


def _points(locale, today):
    """The locale's points of live, public Ohjaamo pages that have not ended, with what a
    record needs (five queries)."""
    return (
        ServicePoint.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            page__in=geo.live_pages(locale).values("pk"),
        )
        .select_related("page", "municipality", "municipality__region")
        .prefetch_related(
            Prefetch("weekly_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch("exceptions", queryset=OpeningException.objects.order_by("start_date")),
            "page__services",
            "page__languages",
        )
    )


def _last_modified(points, now):
    """When the data last changed: the latest publication of a page in it, the latest logged
    change of any Ohjaamo page (an unpublished or deleted one leaves the data) or service, and
    the start of today (the hours of the coming weeks move with the date)."""
    pages = {point.page for point in points}
    candidates = [
        timezone.localtime(now, HELSINKI).replace(hour=0, minute=0, second=0, microsecond=0),
        *(page.last_published_at for page in pages if page.last_published_at),
    ]
    page_type = ContentType.objects.get_for_model(OhjaamoPage)
    service_type = ContentType.objects.get_for_model(Service)
    for logged in (
        PageLogEntry.objects.filter(content_type=page_type).aggregate(at=Max("timestamp"))["at"],
        ModelLogEntry.objects.filter(content_type=service_type).aggregate(at=Max("timestamp"))[
            "at"
        ],
    ):
        if logged:
            candidates.append(logged)
    return max(candidates).replace(microsecond=0)


def collect(request, now=None):
    """Every published point as a record (a dict of plain values), ordered by municipality and
    name, with the time the data last changed."""
    now = now or timezone.now()
    today = timezone.localtime(now, HELSINKI).date()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    rows = {}  # translation key → {language: point}
    every_point = []
    for language in LANGUAGES:
        if language not in locales:
            continue
        for point in _points(locales[language], today):
            rows.setdefault(point.translation_key, {})[language] = point
            every_point.append(point)
    service_names = {}
    for code, language, name in Service.objects.filter(
        locale__language_code__in=LANGUAGES
    ).values_list("code", "locale__language_code", "name"):
        service_names.setdefault(code, {})[language] = name

    urls = {}

    def url(page):
        if page.pk not in urls:
            urls[page.pk] = page.get_full_url(request) or ""
        return urls[page.pk]

    records = []
    for key, by_language in rows.items():
        source = next(by_language[lang] for lang in LANGUAGES if lang in by_language)
        page = source.page
        municipality = source.municipality
        region = municipality.region
        services = sorted(page.services.all(), key=lambda s: (s.sort_order, s.code))
        languages = sorted(page.languages.all(), key=lambda lang: (lang.sort_order, lang.code))
        records.append(
            {
                "id": str(key),
                "ptv_id": str(source.ptv_id) if source.ptv_id else None,
                "kind": source.kind,
                "name": {lang: _text(by_language, lang, lambda p: p.name) for lang in LANGUAGES},
                "ohjaamo": {
                    lang: _text(by_language, lang, lambda p: p.page.title) for lang in LANGUAGES
                },
                "url": {
                    lang: _text(by_language, lang, lambda p: url(p.page)) for lang in LANGUAGES
                },
                "street_address": "" if source.location_approximate else source.street_address,
                "postal_code": source.postal_code,
                "post_office": source.post_office,
                "municipality": {
                    "code": municipality.code,
                    "name_fi": municipality.name_fi,
                    "name_sv": municipality.name_sv or municipality.name_fi,
                },
                "region": (
                    {"code": region.code, "name_fi": region.name_fi, "name_sv": region.name_sv}
                    if region
                    else None
                ),
                "latitude": source.latitude,
                "longitude": source.longitude,
                "location_approximate": source.location_approximate,
                "valid_from": source.valid_from.isoformat() if source.valid_from else None,
                "valid_to": source.valid_to.isoformat() if source.valid_to else None,
                "phone": source.phone or page.phone,
                "email": source.email or page.email,
                "services": [
                    {"code": s.code, "name": service_names.get(s.code, {})} for s in services
                ],
                "languages": [lang.code for lang in languages],
                "opening_hours": osm_opening_hours(source, today),
                "opening_hours_specification": opening_hours_specification(source, today),
            }
        )
    records.sort(key=lambda r: (r["municipality"]["name_fi"], r["name"]["fi"] or "", r["id"]))
    return Dataset(records=records, last_modified=_last_modified(every_point, now))


def _text(by_language, language, read):
    point = by_language.get(language)
    return read(point) if point is not None else None


# --- Files ---------------------------------------------------------------------------------------


def geojson(dataset):
    """The GeoJSON FeatureCollection (RFC 7946) as UTF-8 bytes."""
    features = []
    for record in dataset.records:
        properties = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
        properties["openingHoursSpecification"] = properties.pop("opening_hours_specification")
        features.append(
            {
                "type": "Feature",
                "id": record["id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [record["longitude"], record["latitude"]],
                },
                "properties": properties,
            }
        )
    data = {
        "type": "FeatureCollection",
        "name": DATASET_NAME,
        "license": LICENCE,
        "attribution": ATTRIBUTION,
        "modified": dataset.last_modified.isoformat(),
        "features": features,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _csv_row(record):
    return {
        "id": record["id"],
        "ptv_id": record["ptv_id"] or "",
        "kind": record["kind"],
        **{f"name_{lang}": record["name"][lang] or "" for lang in LANGUAGES},
        **{f"ohjaamo_{lang}": record["ohjaamo"][lang] or "" for lang in LANGUAGES},
        "street_address": record["street_address"],
        "postal_code": record["postal_code"],
        "post_office": record["post_office"],
        "municipality_code": record["municipality"]["code"],
        "municipality_fi": record["municipality"]["name_fi"],
        "municipality_sv": record["municipality"]["name_sv"],
        "region_code": record["region"]["code"] if record["region"] else "",
        "latitude": f"{record['latitude']:.6f}",
        "longitude": f"{record['longitude']:.6f}",
        "location_approximate": "true" if record["location_approximate"] else "false",
        "valid_from": record["valid_from"] or "",
        "valid_to": record["valid_to"] or "",
        "phone": record["phone"],
        "email": record["email"],
        "services": ";".join(s["code"] for s in record["services"]),
        "languages": ";".join(record["languages"]),
        "opening_hours": record["opening_hours"],
        **{f"url_{lang}": record["url"][lang] or "" for lang in LANGUAGES},
    }


def csv_bytes(dataset):
    """The CSV (RFC 4180: comma-separated, CRLF line ends, a header row) as UTF-8 bytes. Lists
    (services, languages) are semicolon-separated codes."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in dataset.records:
        writer.writerow(_csv_row(record))
    return out.getvalue().encode()


def etag(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
