"""The static export's municipality pages depend on what they show: an edit of one Ohjaamo
rebuilds only the municipality pages that show it, a change of location data also those whose
shown points change, and a publish that touches no Ohjaamo rebuilds none (generator/places.py).

The module builds the municipality pages of the three languages once (about 930 files: the rest
of the site is left out to keep the test short; test_static_export.py builds it whole)."""

import json
import shutil
from pathlib import Path

import pytest

from generator import build, places, worker
from generator.build import MANIFEST, Builder
from generator.models import RebuildRequest
from locations import municipalities
from locations.models import FinderPage, Municipality, OhjaamoPage
from tests.factories.news import publish

pytestmark = pytest.mark.django_db

UTSJOKI = "890"
LANGUAGES = ("fi", "sv", "en")
SEGMENTS = ("/kunnat/", "/kommuner/", "/municipalities/")


def only_municipalities(targets):
    return [t for t in targets if any(s in t.url for s in SEGMENTS)]


ALL_TARGETS, PAGE_BOUND, FIXED = build.all_targets, build.page_bound_targets, build.fixed_targets


def municipality_targets(site):
    return only_municipalities(ALL_TARGETS(site))


def restrict(patch):
    """Build only the municipality pages (and list only them in an incremental build)."""
    patch.setattr(build, "all_targets", municipality_targets)
    patch.setattr(build, "page_bound_targets", lambda *a: only_municipalities(PAGE_BOUND(*a)))
    patch.setattr(build, "fixed_targets", lambda: only_municipalities(FIXED()))


@pytest.fixture(scope="module")
def built(tmp_path_factory, django_db_setup, django_db_blocker):
    output = tmp_path_factory.mktemp("municipalities") / "export"
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        restrict(patch)
        Builder(output).build()
    return output


@pytest.fixture
def export(built, tmp_path, monkeypatch):
    restrict(monkeypatch)
    output = tmp_path / "export"
    shutil.copytree(built, output, symlinks=True)
    RebuildRequest.objects.all().delete()
    return output


def manifest(output):
    return json.loads((Path(output) / "current" / MANIFEST).read_text())["files"]


def helsinki(language="fi"):
    source = OhjaamoPage.objects.get(slug="ohjaamo-helsinki", locale__language_code="fi")
    return OhjaamoPage.objects.get(
        translation_key=source.translation_key, locale__language_code=language
    )


def pages_showing(page):
    """The municipality page files of `page`'s language that show it now (as the page computes
    it)."""
    finder = FinderPage.objects.get(locale=page.locale_id)
    language = page.locale.language_code
    base = municipalities.list_url(finder, language).lstrip("/")
    shown = set()
    for municipality in Municipality.objects.all():
        results = municipalities.municipality_results(municipality, page.locale, language)
        if any(result.page.pk == page.pk for result in results):
            shown.add(
                f"{base}{municipalities.municipality_slug(municipality, language)}/index.html"
            )
    return shown


def showing_in_every_language():
    """The municipality page files showing Ohjaamo Helsinki, in each language (its hours,
    coordinates and served municipalities are carried to its translations: one_truth.py)."""
    return set().union(*(pages_showing(helsinki(language)) for language in LANGUAGES))


def rebuilt_municipality_pages(summary):
    return {path for path in summary.rebuilt if any(s[1:] in path for s in SEGMENTS)}


def test_an_unchanged_site_rebuilds_no_municipality_page(export):
    entries = manifest(export)
    municipality_pages = [e for e in entries.values() if "/index.html" in e["path"]]
    assert len(municipality_pages) == 3 * (Municipality.objects.count() + 1)
    # No page depends on the language's whole Ohjaamo set or on the finder's children any more.
    assert not any(
        k.startswith(("ohjaamo:", "children:")) for e in entries.values() for k in e["deps"]
    )
    keys, _state = places.changed_keys(places.read(export / "current"), entries)
    assert keys == set()


def test_editing_an_ohjaamos_hours_rebuilds_only_the_pages_that_show_it(export):
    page = helsinki()
    expected = showing_in_every_language()
    assert "ohjaamot/kunnat/helsinki/index.html" in expected
    assert "sv/navigatorerna/kommuner/helsingfors/index.html" in expected
    # Helsinki is the nearest Ohjaamo of a few dozen municipalities (of 310 per language).
    assert 3 <= len(expected) < 100
    point = page.points.first()
    hours = point.weekly_hours.first()
    hours.closes = hours.closes.replace(hour=(hours.closes.hour + 1) % 24)
    hours.save()
    publish(page)

    summary = worker.drain(export)

    assert summary.incremental
    assert rebuilt_municipality_pages(summary) == expected


def test_a_news_item_rebuilds_no_municipality_page(export):
    from tests.test_static_export import local_news_item

    item = local_news_item()
    item.title = "Zqx uutinen"
    publish(item)

    summary = worker.drain(export)

    assert summary.incremental
    assert rebuilt_municipality_pages(summary) == set()


def test_serving_another_municipality_rebuilds_it_in_every_language(export):
    page = helsinki()
    before = showing_in_every_language()
    assert "ohjaamot/kunnat/utsjoki/index.html" not in before
    page.municipalities.add(Municipality.objects.get(code=UTSJOKI))
    publish(page)

    summary = worker.drain(export)

    rebuilt = rebuilt_municipality_pages(summary)
    assert rebuilt == before | {
        "ohjaamot/kunnat/utsjoki/index.html",
        "sv/navigatorerna/kommuner/utsjoki/index.html",
        "en/ohjaamo-centres/municipalities/utsjoki/index.html",
    }
    shown = (export / "current" / "sv/navigatorerna/kommuner/utsjoki/index.html").read_text()
    assert helsinki("sv").url in shown


def test_moving_an_ohjaamos_points_rebuilds_the_pages_it_leaves_and_reaches(export):
    page = helsinki()
    before = showing_in_every_language()
    utsjoki = Municipality.objects.get(code=UTSJOKI)
    for point in page.points.all():
        point.latitude, point.longitude = utsjoki.latitude, utsjoki.longitude
        point.save()
    publish(page)
    after = showing_in_every_language()
    assert "ohjaamot/kunnat/utsjoki/index.html" in after - before

    summary = worker.drain(export)

    rebuilt = rebuilt_municipality_pages(summary)
    assert rebuilt == before | after
    assert len(rebuilt) < 200  # of 933 municipality pages


def test_a_new_gazetteer_renames_municipality_pages_and_queues_their_rebuild(
    export, tmp_path, django_capture_on_commit_callbacks
):
    import csv

    from locations.gazetteer import DATA_DIR, load

    data = tmp_path / "gazetteer"
    data.mkdir()
    for name in ("regions.csv", "municipalities.csv", "postal_codes.csv"):
        shutil.copy(DATA_DIR / name, data / name)
    path = data / "municipalities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row["code"] == UTSJOKI:
            row["name_fi"] = "Zqxjoki"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    municipalities.slugs("fi")  # cached by the live site

    with django_capture_on_commit_callbacks(execute=True):
        load(data)

    assert "gazetteer" in {key for row in RebuildRequest.objects.all() for key in row.keys}
    assert "zqxjoki" in municipalities.slugs("fi")  # the live site's cache was dropped
    summary = worker.drain(export)

    root = export / "current"
    assert "ohjaamot/kunnat/utsjoki/index.html" in summary.removed
    assert not (root / "ohjaamot/kunnat/utsjoki/index.html").exists()
    assert "Zqxjoki" in (root / "ohjaamot/kunnat/zqxjoki/index.html").read_text()
    assert "ohjaamot/kunnat/index.html" in summary.rebuilt
    # A new gazetteer (once a year) rebuilds every municipality page where it is: names, postal
    # codes and the nearest Ohjaamos may all have changed.
    assert "sv/navigatorerna/kommuner/utsjoki/index.html" in summary.rebuilt
    assert (root / "sv/navigatorerna/kommuner/utsjoki/index.html").exists()
