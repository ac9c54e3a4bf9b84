"""The gazetteer: committed data files, the idempotent loader and its validation, the build
script's matching rules."""

import csv
import importlib.util
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from locations.gazetteer import DATA_DIR, GazetteerError, load, read_data
from locations.models import Municipality, PostalCode, Region
from locations.models.gazetteer import display_place_name, normalize_name
from locations.models.pages import FINLAND_BBOX

ROOT = Path(__file__).resolve().parent.parent


def load_build_script():
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "scripts" / "build_gazetteer.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def data_copy(tmp_path):
    for name in ("regions.csv", "municipalities.csv", "postal_codes.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def rewrite(path, change):
    """Apply `change(rows)` to the CSV file's rows (a list of dicts) and write it back."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- the data ---------------------------------------------------------------------------------


def test_the_data_files_cover_every_municipality_with_coordinates_inside_finland():
    regions, municipalities, postal_codes = read_data()
    assert len(regions) == 19
    assert len(municipalities) == 309
    assert len(postal_codes) == 5033
    for code, m in municipalities.items():
        assert FINLAND_BBOX["min_lat"] <= m["latitude"] <= FINLAND_BBOX["max_lat"], code
        assert FINLAND_BBOX["min_lon"] <= m["longitude"] <= FINLAND_BBOX["max_lon"], code
        assert m["region_id"] in regions
    assert all(p["municipality_id"] in municipalities for p in postal_codes.values())


def test_the_seeded_database_holds_the_gazetteer(db):
    assert Region.objects.count() == 19
    assert Municipality.objects.count() == 309
    assert PostalCode.objects.count() == 5033
    helsinki = Municipality.objects.get(code="091")
    assert (helsinki.name_fi, helsinki.name_sv, helsinki.region.name_fi) == (
        "Helsinki",
        "Helsingfors",
        "Uusimaa",
    )
    assert helsinki.name_sv_normalized == "helsingfors"
    assert PostalCode.objects.get(code="00100").municipality_id == "091"
    assert PostalCode.objects.get(code="96100").municipality.name_fi == "Rovaniemi"
    assert Region.objects.get(code="21").name_sv == "Åland"


def test_municipalities_missing_from_the_coordinate_sources_sit_at_their_centre(db):
    # Hattula's centre is Parola, a few km from Hämeenlinna; Siikalatva's is Kestilä.
    hattula = Municipality.objects.get(code="082")
    assert 60.9 < hattula.latitude < 61.2 and 24.2 < hattula.longitude < 24.6
    siikalatva = Municipality.objects.get(code="791")
    assert 64.2 < siikalatva.latitude < 64.5 and 26.0 < siikalatva.longitude < 26.5
    kemionsaari = Municipality.objects.get(code="322")
    assert kemionsaari.name_sv == "Kimitoön"
    assert 60.0 < kemionsaari.latitude < 60.3 and 22.5 < kemionsaari.longitude < 23.0
    vaala = Municipality.objects.get(code="785")
    assert vaala.region_id == "17"  # Pohjois-Pohjanmaa since 2016
    assert 64.4 < vaala.latitude < 64.7


def test_a_postal_code_of_another_locality_has_its_own_coordinates(db):
    nauvo = PostalCode.objects.select_related("municipality").get(code="21660")
    assert nauvo.municipality.name_fi == "Parainen"
    assert nauvo.latitude is not None
    assert nauvo.coordinates != (nauvo.municipality.latitude, nauvo.municipality.longitude)
    helsinki = PostalCode.objects.select_related("municipality").get(code="00100")
    assert helsinki.latitude is None
    assert helsinki.coordinates == (helsinki.municipality.latitude, helsinki.municipality.longitude)
    assert PostalCode.objects.get(code="00022").kind == PostalCode.Kind.CORPORATE


def test_names_are_normalised_and_post_offices_displayed_as_place_names():
    assert normalize_name("  Jyväskylä ") == "jyvaskyla"
    assert normalize_name("ÅBO") == "abo"
    assert display_place_name("KONTIOLAHTI AS") == "Kontiolahti as"
    assert display_place_name("YLI-II") == "Yli-Ii"
    assert display_place_name("HELSINGFORS") == "Helsingfors"


# --- loading ----------------------------------------------------------------------------------


def test_loading_again_changes_nothing(db):
    result = load()
    assert not result.changed
    assert result.municipalities.unchanged == 309
    assert result.postal_codes.unchanged == 5033


def test_the_command_reports_progress_and_a_summary(db):
    out = StringIO()
    call_command("load_gazetteer", stdout=out)
    text = out.getvalue()
    assert "municipalities: 0 created, 0 updated, 309 unchanged" in text
    assert "Gazetteer up to date." in text


def test_a_changed_row_is_updated_and_a_withdrawn_postal_code_removed(db, data_copy):
    Municipality.objects.filter(code="091").update(name_sv="Helsingfors stad")
    rewrite(data_copy / "postal_codes.csv", lambda rows: [r for r in rows if r["code"] != "00002"])
    result = load(data_copy)
    assert result.municipalities.updated == 1
    assert result.postal_codes.deleted == 1
    assert Municipality.objects.get(code="091").name_sv == "Helsingfors"
    assert not PostalCode.objects.filter(code="00002").exists()


def test_a_municipality_dropped_from_the_data_is_kept_and_reported(db, data_copy):
    Municipality.objects.create(
        code="999", name_fi="Testikunta", latitude=61.0, longitude=25.0, region_id="01"
    )
    out = StringIO()
    call_command("load_gazetteer", data_dir=data_copy, stdout=out)
    assert Municipality.objects.filter(code="999").exists()
    assert "not in the data files (kept): 999" in out.getvalue()


@pytest.mark.parametrize(
    ("filename", "change", "message"),
    [
        (
            "municipalities.csv",
            lambda rows: rows[3].update(latitude="abc"),
            "municipalities.csv line 5, latitude: “abc” is not a number",
        ),
        (
            "municipalities.csv",
            lambda rows: rows[0].update(longitude="35.2"),
            "municipalities.csv line 2, longitude: 35.2 is outside Finland",
        ),
        (
            "municipalities.csv",
            lambda rows: rows[1].update(region_code="33"),
            "municipalities.csv line 3, region_code: unknown region 33",
        ),
        (
            "postal_codes.csv",
            lambda rows: rows[2].update(code="1234"),
            "postal_codes.csv line 4, code: “1234” is not a 5-digit code",
        ),
        (
            "postal_codes.csv",
            lambda rows: rows[2].update(code=rows[1]["code"]),
            "postal_codes.csv line 4, code: 00003 appears twice (first on line 3)",
        ),
        (
            "postal_codes.csv",
            lambda rows: rows[0].update(municipality_code="998"),
            "postal_codes.csv line 2, municipality_code: unknown municipality 998",
        ),
        (
            "postal_codes.csv",
            lambda rows: rows[0].update(kind="igloo"),
            "postal_codes.csv line 2, kind: “igloo” is not one of",
        ),
        (
            "regions.csv",
            lambda rows: rows[0].update(name_fi=""),
            "regions.csv line 2, name_fi: empty",
        ),
    ],
)
def test_a_bad_row_fails_clearly_and_loads_nothing(db, data_copy, filename, change, message):
    Municipality.objects.filter(code="091").update(name_fi="Changed")
    rewrite(data_copy / filename, change)
    with pytest.raises(CommandError) as raised:
        call_command("load_gazetteer", data_dir=data_copy, stdout=StringIO())
    assert "Nothing was loaded" in str(raised.value)
    assert message in str(raised.value)
    assert Municipality.objects.get(code="091").name_fi == "Changed"


def test_a_missing_file_or_column_is_named(db, data_copy):
    (data_copy / "regions.csv").unlink()
    with pytest.raises(GazetteerError, match="regions.csv: file not found"):
        load(data_copy)
    shutil.copy(DATA_DIR / "regions.csv", data_copy / "regions.csv")
    text = (data_copy / "municipalities.csv").read_text("utf-8")
    (data_copy / "municipalities.csv").write_text(text.replace("region_code", "maakunta", 1))
    with pytest.raises(GazetteerError, match="missing column"):
        load(data_copy)


# --- the build script -------------------------------------------------------------------------


def posti(code, municipality, name_fi, name_sv, nuts="FI1B1", office=None, type_code="1"):
    return {
        "postcode": code,
        "postcode_fi_name": office or name_fi.upper(),
        "postcode_sv_name": office or name_sv.upper(),
        "type_code": type_code,
        "ad_area_code": nuts,
        "municipal_code": municipality,
        "municipal_name_fi": name_fi,
        "municipal_name_sv": name_sv,
    }


def place(name, region, lat, lon, population=1000, alternates=(), source="geonames:1"):
    build = load_build_script()
    return {
        "source": source,
        "name": name,
        "names": {build.normalize(name)},
        "alternates": {build.normalize(a) for a in alternates},
        "region": region,
        "population": population,
        "lat": lat,
        "lon": lon,
    }


def test_the_build_matches_names_within_the_region_and_falls_back_to_the_centre():
    build = load_build_script()
    postcodes = [
        posti("00100", "091", "Helsinki", "Helsingfors"),
        posti("04130", "753", "Sipoo", "Sibbo"),
        posti("13720", "082", "Hattula", "Hattula", nuts="FI1C2", office="PAROLA"),
    ]
    geonames = [
        # A namesake in another region must not win over the one in the right region.
        place("Helsinki", "02", 60.5, 22.3, population=99999, source="geonames:9"),
        place("Helsinki", "01", 60.17, 24.94, source="geonames:2"),
        place("Sibbo", "01", 60.38, 25.27, alternates=("Sipoo",), source="geonames:3"),
        place("Parola", "05", 61.05, 24.35, source="geonames:4"),
    ]
    regions, municipalities, postal_codes, report, located = build.build(postcodes, geonames, [])
    by_code = {m["code"]: m for m in municipalities}
    assert by_code["091"]["coordinate_source"] == "geonames:2 Helsinki"
    assert by_code["753"]["latitude"] == "60.38000"
    assert "administrative centre Parola" in by_code["082"]["coordinate_source"]
    assert [r["code"] for r in regions] == ["01", "05"]
    # PAROLA is not Hattula's own name: the postal code gets Parola's coordinates.
    assert located == 1
    assert {p["code"]: p["latitude"] for p in postal_codes}["13720"] == "61.05000"


def test_the_build_refuses_to_leave_a_municipality_without_coordinates():
    build = load_build_script()
    with pytest.raises(SystemExit, match="no coordinates"):
        build.build([posti("99999", "998", "Nowhere", "Nowhere")], [], [])
