"""The publications library: research, reports, guides and books of the Ohjaamo network, with
persistent identifiers and citation data for people and for scholarly indexers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from kohtaamo.models import BasePage
from news import identifiers
from news.models.news import ScheduleAwareMixin, image_alt_error

# Languages a publication may be written in (ISO 639-1), the ones met in Finnish youth services.
PUBLICATION_LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("se", _("Northern Sami")),
    ("ru", _("Russian")),
    ("et", _("Estonian")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("fa", _("Persian")),
    ("de", _("German")),
    ("fr", _("French")),
]


class PublicationIndexPage(BasePage):
    """The library: every publication of this language with filters (type, year, language) and
    search."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = [*BasePage.api_fields, "intro"]

    parent_page_types = ["kohtaamo.HomePage"]
    subpage_types = ["news.PublicationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("publication library")
        verbose_name_plural = _("publication libraries")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        from news.queries import publication_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(publication_listing_context(self, request))
        return context


class PublicationPage(ScheduleAwareMixin, RoutablePageMixin, BasePage):
    class Type(models.TextChoices):
        BOOK = "book", _("book")
        REPORT = "report", _("report")
        GUIDE = "guide", _("guide")
        RESEARCH = "research", _("research")
        STATISTICS = "statistics", _("statistics")
        PRESENTATION = "presentation", _("presentation")

    subtitle = models.CharField(_("subtitle"), max_length=250, blank=True)
    publication_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.REPORT
    )
    year = models.PositiveSmallIntegerField(_("year"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    place = models.CharField(
        _("place of publication"), max_length=100, blank=True, help_text=_("For example: Helsinki")
    )
    series = models.CharField(_("series"), max_length=200, blank=True)
    series_number = models.CharField(
        _("number in series"), max_length=30, blank=True, help_text=_("For example: 12/2021")
    )
    abstract = models.TextField(
        _("abstract"),
        max_length=4000,
        help_text=_("What the publication is about. Separate paragraphs with an empty line."),
    )
    cover_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("cover alt text"),
        max_length=250,
        blank=True,
        help_text=_("Leave empty to use the image's own description."),
    )
    cover_decorative = models.BooleanField(
        _("cover is decorative"),
        default=True,
        help_text=_("A cover that only repeats the title next to it is decorative."),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("PDF file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(
        _("link to the full text"),
        blank=True,
        help_text=_("When the file is elsewhere, such as in a repository (Doria, Julkari, …)."),
    )
    isbn = models.CharField(
        "ISBN",
        max_length=20,
        blank=True,
        help_text=_("ISBN-10 or ISBN-13; the check digit is verified."),
    )
    issn = models.CharField(
        "ISSN", max_length=10, blank=True, help_text=_("The series' ISSN, e.g. 2242-2846.")
    )
    urn = models.CharField(
        "URN",
        max_length=120,
        blank=True,
        help_text=_("For example: URN:NBN:fi-fe2021093048283"),
    )
    handle_url = models.URLField(
        _("handle address"),
        blank=True,
        help_text=_("For example: https://www.doria.fi/handle/10024/181720"),
    )
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text=_("For example: 10.1234/abcd.5678")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("subtitle"),
        InlinePanel("authors", heading=_("Authors"), label=_("Author")),
        FieldRowPanel([FieldPanel("publication_type"), FieldPanel("year")]),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("series"), FieldPanel("series_number")]),
            ],
            heading=_("Publisher and series"),
        ),
        InlinePanel("languages", heading=_("Languages"), label=_("Language"), min_num=1),
        FieldPanel("abstract"),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("cover_alt"), FieldPanel("cover_decorative")],
            heading=_("Cover"),
        ),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url")],
            heading=_("Full text"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("isbn"),
                FieldPanel("issn"),
                FieldPanel("urn"),
                FieldPanel("handle_url"),
                FieldPanel("doi"),
            ],
            heading=_("Identifiers"),
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("abstract"),
        index.SearchField("publisher"),
        index.SearchField("series"),
        index.RelatedFields(
            "authors",
            [
                index.SearchField("family_name"),
                index.SearchField("given_names"),
                index.SearchField("organisation"),
            ],
        ),
        index.FilterField("publication_type"),
        index.FilterField("year"),
    ]
    api_fields = [
        *BasePage.api_fields,
        "subtitle",
        "authors",
        "publication_type",
        "year",
        "publisher",
        "place",
        "series",
        "series_number",
        "languages",
        "abstract",
        "cover_image",
        "document",
        "external_url",
        "isbn",
        "issn",
        "urn",
        "handle_url",
        "doi",
    ]
    # Identifiers and numbers are the same in every language.
    override_translatable_fields = [
        SynchronizedField("isbn", overridable=False),
        SynchronizedField("issn", overridable=False),
        SynchronizedField("urn", overridable=False),
        SynchronizedField("doi", overridable=False),
        SynchronizedField("series_number"),
    ]

    parent_page_types = ["news.PublicationIndexPage"]
    subpage_types = []

    IDENTIFIER_CLEANERS = {
        "isbn": identifiers.clean_isbn,
        "issn": identifiers.clean_issn,
        "urn": identifiers.clean_urn,
        "handle_url": identifiers.clean_handle_url,
        "doi": identifiers.clean_doi,
    }

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def get_meta_description(self):
        if self.search_description:
            return self.search_description
        return Truncator(" ".join(self.abstract.split())).chars(300)

    def get_social_image(self):
        return self.social_image or self.cover_image

    @property
    def full_title(self):
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    @property
    def cover_alt_text(self):
        if self.cover_decorative or self.cover_image is None:
            return ""
        return self.cover_alt or self.cover_image.description or ""

    @property
    def doi_url(self):
        return identifiers.doi_url(self.doi)

    @property
    def handle_resolver_url(self):
        return identifiers.handle_resolver_url(self.handle_url)

    @property
    def urn_url(self):
        return identifiers.urn_url(self.urn)

    @property
    def persistent_url(self):
        """The address a citation should give: DOI, then handle, then URN, else the page."""
        return self.doi_url or self.handle_resolver_url or self.urn_url

    def clean(self):
        super().clean()
        errors = {}
        for name, cleaner in self.IDENTIFIER_CLEANERS.items():
            try:
                setattr(self, name, cleaner(getattr(self, name)))
            except ValidationError as error:
                errors[name] = error
        if self.isbn and "isbn" not in errors:
            duplicate = (
                PublicationPage.objects.filter(isbn=self.isbn, locale_id=self.locale_id)
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if duplicate is not None:
                errors["isbn"] = ValidationError(
                    _("Another publication, “%(title)s”, already has the ISBN %(isbn)s."),
                    params={"title": duplicate.title, "isbn": self.isbn},
                )
        if self.document_id and self.external_url:
            errors["external_url"] = _(
                "Give either a PDF file or a link to the full text, not both."
            )
        if self.year and not 1900 <= self.year <= 2100:
            errors["year"] = _("Give the year of publication, e.g. 2021.")
        alt_error = image_alt_error(self.cover_image, self.cover_alt, self.cover_decorative)
        if alt_error:
            errors["cover_alt"] = alt_error
        if errors:
            raise ValidationError(errors)

    @path("cite/bibtex/", name="bibtex")
    def bibtex(self, request):
        from news.citations import citation_download

        return citation_download(self, request, "bibtex")

    @path("cite/ris/", name="ris")
    def ris(self, request):
        from news.citations import citation_download

        return citation_download(self, request, "ris")

    def get_context(self, request, *args, **kwargs):
        from news.citations import publication_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(publication_page_context(self, request))
        return context


class PublicationAuthor(Orderable):
    """One author or editor, a person or an organisation, in the order printed."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        EDITOR = "editor", _("editor")

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="authors")
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    given_names = models.CharField(_("given names"), max_length=100, blank=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For a corporate author, instead of a person's name."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.AUTHOR)

    panels = [
        FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_names")]),
        FieldPanel("organisation"),
        FieldPanel("role"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.display_name

    @property
    def is_organisation(self):
        return bool(self.organisation) and not self.family_name

    @property
    def display_name(self):
        if self.is_organisation:
            return self.organisation
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def inverted_name(self):
        """Family, Given – the order citations and citation_author use."""
        if self.is_organisation:
            return self.organisation
        if self.given_names:
            return f"{self.family_name}, {self.given_names}"
        return self.family_name

    def clean(self):
        super().clean()
        if not self.family_name and not self.organisation:
            raise ValidationError(
                {"family_name": _("Give a person's family name or an organisation.")}
            )
        if self.family_name and self.organisation:
            raise ValidationError(
                {"organisation": _("Give a person or an organisation, not both.")}
            )


class PublicationLanguage(Orderable):
    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, choices=PUBLICATION_LANGUAGES)

    panels = [FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.get_language_display()
