"""Loading the gazetteer (regions, municipalities, postal codes) from the committed data files in
locations/data/ (made by scripts/build_gazetteer.py; see the README there).

`load()` validates every row before it writes anything, then brings the tables in line with the
files in one transaction: new rows are created, changed rows updated, identical rows left alone
(a second run changes nothing). Postal codes Posti has withdrawn are deleted; a region or
municipality missing from the files is reported but kept, since service points may refer to it.
"""

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal

from locations import place_forms
from locations.models import Municipality, PostalCode, Region
from locations.models.gazetteer import normalize_name
from locations.models.pages import FINLAND_BBOX

DATA_DIR = Path(__file__).resolve().parent / "data"

FILES = {
    "regions": "regions.csv",
    "municipalities": "municipalities.csv",
    "postal_codes": "postal_codes.csv",
}
COLUMNS = {
    "regions": ["code", "name_fi", "name_sv"],
    "municipalities": ["code", "name_fi", "name_sv", "region_code", "latitude", "longitude"],
    "postal_codes": [
        "code",
        "name_fi",
        "name_sv",
        "municipality_code",
        "kind",
        "latitude",
        "longitude",
    ],
}
BATCH_SIZE = 500


class GazetteerError(Exception):
    """A data file is missing or has a bad row; the message names the file, line and field."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    not_in_data: list = field(default_factory=list)

    def __str__(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.deleted:
            text += f", {self.deleted} deleted"
        if self.not_in_data:
            text += f", {len(self.not_in_data)} kept though not in the data"
        return text


# Sent (with `result`, a LoadResult) when a load changed regions, municipalities or postal codes.
gazetteer_changed = Signal()


@dataclass
class LoadResult:
    regions: Counts
    municipalities: Counts
    postal_codes: Counts
    forms: int = 0  # municipality names whose inflected forms were made (place_forms.py)

    def items(self):
        return [
            ("regions", self.regions),
            ("municipalities", self.municipalities),
            ("postal codes", self.postal_codes),
        ]

    @property
    def changed(self):
        return any(c.created or c.updated or c.deleted for _, c in self.items())


# --- reading and validating ----------------------------------------------------------------


def _read(data_dir, key):
    path = Path(data_dir) / FILES[key]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS[key] if c not in (reader.fieldnames or [])]
            if missing:
                raise GazetteerError(f"{path.name}: missing column(s) {', '.join(missing)}")
            # Line numbers as an editor shows them (the header is line 1).
            return path.name, [(n, row) for n, row in enumerate(reader, start=2)]
    except FileNotFoundError:
        raise GazetteerError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise GazetteerError(f"{path.name}: not UTF-8 ({error})") from None


def _fail(name, line, column, message):
    raise GazetteerError(f"{name} line {line}, {column}: {message}")


def _code(name, line, row, column, digits):
    value = (row.get(column) or "").strip()
    if len(value) != digits or not value.isdigit():
        _fail(name, line, column, f"“{value}” is not a {digits}-digit code")
    return value


def _text(name, line, row, column, *, required=True, max_length=100):
    value = (row.get(column) or "").strip()
    if required and not value:
        _fail(name, line, column, "empty")
    if len(value) > max_length:
        _fail(name, line, column, f"longer than {max_length} characters")
    return value


def _coordinate(name, line, row, column, *, required=True):
    raw = (row.get(column) or "").strip()
    if not raw:
        if required:
            _fail(name, line, column, "empty")
        return None
    try:
        value = float(raw)
    except ValueError:
        _fail(name, line, column, f"“{raw}” is not a number")
    if not math.isfinite(value):
        _fail(name, line, column, f"“{raw}” is not a number")
    low, high = (
        (FINLAND_BBOX["min_lat"], FINLAND_BBOX["max_lat"])
        if column == "latitude"
        else (FINLAND_BBOX["min_lon"], FINLAND_BBOX["max_lon"])
    )
    if not low <= value <= high:
        _fail(name, line, column, f"{value} is outside Finland ({low}–{high})")
    return value


def _unique(name, line, seen, code):
    if code in seen:
        _fail(name, line, "code", f"{code} appears twice (first on line {seen[code]})")
    seen[code] = line


def read_data(data_dir=DATA_DIR):
    """Read and validate the three files; returns dicts of field values keyed by code.
    Raises GazetteerError on the first bad row."""
    name, rows = _read(data_dir, "regions")
    regions, seen = {}, {}
    for line, row in rows:
        code = _code(name, line, row, "code", 2)
        _unique(name, line, seen, code)
        regions[code] = {
            "name_fi": _text(name, line, row, "name_fi"),
            "name_sv": _text(name, line, row, "name_sv", required=False),
        }

    name, rows = _read(data_dir, "municipalities")
    municipalities, seen = {}, {}
    for line, row in rows:
        code = _code(name, line, row, "code", 3)
        _unique(name, line, seen, code)
        region = _code(name, line, row, "region_code", 2)
        if region not in regions:
            _fail(name, line, "region_code", f"unknown region {region}")
        name_fi = _text(name, line, row, "name_fi")
        name_sv = _text(name, line, row, "name_sv", required=False)
        municipalities[code] = {
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_fi_normalized": normalize_name(name_fi),
            "name_sv_normalized": normalize_name(name_sv),
            "region_id": region,
            "latitude": _coordinate(name, line, row, "latitude"),
            "longitude": _coordinate(name, line, row, "longitude"),
        }

    name, rows = _read(data_dir, "postal_codes")
    postal_codes, seen = {}, {}
    kinds = set(PostalCode.Kind.values)
    for line, row in rows:
        code = _code(name, line, row, "code", 5)
        _unique(name, line, seen, code)
        municipality = _code(name, line, row, "municipality_code", 3)
        if municipality not in municipalities:
            _fail(name, line, "municipality_code", f"unknown municipality {municipality}")
        kind = (row.get("kind") or "").strip()
        if kind not in kinds:
            _fail(name, line, "kind", f"“{kind}” is not one of {', '.join(sorted(kinds))}")
        name_fi = _text(name, line, row, "name_fi")
        name_sv = _text(name, line, row, "name_sv", required=False)
        latitude = _coordinate(name, line, row, "latitude", required=False)
        longitude = _coordinate(name, line, row, "longitude", required=False)
        if (latitude is None) != (longitude is None):
            _fail(name, line, "longitude", "give both coordinates or neither")
        postal_codes[code] = {
            "name_fi": name_fi,
            "name_sv": name_sv,
            "name_fi_normalized": normalize_name(name_fi),
            "name_sv_normalized": normalize_name(name_sv),
            "kind": kind,
            "municipality_id": municipality,
            "latitude": latitude,
            "longitude": longitude,
        }
    return regions, municipalities, postal_codes


# --- writing ---------------------------------------------------------------------------------


def _sync(model, wanted, *, delete_missing, log, label, resets=None):
    """Create, update or leave alone each object in `wanted` ({pk: field values}). `resets`:
    {field: {other field: value}}, set when that field changes (a derived value to redo)."""
    resets = resets or {}
    counts = Counts()
    existing = model.objects.in_bulk()
    to_create, to_update, changed_fields = [], [], set()
    for pk, values in wanted.items():
        obj = existing.get(pk)
        if obj is None:
            to_create.append(model(pk=pk, **values))
            continue
        diff = [f for f, v in values.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, values[f])
                for other, value in resets.get(f, {}).items():
                    setattr(obj, other, value)
                    changed_fields.add(other)
            changed_fields.update(diff)
            to_update.append(obj)
        else:
            counts.unchanged += 1
    for start in range(0, len(to_create), BATCH_SIZE):
        model.objects.bulk_create(to_create[start : start + BATCH_SIZE])
        log(f"  {label}: {min(start + BATCH_SIZE, len(to_create))}/{len(to_create)} created")
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH_SIZE)
        log(f"  {label}: {len(to_update)} updated")
    counts.created, counts.updated = len(to_create), len(to_update)
    stale = [pk for pk in existing if pk not in wanted]
    if stale and delete_missing:
        counts.deleted, _ = model.objects.filter(pk__in=stale).delete()
    elif stale:
        counts.not_in_data = sorted(stale)
    return counts


def load(data_dir=DATA_DIR, log=None):
    """Validate the data files and bring the database in line with them (one transaction).
    Returns a LoadResult with created/updated/unchanged counts per table."""
    log = log or (lambda message: None)
    log("Reading and checking the gazetteer files…")
    regions, municipalities, postal_codes = read_data(data_dir)
    log(
        f"  {len(regions)} regions, {len(municipalities)} municipalities, "
        f"{len(postal_codes)} postal codes"
    )
    with transaction.atomic():
        result = LoadResult(
            regions=_sync(Region, regions, delete_missing=False, log=log, label="regions"),
            municipalities=_sync(
                Municipality,
                municipalities,
                delete_missing=False,
                log=log,
                label="municipalities",
                # A renamed municipality's inflected forms are made again (below).
                resets={"name_fi": {"name_fi_forms": None}},
            ),
            # Posti withdraws codes now and then; nothing refers to a postal code row.
            postal_codes=_sync(
                PostalCode, postal_codes, delete_missing=True, log=log, label="postal codes"
            ),
        )
        # The inflected forms of the municipality names the finder reads (place_forms.py), now
        # rather than on the first request for the gazetteer data.
        result.forms = place_forms.store_municipality_forms(
            Municipality.objects.filter(name_fi_forms__isnull=True), log=log
        )
        if result.changed or result.forms:
            # Inside the transaction: a receiver's writes (a rebuild queued) commit with the data.
            gazetteer_changed.send(sender=LoadResult, result=result)
    return result
