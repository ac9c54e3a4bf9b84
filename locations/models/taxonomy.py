"""Taxonomies the national team maintains: the services an Ohjaamo offers (a translatable snippet)
and the languages it serves in (reference data)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Service(TranslatableMixin, index.Indexed, models.Model):
    """A service offered at Ohjaamo centres (career guidance, Kela, psychosocial support, …).
    Translated with wagtail-localize; `code` is the same in every language (filters, API)."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("Stable identifier used in filters and the API, e.g. career-guidance."),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True, max_length=500)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name


class ServiceLanguage(models.Model):
    """A language an Ohjaamo serves in (ISO 639-1 code), with its name in the site languages."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=60)
    name_sv = models.CharField(_("name (Swedish)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name_for()

    def name_for(self, language_code=None):
        language_code = language_code or get_language() or "fi"
        return getattr(self, f"name_{language_code}", "") or self.name_fi
