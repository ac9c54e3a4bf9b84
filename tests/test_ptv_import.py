"""PTV import: EPSG:3067 → WGS84, matching by channel id (no duplicates), pages by organisation or
--ohjaamo, local edits kept, hours and exceptions mapped, one transaction (a broken file changes
nothing), published as a new revision, drafts kept, dry runs, paged URLs (no network)."""

import copy
import datetime
import io
import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kohtaamo.seeding import publish
from locations import ptv
from locations.models import OhjaamoPage, ServicePoint
from tests.test_finder_nearest import hide_other_ohjaamos, make_finder, make_ohjaamo

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ptv"
HELSINKI_ORG = "6f0b3a2e-8d7c-4c1e-9a51-2b7e3f0c1d11"
TAMPERE_ORG = "0e5d1c6b-2f3a-4b8c-8d9e-5a4b3c2d1e22"
HELSINKI_CHANNEL = uuid.UUID("3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01")
TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def pages(seeded):
    hide_other_ohjaamos()
    finder = make_finder(seeded["fi"], slug="ptv-testi")
    helsinki = make_ohjaamo(finder, "ptv-helsinki", ["091"], [("Oma piste", "091", 60.17, 24.94)])
    tampere = make_ohjaamo(finder, "ptv-tampere", ["837"], [])
    helsinki.ptv_organization_ids = HELSINKI_ORG.upper() + "\n"
    tampere.ptv_organization_ids = TAMPERE_ORG
    publish(helsinki)
    publish(tampere)
    return {"helsinki": helsinki, "tampere": tampere}


def import_ptv(*args, **options):
    out = StringIO()
    call_command("import_ptv", *[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def ptv_points():
    return ServicePoint.objects.filter(ptv_id__isnull=False, page__locale__language_code="fi")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The fixtures' exceptions are dated around Christmas 2026."""
    monkeypatch.setattr(ptv, "local_today", lambda now: TODAY)


def channel_json(**changes):
    data = json.loads((FIXTURES / "channel_helsinki.json").read_text("utf-8"))
    street = data["addresses"][1]["streetAddress"]
    for key, value in changes.items():
        if key in street:
            street[key] = value
        else:
            data[key] = value
    return data


def write(tmp_path, data, name="source.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


# --- coordinates --------------------------------------------------------------------------------


def test_etrs_tm35fin_is_converted_to_wgs84():
    # The projection's central meridian is 27°E at easting 500 000 m.
    latitude, longitude = ptv.to_wgs84(7_000_000, 500_000)
    assert longitude == pytest.approx(27.0, abs=1e-6)
    assert latitude == pytest.approx(63.1, abs=0.05)
    # Fredrikinkatu 48, Helsinki: northing 6 671 680, easting 385 364.
    assert ptv.to_wgs84(6_671_680, 385_364) == pytest.approx((60.1659, 24.9342), abs=3e-4)


# --- importing ----------------------------------------------------------------------------------


def test_a_channel_becomes_a_point_with_wgs84_coordinates_and_hours(pages):
    revisions = pages["helsinki"].revisions.count()
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    assert "1 created, 0 updated, 0 unchanged, 0 skipped" in out
    assert "Published: Ptv Helsinki" in out

    point = ptv_points().get()
    page = OhjaamoPage.objects.get(pk=pages["helsinki"].pk)
    assert point.page_id == page.pk
    assert (point.latitude, point.longitude) == pytest.approx((60.1659, 24.9342), abs=3e-4)
    assert not point.location_approximate
    assert point.name == "Ohjaamo Helsinki, Fredrikinkatu"
    assert point.street_address == "Fredrikinkatu 48"
    assert (point.postal_code, point.post_office, point.municipality_id) == (
        "00100",
        "Helsinki",
        "091",
    )
    assert point.phone == "+358 401234567"
    assert point.email == "ohjaamo@example.fi"
    assert point.kind == ServicePoint.Kind.BRANCH  # the page already had its own point
    assert str(point.ptv_organization_id) == HELSINKI_ORG
    assert point.ptv_synced_at is not None

    hours = [
        (h.weekday, h.opens.strftime("%H:%M"), h.closes.strftime("%H:%M"))
        for h in point.weekly_hours.order_by("weekday", "opens")
    ]
    assert hours == [
        (0, "09:00", "16:00"),
        (1, "09:00", "16:00"),
        (2, "09:00", "12:00"),
        (2, "13:00", "18:00"),
        (3, "09:00", "16:00"),
        (4, "09:00", "15:00"),
        (4, "20:00", "02:00"),  # over midnight into Saturday
    ]
    exceptions = [
        (e.start_date.isoformat(), e.end_date.isoformat(), e.closed, e.reason)
        for e in point.exceptions.order_by("start_date")
    ]
    # The 2025 midsummer exception is past and not imported.
    assert exceptions == [
        ("2026-12-24", "2026-12-26", True, "Joulun pyhät"),
        ("2026-12-30", "2026-12-30", False, "Lyhennetty päivä"),
    ]
    special = point.exceptions.get(closed=False)
    assert (special.opens, special.closes) == (datetime.time(10), datetime.time(14))

    # Saved as a new revision and published; the team's own point is still there.
    assert page.revisions.count() == revisions + 1
    assert page.live_revision == page.get_latest_revision()
    assert set(page.points.values_list("name", flat=True)) == {
        "Oma piste",
        "Ohjaamo Helsinki, Fredrikinkatu",
    }


def test_a_reimport_updates_in_place_and_never_duplicates(pages, tmp_path):
    import_ptv(FIXTURES / "channel_helsinki.json")
    page = pages["helsinki"]
    revisions = page.revisions.count()
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    assert "0 created, 0 updated, 1 unchanged, 0 skipped" in out
    assert "Nothing to change." in out
    assert page.revisions.count() == revisions
    assert ptv_points().count() == 1

    moved = channel_json(latitude="6671700", longitude="385400")
    out = import_ptv(write(tmp_path, moved))
    assert "0 created, 1 updated" in out
    point = ptv_points().get()
    assert point.longitude == pytest.approx(24.9348, abs=3e-4)
    assert ptv_points().count() == 1
    assert page.revisions.count() == revisions + 1


def test_fields_the_local_team_changed_are_kept(pages, tmp_path):
    import_ptv(FIXTURES / "channel_helsinki.json")
    point = ptv_points().get()
    ServicePoint.objects.filter(pk=point.pk).update(street_address="Fredrikinkatu 48 B, 2. krs")
    point.weekly_hours.filter(weekday=0).update(closes=datetime.time(17))

    changed = channel_json(
        streetNumber="50",
        phoneNumbers=[{"prefixNumber": "+358", "number": "0509876543", "language": "fi"}],
    )
    changed["serviceHours"][0]["openingHour"][1]["to"] = "17:00:00"  # Tuesday
    out = import_ptv(write(tmp_path, changed))
    assert "1 updated" in out
    assert "street_address kept from the local team's edit" in out
    point.refresh_from_db()
    assert point.street_address == "Fredrikinkatu 48 B, 2. krs"  # the team's edit
    assert point.phone == "+358 509876543"  # PTV's change
    assert point.overridden_fields == ["street_address", "weekly_hours"]
    monday = point.weekly_hours.get(weekday=0)
    assert monday.closes == datetime.time(17)
    tuesday = point.weekly_hours.get(weekday=1)
    assert tuesday.closes == datetime.time(16)  # hours are the team's, not overwritten
    assert point.ptv_snapshot["street_address"] == "Fredrikinkatu 50"

    # When the team's value and PTV's agree again, the field is no longer overridden.
    ServicePoint.objects.filter(pk=point.pk).update(street_address="Fredrikinkatu 50")
    import_ptv(write(tmp_path, changed))
    point.refresh_from_db()
    assert point.overridden_fields == ["weekly_hours"]


def test_an_unpublished_draft_keeps_its_edits_and_gets_the_import(pages):
    page = pages["helsinki"]
    page.intro = "Luonnos, jota ei ole vielä julkaistu."
    page.save_revision()
    import_ptv(FIXTURES / "channel_helsinki.json")

    page = OhjaamoPage.objects.get(pk=page.pk)
    assert page.intro == "Testi-Ohjaamo."  # live content unchanged apart from the points
    assert page.has_unpublished_changes
    assert ptv_points().count() == 1
    draft = page.get_latest_revision_as_object()
    assert draft.intro == "Luonnos, jota ei ole vielä julkaistu."
    names = {p.name: p.pk for p in draft.points.all()}
    assert names["Ohjaamo Helsinki, Fredrikinkatu"] == ptv_points().get().pk

    # Publishing the draft later does not duplicate the imported point.
    page.get_latest_revision().publish()
    assert ptv_points().count() == 1


def test_a_paged_response_maps_organisations_and_reports_skips(pages):
    out = import_ptv(FIXTURES / "page_tampere.json")
    assert "2 created, 0 updated, 0 unchanged, 2 skipped" in out
    assert "not a service location (EChannel)" in out
    assert "no Ohjaamo page for organisation 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b33" in out
    assert "no coordinates in PTV: placed at the municipality's centre" in out

    tampere = pages["tampere"]
    main = ptv_points().get(page=tampere, postal_code="33100")
    assert main.kind == ServicePoint.Kind.MAIN  # the page had no points
    assert main.street_address == "Hämeenkatu 10"
    assert (main.latitude, main.longitude) == pytest.approx((61.4949, 23.7680), abs=3e-4)
    assert sorted(main.weekly_hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]

    nokia = ptv_points().get(page=tampere, postal_code="37100")
    assert nokia.location_approximate
    assert (nokia.latitude, nokia.longitude) == (
        nokia.municipality.latitude,
        nokia.municipality.longitude,
    )


def test_ohjaamo_option_imports_only_the_organisations_it_is_mapped_to(pages):
    # The quoted bug: a Jyväskylä service desk (another organisation) landed on Tampere's page.
    out = import_ptv(FIXTURES / "page_tampere.json", ohjaamo="ptv-tampere")
    assert "2 created" in out
    assert "refused: organisation 9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b33 is not one" in out
    assert ptv_points().filter(page=pages["tampere"]).count() == 2
    assert not ptv_points().filter(name__icontains="asiointipiste").exists()
    # Onto another Ohjaamo's page: every channel refused, nothing created.
    out = import_ptv(FIXTURES / "channel_helsinki.json", ohjaamo="ptv-tampere")
    assert "0 created" in out and "refused: organisation " + HELSINKI_ORG in out
    assert not ptv_points().filter(page=pages["helsinki"]).exists()
    with pytest.raises(CommandError, match="--ohjaamo no-such-page: no Ohjaamo page"):
        import_ptv(FIXTURES / "page_tampere.json", ohjaamo="no-such-page")


def test_ohjaamo_option_needs_a_mapped_page(pages):
    tampere = pages["tampere"]
    tampere.ptv_organization_ids = ""
    publish(tampere)
    with pytest.raises(CommandError, match="mapped to no PTV organisation"):
        import_ptv(FIXTURES / "page_tampere.json", ohjaamo="ptv-tampere")
    assert not ptv_points().exists()


# --- linking existing points --------------------------------------------------------------------


def set_point(page, **values):
    page = page.specific.__class__.objects.get(pk=page.pk)
    point = page.points.get()
    for name, value in values.items():
        setattr(point, name, value)
    point.save()
    publish(page)
    return page.points.get()


def test_an_existing_point_at_the_same_address_is_linked_not_duplicated(pages):
    # The quoted bug: "Fredrikinkatu 48" twice on Helsinki's page after the first import.
    before = set_point(pages["helsinki"], street_address="Fredrikinkatu  48", postal_code="00100")
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    assert "0 created" in out and "1 linked to existing points" in out
    assert "by its address" in out
    page = pages["helsinki"].specific.__class__.objects.get(pk=pages["helsinki"].pk)
    points = list(page.points.all())
    assert len(points) == 1
    assert points[0].pk == before.pk and points[0].ptv_id == HELSINKI_CHANNEL
    # A second import updates the same point.
    assert "0 created, 0 updated, 1 unchanged" in import_ptv(FIXTURES / "channel_helsinki.json")


def test_an_existing_point_within_50_m_is_linked(pages):
    channel = ptv.check_channel(channel_json(), 1, TODAY)
    # About 30 m north of the channel, under another address.
    before = set_point(
        pages["helsinki"],
        street_address="Annankatu 1",
        latitude=channel.latitude + 0.00027,
        longitude=channel.longitude,
    )
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    assert "1 linked to existing points" in out and " m away" in out
    assert ServicePoint.objects.get(pk=before.pk).ptv_id == HELSINKI_CHANNEL


def test_a_point_farther_than_50_m_is_not_linked(pages):
    channel = ptv.check_channel(channel_json(), 1, TODAY)
    set_point(
        pages["helsinki"],
        street_address="Annankatu 1",
        latitude=channel.latitude + 0.0009,  # about 100 m
        longitude=channel.longitude,
    )
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    assert "1 created" in out and "linked" not in out


def test_an_explicit_link_maps_a_point_to_a_channel(pages):
    before = set_point(pages["helsinki"], street_address="Muu osoite 5", latitude=60.2)
    out = import_ptv(FIXTURES / "channel_helsinki.json", link=[f"{before.pk}={HELSINKI_CHANNEL}"])
    assert "1 linked to existing points" in out and "as asked (--link)" in out
    assert ServicePoint.objects.get(pk=before.pk).ptv_id == HELSINKI_CHANNEL
    with pytest.raises(CommandError, match="--link nonsense: give POINT_ID=CHANNEL_ID"):
        import_ptv(FIXTURES / "channel_helsinki.json", link=["nonsense"])


def test_an_explicit_link_to_a_point_elsewhere_fails_and_writes_nothing(pages):
    tampere = make_ohjaamo(
        pages["helsinki"].get_parent(), "ptv-muu", ["837"], [("X", "837", 61.5, 23.7)]
    )
    other = tampere.points.get()
    with pytest.raises(CommandError, match="--link: point"):
        import_ptv(FIXTURES / "channel_helsinki.json", link=[f"{other.pk}={HELSINKI_CHANNEL}"])
    assert not ptv_points().exists()


def test_a_dry_run_reports_and_writes_nothing(pages):
    revisions = pages["helsinki"].revisions.count()
    out = import_ptv(FIXTURES / "channel_helsinki.json", dry_run=True)
    assert "1 created" in out and "Dry run: nothing was written." in out
    assert not ptv_points().exists()
    assert pages["helsinki"].revisions.count() == revisions


# --- broken input -------------------------------------------------------------------------------


def mutate(change):
    def make(tmp_path):
        data = channel_json()
        change(data)
        return write(
            tmp_path,
            [json.loads((FIXTURES / "page_tampere.json").read_text())["itemList"][0], data],
        )

    return make


def street(data):
    return data["addresses"][1]["streetAddress"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            lambda tmp: FIXTURES / "broken_coordinates.json",
            "item 2 (8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c04): addresses[0].streetAddress."
            "latitude/longitude: impossible coordinates (northing 61.4981, easting 23.7610)",
        ),
        (
            lambda tmp: FIXTURES / "broken_missing_name.json",
            "item 2 (8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c04): serviceChannelNames: missing",
        ),
        (
            lambda tmp: FIXTURES / "broken_truncated.json",
            "broken_truncated.json: malformed JSON (line",
        ),
        (
            mutate(lambda d: street(d).pop("postalCode")),
            "item 2 (3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01): addresses[1].streetAddress."
            "postalCode: missing",
        ),
        (
            mutate(lambda d: street(d).update(latitude="7671680", longitude="985364")),
            "item 2 (3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01): addresses[1].streetAddress."
            "latitude/longitude: impossible coordinates",
        ),
        (
            mutate(lambda d: street(d).update(latitude="abc")),
            "addresses[1].streetAddress.latitude: “abc” is not a number",
        ),
        (
            mutate(lambda d: street(d).update(longitude=None)),
            "addresses[1].streetAddress.longitude: missing (the other coordinate is given)",
        ),
        (
            mutate(lambda d: street(d)["municipality"].update(code="999")),
            "addresses.streetAddress.municipality.code: unknown municipality 999",
        ),
        (mutate(lambda d: d.update(id="not-a-uuid")), "item 2 (not-a-uuid): id: “not-a-uuid”"),
        (
            mutate(lambda d: d.pop("organizationId")),
            "item 2 (3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01): organizationId: missing",
        ),
        (
            mutate(lambda d: d["serviceHours"][0]["openingHour"][0].update(dayFrom="Moonday")),
            "serviceHours[0].openingHour[0].dayFrom: “Moonday” is not a day of the week",
        ),
        (
            mutate(lambda d: d["serviceHours"][0]["openingHour"][0].update(to="25:00")),
            "serviceHours[0].openingHour[0].to: “25:00” is not a time",
        ),
        (
            mutate(lambda d: d.update(addresses=[d["addresses"][0]])),
            "addresses: no address of type Location",
        ),
        (
            lambda tmp: write(tmp, [channel_json(), channel_json()]),
            "id: the same channel as item 1",
        ),
        (lambda tmp: tmp / "missing.json", "missing.json: cannot be read"),
        (lambda tmp: write(tmp, "just a string"), "expected a service channel"),
    ],
)
def test_a_broken_source_fails_clearly_and_changes_nothing(pages, tmp_path, source, message):
    import_ptv(FIXTURES / "channel_helsinki.json")
    before = list(ptv_points().values_list("pk", "name", "street_address", "latitude"))
    revisions = pages["helsinki"].revisions.count()
    with pytest.raises(CommandError) as raised:
        import_ptv(source(tmp_path))
    assert str(raised.value).startswith("Nothing was imported: ")
    assert message in str(raised.value)
    assert list(ptv_points().values_list("pk", "name", "street_address", "latitude")) == before
    assert pages["helsinki"].revisions.count() == revisions
    assert not ptv_points().filter(page=pages["tampere"]).exists()


def test_a_failure_while_writing_rolls_everything_back(pages, monkeypatch):
    calls = []
    real = ptv._apply

    def failing(point, channel, *args):
        calls.append(channel.id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(point, channel, *args)

    monkeypatch.setattr(ptv, "_apply", failing)
    with pytest.raises(RuntimeError):
        import_ptv(FIXTURES / "page_tampere.json", ohjaamo="ptv-tampere")
    assert not ptv_points().exists()


# --- URLs (no network: urlopen is replaced) -----------------------------------------------------


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_a_paged_url_is_followed(pages, monkeypatch):
    page = json.loads((FIXTURES / "page_tampere.json").read_text("utf-8"))
    first = copy.deepcopy(page)
    first.update(pageCount=2, itemList=page["itemList"][:1])
    second = copy.deepcopy(page)
    second.update(pageNumber=2, pageCount=2, itemList=[channel_json()])
    requested = []

    def urlopen(request, timeout):
        requested.append((request.full_url, timeout))
        body = second if "page=2" in request.full_url else first
        return FakeResponse(json.dumps(body).encode())

    monkeypatch.setattr(ptv.urllib.request, "urlopen", urlopen)
    out = import_ptv("https://ptv.example/api/v11/ServiceChannel?type=ServiceLocation")
    assert "2 created" in out
    assert [url for url, _ in requested] == [
        "https://ptv.example/api/v11/ServiceChannel?type=ServiceLocation",
        "https://ptv.example/api/v11/ServiceChannel?type=ServiceLocation&page=2",
    ]
    assert all(timeout == ptv.FETCH_TIMEOUT for _, timeout in requested)


def test_an_unreachable_url_fails_clearly(pages, monkeypatch):
    def urlopen(request, timeout):
        raise OSError("timed out")

    monkeypatch.setattr(ptv.urllib.request, "urlopen", urlopen)
    with pytest.raises(CommandError, match="could not be fetched \\(timed out\\)"):
        import_ptv("https://ptv.example/api/v11/ServiceChannel/x")


# --- the imported point on the site -------------------------------------------------------------


def test_the_imported_point_appears_in_the_api_with_its_coordinates(pages, client):
    import_ptv(FIXTURES / "channel_helsinki.json")
    features = client.get("/api/locations/").json()["features"]
    feature = next(
        f for f in features if f["properties"]["name"] == "Ohjaamo Helsinki, Fredrikinkatu"
    )
    lon, lat = feature["geometry"]["coordinates"]
    assert (lat, lon) == pytest.approx((60.1659, 24.9342), abs=3e-4)


def test_the_broken_fixture_is_really_broken():
    # Guards the truncated fixture against being "fixed" by accident.
    with pytest.raises(json.JSONDecodeError):
        json.loads((FIXTURES / "broken_truncated.json").read_text("utf-8"))
