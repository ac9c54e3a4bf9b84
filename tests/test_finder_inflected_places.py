"""The finder's free-text place search reads inflected Finnish place names (Voikko base forms,
kohtaamo/language.py) and suggests names for misspelt inflected ones."""

import pytest
from django.utils import translation

from kohtaamo.language import place_name_candidates
from locations import geo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "municipality"),
    [("Helsingissä", "Helsinki"), ("Tampereella", "Tampere"), ("nokialla", "Nokia"),
     ("Jyväskylässä", "Jyväskylä"), ("Espoosta", "Espoo"),
     # Voikko writes these base forms with a compound seam ("rova=niemi", "seinä=joki").
     ("Rovaniemellä", "Rovaniemi"), ("Seinäjoella", "Seinäjoki")],
)  # fmt: skip
def test_inflected_place_names_resolve(seeded, query, municipality):
    with translation.override("fi"):
        origin = geo.resolve_place(query)
    assert origin.municipality.name_fi == municipality


def test_a_misspelt_inflected_name_gets_a_suggestion(seeded):
    with translation.override("fi"), pytest.raises(geo.PlaceNotFound) as raised:
        geo.resolve_place("Helsinigssä")
    assert "Helsinki" in raised.value.suggestions


def test_the_finder_page_answers_an_inflected_name(client, seeded):
    # The quoted bug: `q=Helsingissä` answered 404 with no suggestion.
    assert client.get("/ohjaamot/", {"q": "Helsingissä"}).status_code == 200


def test_candidates_put_place_readings_first():
    assert place_name_candidates("Nokialla")[0] == "nokia"
    assert place_name_candidates("Helsingissä") == ["helsinki"]
    assert place_name_candidates("Rovaniemellä") == ["rovaniemi"]
