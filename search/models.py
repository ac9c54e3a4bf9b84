"""The search layer's document store: one row per searchable thing (a page, a service point, a
public brand asset) per language, with its text already analysed into base forms.

The rows are the database engine's index (an SQLite FTS5 table or a PostgreSQL tsvector column
beside them, see migrations/0002) and the source every result is shown from, whichever engine
ranked it. Rows go with what they were built from (foreign keys cascade).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
