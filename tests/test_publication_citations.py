"""Citing a publication: BibTeX and RIS downloads that parse, a formatted reference, schema.org
JSON-LD with the CSP nonce, Highwire citation_* meta tags; and the publications library with its
filters, search and fixed query counts (including the seeded Kohtaamo book)."""

import json

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from news.models import PublicationPage
from news.seed import DOCUMENT_HANDLE, kohtaamo_book
from tests.factories.news import make_publication, publication_index

pytestmark = pytest.mark.django_db

AUTHORS = [
    {"family_name": "Esimerkki", "given_names": "Eeva", "role": "author"},
    {"family_name": "Malli", "given_names": "Matti-Pekka Juhani", "role": "author"},
]


@pytest.fixture
def report(seeded):
    return make_publication(
        title="Nuoret & ohjaus: 100 % läsnäoloa",
        subtitle="Seurantaraportti",
        publication_type="report",
        year=2024,
        publisher="KEHA-keskus",
        place="Helsinki",
        series="Raportteja",
        series_number="3/2024",
        isbn="978-952-314-999-1",
        issn="2242-2846",
        doi="10.1000/ohjaamo.2024.3",
        urn="URN:NBN:fi-fe2024010100001",
        authors=AUTHORS,
        languages=("fi", "sv"),
    )


@pytest.fixture
def seeded_book(seeded):
    return PublicationPage.objects.get(locale__language_code="fi", slug=kohtaamo_book("fi")["slug"])


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


# --- BibTeX and RIS ------------------------------------------------------------------------------


def test_bibtex_download_parses(client, report):
    response = client.get(report.url + "cite/bibtex/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert 'attachment; filename="' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.bib"')
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    assert entry.entry_type == "techreport"
    assert fields["author"] == "Esimerkki, Eeva and Malli, Matti-Pekka Juhani"
    assert fields["year"] == "2024"
    assert fields["institution"] == "KEHA-keskus"
    assert fields["isbn"] == "978-952-314-999-1"
    assert fields["doi"] == "10.1000/ohjaamo.2024.3"
    assert fields["url"] == "https://doi.org/10.1000/ohjaamo.2024.3"
    assert fields["number"] == "3/2024"
    # Special characters are escaped, the title's case protected.
    assert r"Nuoret \& ohjaus: 100 \% läsnäoloa: Seurantaraportti" in fields["title"]
    assert fields["title"].startswith("{")


def test_ris_download_parses(client, report):
    response = client.get(report.url + "cite/ris/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"].endswith('.ris"')
    text = response.content.decode()
    assert text.startswith("TY  - RPRT")
    (entry,) = rispy.loads(text)
    assert entry["type_of_reference"] == "RPRT"
    assert entry["authors"] == ["Esimerkki, Eeva", "Malli, Matti-Pekka Juhani"]
    assert entry["title"] == "Nuoret & ohjaus: 100 % läsnäoloa: Seurantaraportti"
    assert entry["year"] == "2024"
    assert entry["publisher"] == "KEHA-keskus"
    assert entry["issn"] == "978-952-314-999-1"
    assert entry["doi"] == "10.1000/ohjaamo.2024.3"
    assert "https://doi.org/10.1000/ohjaamo.2024.3" in entry["urls"]
    assert report.full_url in entry["urls"]


def test_formatted_reference(client, report):
    soup = soup_of(client.get(report.url))
    reference = soup.select_one(".publication__reference")
    text = " ".join(reference.get_text().split())
    assert text == (
        "Esimerkki, E., & Malli, M.-P. J. (2024). Nuoret & ohjaus: 100 % läsnäoloa: "
        "Seurantaraportti (Raportteja 3/2024). KEHA-keskus. https://doi.org/10.1000/ohjaamo.2024.3"
    )
    assert reference.select_one("cite") is not None
    assert reference.select_one("a")["href"] == "https://doi.org/10.1000/ohjaamo.2024.3"


def test_editors_only_reference_and_bibtex(client, seeded):
    book = make_publication(
        title="Toimitettu teos",
        publication_type="book",
        year=2020,
        publisher="Kustantamo",
        authors=[{"family_name": "Toimittaja", "given_names": "Tiina", "role": "editor"}],
    )
    text = " ".join(
        soup_of(client.get(book.url)).select_one(".publication__reference").text.split()
    )
    # "(toim.)" with the Finnish catalogue compiled, "(Ed.)" without.
    assert text.startswith(("Toimittaja, T. (toim.) (2020).", "Toimittaja, T. (Ed.) (2020)."))
    assert "Toimitettu teos. Kustantamo." in text
    library = bibtexparser.parse_string(client.get(book.url + "cite/bibtex/").content.decode())
    (entry,) = library.entries
    assert entry.entry_type == "book"
    assert entry.fields_dict["editor"].value == "Toimittaja, Tiina"
    assert "author" not in entry.fields_dict


# --- Metadata for indexers -----------------------------------------------------------------------


def test_json_ld_with_csp_nonce(client, report):
    response = client.get(report.url)
    soup = soup_of(response)
    script = soup.head.select_one('script[type="application/ld+json"]')
    nonce = script["nonce"]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["name"] == report.title
    assert data["alternativeHeadline"] == "Seurantaraportti"
    assert [a["familyName"] for a in data["author"]] == ["Esimerkki", "Malli"]
    assert data["datePublished"] == "2024"
    assert data["inLanguage"] == ["fi", "sv"]
    assert data["publisher"] == {"@type": "Organization", "name": "KEHA-keskus"}
    ids = {item["propertyID"]: item["value"] for item in data["identifier"]}
    assert ids == {
        "ISBN": "978-952-314-999-1",
        "ISSN": "2242-2846",
        "URN": "URN:NBN:fi-fe2024010100001",
        "DOI": "10.1000/ohjaamo.2024.3",
    }
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Raportteja",
        "issn": "2242-2846",
    }


def test_json_ld_cannot_break_out_of_its_script(client, seeded):
    page = make_publication(title="</script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "</script><script>alert(1)" not in html
    script = soup_of(client.get(page.url)).head.select_one('script[type="application/ld+json"]')
    assert json.loads(script.string)["name"] == "</script><script>alert(1)</script>"


def test_highwire_meta_tags(client, report):
    soup = soup_of(client.get(report.url))
    meta = [(m["name"], m["content"]) for m in soup.head.select('meta[name^="citation_"]')]
    names = [name for name, _ in meta]
    assert ("citation_title", "Nuoret & ohjaus: 100 % läsnäoloa: Seurantaraportti") in meta
    assert [c for n, c in meta if n == "citation_author"] == [
        "Esimerkki, Eeva",
        "Malli, Matti-Pekka Juhani",
    ]
    assert ("citation_publication_date", "2024") in meta
    assert ("citation_publisher", "KEHA-keskus") in meta
    assert ("citation_isbn", "978-952-314-999-1") in meta
    assert ("citation_issn", "2242-2846") in meta
    assert ("citation_doi", "10.1000/ohjaamo.2024.3") in meta
    assert ("citation_technical_report_number", "3/2024") in meta
    assert [c for n, c in meta if n == "citation_language"] == ["fi", "sv"]
    assert "citation_pdf_url" not in names  # no file given


def test_pdf_document_gives_citation_pdf_url_and_download(client, seeded):
    document = get_document_model()(title="Raportti PDF")
    document.file.save("raportti.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    page = make_publication(title="Tiedostollinen", document=document)
    response = client.get(page.url)
    soup = soup_of(response)
    pdf_url = soup.head.select_one('meta[name="citation_pdf_url"]')["content"]
    assert pdf_url.startswith("http") and pdf_url.endswith(document.url)
    link = soup.select_one(".publication__access a")
    assert link["href"] == document.url
    assert "PDF" in link.get_text()
    assert client.get(document.url).status_code == 200


def test_seeded_kohtaamo_book_in_the_library(client, seeded_book):
    index = publication_index("fi")
    response = client.get(index.url)
    assert seeded_book.title in response.content.decode()
    page = client.get(seeded_book.url)
    soup = soup_of(page)
    assert soup.h1.get_text() == "Ohjaamoja tukemassa ja verkko-ohjausta kehittämässä"
    handle_link = soup.select_one(
        '.publication__details a[href="https://hdl.handle.net/10024/181720"]'
    )
    assert handle_link is not None and handle_link.get_text() == "10024/181720"
    assert soup.select_one(f'.publication__access a[href="{DOCUMENT_HANDLE}"]') is not None
    (entry,) = bibtexparser.parse_string(
        client.get(seeded_book.url + "cite/bibtex/").content.decode()
    ).entries
    assert entry.entry_type == "book"
    assert entry.fields_dict["url"].value == "https://hdl.handle.net/10024/181720"
    assert entry.fields_dict["year"].value == "2021"
    (ris,) = rispy.loads(client.get(seeded_book.url + "cite/ris/").content.decode())
    assert "https://hdl.handle.net/10024/181720" in ris["urls"]


@pytest.mark.parametrize("lang", ("sv", "en"))
def test_seeded_book_translations_keep_the_finnish_title_and_identifiers(client, seeded_book, lang):
    translated = seeded_book.get_translation(publication_index(lang).locale)
    assert translated.title == seeded_book.title
    assert translated.handle_url == DOCUMENT_HANDLE
    assert [row.language for row in translated.languages.all()] == ["fi"]
    soup = soup_of(client.get(translated.url))
    assert soup.html["lang"] == lang
    assert soup.select_one('meta[name="citation_language"]')["content"] == "fi"


# --- The library ---------------------------------------------------------------------------------


def card_titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".publication-card__title a")]


@pytest.fixture
def library(seeded):
    return {
        "index": publication_index("fi"),
        "guide": make_publication(
            title="Opas ohjaajille", publication_type="guide", year=2023, languages=("fi", "sv")
        ),
        "stats": make_publication(
            title="Tilastokatsaus",
            publication_type="statistics",
            year=2025,
            languages=("en",),
            abstract="Kävijämäärät ja palautekyselyn tulokset.",
        ),
    }


def test_library_filters(client, library):
    url = library["index"].url
    guides = card_titles(client.get(url, {"type": "guide"}))
    assert "Opas ohjaajille" in guides and "Tilastokatsaus" not in guides
    assert card_titles(client.get(url, {"type": "guide", "year": "2023"})) == ["Opas ohjaajille"]
    in_2025 = card_titles(client.get(url, {"year": "2025"}))
    assert "Tilastokatsaus" in in_2025 and "Opas ohjaajille" not in in_2025
    swedish = card_titles(client.get(url, {"language": "sv"}))
    assert "Opas ohjaajille" in swedish and "Tilastokatsaus" not in swedish
    assert card_titles(client.get(url, {"language": "en", "type": "statistics"})) == [
        "Tilastokatsaus"
    ]
    # Unknown values are ignored rather than failing.
    assert len(card_titles(client.get(url, {"type": "runo", "language": "xx"}))) >= 3


def test_library_search(client, library):
    url = library["index"].url
    assert card_titles(client.get(url, {"q": "palautekyselyn"})) == ["Tilastokatsaus"]
    found = card_titles(client.get(url, {"q": "palautekyselyn", "type": "guide"}))
    assert found == []
    response = client.get(url, {"q": "eiloydymitaan"})
    assert card_titles(response) == []
    assert response.status_code == 200


def test_library_filter_form_is_labelled(client, library):
    soup = soup_of(client.get(library["index"].url))
    for control in soup.select(".news-filters select, .news-filters input"):
        assert soup.select_one(f'label[for="{control["id"]}"]') is not None
    types = [o["value"] for o in soup.select("#publication-type option") if o["value"]]
    assert {"guide", "statistics", "book"} <= set(types)


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_library_query_count_does_not_grow(client, library):
    url = library["index"].url
    few = count_queries(client, url)
    for n in range(5):
        make_publication(title=f"Lisäjulkaisu {n}", authors=AUTHORS, languages=("fi", "en"))
    assert count_queries(client, url) == few
    assert count_queries(client, url + "?language=fi&type=report") <= few


def test_publication_page_query_count_is_fixed(client, seeded):
    one = make_publication(authors=AUTHORS[:1])
    many = make_publication(authors=AUTHORS * 3, languages=("fi", "sv", "en"))
    assert count_queries(client, one.url) == count_queries(client, many.url)
