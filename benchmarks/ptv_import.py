#!/usr/bin/env python
"""PTV import benchmark: `import_ptv` of a 50 MB registry file (the national registry's size
class), time and peak memory, beside a baseline in the same run.

    .venv/bin/python benchmarks/ptv_import.py              # 50 MB, checks the targets
    .venv/bin/python benchmarks/ptv_import.py --mb 10      # a smaller file
    .venv/bin/python benchmarks/ptv_import.py --no-baseline

It builds everything in a temporary directory: a SQLite database (migrated, gazetteer loaded, a
finder with 8 Ohjaamo pages each mapped to one PTV organisation, each with a Swedish and an
English translation, which the import publishes with PTV's names and addresses in their
languages) and a synthetic registry file: a list of service channels of 2,000 organisations
across Finland (service locations with addresses, ETRS-TM35FIN coordinates, phone numbers,
e-mail, weekly hours and exceptions in fi/sv/en; a tenth are other channel types), 40 of them of
the mapped organisations. Each import runs in a child process on its own copy of the database, so
its peak memory (the process's VmHWM) is its own:

- streamed: the import as it is (locations/ptv.py reads the file one channel at a time);
- baseline: the same import with the file parsed whole first (json.loads, as before the stream).

Targets: the streamed import <= 60 s and <= 300 MB.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
TARGET_MB = 300.0
SEED = 20261129
ORGANISATIONS = 2000
MAPPED = 8
MAPPED_CHANNELS = 40
TRANSLATION_LANGUAGES = ("sv", "en")


def setup_django(database):
    os.environ["DJANGO_SETTINGS_MODULE"] = "kohtaamo.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["MEDIA_ROOT"] = str(Path(database).parent / "media")
    os.environ.pop("ELASTICSEARCH_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def organisations():
    rnd = random.Random(SEED)
    return [str(uuid.UUID(int=rnd.getrandbits(128), version=4)) for _ in range(ORGANISATIONS)]


def build_database(database):
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from locations.models import FinderPage, OhjaamoPage

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    fi = Locale.objects.get(language_code="fi")
    translations = [
        Locale.objects.get_or_create(language_code=code)[0] for code in TRANSLATION_LANGUAGES
    ]
    root = Page.get_first_root_node()
    finder = root.add_child(instance=FinderPage(title="Ohjaamot", slug="ohjaamot", locale=fi))
    for locale in translations:
        finder.copy_for_translation(locale).save_revision().publish()
    for n, org in enumerate(organisations()[:MAPPED]):
        page = finder.add_child(
            instance=OhjaamoPage(
                title=f"Ohjaamo {n}",
                slug=f"ohjaamo-{n}",
                intro="Testi.",
                locale=fi,
                ptv_organization_ids=org,
            )
        )
        page.save_revision().publish()
        # Swedish and English pages: the import publishes them too, with PTV's names.
        for locale in translations:
            page.copy_for_translation(locale).save_revision().publish()


def localized(value_fi, value_sv=None, value_en=None, kind=None):
    rows = []
    for language, value in (("fi", value_fi), ("sv", value_sv), ("en", value_en)):
        if value:
            row = {"language": language, "value": value}
            if kind:
                row["type"] = kind
            rows.append(row)
    return rows


def channel(rnd, n, org, municipality, postal_code, centre):
    # Within a couple of kilometres of the municipality's centre (ETRS-TM35FIN metres).
    northing = round(centre[0] + rnd.uniform(-2000, 2000))
    easting = round(centre[1] + rnd.uniform(-2000, 2000))
    kind = "ServiceLocation" if rnd.random() < 0.9 else rnd.choice(["EChannel", "Phone"])
    text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(40, 80)))
    return {
        "id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
        "organizationId": org,
        "serviceChannelType": kind,
        "publishingStatus": "Published",
        "serviceChannelNames": localized(
            f"Asiointipiste {n}", f"Servicepunkt {n}", f"Service point {n}", kind="Name"
        ),
        "serviceChannelDescriptions": localized(text, text, text, kind="Description"),
        "addresses": [
            {
                "type": "Location",
                "subType": "Street",
                "country": "FI",
                "streetAddress": {
                    "street": localized(f"Testikatu {n % 97}", f"Testgatan {n % 97}"),
                    "streetNumber": str(1 + n % 120),
                    "postalCode": postal_code,
                    "postOffice": localized("TESTI", "TEST"),
                    "municipality": {"code": municipality, "name": localized("Testi")},
                    "latitude": str(northing),
                    "longitude": str(easting),
                    "coordinateState": "Ok",
                    "additionalInformation": localized(text[:200], text[:200]),
                },
            }
        ],
        "phoneNumbers": [
            {
                "number": f"0{rnd.randint(100000000, 999999999)}",
                "prefixNumber": "+358",
                "isFinnishServiceNumber": False,
                "language": "fi",
            }
        ],
        "supportEmails": localized(f"piste{n}@example.fi"),
        "serviceHours": [
            {
                "serviceHourType": "DaysOfTheWeek",
                "isClosed": False,
                "openingHour": [
                    {"dayFrom": "Monday", "dayTo": "Thursday", "from": "09:00", "to": "16:00"},
                    {"dayFrom": "Friday", "from": "09:00", "to": "14:00"},
                ],
            },
            {
                "serviceHourType": "Exceptional",
                "validFrom": "2026-12-24T00:00:00",
                "validTo": "2026-12-26T00:00:00",
                "isClosed": True,
                "additionalInformation": localized("Joulu", "Jul", "Christmas"),
            },
        ],
    }


WORDS = [
    "ohjaus",
    "neuvonta",
    "nuoret",
    "työ",
    "opiskelu",
    "asuminen",
    "hyvinvointi",
    "palvelu",
    "tuki",
    "kela",
    "te-palvelut",
    "vastaanotto",
    "ajanvaraus",
    "esteetön",
    "sisäänkäynti",
    "kerros",
]


def build_registry(path, megabytes):
    """A JSON list of channels of about `megabytes` MB, written item by item."""
    import csv

    from pyproj import Transformer

    to_etrs = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
    centres = {}
    with (ROOT / "locations/data/municipalities.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            easting, northing = to_etrs.transform(float(row["longitude"]), float(row["latitude"]))
            centres[row["code"]] = (northing, easting)
    rnd = random.Random(SEED)
    orgs = organisations()
    rows = list(csv.DictReader((ROOT / "locations/data/postal_codes.csv").open(encoding="utf-8")))
    places = [(r["municipality_code"], r["code"]) for r in rows if r["kind"] == "area"]
    target = megabytes * 1024 * 1024
    mapped_every = None
    written, n = 0, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        while written < target:
            # The mapped organisations' channels spread through the file.
            if mapped_every is None and n == 50:
                mapped_every = max(1, n * (target // max(written, 1)) // MAPPED_CHANNELS)
            mapped = mapped_every and n % mapped_every == 0 and n // mapped_every <= MAPPED_CHANNELS
            if mapped:
                org = orgs[(n // mapped_every) % MAPPED]
            else:
                org = orgs[MAPPED + rnd.randrange(ORGANISATIONS - MAPPED)]
            municipality, postal_code = rnd.choice(places)
            item = channel(rnd, n, org, municipality, postal_code, centres[municipality])
            text = json.dumps(item, ensure_ascii=False)
            if n:
                out.write(",\n")
            out.write(text)
            written += len(text.encode()) + 2
            n += 1
        out.write("\n]\n")
    return n


def peak_mb():
    """The process's peak resident memory (VmHWM) in MB. Not getrusage's ru_maxrss: on Linux
    that survives exec, so a child would report its parent's peak."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode, database, registry):
    """One import in this process; prints seconds and peak memory as JSON."""
    setup_django(database)
    from locations import ptv

    if mode == "baseline":

        def whole(source, timeout=ptv.FETCH_TIMEOUT, log=None):
            path = Path(source)
            return ptv._items(ptv._parse_json(path.read_bytes(), path.name), path.name)

        ptv.load_source = whole
    # What the process holds before it reads the file (Django, Wagtail, pyproj, the apps).
    start_mb = peak_mb()
    started = time.perf_counter()
    report = ptv.run(str(registry))
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak,
                "start_mb": start_mb,
                "created": len(report.created),
                "skipped": len(report.skipped),
                "translated": len(report.translated),
            }
        )
    )


def run_child(mode, base, workdir, registry):
    database = workdir / f"{mode}.sqlite3"
    shutil.copy(base, database)
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(database), str(registry)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the registry file (MB)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "DATABASE", "REGISTRY"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    with tempfile.TemporaryDirectory(prefix="ptv-bench-") as tmp:
        workdir = Path(tmp)
        base = workdir / "base.sqlite3"
        setup_django(base)
        started = time.perf_counter()
        build_database(base)
        registry = workdir / "registry.json"
        count = build_registry(registry, args.mb)
        size = registry.stat().st_size / 1024 / 1024
        print(
            f"registry: {size:.1f} MB, {count} channels ({MAPPED_CHANNELS} of mapped "
            f"organisations); built in {time.perf_counter() - started:.1f} s"
        )
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1 and 5 min)")
        modes = ["streamed"] + ([] if args.no_baseline else ["baseline"])
        results = {}
        for mode in modes:
            results[mode] = run_child(mode, base, workdir, registry)
            r = results[mode]
            print(
                f"{mode:>9}: {r['seconds']:6.1f} s, peak {r['peak_mb']:6.0f} MB "
                f"(before reading {r['start_mb']:.0f} MB) "
                f"({r['created']} created, {r['translated']} translated, "
                f"{r['skipped']} skipped)"
            )
        streamed = results["streamed"]
        ok = streamed["seconds"] <= TARGET_SECONDS and streamed["peak_mb"] <= TARGET_MB
        print(
            f"target: <= {TARGET_SECONDS:.0f} s and <= {TARGET_MB:.0f} MB: "
            + ("met" if ok else "NOT met")
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
