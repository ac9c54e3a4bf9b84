"""Which municipality pages a change of location data touches.

A municipality page (locations/municipalities.py) shows the Ohjaamo points serving the
municipality or, when none does, the nearest ones. What it shows of each Ohjaamo is recorded while
it renders (``page:<id>``, ``point:<id>``: deps.py), so an edit of an Ohjaamo's description, hours
or news rebuilds only the pages that show it. *Which* points a page shows changes only when the
location data does: a point added, removed or moved, a page published, unpublished or hidden, the
municipalities a page serves. The build keeps a small record of that data next to its manifest
(``.places.json``):

- ``served``: the municipality codes each Ohjaamo (by translation key: a translation serves what
  its source serves) serves. A municipality whose serving Ohjaamos changed is rebuilt in every
  language, and no other municipality for that reason;
- ``locales``: per language, a fingerprint of the shown pages and of their points (id, page,
  coordinates, valid today). Only when it changed are the shown points of every municipality page
  of that language computed again (the page's own `municipality_results`) and compared with the
  points the page recorded when it was built; the pages whose points differ are rebuilt.

A publish that changes no location data costs one query per language here and rebuilds no
municipality page that does not show the published Ohjaamo.
"""

import hashlib
import json

from wagtail.models import Locale

from generator import deps
from locations import geo, municipalities
from locations.models import Municipality, OhjaamoPage, ServicePoint

STATE = ".places.json"


def served():
    """{translation key: [municipality codes]} of every Ohjaamo page (live or not: a page that
    is not shown is left out by the fingerprint)."""
    through = OhjaamoPage.municipalities.through
    found = {}
    rows = through.objects.values_list("ohjaamopage__translation_key", "municipality_id")
    for key, code in rows:
        found.setdefault(str(key), set()).add(code)
    return {key: sorted(codes) for key, codes in sorted(found.items())}


def fingerprint(locale, today=None):
    """A digest of what decides which points the locale's municipality pages show, but the
    served municipalities: the shown Ohjaamo pages and their points' ids, coordinates and
    validity today."""
    today = geo._today(today)
    shown, _hidden = geo._page_flags(locale, [], None)
    rows = ServicePoint.objects.filter(locale=locale).order_by("pk")
    points = [
        [
            pk,
            page_id,
            latitude,
            longitude,
            (valid_from is None or valid_from <= today) and (valid_to is None or valid_to >= today),
        ]
        for pk, page_id, latitude, longitude, valid_from, valid_to in rows.values_list(
            "pk", "page_id", "latitude", "longitude", "valid_from", "valid_to"
        )
    ]
    text = json.dumps([sorted(shown), points], separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def state():
    return {
        "served": served(),
        "locales": {str(locale.pk): fingerprint(locale) for locale in Locale.objects.all()},
    }


def read(root):
    path = root / STATE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _municipality_entries(manifest):
    """{locale id: [(municipality code, recorded point ids)]} of the manifest's municipality
    pages."""
    found = {}
    for entry in manifest.values():
        for key in entry["deps"]:
            if key.startswith(f"{deps.PLACES}:"):
                _prefix, locale_id, code = key.split(":", 2)
                points = {int(k[6:]) for k in entry["deps"] if k.startswith("point:")}
                found.setdefault(locale_id, []).append((code, points))
                break
    return found


def changed_keys(previous, manifest):
    """(keys of the municipality pages whose shown points changed since `previous` (a state),
    the current state). Without a previous state every municipality page is rebuilt."""
    current = state()
    entries = _municipality_entries(manifest)
    keys = set()
    if previous is None:
        for locale_id, items in entries.items():
            keys |= {deps.places_key(locale_id, code) for code, _points in items}
        return keys, current
    # Serving Ohjaamos changed: those municipalities, in every language.
    old_served, new_served = previous.get("served", {}), current["served"]
    codes = set()
    for key in set(old_served) | set(new_served):
        codes |= set(old_served.get(key, ())) ^ set(new_served.get(key, ()))
    for locale_id in current["locales"]:
        keys |= {deps.places_key(locale_id, code) for code in codes}
    # Points or shown pages changed: compare what each page shows now with what it recorded.
    for locale_id, digest in current["locales"].items():
        if previous.get("locales", {}).get(locale_id) == digest or locale_id not in entries:
            continue
        locale = Locale.objects.get(pk=locale_id)
        language = locale.language_code
        wanted = {code for code, _points in entries[locale_id]}
        by_code = Municipality.objects.in_bulk(wanted)
        for code, points in entries[locale_id]:
            municipality = by_code.get(code)
            if municipality is None:
                continue  # the page goes away with its target
            results = municipalities.municipality_results(municipality, locale, language)
            if {result.point.pk for result in results} != points:
                keys.add(deps.places_key(locale_id, code))
    return keys, current


def encode(current):
    return json.dumps(current, separators=(",", ":")).encode()
