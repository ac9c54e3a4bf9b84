"""Persistent identifiers of publications: good ones are stored in canonical form, a bad one gets a
field error that names the value and the identifier – in the model and in the admin form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from news import identifiers
from news.models import PublicationPage
from tests.factories.news import make_publication, publication_index

# --- The cleaning functions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "given,expected",
    [
        ("978-952-314-999-1", "978-952-314-999-1"),
        ("9789523149991", "978-952-314-999-1"),
        ("ISBN 978-952-314-999-1", "978-952-314-999-1"),
        ("951-0-11369-7", "951-0-11369-7"),  # ISBN-10 stays ISBN-10
        ("951011369 7", "951-0-11369-7"),
        ("0-306-40615-2", "0-306-40615-2"),
        ("", ""),
    ],
)
def test_good_isbn(given, expected):
    assert identifiers.clean_isbn(given) == expected


@pytest.mark.parametrize(
    "given,code",
    [
        ("978-952-314-999-2", "isbn_checksum"),  # ISBN-13, wrong check digit
        ("951-0-11369-8", "isbn_checksum"),  # ISBN-10, wrong check digit
        ("978-952-31", "isbn_length"),
        ("kirja", "isbn_invalid"),
    ],
)
def test_bad_isbn_names_the_value(given, code):
    with pytest.raises(ValidationError) as error:
        identifiers.clean_isbn(given)
    assert error.value.code == code
    message = error.value.messages[0]
    assert given in message and "ISBN" in message


@pytest.mark.parametrize(
    "given,expected",
    [("2242-2846", "2242-2846"), ("22422846", "2242-2846"), ("ISSN 0317-8471", "0317-8471")],
)
def test_good_issn(given, expected):
    assert identifiers.clean_issn(given) == expected


@pytest.mark.parametrize("given", ["2242-2847", "1234", "abcd-efgh"])
def test_bad_issn(given):
    with pytest.raises(ValidationError) as error:
        identifiers.clean_issn(given)
    assert given in error.value.messages[0] and "ISSN" in error.value.messages[0]


@pytest.mark.parametrize(
    "given,expected",
    [
        ("URN:NBN:fi-fe2021093048283", "URN:NBN:fi-fe2021093048283"),
        ("urn:nbn:fi:jyu-202105102743", "URN:NBN:fi:jyu-202105102743"),
        ("https://urn.fi/URN:NBN:fi-fe2021093048283", "URN:NBN:fi-fe2021093048283"),
    ],
)
def test_good_urn(given, expected):
    assert identifiers.clean_urn(given) == expected


@pytest.mark.parametrize(
    "given",
    ["URN:NBN:se-2021", "URN:ISBN:978-952-314-999-1", "fi-fe2021093048283", "URN:NBN:fi:"],
)
def test_bad_urn(given):
    with pytest.raises(ValidationError) as error:
        identifiers.clean_urn(given)
    assert given in error.value.messages[0] and "URN" in error.value.messages[0]


@pytest.mark.parametrize(
    "given,expected",
    [
        ("10.1000/xyz123", "10.1000/xyz123"),
        ("doi:10.1000/xyz123", "10.1000/xyz123"),
        ("https://doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("https://dx.doi.org/10.31235/osf.io/abcd", "10.31235/osf.io/abcd"),
    ],
)
def test_good_doi(given, expected):
    assert identifiers.clean_doi(given) == expected


@pytest.mark.parametrize("given", ["11.1000/xyz", "10.12/abc", "10.1000", "doi 10.1000/ x"])
def test_bad_doi(given):
    with pytest.raises(ValidationError) as error:
        identifiers.clean_doi(given)
    assert given in error.value.messages[0] and "DOI" in error.value.messages[0]


@pytest.mark.parametrize(
    "given,handle",
    [
        ("https://www.doria.fi/handle/10024/181720", "10024/181720"),
        ("https://hdl.handle.net/10024/181720", "10024/181720"),
        ("https://jyx.jyu.fi/handle/123456789/75580/", "123456789/75580"),
    ],
)
def test_good_handle(given, handle):
    assert identifiers.clean_handle_url(given) == given
    assert identifiers.handle_of(given) == handle
    assert identifiers.handle_resolver_url(given) == f"https://hdl.handle.net/{handle}"


@pytest.mark.parametrize(
    "given", ["https://www.doria.fi/items/181720", "ftp://hdl.handle.net/10024/1", "10024/181720"]
)
def test_bad_handle(given):
    with pytest.raises(ValidationError) as error:
        identifiers.clean_handle_url(given)
    assert given in error.value.messages[0]


# --- On the model and in the admin ---------------------------------------------------------------


@pytest.mark.django_db
def test_model_stores_canonical_identifiers(seeded):
    publication = make_publication(
        isbn="9789523149991",
        issn="22422846",
        urn="urn:nbn:fi-fe2021093048283",
        doi="https://doi.org/10.1000/xyz123",
        handle_url="https://www.doria.fi/handle/10024/181720",
    )
    assert publication.isbn == "978-952-314-999-1"
    assert publication.issn == "2242-2846"
    assert publication.urn == "URN:NBN:fi-fe2021093048283"
    assert publication.doi == "10.1000/xyz123"
    assert publication.persistent_url == "https://doi.org/10.1000/xyz123"


@pytest.mark.django_db
def test_model_reports_each_bad_identifier_on_its_field(seeded):
    page = PublicationPage(
        title="Virheellinen",
        slug="virheellinen",
        year=2021,
        abstract="Tiivistelmä.",
        isbn="978-952-314-999-2",
        urn="URN:NBN:se-1",
        doi="11.1/x",
        issn="1234-5678",
        handle_url="https://example.org/item/1",
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert set(error.value.message_dict) == {"isbn", "urn", "doi", "issn", "handle_url"}


@pytest.mark.django_db
def test_duplicate_isbn_in_the_same_language_is_refused(seeded):
    make_publication(isbn="978-952-314-999-1", title="Ensimmäinen")
    page = PublicationPage(
        title="Toinen", slug="toinen", year=2021, abstract="x", isbn="9789523149991"
    )
    page.locale = publication_index("fi").locale
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Ensimmäinen" in error.value.message_dict["isbn"][0]


@pytest.mark.django_db
def test_document_or_link_not_both(seeded):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="PDF", file="documents/x.pdf")
    page = PublicationPage(
        title="Kaksi", slug="kaksi", year=2021, abstract="x", external_url="https://example.org"
    )
    page.document = document
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "external_url" in error.value.message_dict


@pytest.mark.django_db
def test_admin_form_shows_the_error_next_to_the_field(admin_client, seeded):
    index = publication_index("fi")
    data = nested_form_data(
        {
            "title": "Lomakejulkaisu",
            "slug": "lomakejulkaisu",
            "subtitle": "",
            "publication_type": "report",
            "year": "2024",
            "abstract": "Tiivistelmä.",
            "isbn": "978-952-314-999-2",
            "doi": "10.1000/ok",
            "cover_decorative": "on",
            "authors": inline_formset(
                [{"family_name": "Esimerkki", "given_names": "Eeva", "role": "author"}]
            ),
            "languages": inline_formset([{"language": "fi"}]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("news", "publicationpage", index.pk)), data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["isbn"]
    assert "978-952-314-999-2" in errors["isbn"][0]
    assert not PublicationPage.objects.filter(slug="lomakejulkaisu").exists()
    # Fixed, the same form publishes.
    data["isbn"] = "978-952-314-999-1"
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("news", "publicationpage", index.pk)), data
    )
    assert response.status_code == 302, response.context["form"].errors
    created = PublicationPage.objects.get(slug="lomakejulkaisu")
    assert created.isbn == "978-952-314-999-1" and created.live
    assert [a.family_name for a in created.authors.all()] == ["Esimerkki"]
