"""The search layer's document store: one row per searchable thing (a page, a service point, a
public brand asset) per language, with its text already analysed into base forms.

The rows are the database engine's index (an SQLite FTS5 table or a PostgreSQL tsvector column
beside them, see migrations/0002) and the source every result is shown from, whichever engine
ranked it. Rows go with what they were built from (foreign keys cascade).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FacetSet(models.Model):
    """One combination of facet values that documents share: a content type with the regions,
    services and languages of service of a document. The database engine counts the matches of
    a search by facet set first (a few hundred sets where thousands of documents match) and then
    the facet values over those sets, so the values are compared once per set, not once per
    document. Sets are only ever added; one that no document uses any more costs a row."""

    kind = models.CharField(max_length=20)
    region = models.CharField(max_length=10, blank=True)
    services = models.CharField(max_length=1000, blank=True)
    service_languages = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "services", "service_languages"],
                name="search_facet_set_values",
            )
        ]

    def __str__(self):
        return " | ".join((self.kind, self.region, self.services, self.service_languages))

    FIELDS = ("kind", "region", "services", "service_languages")

    @property
    def values(self):
        return values_of(self)


def values_of(obj):
    """The facet values of a facet set or a search document, in FacetSet.FIELDS order."""
    return tuple(getattr(obj, name) for name in FacetSet.FIELDS)


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        OHJAAMO = "ohjaamo", _("Ohjaamo")
        POINT = "point", _("service point")
        FINDER = "finder", _("Ohjaamo finder")
        NEWS = "news", _("news")
        PUBLICATION = "publication", _("publication")
        BRAND = "brand", _("brand")
        ASSET = "asset", _("brand material")
        PAGE = "page", _("page")

    key = models.CharField(max_length=40)
    language = models.CharField(max_length=5)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    point = models.ForeignKey(
        "locations.ServicePoint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    asset = models.ForeignKey(
        "brand.BrandAsset", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    title_key = models.CharField(
        max_length=300,
        blank=True,
        help_text="The title's words, lower case, space-separated: finds exact title matches.",
    )
    url = models.CharField(max_length=500)
    text = models.TextField(blank=True, help_text="Plain text the snippet is cut from.")
    date = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    region = models.CharField(max_length=10, blank=True)
    municipality = models.CharField(max_length=10, blank=True)
    services = models.CharField(max_length=1000, blank=True, help_text="Space-separated codes.")
    service_languages = models.CharField(max_length=200, blank=True)
    facet_set = models.ForeignKey(
        FacetSet,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # read with the ranking columns (migrations/0006), never searched by
        help_text="The combination of this document's facet values (set as it is stored).",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    boost = models.FloatField(default=1.0)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="search_document_key_lang")
        ]
        indexes = [
            models.Index(fields=["language", "title"], name="search_doc_lang_title"),
            models.Index(fields=["language", "title_key"], name="search_doc_lang_title_key"),
        ]

    def __str__(self):
        return f"{self.key} ({self.language}): {self.title}"

    @property
    def service_codes(self):
        return self.services.split()

    @property
    def service_language_codes(self):
        return self.service_languages.split()
