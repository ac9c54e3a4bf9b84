"""Citation data of a publication: BibTeX and RIS downloads (written with bibtexparser and rispy),
a formatted reference (APA 7th edition style) on the page, schema.org JSON-LD and the Highwire
`citation_*` meta tags that Google Scholar and other scholarly indexers read."""

import re

import bibtexparser
import rispy
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import CollectionViewRestriction

from news import identifiers

SCHEMA_TYPES = {
    "book": "Book",
    "report": "Report",
    "guide": "Book",
    "research": "Report",
    "statistics": "Report",
    "presentation": "PresentationDigitalDocument",
}
BIBTEX_TYPES = {
    "book": "book",
    "guide": "book",
    "report": "techreport",
    "research": "techreport",
    "statistics": "techreport",
    "presentation": "misc",
}
RIS_TYPES = {
    "book": "BOOK",
    "guide": "BOOK",
    "report": "RPRT",
    "research": "RPRT",
    "statistics": "RPRT",
    "presentation": "SLIDE",
}
REPORT_TYPES = {"report", "research", "statistics"}
BIBTEX_LANGUAGES = {
    "fi": "finnish",
    "sv": "swedish",
    "en": "english",
    "se": "northernsami",
    "ru": "russian",
    "et": "estonian",
    "uk": "ukrainian",
    "ar": "arabic",
    "de": "german",
    "fr": "french",
}
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's numbered header line ("1."), which the RIS format does not have."""

    def set_header(self, count):
        return ""


class Citation:
    """Everything needed to cite one PublicationPage (authors and languages loaded once)."""

    def __init__(self, page, request):
        self.page = page
        self.request = request
        people = list(page.authors.all())
        self.authors = [a for a in people if a.role == "author"]
        self.editors = [a for a in people if a.role == "editor"]
        self.language_rows = list(page.languages.all())
        self.languages = [row.language for row in self.language_rows]
        self.page_url = page.get_full_url(request)
        self.pdf_url = self._pdf_url()

    # --- shared values ---

    def _pdf_url(self):
        page = self.page
        if page.document_id and page.document is not None:
            document = page.document
            restricted = CollectionViewRestriction.objects.filter(
                collection__in=document.collection.get_ancestors(inclusive=True)
            ).exists()
            if not restricted:
                return self.request.build_absolute_uri(document.url)
            return None
        if page.external_url and page.external_url.lower().split("?")[0].endswith(".pdf"):
            return page.external_url
        return None

    @property
    def full_text_url(self):
        if self.pdf_url:
            return self.pdf_url
        return self.page.external_url or None

    @property
    def link(self):
        """The address a reference gives: a persistent identifier, else the full text, else this
        page."""
        return self.page.persistent_url or self.page.external_url or self.page_url

    def key(self):
        first = (self.authors or self.editors or [None])[0]
        who = (first.family_name or first.organisation) if first else self.page.title
        word = next(iter(re.findall(r"\w+", self.page.title)), "")
        return slugify(f"{who}{self.page.year}{word}").replace("-", "") or f"pub{self.page.pk}"

    # --- BibTeX ---

    @staticmethod
    def _bib(value):
        return "".join(BIBTEX_SPECIALS.get(char, char) for char in str(value))

    @classmethod
    def _bib_names(cls, people):
        names = []
        for person in people:
            if person.is_organisation:
                names.append("{" + cls._bib(person.organisation) + "}")
            else:
                names.append(cls._bib(person.inverted_name))
        return " and ".join(names)

    def bibtex(self):
        page = self.page
        entry_type = BIBTEX_TYPES[page.publication_type]
        fields = []

        def add(key, value):
            if value:
                fields.append(Field(key, value))

        add("author", self._bib_names(self.authors))
        add("editor", self._bib_names(self.editors))
        # Extra braces keep the title's capitalisation (Finnish titles are sentence case).
        add("title", "{" + self._bib(page.full_title) + "}")
        add("year", str(page.year))
        if entry_type == "techreport":
            add("institution", self._bib(page.publisher))
            add("type", self._bib(page.get_publication_type_display()))
        else:
            add("publisher", self._bib(page.publisher))
        add("address", self._bib(page.place))
        add("series", self._bib(page.series))
        add("number", self._bib(page.series_number))
        add("isbn", page.isbn)
        add("issn", page.issn)
        add("doi", self._bib(page.doi))
        add("url", self._bib(self.link))
        add("note", self._bib(page.urn))
        add("language", ", ".join(BIBTEX_LANGUAGES.get(code, code) for code in self.languages))
        if entry_type == "misc":
            add("howpublished", self._bib(page.get_publication_type_display()))
        entry = Entry(entry_type, self.key(), fields)
        return bibtexparser.write_string(Library([entry]))

    # --- RIS ---

    def ris(self):
        page = self.page
        entry = {"type_of_reference": RIS_TYPES[page.publication_type]}
        if self.authors:
            entry["authors"] = [a.inverted_name for a in self.authors]
        if self.editors:
            entry["secondary_authors"] = [a.inverted_name for a in self.editors]
        entry["title"] = page.full_title
        entry["year"] = str(page.year)
        optional = {
            "publisher": page.publisher,
            "place_published": page.place,
            "secondary_title": page.series,
            "number": page.series_number,
            "issn": page.isbn or page.issn,
            "doi": page.doi,
            "abstract": " ".join(page.abstract.split()),
            "language": ", ".join(self.languages),
            "file_attachments1": self.pdf_url,
            "note": page.urn,
        }
        entry.update({key: value for key, value in optional.items() if value})
        entry["urls"] = list(dict.fromkeys([self.link, self.page_url]))
        return _RisWriter().formats([entry])

    # --- formatted reference (APA 7) ---

    @staticmethod
    def _initials(given_names):
        initials = []
        for name in given_names.split():
            parts = [p for p in name.split("-") if p]
            initials.append("-".join(f"{p[0]}." for p in parts))
        return " ".join(initials)

    @classmethod
    def _apa_name(cls, person):
        if person.is_organisation:
            return person.organisation
        if person.given_names:
            return f"{person.family_name}, {cls._initials(person.given_names)}"
        return person.family_name

    @classmethod
    def _apa_names(cls, people):
        names = [cls._apa_name(p) for p in people]
        if len(names) == 1:
            return names[0]
        if len(names) <= 20:
            return ", ".join(names[:-1]) + ", & " + names[-1]
        return ", ".join(names[:19]) + ", … " + names[-1]

    def reference_parts(self):
        """(who, year, title, series, publisher, link): the reference's parts as plain text."""
        page = self.page
        who = ""
        if self.authors:
            who = self._apa_names(self.authors)
        elif self.editors:
            label = (
                pgettext("citation", "(Ed.)")
                if len(self.editors) == 1
                else pgettext("citation", "(Eds.)")
            )
            who = f"{self._apa_names(self.editors)} {label}"
        series = ""
        if page.series and page.series_number:
            series = f"{page.series} {page.series_number}"
        elif page.series:
            series = page.series
        # APA leaves out the publisher when it is the author.
        author_names = {a.organisation for a in self.authors if a.is_organisation}
        publisher = page.publisher if page.publisher not in author_names else ""
        return who, str(page.year), page.full_title, series, publisher, self.link

    def reference_text(self):
        who, year, title, series, publisher, link = self.reference_parts()
        title_part = f"{title} ({series})" if series else title
        pieces = [f"{who} ({year}). {title_part}." if who else f"{title_part}. ({year})."]
        if publisher:
            pieces.append(f"{publisher}.")
        pieces.append(link)
        return " ".join(pieces)

    def reference_html(self):
        who, year, title, series, publisher, link = self.reference_parts()
        series_html = format_html(" ({})", series) if series else ""
        if who:
            head = format_html("{} ({}). <cite>{}</cite>{}.", who, year, title, series_html)
        else:
            head = format_html("<cite>{}</cite>{}. ({}).", title, series_html, year)
        tail = format_html(" {}.", publisher) if publisher else ""
        return format_html('{}{} <a href="{}">{}</a>', head, tail, link, link)

    # --- schema.org and Highwire ---

    @staticmethod
    def _schema_person(person):
        if person.is_organisation:
            return {"@type": "Organization", "name": person.organisation}
        data = {"@type": "Person", "name": person.display_name, "familyName": person.family_name}
        if person.given_names:
            data["givenName"] = person.given_names
        return data

    def jsonld(self):
        page = self.page
        schema_type = SCHEMA_TYPES[page.publication_type]
        data = {
            "@context": "https://schema.org",
            "@type": schema_type,
            "@id": self.page_url,
            "url": self.page_url,
            "name": page.title,
            "datePublished": str(page.year),
            "abstract": page.abstract,
            "inLanguage": self.languages[0] if len(self.languages) == 1 else self.languages,
        }
        if page.subtitle:
            data["alternativeHeadline"] = page.subtitle
        if self.authors:
            data["author"] = [self._schema_person(a) for a in self.authors]
        if self.editors:
            data["editor"] = [self._schema_person(a) for a in self.editors]
        if page.publisher:
            data["publisher"] = {"@type": "Organization", "name": page.publisher}
        if page.isbn and schema_type == "Book":
            data["isbn"] = page.isbn
        ids = [
            ("ISBN", page.isbn),
            ("ISSN", page.issn),
            ("URN", page.urn),
            ("handle", identifiers.handle_of(page.handle_url) if page.handle_url else ""),
            ("DOI", page.doi),
        ]
        property_values = [
            {"@type": "PropertyValue", "propertyID": name, "value": value}
            for name, value in ids
            if value
        ]
        if property_values:
            data["identifier"] = property_values
        same_as = [u for u in (page.doi_url, page.handle_resolver_url, page.urn_url) if u]
        if same_as:
            data["sameAs"] = same_as
        if page.series:
            series = {"@type": "CreativeWorkSeries", "name": page.series}
            if page.issn:
                series["issn"] = page.issn
            data["isPartOf"] = series
        if self.full_text_url:
            data["encoding"] = {
                "@type": "MediaObject",
                "contentUrl": self.full_text_url,
                **({"encodingFormat": "application/pdf"} if self.pdf_url else {}),
            }
        if page.cover_image_id and page.cover_image is not None:
            rendition = page.cover_image.get_rendition("max-800x1100|format-jpeg")
            data["image"] = self.request.build_absolute_uri(rendition.url)
        return data

    def highwire(self):
        """(name, content) pairs for <meta name="citation_…">."""
        page = self.page
        tags = [("citation_title", page.full_title)]
        tags += [("citation_author", a.inverted_name) for a in self.authors or self.editors]
        tags.append(("citation_publication_date", str(page.year)))
        if page.publisher:
            tags.append(("citation_publisher", page.publisher))
            if page.publication_type in REPORT_TYPES:
                tags.append(("citation_technical_report_institution", page.publisher))
        if page.publication_type in REPORT_TYPES and page.series_number:
            tags.append(("citation_technical_report_number", page.series_number))
        if page.series:
            tags.append(("citation_series_title", page.series))
        if page.isbn:
            tags.append(("citation_isbn", page.isbn))
        if page.issn:
            tags.append(("citation_issn", page.issn))
        if page.doi:
            tags.append(("citation_doi", page.doi))
        tags += [("citation_language", code) for code in self.languages]
        if self.pdf_url:
            tags.append(("citation_pdf_url", self.pdf_url))
        tags.append(("citation_abstract_html_url", self.page_url))
        return tags


def citation_download(page, request, fmt):
    citation = Citation(page, request)
    if fmt == "bibtex":
        content, content_type, ext = citation.bibtex(), "application/x-bibtex", "bib"
    else:
        content, content_type, ext = citation.ris(), "application/x-research-info-systems", "ris"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    filename = f"{slugify(page.slug) or 'publication'}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Language"] = page.locale.language_code
    response["X-Robots-Tag"] = "noindex"
    return response


def ld_json(data):
    """JSON for a <script type="application/ld+json"> element: <, > and & escaped so the data can
    never close the element (the escaping Django's json_script uses)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    escaped = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(escaped)  # noqa: S308 - escaped above


def publication_page_context(page, request):
    from news.queries import COVER_SPEC, publication_index_for

    citation = Citation(page, request)
    identifiers_list = []
    if page.isbn:
        identifiers_list.append({"label": "ISBN", "value": page.isbn, "url": None})
    if page.issn:
        identifiers_list.append({"label": "ISSN", "value": page.issn, "url": None})
    if page.urn:
        identifiers_list.append({"label": "URN", "value": page.urn, "url": page.urn_url})
    if page.handle_url:
        handle = identifiers.handle_of(page.handle_url)
        identifiers_list.append(
            {"label": _("Handle"), "value": handle, "url": page.handle_resolver_url}
        )
    if page.doi:
        identifiers_list.append({"label": "DOI", "value": page.doi, "url": page.doi_url})
    index = publication_index_for(page.locale_id)
    base = page.get_url(request)
    document = page.document if page.document_id else None
    return {
        "authors": citation.authors,
        "editors": citation.editors,
        "language_names": [row.get_language_display() for row in citation.language_rows],
        "identifiers": identifiers_list,
        "reference_html": citation.reference_html(),
        "reference_text": citation.reference_text(),
        "bibtex_url": base + page.reverse_subpage("bibtex"),
        "ris_url": base + page.reverse_subpage("ris"),
        "jsonld": ld_json(citation.jsonld()),
        "citation_meta": citation.highwire(),
        "document": document,
        "document_size": document.file_size if document else None,
        "external_url": page.external_url,
        "cover": page.cover_image.get_rendition(COVER_SPEC) if page.cover_image_id else None,
        "index_url": index.get_url(request) if index else None,
        "index_title": index.title if index else "",
    }
