"""The inflected forms of the municipality names (locations/place_forms.py) are made when the
gazetteer is loaded and stored with each municipality: no request for the gazetteer data asks
Voikko (25 s for every name on a fresh machine), on any app server or in the export."""

import json
import logging

import pytest
from django.core.management import call_command

from locations import place_forms
from locations.gazetteer import load
from locations.models import Municipality
from locations.municipalities import gazetteer_data

pytestmark = pytest.mark.django_db


def refuse_voikko(monkeypatch):
    """From here on Voikko's analyser (and the machine-local memo of its answers) fail the test
    if used; returns the list of attempts."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError("Voikko was asked on the request path")

    monkeypatch.setattr(place_forms, "_analyse", lambda: refuse)
    monkeypatch.setattr(place_forms, "_read_cache", lambda: {})
    place_forms.finnish_forms.cache_clear()
    return calls


def computed_forms():
    """The forms as the gazetteer data had them before they were stored: each name computed."""
    rows = Municipality.objects.order_by("code").values_list("code", "name_fi", "name_sv")
    return place_forms.municipality_forms(
        (code, fi, sv if sv != fi else "", list(place_forms.finnish_forms(fi)))
        for code, fi, sv in rows
    )


def test_the_loaded_gazetteer_has_every_municipalitys_forms(seeded):
    assert not Municipality.objects.filter(name_fi_forms__isnull=True).exists()
    assert Municipality.objects.get(name_fi="Tampere").name_fi_forms[:3] == [
        "tampereen",
        "tampereessa",
        "tampereesta",
    ]
    # A name Voikko does not know is stored as "no forms", not as "not computed".
    assert Municipality.objects.get(name_fi="Pihtipudas").name_fi_forms == []


def test_the_gazetteer_data_asks_voikko_nothing_and_has_the_same_forms(seeded, client, monkeypatch):
    expected = computed_forms()  # with Voikko, as every request did before
    assert len(expected) > 2000
    calls = refuse_voikko(monkeypatch)
    try:
        assert gazetteer_data()["forms"] == expected
        response = client.get("/finder-data/gazetteer.json")
        assert json.loads(response.content)["forms"] == expected
    finally:
        place_forms.finnish_forms.cache_clear()
    assert calls == []


def test_a_municipality_without_stored_forms_is_computed_once_with_a_warning(seeded, caplog):
    tampere = Municipality.objects.get(name_fi="Tampere")
    stored = tampere.name_fi_forms
    Municipality.objects.filter(pk=tampere.pk).update(name_fi_forms=None)
    with caplog.at_level(logging.WARNING, logger="locations.place_forms"):
        forms = gazetteer_data()["forms"]
    assert forms["tampereella"] == tampere.code
    assert "No stored inflected forms for 1 municipality names (Tampere)" in caplog.text
    # Stored for the next request, which has nothing to warn about.
    assert Municipality.objects.get(pk=tampere.pk).name_fi_forms == stored
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="locations.place_forms"):
        gazetteer_data()
    assert caplog.text == ""


def test_loading_fills_missing_forms_and_redoes_a_renamed_municipalitys(seeded, tmp_path):
    Municipality.objects.filter(name_fi__in=["Lahti", "Turku"]).update(name_fi_forms=None)
    # A renamed municipality (in the database: the data files hold the real name again).
    Municipality.objects.filter(name_fi="Oulu").update(name_fi="Ulu", name_fi_forms=["ulun"])
    result = load()
    assert result.forms == 3
    assert "lahdessa" in Municipality.objects.get(name_fi="Lahti").name_fi_forms
    assert "turussa" in Municipality.objects.get(name_fi="Turku").name_fi_forms
    assert "oulussa" in Municipality.objects.get(name_fi="Oulu").name_fi_forms
    # A second load has nothing to inflect.
    assert load().forms == 0


def test_load_gazetteer_says_it_made_the_forms(seeded):
    from io import StringIO

    Municipality.objects.filter(name_fi="Lahti").update(name_fi_forms=None)
    out = StringIO()
    call_command("load_gazetteer", stdout=out)
    assert "inflected forms: made for 1 municipality names" in out.getvalue()
