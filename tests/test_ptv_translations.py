"""PTV's Swedish and English names and addresses fill the translations (issue #12, PTV): after an
import the sv/en page's point (the translation of the Finnish point) shows PTV's name, street
address and post office in its language, on the page, in its JSON-LD, the API and the finder;
where PTV has none, the Finnish stays. A later import updates them, a Finnish publish keeps them,
a translator's own edit is kept, and the whole import is one transaction."""

import json
import re

import pytest
from django.core.management import CommandError
from django.test import Client

from locations import ptv
from locations.models import OhjaamoPage
from tests.factories import teams as f
from tests.test_ptv_import import FIXTURES, HELSINKI_CHANNEL, HELSINKI_ORG, channel_json, write
from tests.test_ptv_import import import_ptv as run_import

pytestmark = pytest.mark.django_db

SV_NAME = "Navigatorn Helsingfors, Fredriksgatan"
EN_NAME = "Ohjaamo Helsinki youth guidance centre, Fredrikinkatu"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(ptv, "local_today", lambda now: ptv.datetime.date(2026, 11, 22))


@pytest.fixture
def helsinki():
    """The seeded Ohjaamo Helsinki (fi, sv, en), mapped to the fixture's PTV organisation."""
    page = OhjaamoPage.objects.get(pk=f.team_page(f.TEAM_A).pk)
    page.ptv_organization_ids = HELSINKI_ORG
    page.save_revision().publish()
    return page


def page(lang):
    return OhjaamoPage.objects.get(pk=f.team_page(f.TEAM_A, lang).pk)


def linked_point(lang):
    return page(lang).points.get(ptv_id=HELSINKI_CHANNEL)


def import_ptv(source):
    return run_import(source)


def jsonld_offices(lang):
    html = Client().get(page(lang).url).content.decode()
    found = re.search(r"application/ld\+json[^>]*>(.*?)</script>", html, re.S)
    return json.loads(found.group(1))["@graph"]


def api_names(lang):
    features = Client().get("/api/locations/", {"lang": lang}).json()["features"]
    return {
        feature["properties"]["name"]: feature["properties"]["address"]["street_address"]
        for feature in features
    }


def test_an_import_gives_the_swedish_and_english_pages_ptvs_names(helsinki):
    sv_revisions = page("sv").revisions.count()
    out = import_ptv(FIXTURES / "channel_helsinki.json")
    # The seeded point at the same address is linked, not duplicated.
    assert "1 linked to existing points" in out
    assert f"translated {ptv.shown('Ohjaamo Helsinki, Fredrikinkatu')}" in out
    assert "sv: name, exception reasons from PTV" in out and "en: name from PTV" in out

    fi, sv, en = linked_point("fi"), linked_point("sv"), linked_point("en")
    assert fi.name == "Ohjaamo Helsinki, Fredrikinkatu"
    assert (sv.name, sv.street_address, sv.post_office) == (
        SV_NAME,
        "Fredriksgatan 48",
        "Helsingfors",
    )
    # No English street or post office in PTV: the Finnish stays.
    assert (en.name, en.street_address, en.post_office) == (EN_NAME, "Fredrikinkatu 48", "Helsinki")
    assert sv.translation_key == fi.translation_key == en.translation_key
    assert sv.source_values["street_address"] == "Fredrikinkatu 48"
    # Exception reasons too: PTV's Swedish one, else the Finnish.
    reasons = {
        lang: dict(point.exceptions.values_list("start_date", "reason"))
        for lang, point in (("fi", fi), ("sv", sv), ("en", en))
    }
    christmas, short_day = ptv.datetime.date(2026, 12, 24), ptv.datetime.date(2026, 12, 30)
    assert reasons["fi"] == {christmas: "Joulun pyhät", short_day: "Lyhennetty päivä"}
    assert reasons["sv"] == {christmas: "Julhelgen", short_day: "Lyhennetty päivä"}
    assert reasons["en"] == reasons["fi"]
    # Published as a new revision of the Swedish page.
    assert page("sv").revisions.count() > sv_revisions
    assert page("sv").live_revision == page("sv").get_latest_revision()

    # The page, its JSON-LD, the API and the finder, in each language.
    sv_html = Client().get(page("sv").url).content.decode()
    assert SV_NAME in sv_html and "Fredriksgatan 48" in sv_html
    en_html = Client().get(page("en").url).content.decode()
    assert EN_NAME in en_html and "Fredrikinkatu 48" in en_html
    # JSON-LD names an office "<page title> – <point name>".
    office = next(o for o in jsonld_offices("sv") if o.get("name", "").endswith(SV_NAME))
    assert office["address"]["streetAddress"] == "Fredriksgatan 48"
    assert office["address"]["addressLocality"] == "Helsingfors"
    assert any(o.get("name", "").endswith(EN_NAME) for o in jsonld_offices("en"))
    assert api_names("sv")[SV_NAME] == "Fredriksgatan 48"
    assert api_names("en")[EN_NAME] == "Fredrikinkatu 48"
    assert api_names("fi")["Ohjaamo Helsinki, Fredrikinkatu"] == "Fredrikinkatu 48"
    finder = page("sv").get_parent().specific
    assert SV_NAME in Client().get(finder.url, {"q": "00100"}).content.decode()


def test_a_new_point_arrives_in_swedish_with_its_swedish_address(helsinki, tmp_path):
    # Another address, 600 m away: a new point on every language's page.
    data = channel_json(
        street=[
            {"language": "fi", "value": "Annankatu"},
            {"language": "sv", "value": "Annegatan"},
        ],
        streetNumber="29",
        latitude="6672000",
        longitude="385000",
    )
    out = import_ptv(write(tmp_path, data))
    assert "1 created" in out
    sv, en = linked_point("sv"), linked_point("en")
    assert (sv.name, sv.street_address) == (SV_NAME, "Annegatan 29")
    assert (en.name, en.street_address) == (EN_NAME, "Annankatu 29")
    assert len(page("sv").points.all()) == len(page("fi").points.all()) == 2


def test_a_reimport_with_a_changed_swedish_address_updates_swedish_only(helsinki, tmp_path):
    import_ptv(FIXTURES / "channel_helsinki.json")
    fi_revisions, en_revisions = page("fi").revisions.count(), page("en").revisions.count()
    assert "1 unchanged" in import_ptv(FIXTURES / "channel_helsinki.json")

    data = channel_json(
        street=[
            {"language": "fi", "value": "Fredrikinkatu"},
            {"language": "sv", "value": "Fredriksgatan (gårdshuset)"},
        ]
    )
    out = import_ptv(write(tmp_path, data))
    assert "0 created, 1 updated, 0 unchanged" in out
    assert "sv: street_address from PTV" in out
    assert linked_point("sv").street_address == "Fredriksgatan (gårdshuset) 48"
    assert linked_point("fi").street_address == "Fredrikinkatu 48"
    assert linked_point("en").street_address == "Fredrikinkatu 48"
    assert page("fi").revisions.count() == fi_revisions
    assert page("en").revisions.count() == en_revisions

    # A Finnish publish afterwards keeps the Swedish values.
    fi = page("fi")
    fi.phone = "09 310 99999"
    fi.save_revision().publish()
    sv = linked_point("sv")
    assert page("sv").phone == "09 310 99999"
    assert (sv.name, sv.street_address) == (SV_NAME, "Fredriksgatan (gårdshuset) 48")
    assert "Fredriksgatan (gårdshuset) 48" in Client().get(page("sv").url).content.decode()

    # A Finnish address changed by PTV: the old Swedish one no longer applies, PTV's new one does.
    data = channel_json(
        street=[
            {"language": "fi", "value": "Fredrikinkatu"},
            {"language": "sv", "value": "Fredriksgatan"},
        ],
        streetNumber="50",
    )
    import_ptv(write(tmp_path, data))
    assert linked_point("fi").street_address == "Fredrikinkatu 50"
    assert linked_point("sv").street_address == "Fredriksgatan 50"
    assert linked_point("en").street_address == "Fredrikinkatu 50"


def test_a_translators_own_name_is_kept_and_reported(helsinki, tmp_path):
    import_ptv(FIXTURES / "channel_helsinki.json")
    sv = page("sv")
    points = list(sv.points.all())
    for point in points:
        if point.ptv_id == HELSINKI_CHANNEL:
            point.name = "Navigatorn i Kampen"
    sv.points = points
    sv.save_revision().publish()

    data = channel_json()
    data["serviceChannelNames"][1]["value"] = "Navigatorn Helsingfors, Kampen"
    out = import_ptv(write(tmp_path, data))
    assert "sv name kept from the translator's edit" in out
    assert linked_point("sv").name == "Navigatorn i Kampen"


def test_without_a_swedish_name_in_ptv_the_translation_keeps_its_own(helsinki, tmp_path):
    data = channel_json()
    data["serviceChannelNames"] = [n for n in data["serviceChannelNames"] if n["language"] == "fi"]
    import_ptv(write(tmp_path, data))
    # The seeded Swedish name stays; nothing in PTV replaces it.
    assert linked_point("sv").name == "Navigatorn Helsingfors"
    assert linked_point("en").name == "Ohjaamo Helsinki"


def test_a_failure_while_filling_a_translation_leaves_nothing_half_done(helsinki, monkeypatch):
    fi_point = page("fi").points.get()
    sv_before = [(p.pk, p.name, p.street_address) for p in page("sv").points.all()]
    real = ptv._translate_points

    def failing(target, *args):
        if target.locale.language_code == "en":
            raise RuntimeError("disk full")
        return real(target, *args)

    monkeypatch.setattr(ptv, "_translate_points", failing)
    with pytest.raises(RuntimeError):
        import_ptv(FIXTURES / "channel_helsinki.json")
    assert page("fi").points.get().ptv_id is None
    assert page("fi").points.get().name == fi_point.name
    assert [(p.pk, p.name, p.street_address) for p in page("sv").points.all()] == sv_before


def test_a_dry_run_leaves_the_translations(helsinki):
    before = page("sv").revisions.count()
    out = import_ptv_dry()
    assert "Dry run" in out
    assert page("sv").revisions.count() == before
    assert not page("sv").points.filter(ptv_id=HELSINKI_CHANNEL).exists()


def import_ptv_dry():
    return run_import(FIXTURES / "channel_helsinki.json", dry_run=True)


def test_a_broken_record_later_in_the_file_changes_no_language(helsinki, tmp_path):
    broken = channel_json()
    broken["id"] = "not-a-uuid"
    with pytest.raises(CommandError, match="Nothing was imported"):
        import_ptv(write(tmp_path, [channel_json(), broken]))
    for lang in ("fi", "sv", "en"):
        assert not page(lang).points.filter(ptv_id__isnull=False).exists()
