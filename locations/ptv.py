"""Import of service locations from the Finnish Service Catalogue (Suomi.fi Palvelutietovaranto,
PTV, open API v11) onto the service points of Ohjaamo pages.

    python manage.py import_ptv SOURCE [--ohjaamo SLUG] [--link POINT_ID=CHANNEL_ID] [--dry-run]

SOURCE is a file or an http(s) URL holding one service channel, a list of them, or a paged
response with `itemList` (a URL's further pages are fetched too). The import runs in three steps:

1. **Read and check** every channel (nothing is written yet). Malformed JSON, a missing required
   field or impossible coordinates stop the import with a message naming the channel and field.
   Channels that are not service locations, or whose organisation has no Ohjaamo page, are
   skipped with the reason.
2. **Plan**: each channel is matched to its point by PTV channel id (a re-import updates the same
   point, never a second one); a new channel becomes a point of the Ohjaamo page given with
   `--ohjaamo`, else of the page whose PTV organisation ids include the channel's organisation.
   A field the local team has changed since the last import (its value differs from the snapshot
   taken then) is kept and listed in `overridden_fields`; opening hours and exceptions likewise.
3. **Write** (not with --dry-run), in one transaction: each changed page gets a new revision that
   is published. A page with an unpublished draft keeps it: the draft gets the same changes.

The import changes the pages in the default language (Finnish). Publishing one carries its
language-independent data (points, hours, coordinates…) to its Swedish and English pages in the
same transaction (locations/one_truth.py), and each translated point takes PTV's name, street
address, post office and exception reasons in its language where PTV has them (`_Translator`),
keeping the Finnish as the visible fallback where it has none. A translator's own edit is kept.
The same texts are recorded as wagtail-localize translations of the Finnish page's segments
(`_record_strings`), so a wagtail-localize sync or publish of a translation keeps them.

PTV coordinates are ETRS-TM35FIN (EPSG:3067): `latitude` holds the northing and `longitude` the
easting. They are converted to WGS84 with pyproj. A channel without coordinates is placed at its
municipality's centre and marked "location approximate".
"""

import datetime
import json
import math
import re
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from pyproj import Transformer
from wagtail.models import Locale

from locations import one_truth
from locations.models import (
    Municipality,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    ServicePoint,
)
from locations.models.gazetteer import display_place_name
from locations.models.pages import FINLAND_BBOX

FETCH_TIMEOUT = 30  # seconds, per request
MAX_PAGES = 200  # a paged URL is followed at most this far
LANGUAGE_FALLBACK = ("fi", "sv", "en")
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
# ETRS-TM35FIN covers Finland within roughly these bounds (metres).
EASTING_RANGE = (40_000, 800_000)
NORTHING_RANGE = (6_550_000, 7_800_000)
COORDINATE_DECIMALS = 6
# A channel with no point of its own is linked to an existing point (without a PTV id) of its
# page at the same street address and postal code, or within this distance.
LINK_DISTANCE_M = 50

HELSINKI = ZoneInfo("Europe/Helsinki")
# A PTV channel nests about eight levels deep; a source nested deeper than this is not PTV data
# (and could exhaust the parser's stack).
MAX_DEPTH = 64
# Values quoted in messages are cut to this many characters (a 50 MB name is not echoed whole).
SHOWN_LENGTH = 80
MAX_MESSAGE_LENGTH = 2000

_transformer = None


def to_wgs84(northing, easting):
    """(latitude, longitude) in WGS84 of an ETRS-TM35FIN (EPSG:3067) position."""
    global _transformer
    if _transformer is None:
        _transformer = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)
    longitude, latitude = _transformer.transform(easting, northing)
    return round(latitude, COORDINATE_DECIMALS), round(longitude, COORDINATE_DECIMALS)


def local_today(now):
    """Today in Finland (exceptions that have ended before it are not imported)."""
    return timezone.localdate(now, timezone=HELSINKI)


class PTVError(Exception):
    """The source cannot be imported; the message names the channel and the field. Values in it
    are cut (`shown`), and the whole message never exceeds MAX_MESSAGE_LENGTH characters."""

    def __init__(self, message):
        super().__init__(shown(message, MAX_MESSAGE_LENGTH))


def shown(value, limit=SHOWN_LENGTH):
    """`value` as quoted in a message: at most `limit` characters, saying how long it was."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def _check_depth(data, name, start=1):
    """Refuses a structure nested deeper than MAX_DEPTH (walked without recursion); `start` is
    the depth of `data` itself in the source (an item of a list is at depth 2)."""
    stack = [(data, start)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PTVError(
                f"{name}: nested more than {MAX_DEPTH} levels deep; this is not PTV data"
            )
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)


# --- reading ----------------------------------------------------------------------------------


def _fetch_json(url, timeout):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read()
    except OSError as error:
        raise PTVError(f"{url}: could not be fetched ({error})") from None
    return _parse_json(raw, url)


def _parse_json(raw, name):
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise PTVError(f"{name}: not UTF-8 text") from None
    except RecursionError:
        raise PTVError(
            f"{name}: nested too deeply to read (more than {MAX_DEPTH} levels); this is not "
            "PTV data"
        ) from None
    except json.JSONDecodeError as error:
        raise PTVError(
            f"{name}: malformed JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    _check_depth(data, name)
    return data


def _page_url(url, number):
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "page"]
    query.append(("page", str(number)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _items(data, name):
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "itemList" in data:
        if not isinstance(data["itemList"], list):
            raise PTVError(f"{name}: itemList is not a list")
        return data["itemList"]
    if isinstance(data, dict):
        return [data]
    raise PTVError(f"{name}: expected a service channel, a list of them or a page with itemList")


# --- reading a file as a stream -----------------------------------------------------------------
# A registry file is read one channel at a time: each is checked and dropped before the next is
# read, so memory holds one channel and the checked results, not the whole file parsed (a 50 MB
# file parsed at once took about 800 MB). `benchmarks/ptv_import.py` measures it.

CHUNK_SIZE = 1 << 20  # characters read at a time
_SPACE = re.compile(r"[ \t\n\r]*")


class _Stream:
    """Values of a JSON text read incrementally from a text file: `json`'s own decoder parses each
    value from a buffer that is refilled as needed and trimmed of what has been read. Line and
    column numbers in messages count from the start of the file."""

    def __init__(self, handle, name):
        self.handle = handle
        self.name = name
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.line, self.column = 1, 0  # where buffer[0] is in the file
        self.decoder = json.JSONDecoder()

    def _trim(self):
        read = self.buffer[: self.pos]
        lines = read.count("\n")
        if lines:
            self.line += lines
            self.column = len(read) - read.rfind("\n") - 1
        else:
            self.column += len(read)
        self.buffer = self.buffer[self.pos :]
        self.pos = 0

    def _more(self, at_least=0):
        """Read more of the file (at least `at_least` characters if there are); False at EOF."""
        if self.eof:
            return False
        self._trim()
        try:
            data = self.handle.read(max(CHUNK_SIZE, at_least))
        except UnicodeDecodeError:
            raise PTVError(f"{self.name}: not UTF-8 text") from None
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True

    def fail(self, message, pos=None):
        pos = self.pos if pos is None else pos
        before = self.buffer[:pos]
        lines = before.count("\n")
        line = self.line + lines
        column = self.column + len(before) if not lines else len(before) - before.rfind("\n") - 1
        raise PTVError(f"{self.name}: malformed JSON (line {line}, column {column + 1}: {message})")

    def peek(self):
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def expect(self, char, message):
        if self.peek() != char:
            self.fail(message)
        self.pos += 1

    def value(self):
        """The next JSON value (a whole channel, a name, a number…)."""
        if self.peek() == "":
            self.fail("Expecting value")
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except RecursionError:
                raise PTVError(
                    f"{self.name}: nested too deeply to read (more than {MAX_DEPTH} levels); "
                    "this is not PTV data"
                ) from None
            except json.JSONDecodeError as error:
                # Perhaps only cut by the end of the buffer: read more (at least as much again,
                # so a long value is parsed a bounded number of times) and try again; at the end
                # of the file once more, for the error's position in the buffer as it is then.
                if not self.eof:
                    self._more(len(self.buffer))
                    continue
                self.fail(error.msg, error.pos)
            if end == len(self.buffer) and self._more():
                continue  # a number may go on in the next chunk
            self.pos = end
            return value

    def array(self, depth):
        """The items of the array that comes next, one at a time, each checked for depth."""
        self.expect("[", "Expecting '['")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            item = self.value()
            _check_depth(item, self.name, start=depth)
            yield item
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                self.pos -= 1
                self.fail("Expecting ',' delimiter")

    def items(self):
        """Channels of the file: a list of them, a page with `itemList`, or one channel."""
        first = self.peek()
        if first == "[":
            yield from self.array(2)
        elif first == "{":
            yield from self._object()
        else:
            value = self.value()  # raises on malformed text
            _check_depth(value, self.name)
            raise PTVError(
                f"{self.name}: expected a service channel, a list of them or a page with itemList"
            )
        if self.peek() != "":
            self.fail("Extra data")

    def _object(self):
        self.pos += 1  # "{"
        rest, paged = {}, False
        if self.peek() == "}":
            self.pos += 1
        else:
            while True:
                if self.peek() != '"':
                    self.fail("Expecting property name enclosed in double quotes")
                key = self.value()
                self.expect(":", "Expecting ':' delimiter")
                if key == "itemList":
                    if self.peek() != "[":
                        raise PTVError(f"{self.name}: itemList is not a list")
                    paged = True
                    yield from self.array(3)
                else:
                    rest[key] = self.value()
                char = self.peek()
                self.pos += 1
                if char == "}":
                    break
                if char != ",":
                    self.pos -= 1
                    self.fail("Expecting ',' or '}' delimiter")
        if not paged:
            _check_depth(rest, self.name)
            yield rest


def iter_file(path):
    """The channel dicts of a JSON file, read as a stream (see `_Stream`)."""
    try:
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise PTVError(f"{path}: cannot be read ({error.strerror})") from None
    with handle:
        yield from _Stream(handle, Path(path).name).items()


def load_source(source, timeout=FETCH_TIMEOUT, log=None):
    """The channel dicts of SOURCE (a file path or an http(s) URL; a paged URL is followed): a
    list for a URL, an iterator reading the file as a stream for a file."""
    log = log or (lambda message: None)
    if str(source).startswith(("http://", "https://")):
        data = _fetch_json(source, timeout)
        items = _items(data, source)
        page_count = data.get("pageCount") if isinstance(data, dict) else None
        if isinstance(page_count, int) and page_count > 1:
            first = data.get("pageNumber", 1)
            first = first if isinstance(first, int) else 1
            last = min(page_count, first + MAX_PAGES - 1)
            for number in range(first + 1, last + 1):
                log(f"Fetching page {number}/{page_count}…")
                url = _page_url(source, number)
                items += _items(_fetch_json(url, timeout), url)
        return items
    return iter_file(source)


# --- checking ---------------------------------------------------------------------------------


@dataclass
class Channel:
    """One PTV service location, checked and converted."""

    index: int
    id: uuid.UUID
    organization_id: uuid.UUID
    names: dict
    streets: dict
    street_number: str
    postal_code: str
    post_offices: dict
    municipality_code: str
    latitude: float | None
    longitude: float | None
    phones: dict
    emails: dict
    weekly: list  # [(weekday, "HH:MM", "HH:MM")]
    exceptions: list  # [(start ISO, end ISO, closed, "HH:MM"|None, "HH:MM"|None, {lang: reason})]
    notes: list = field(default_factory=list)

    @property
    def label(self):
        return f"item {self.index} ({self.id}, {shown(pick(self.names, 'fi'))})"

    def local_names(self, language, fallback=True):
        """The name, street address and post office in `language`: with `fallback`, PTV's value
        in another language where it has none in this one; without, None for such a field."""

        def choose(values):
            if fallback:
                return pick(values, language)
            return values.get(language) or None

        name, street, office = choose(self.names), choose(self.streets), choose(self.post_offices)
        if street:
            address = f"{street} {self.street_number}".strip()
        else:
            address = self.street_number if fallback else None
        return {
            "name": name[:150] if name is not None else None,
            "street_address": address[:200] if address is not None else None,
            "post_office": (display_place_name(office or "")[:100] if office is not None else None),
        }

    def values(self, language, municipality):
        """The ServicePoint fields PTV provides, in the page's language."""
        names = self.local_names(language)
        latitude, longitude = self.latitude, self.longitude
        if latitude is None:
            latitude, longitude = municipality.latitude, municipality.longitude
        return {
            "name": names["name"],
            "street_address": names["street_address"],
            "postal_code": self.postal_code,
            "post_office": names["post_office"],
            "municipality": self.municipality_code,
            "latitude": latitude,
            "longitude": longitude,
            "phone": (pick(self.phones, language) or "")[:40],
            "email": pick(self.emails, language) or "",
        }


@dataclass
class Skip:
    index: int
    id: str
    name: str
    reason: str


def pick(values, language):
    """The value in `language`, else in fi, sv, en, else any."""
    for code in (language, *LANGUAGE_FALLBACK):
        if values.get(code):
            return values[code]
    return next((v for v in values.values() if v), "")


class _Checker:
    def __init__(self, item, index):
        self.item = item
        self.index = index
        ident = item.get("id") if isinstance(item, dict) else None
        self.where = f"item {index}" + (f" ({shown(ident)})" if ident else "")

    def fail(self, path, message):
        raise PTVError(f"{self.where}: {path}: {message}")

    def get(self, obj, key, path, kind=None, required=True):
        value = obj.get(key) if isinstance(obj, dict) else None
        if value in (None, "", []):
            if required:
                self.fail(path, "missing")
            return None
        if kind is not None and not isinstance(value, kind):
            self.fail(path, f"expected {kind.__name__ if isinstance(kind, type) else 'a value'}")
        return value

    def uuid(self, obj, key, path):
        value = self.get(obj, key, path, str)
        try:
            return uuid.UUID(value)
        except ValueError:
            self.fail(path, f"“{shown(value)}” is not a UUID")

    def localized(self, values, path, *, type_filter=None, required=True):
        """{language: value} of a PTV list of {type?, language, value}."""
        if values is None:
            values = []
        if not isinstance(values, list):
            self.fail(path, "expected a list")
        result = {}
        for n, entry in enumerate(values):
            if not isinstance(entry, dict):
                self.fail(f"{path}[{n}]", "expected an object")
            if type_filter and entry.get("type") not in (None, type_filter):
                continue
            value = entry.get("value")
            if isinstance(value, str) and value.strip():
                result.setdefault((entry.get("language") or "fi").lower(), value.strip())
        if required and not result:
            self.fail(path, "missing (no value in any language)")
        return result

    def number(self, value, path):
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            self.fail(path, f"“{shown(value)}” is not a number")
        if not math.isfinite(number):
            self.fail(path, f"“{shown(value)}” is not a number")
        return number

    def time(self, value, path):
        text = str(value or "").strip()
        try:
            parsed = datetime.time.fromisoformat(text)
        except ValueError:
            self.fail(path, f"“{shown(text)}” is not a time")
        return parsed.strftime("%H:%M")

    def date(self, value, path):
        text = str(value or "").strip()
        try:
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return datetime.date.fromisoformat(text[:10])
            except ValueError:
                self.fail(path, f"“{shown(text)}” is not a date")

    def weekday(self, value, path):
        key = str(value or "").strip().lower()
        if key not in WEEKDAYS:
            self.fail(path, f"“{shown(value)}” is not a day of the week")
        return WEEKDAYS[key]


def _location_address(check, item):
    addresses = check.get(item, "addresses", "addresses", list)
    for n, address in enumerate(addresses):
        if isinstance(address, dict) and str(address.get("type", "")).lower() == "location":
            return n, address
    check.fail("addresses", "no address of type Location")


def _coordinates(check, address, street, path):
    raw_lat = street.get("latitude", address.get("latitude"))
    raw_lon = street.get("longitude", address.get("longitude"))
    if raw_lat in (None, "") and raw_lon in (None, ""):
        return None, None
    if raw_lat in (None, "") or raw_lon in (None, ""):
        missing = "latitude" if raw_lat in (None, "") else "longitude"
        check.fail(f"{path}.{missing}", "missing (the other coordinate is given)")
    northing = check.number(raw_lat, f"{path}.latitude")
    easting = check.number(raw_lon, f"{path}.longitude")
    if not (
        NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]
        and EASTING_RANGE[0] <= easting <= EASTING_RANGE[1]
    ):
        check.fail(
            f"{path}.latitude/longitude",
            f"impossible coordinates (northing {shown(raw_lat)}, easting {shown(raw_lon)}): "
            "PTV gives "
            "ETRS-TM35FIN metres, latitude the northing and longitude the easting",
        )
    latitude, longitude = to_wgs84(northing, easting)
    if not (
        FINLAND_BBOX["min_lat"] <= latitude <= FINLAND_BBOX["max_lat"]
        and FINLAND_BBOX["min_lon"] <= longitude <= FINLAND_BBOX["max_lon"]
    ):
        check.fail(
            f"{path}.latitude/longitude",
            f"impossible coordinates: {latitude}, {longitude} (WGS84) is outside Finland",
        )
    return latitude, longitude


def _phones(check, values):
    phones = {}
    for n, entry in enumerate(values or []):
        if not isinstance(entry, dict):
            check.fail(f"phoneNumbers[{n}]", "expected an object")
        number = str(entry.get("number") or "").strip()
        if not number:
            continue
        prefix = str(entry.get("prefixNumber") or "").strip()
        if prefix and not entry.get("isFinnishServiceNumber"):
            number = f"{prefix} {number.lstrip('0')}"
        phones.setdefault((entry.get("language") or "fi").lower(), number)
    return phones


def _hours(check, item, today):
    """Weekly intervals and exceptions of the channel's serviceHours."""
    entries = item.get("serviceHours") or []
    if not isinstance(entries, list):
        check.fail("serviceHours", "expected a list")
    regular, exceptions, notes = [], [], []
    for n, entry in enumerate(entries):
        path = f"serviceHours[{n}]"
        if not isinstance(entry, dict):
            check.fail(path, "expected an object")
        kind = str(check.get(entry, "serviceHourType", f"{path}.serviceHourType", str))
        valid_from = entry.get("validFrom")
        valid_to = entry.get("validTo")
        start = check.date(valid_from, f"{path}.validFrom") if valid_from else None
        end = check.date(valid_to, f"{path}.validTo") if valid_to else None
        reasons = check.localized(
            entry.get("additionalInformation"), f"{path}.additionalInformation", required=False
        )
        hours = entry.get("openingHour") or []
        if not isinstance(hours, list):
            check.fail(f"{path}.openingHour", "expected a list")

        if kind.lower() == "exceptional":
            if start is None:
                check.fail(f"{path}.validFrom", "missing (an exception needs its date)")
            end = end or start
            if end < start:
                check.fail(f"{path}.validTo", "before validFrom")
            if end < today:
                continue  # past exceptions are not imported
            if entry.get("isClosed") or not hours:
                exceptions.append((start.isoformat(), end.isoformat(), True, None, None, reasons))
            else:
                first = hours[0]
                opens = check.time(first.get("from"), f"{path}.openingHour[0].from")
                closes = check.time(first.get("to"), f"{path}.openingHour[0].to")
                exceptions.append(
                    (start.isoformat(), end.isoformat(), False, opens, closes, reasons)
                )
            continue

        if kind.lower() not in ("daysoftheweek", "overmidnight"):
            check.fail(f"{path}.serviceHourType", f"unknown type “{shown(kind)}”")
        if end is not None and end < today:
            continue  # a season that is over
        intervals = []
        if entry.get("isAlwaysOpen"):
            intervals = [(day, "00:00", "00:00") for day in range(7)]
        elif not entry.get("isClosed"):
            for m, hour in enumerate(hours):
                hpath = f"{path}.openingHour[{m}]"
                if not isinstance(hour, dict):
                    check.fail(hpath, "expected an object")
                first = check.weekday(hour.get("dayFrom"), f"{hpath}.dayFrom")
                last = (
                    check.weekday(hour.get("dayTo"), f"{hpath}.dayTo")
                    if hour.get("dayTo")
                    else first
                )
                opens = check.time(hour.get("from"), f"{hpath}.from")
                closes = check.time(hour.get("to"), f"{hpath}.to")
                if kind.lower() == "overmidnight" or (last != first and closes <= opens):
                    # Opens on dayFrom, closes on dayTo (the next day): one interval.
                    if (last - first) % 7 > 1:
                        check.fail(f"{hpath}.dayTo", "an interval over midnight lasts one night")
                    intervals.append((first, opens, closes))
                else:
                    # dayFrom–dayTo with the same hours on each day.
                    for offset in range((last - first) % 7 + 1):
                        intervals.append(((first + offset) % 7, opens, closes))
        season = start is not None and start > today or end is not None
        regular.append((season, start, end, intervals))

    # The weekly hours in force: a season running today, else the permanent ones, else the next.
    weekly = []
    current = [r for r in regular if r[0] and (r[1] is None or r[1] <= today)]
    permanent = [r for r in regular if not r[0]]
    upcoming = sorted((r for r in regular if r[0] and r[1] and r[1] > today), key=lambda r: r[1])
    chosen = current or permanent or upcoming[:1]
    for _season, _start, _end, intervals in chosen:
        weekly += intervals
    if upcoming and (current or permanent):
        notes.append(
            "seasonal opening hours from "
            + ", ".join(r[1].isoformat() for r in upcoming)
            + " not imported (enter them as exceptions)"
        )
    return sorted(set(weekly)), sorted(exceptions, key=lambda e: (e[0], e[1])), notes


def check_channel(item, index, today):
    """A Channel, or a Skip for a channel this import does not take; raises PTVError."""
    check = _Checker(item, index)
    if not isinstance(item, dict):
        raise PTVError(f"item {index}: expected a service channel object")
    channel_id = check.uuid(item, "id", "id")
    kind = check.get(item, "serviceChannelType", "serviceChannelType", str)
    names = check.localized(
        item.get("serviceChannelNames"), "serviceChannelNames", type_filter="Name", required=False
    ) or check.localized(item.get("serviceChannelNames"), "serviceChannelNames")
    if kind != "ServiceLocation":
        return Skip(
            index,
            shown(channel_id),
            shown(pick(names, "fi")),
            f"not a service location ({shown(kind)})",
        )
    status = item.get("publishingStatus")
    if status and status not in ("Published",):
        return Skip(
            index,
            shown(channel_id),
            shown(pick(names, "fi")),
            f"not published in PTV ({shown(status)})",
        )
    organization_id = check.uuid(item, "organizationId", "organizationId")

    n, address = _location_address(check, item)
    path = f"addresses[{n}].streetAddress"
    street = address.get("streetAddress")
    if not isinstance(street, dict):
        check.fail(path, "missing")
    streets = check.localized(street.get("street"), f"{path}.street")
    postal_code = str(check.get(street, "postalCode", f"{path}.postalCode")).strip()
    if not (len(postal_code) == 5 and postal_code.isdigit()):
        check.fail(f"{path}.postalCode", f"“{shown(postal_code)}” is not a Finnish postal code")
    municipality = check.get(street, "municipality", f"{path}.municipality", dict)
    code = str(check.get(municipality, "code", f"{path}.municipality.code")).strip().zfill(3)
    latitude, longitude = _coordinates(check, address, street, path)
    weekly, exceptions, notes = _hours(check, item, today)
    if latitude is None:
        notes.append("no coordinates in PTV: placed at the municipality's centre")
    return Channel(
        index=index,
        id=channel_id,
        organization_id=organization_id,
        names=names,
        streets=streets,
        street_number=str(street.get("streetNumber") or "").strip(),
        postal_code=postal_code,
        post_offices=check.localized(
            street.get("postOffice"), f"{path}.postOffice", required=False
        ),
        municipality_code=code,
        latitude=latitude,
        longitude=longitude,
        phones=_phones(check, item.get("phoneNumbers")),
        emails=check.localized(item.get("supportEmails"), "supportEmails", required=False),
        weekly=weekly,
        exceptions=exceptions,
        notes=notes,
    )


# --- planning and writing ---------------------------------------------------------------------


@dataclass
class Report:
    created: list = field(default_factory=list)
    linked: list = field(default_factory=list)  # (channel label, how it was matched)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # Skip
    notes: list = field(default_factory=list)  # (channel label, note)
    pages: list = field(default_factory=list)  # titles of the pages published
    translated: list = field(default_factory=list)  # (channel label, "sv: name, …")
    dry_run: bool = False


def _snapshot_value(point, name):
    if name == "municipality":
        return point.municipality_id
    return getattr(point, name)


def _hours_of(point):
    return [
        [h.weekday, h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M")]
        for h in point.weekly_hours.all()
    ]


def _exceptions_of(point):
    return [
        [
            e.start_date.isoformat(),
            e.end_date.isoformat(),
            e.closed,
            e.opens.strftime("%H:%M") if e.opens else None,
            e.closes.strftime("%H:%M") if e.closes else None,
            e.reason,
        ]
        for e in point.exceptions.all()
    ]


def _time(value):
    return datetime.time.fromisoformat(value) if value else None


def _canonical(rows):
    return sorted(json.loads(json.dumps(rows)), key=json.dumps)


def _apply(point, channel, language, municipality, now):
    """Bring `point` (new or existing, in memory) in line with `channel`; returns the list of
    changed fields and the fields kept from local edits."""
    snapshot = dict(point.ptv_snapshot or {})
    new = channel.values(language, municipality)
    changed, kept = [], []
    for name in ServicePoint.PTV_FIELDS:
        current = _snapshot_value(point, name) if point.pk else None
        if point.pk and name in snapshot and current != snapshot[name]:
            if current != new[name]:
                kept.append(name)
            snapshot[name] = new[name]
            continue
        if current != new[name]:
            if name == "municipality":
                point.municipality = municipality
            else:
                setattr(point, name, new[name])
            changed.append(name)
        snapshot[name] = new[name]

    if "latitude" not in kept and "longitude" not in kept:
        approximate = channel.latitude is None
        if point.location_approximate != approximate:
            point.location_approximate = approximate
            changed.append("location_approximate")

    hours = [[d, o, c] for d, o, c in channel.weekly]
    current_hours = _canonical(_hours_of(point)) if point.pk else []
    if (
        point.pk
        and "weekly_hours" in snapshot
        and current_hours != _canonical(snapshot["weekly_hours"])
    ):
        if current_hours != _canonical(hours):
            kept.append("weekly_hours")
    elif current_hours != _canonical(hours):
        point.weekly_hours = [
            OpeningHours(weekday=d, opens=_time(o), closes=_time(c), sort_order=i)
            for i, (d, o, c) in enumerate(sorted(hours))
        ]
        changed.append("weekly_hours")
    snapshot["weekly_hours"] = hours

    exceptions = [
        [s, e, closed, o, c, pick(reasons, language)[:150] if reasons else ""]
        for s, e, closed, o, c, reasons in channel.exceptions
    ]
    current_exceptions = _canonical(_exceptions_of(point)) if point.pk else []
    if (
        point.pk
        and "exceptions" in snapshot
        and current_exceptions != _canonical(snapshot["exceptions"])
    ):
        if current_exceptions != _canonical(exceptions):
            kept.append("exceptions")
    elif current_exceptions != _canonical(exceptions):
        point.exceptions = [
            OpeningException(
                start_date=datetime.date.fromisoformat(s),
                end_date=datetime.date.fromisoformat(e),
                closed=closed,
                opens=_time(o),
                closes=_time(c),
                reason=reason,
                sort_order=i,
            )
            for i, (s, e, closed, o, c, reason) in enumerate(exceptions)
        ]
        changed.append("exceptions")
    snapshot["exceptions"] = exceptions

    if point.ptv_organization_id != channel.organization_id:
        point.ptv_organization_id = channel.organization_id
        changed.append("ptv_organization_id")
    if sorted(point.overridden_fields or []) != sorted(kept):
        point.overridden_fields = sorted(kept)
        changed.append("overridden_fields")
    if changed or not point.pk:
        point.ptv_id = channel.id
        point.ptv_snapshot = snapshot
        point.ptv_synced_at = now
    return changed, kept


def _target_pages(ohjaamo, locale):
    if ohjaamo:
        page = OhjaamoPage.objects.filter(slug=ohjaamo, locale=locale).first()
        if page is None:
            raise PTVError(f"--ohjaamo {ohjaamo}: no Ohjaamo page with that slug")
        if not page.ptv_organization_id_list():
            raise PTVError(
                f"--ohjaamo {ohjaamo}: the page is mapped to no PTV organisation; set its PTV "
                "organisation ids first (only their channels are imported onto it)"
            )
        return page, {}
    by_org = {}
    for page in OhjaamoPage.objects.filter(locale=locale).exclude(ptv_organization_ids=""):
        for org in page.ptv_organization_id_list():
            by_org.setdefault(org, page)
    return None, by_org


def _editable(page):
    """(content to change, draft or None, publish?) of a page. A live page is changed as it is
    published (its database row) and published again; an unpublished draft on top of it gets the
    same changes separately. A page that is not live is changed in its latest draft, which is
    saved but not published."""
    page = page.specific
    if not page.live:
        return page.get_latest_revision_as_object(), None, False
    draft = None
    if page.has_unpublished_changes:
        latest = page.get_latest_revision()
        if latest is not None and latest != page.live_revision:
            draft = latest.as_object()
    return page, draft, True


def _street_key(street_address, postal_code):
    return (" ".join(str(street_address or "").casefold().split()), str(postal_code or "").strip())


def _match_existing(channel, candidates, language, municipality, links):
    """(point, how) of an existing point of the page (without a PTV id) that is this channel:
    the one named by an explicit link, else the one at the same street address and postal code,
    else the nearest within LINK_DISTANCE_M of the channel's coordinates; (None, "") if none."""
    from locations.geo import haversine_km

    if channel.id in links:
        wanted = links[channel.id]
        for point in candidates:
            if point.pk == wanted:
                return point, f"linked to point {wanted} as asked (--link)"
        raise PTVError(
            f"{channel.label}: --link: point {wanted} is not a point without a PTV id on the "
            "channel's Ohjaamo page"
        )
    values = channel.values(language, municipality)
    key = _street_key(values["street_address"], values["postal_code"])
    if key[0]:
        for point in candidates:
            if _street_key(point.street_address, point.postal_code) == key:
                return point, f"linked to the existing point “{shown(point.name)}” by its address"
    if channel.latitude is not None:
        near = sorted(
            (
                haversine_km(channel.latitude, channel.longitude, p.latitude, p.longitude) * 1000,
                p.sort_order,
                p,
            )
            for p in candidates
            if not p.location_approximate and p.latitude is not None
        )
        if near and near[0][0] <= LINK_DISTANCE_M:
            distance, _order, point = near[0]
            return point, (
                f"linked to the existing point “{shown(point.name)}” {round(distance)} m away"
            )
    return None, ""


def run(source, *, ohjaamo=None, dry_run=False, log=None, today=None, now=None, links=None):
    """Import SOURCE; returns a Report. Raises PTVError (nothing written) on bad input.

    `links` ({channel UUID: point pk}) links channels to existing points explicitly; otherwise a
    channel with no point of its own is linked to an existing point of its page by address or
    distance (`_match_existing`) before a new point is made."""
    links = {uuid.UUID(str(k)): int(v) for k, v in (links or {}).items()}
    log = log or (lambda message: None)
    now = now or timezone.now()
    today = today or local_today(now)
    locale = Locale.get_default()

    log(f"Reading {source}…")
    items = load_source(source, log=log)
    log("Checking the channels…")
    report = Report(dry_run=dry_run)
    channels, seen = [], {}
    for index, item in enumerate(items, start=1):
        checked = check_channel(item, index, today)
        if isinstance(checked, Skip):
            report.skipped.append(checked)
            continue
        if checked.id in seen:
            raise PTVError(f"{checked.label}: id: the same channel as item {seen[checked.id]}")
        seen[checked.id] = index
        channels.append(checked)

    codes = {c.municipality_code for c in channels}
    municipalities = Municipality.objects.in_bulk(list(codes))
    for channel in channels:
        if channel.municipality_code not in municipalities:
            raise PTVError(
                f"{channel.label}: addresses.streetAddress.municipality.code: unknown "
                f"municipality {shown(channel.municipality_code)}"
            )

    forced, by_org = _target_pages(ohjaamo, locale)
    existing = {
        p.ptv_id: p
        for p in ServicePoint.objects.filter(
            ptv_id__in=[c.id for c in channels], locale=locale
        ).select_related("page")
    }

    # Which page each channel goes to.
    work = {}  # page pk -> (page, [channels])
    allowed = set(forced.ptv_organization_id_list()) if forced else None
    for channel in channels:
        point = existing.get(channel.id)
        if point is None and allowed is not None and str(channel.organization_id) not in allowed:
            report.skipped.append(
                Skip(
                    channel.index,
                    str(channel.id),
                    shown(pick(channel.names, "fi")),
                    f"refused: organisation {channel.organization_id} is not one the Ohjaamo "
                    f"“{shown(forced.title)}” is mapped to (its PTV organisation ids)",
                )
            )
            continue
        page = point.page if point else forced or by_org.get(str(channel.organization_id))
        if page is None:
            report.skipped.append(
                Skip(
                    channel.index,
                    str(channel.id),
                    shown(pick(channel.names, "fi")),
                    f"no Ohjaamo page for organisation {channel.organization_id} "
                    "(set its PTV organisation ids or use --ohjaamo)",
                )
            )
            continue
        work.setdefault(page.pk, (page, []))[1].append(channel)

    labels = {}  # channel id -> its label in the report
    with transaction.atomic():
        for page, page_channels in work.values():
            live, draft, publish = _editable(page)
            language = live.locale.language_code
            changed_any = False
            all_points = list(live.points.all())
            points = {p.ptv_id: p for p in all_points if p.ptv_id}
            for channel in page_channels:
                municipality = municipalities[channel.municipality_code]
                point = points.get(channel.id)
                linked = ""
                if point is None:
                    candidates = [p for p in all_points if not p.ptv_id and p.pk]
                    point, linked = _match_existing(
                        channel, candidates, language, municipality, links
                    )
                created = point is None
                if created:
                    point = ServicePoint(
                        kind=ServicePoint.Kind.MAIN if not all_points else ServicePoint.Kind.BRANCH,
                        sort_order=len(all_points),
                    )
                changed, kept = _apply(point, channel, language, municipality, now)
                label = f"{shown(pick(channel.names, language))} ({channel.id})"
                labels[channel.id] = label
                for name in kept:
                    report.notes.append((label, f"{name} kept from the local team's edit"))
                for note in channel.notes:
                    report.notes.append((label, note))
                if created:
                    points[channel.id] = point
                    all_points.append(point)
                    report.created.append(label)
                    changed_any = True
                    log(f"  + {label} → {live.title}")
                elif linked:
                    points[channel.id] = point
                    report.linked.append((label, linked))
                    changed_any = True
                    log(f"  = {label}: {linked}")
                elif changed:
                    report.updated.append(label)
                    changed_any = True
                    log(f"  ~ {label}: {', '.join(changed)}")
                else:
                    report.unchanged.append(label)
            if dry_run:
                continue
            # PTV's Swedish and English names go to the translations with the Finnish page's
            # publish (which carries its data to them), or on their own if it has no change.
            translator = _Translator(page_channels, language)
            if changed_any:
                live.points = all_points
                revision = live.save_revision(log_action=True, changed=True)
                if publish:
                    with one_truth.adjusting(translator):
                        revision.publish()
                    report.pages.append(live.title)
                else:
                    report.notes.append((live.title, "page not live: saved as a draft"))
                if draft is not None:
                    _carry_into_draft(draft, live, page_channels, language, municipalities, now)
            elif publish:
                fill_translations(live.pk, translator)
            _record_strings(live, translator, report, labels)
            _report_translations(report, labels, translator.results)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _carry_into_draft(draft, live, channels, language, municipalities, now):
    """Apply the same channels to the page's unpublished draft, keeping its other edits, and
    save it as the latest (unpublished) revision."""
    published = {p.ptv_id: p for p in ServicePoint.objects.filter(page=live)}
    all_points = list(draft.points.all())
    points = {p.ptv_id: p for p in all_points if p.ptv_id}
    for channel in channels:
        point = points.get(channel.id)
        if point is None and channel.id in published:
            # A point of the draft the import has just linked to this channel.
            row = published[channel.id].pk
            point = next((p for p in all_points if p.pk == row), None)
        if point is None:
            point = ServicePoint(kind=ServicePoint.Kind.BRANCH, sort_order=len(all_points))
            # The point the publication just created: the same row when the draft is published.
            point.pk = published[channel.id].pk if channel.id in published else None
            points[channel.id] = point
            all_points.append(point)
        _apply(point, channel, language, municipalities[channel.municipality_code], now)
    draft.points = all_points
    draft.save_revision(log_action=True, changed=True)


# --- translations ---------------------------------------------------------------------------------
# PTV names a channel, its street and its post office in Finnish, Swedish and English. After the
# Finnish page is published (which carries the language-independent data to its translations,
# locations/one_truth.py), each translation's point takes PTV's name and address in its own
# language where PTV has them; where it has none, the Finnish stays as the visible fallback.
# A translated street address or post office stands for the Finnish value it translates
# (`ServicePoint.source_values`): the next Finnish publish keeps it while that value is unchanged.
# Each translated point keeps its own `ptv_snapshot` of what the import gave it, so that a
# translator's own edit is kept (and reported) like a local team's edit of a Finnish point, and a
# later import updates what the import itself set.

TRANSLATED_FIELDS = ("name", "street_address", "post_office")


def _settle(current, fallback, value, snapshot, key):
    """What a translated text becomes: `value` is PTV's in the language (None: PTV has none),
    `fallback` the source's (Finnish) text, `snapshot[key]` what the last import set. Returns
    (new text or None to leave it, kept: the translator's own edit differs from PTV's) and
    updates `snapshot`."""
    if value is None and key not in snapshot:
        return None, False  # never set by an import: the translator's text (or the Finnish) stays
    target = fallback if value is None else value
    own_edit = key in snapshot and current not in (snapshot[key], fallback)
    if value is None:
        snapshot.pop(key, None)
    else:
        snapshot[key] = value
    if own_edit:
        return None, value is not None and current != value
    return (target if current != target else None), False


def _owner(current, fallback, value, snapshot, key):
    """Who a translated text belongs to, before `_settle` updates `snapshot`: "ptv" (the import
    sets PTV's `value`), "released" (PTV no longer has one: the translation falls back to the
    source's text) or None (the translator's own edit, or a text the import never set)."""
    if key in snapshot and current not in (snapshot[key], fallback):
        return None
    if value is not None:
        return "ptv"
    return "released" if key in snapshot else None


def _exception_key(start, end, closed, opens, closes):
    return (str(start), str(end), bool(closed), str(opens or "")[:5], str(closes or "")[:5])


def _translate_reasons(point, source_point, channel, language, source_language, snapshot, strings):
    """Exception reasons in `language` from PTV, for the exceptions the import made (matched by
    their dates and times); True when one changed. Appends to `strings` what each reason's
    wagtail-localize translation should become (`_record_strings`)."""
    reasons = {
        _exception_key(start, end, closed, opens, closes): texts
        for start, end, closed, opens, closes, texts in channel.exceptions
    }
    by_key = {e.translation_key: e for e in source_point.exceptions.all()}
    exceptions = list(point.exceptions.all())
    remembered = dict(snapshot.get("reasons") or {})
    changed = False
    for exception in exceptions:
        source = by_key.get(exception.translation_key)
        if source is None:
            continue
        key = _exception_key(
            source.start_date, source.end_date, source.closed, source.opens, source.closes
        )
        texts = reasons.get(key)
        if not texts or source.reason != pick(texts, source_language)[:150]:
            continue  # not PTV's exception, or its Finnish reason is the local team's own
        value = (texts.get(language) or "")[:150] or None
        key = str(exception.translation_key)
        owner = _owner(exception.reason, source.reason, value, remembered, key)
        if owner:
            path = f"points.{point.translation_key}.exceptions.{key}.reason"
            strings.append((path, "reason", source.reason, value, remembered.get(key)))
        target, _kept = _settle(exception.reason, source.reason, value, remembered, key)
        if target is not None:
            exception.reason = target
            changed = True
    # Only the exceptions the point has now are remembered.
    keys = {str(e.translation_key) for e in exceptions}
    remembered = {k: v for k, v in remembered.items() if k in keys}
    if remembered:
        snapshot["reasons"] = remembered
    else:
        snapshot.pop("reasons", None)
    if changed:
        point.exceptions = exceptions
    return changed


def _apply_translation(point, source_point, channel, language, source_language, strings):
    """Give translation `point` (in memory) PTV's names and exception reasons in `language`.
    Returns (changed fields, fields kept from the translator's edit, dirty: anything to save);
    appends to `strings` (path, field, source text, PTV's text or None, the import's previous
    text) for each text the import owns."""
    offered = channel.local_names(language, fallback=False)
    ptv_source = channel.local_names(source_language)
    snapshot = dict(point.ptv_snapshot or {})
    before = (json.dumps(snapshot, sort_keys=True), dict(point.source_values or {}))
    changed, kept = [], []
    for name in TRANSLATED_FIELDS:
        current, fallback = getattr(point, name), getattr(source_point, name)
        value = offered[name]
        if name != "name" and fallback != ptv_source[name]:
            # The Finnish address is the local team's own, not PTV's: PTV's Swedish one would
            # translate another address. The Finnish stays.
            value = None
        if _owner(current, fallback, value, snapshot, name):
            path = f"points.{point.translation_key}.{name}"
            strings.append((path, name, fallback, value, snapshot.get(name)))
        target, was_kept = _settle(current, fallback, value, snapshot, name)
        if target is not None:
            setattr(point, name, target)
            changed.append(name)
        if was_kept:
            kept.append(name)
    if _translate_reasons(
        point, source_point, channel, language, source_language, snapshot, strings
    ):
        changed.append("exception reasons")
    remembered = dict(point.source_values or {})
    for name in ("street_address", "post_office"):
        remembered[name] = getattr(source_point, name)
    point.ptv_snapshot = snapshot
    point.source_values = remembered
    after = (json.dumps(snapshot, sort_keys=True), remembered)
    dirty = bool(changed) or after != before
    return changed, kept, dirty


def _translate_points(page, source_points, channels, language, source_language):
    """Apply PTV's names to the points of translation `page` (in memory); returns
    ([(channel id, changed, kept)], dirty, [(channel id, string entry)])."""
    points = list(page.points.all())
    results, dirty, strings = [], False, []
    for point in points:
        source_point = source_points.get(point.translation_key)
        if source_point is None:
            continue
        channel = channels[source_point.ptv_id]
        found = []
        changed, kept, point_dirty = _apply_translation(
            point, source_point, channel, language, source_language, found
        )
        strings.extend((channel.id, entry) for entry in found)
        dirty = dirty or point_dirty
        if changed or kept:
            results.append((channel.id, changed, kept))
    if dirty:
        page.points = points
    return results, dirty, strings


class _Translator:
    """Gives a translation (in memory) PTV's names of `channels` in its language: passed to
    `one_truth.adjusting` while the source page is published (each translation is then published
    once, with the source's data and these names together), or used by `fill_translations`.
    `results` collects {(channel id, language): (changed, kept)}, `strings` {(language, path):
    (channel id, entry)} for `_record_strings`."""

    def __init__(self, channels, source_language):
        self.channels = {channel.id: channel for channel in channels}
        self.source_language = source_language
        self.results = {}
        self.strings = {}

    def __call__(self, translation, source):
        source_points = {
            point.translation_key: point
            for point in source.points.all()
            if point.ptv_id in self.channels
        }
        if not source_points:
            return False
        # A translation rebuilt by wagtail-localize since it was published (a sync saved as a
        # draft) carries the Finnish points' snapshots: its own come back first.
        restored = one_truth.restore_own_records(
            translation, source, one_truth.last_published(translation)
        )
        language = translation.locale.language_code
        results, dirty, strings = _translate_points(
            translation, source_points, self.channels, language, self.source_language
        )
        for channel_id, changed, kept in results:
            # A live translation and its draft get the same: reported once.
            self.results.setdefault((channel_id, language), (changed, kept))
        for channel_id, entry in strings:
            # The live translation (adjusted first) decides; a draft-only one, its draft.
            self.strings.setdefault((language, entry[0]), (channel_id, entry))
        return dirty or restored


def fill_translations(source_pk, translator):
    """The translations of live source page `source_pk` (whose own data has not changed) take
    PTV's names (`translator`): a live translation gets a revision that is published (its
    unpublished draft, if any, the same changes, and stays the latest revision); one that is
    not live, a new draft. Runs in the caller's transaction."""
    source = OhjaamoPage.objects.get(pk=source_pk)
    translations = OhjaamoPage.objects.filter(translation_key=source.translation_key).exclude(
        pk=source.pk
    )
    for translation in translations.select_related("locale"):
        draft = None
        if translation.live:
            if translation.has_unpublished_changes:
                draft = translation.get_latest_revision_as_object()
            live = OhjaamoPage.objects.get(pk=translation.pk)
            if translator(live, source):
                revision = live.save_revision(log_action=True, clean=False)
                revision.publish(skip_permission_checks=True)
        else:
            draft = translation.get_latest_revision_as_object()
        if draft is not None and translator(draft, source):
            draft.save_revision(log_action=True, clean=False)


def _record_strings(source, translator, report, labels):
    """Record the texts the import gave the translations of `source` as wagtail-localize's
    translations of the source's segments (context "points.<key>.<field>", the string the source's
    text), so that "Sync translated pages" or a publish from wagtail-localize's editor rebuilds a
    translation with PTV's texts rather than the Finnish or an older translation. A text PTV no
    longer has loses its recorded translation (the translation shows the Finnish, as the page
    does). A translation a person has made in wagtail-localize's editor (not yet published: a
    published one is the page's own text, kept by `_settle`) is kept and reported. Runs in the
    import's transaction."""
    if not translator.strings:
        return
    from wagtail_localize.models import (
        String,
        StringTranslation,
        TranslatableObject,
        TranslationContext,
    )
    from wagtail_localize.strings import StringValue

    obj, _created = TranslatableObject.objects.get_or_create_from_instance(source)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for (language, path), (channel_id, entry) in translator.strings.items():
        _path, name, source_text, value, previous = entry
        if not source_text or language not in locales:
            continue  # an empty source text has no segment
        string = String.from_value(source.locale, StringValue.from_plaintext(source_text))
        context, _created = TranslationContext.objects.get_or_create(object=obj, path=path)
        existing = StringTranslation.objects.filter(
            translation_of=string, locale=locales[language], context=context
        ).first()
        data = StringValue.from_plaintext(value).data if value is not None else None
        if existing is not None:
            ours = {StringValue.from_plaintext(text).data for text in (previous, value) if text}
            if existing.last_translated_by_id is not None and existing.data not in ours:
                report.notes.append(
                    (
                        labels[channel_id],
                        f"{language} {name} kept from the translator's edit in wagtail-localize",
                    )
                )
                continue
            if data is None:
                existing.delete()
            elif existing.data != data or existing.tool_name != "PTV":
                existing.data, existing.translation_type = data, "manual"
                existing.tool_name, existing.has_error = "PTV", False
                existing.save()
        elif data is not None:
            StringTranslation.objects.create(
                translation_of=string,
                locale=locales[language],
                context=context,
                data=data,
                translation_type="manual",
                tool_name="PTV",
            )


def _report_translations(report, labels, results):
    for (channel_id, language), (changed, kept) in results.items():
        label = labels[channel_id]
        if changed:
            report.translated.append((label, f"{language}: {', '.join(changed)} from PTV"))
            if label in report.unchanged:
                report.unchanged.remove(label)
                report.updated.append(label)
        for name in kept:
            report.notes.append((label, f"{language} {name} kept from the translator's edit"))
