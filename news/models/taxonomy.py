"""Categories and tags of news: translatable snippets the national team maintains.

Both are translated with wagtail-localize (one row per language, linked by `translation_key`).
`code` is the same in every language and is what filters, feeds and the API use, so a filtered link
keeps working when the visitor switches language. Uniqueness is per language (`code` + `locale`),
never `unique=True` on a translated field.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class _Term(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=80)
    code = models.SlugField(
        _("code"),
        max_length=80,
        blank=True,
        help_text=_(
            "Stable identifier used in filter links, feeds and the API, the same in every "
            "language. Made from the name when left empty."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("code")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [SynchronizedField("code", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = slugify(self.name)[:80]
        super().save(*args, **kwargs)


class NewsCategory(_Term):
    """A broad subject: news of the network, events, campaigns, publications."""

    class Meta(_Term.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="news_category_code_per_locale")
        ]


class NewsTag(_Term):
    """A finer keyword (Ohjaamo week, online guidance, summer jobs)."""

    class Meta(_Term.Meta):
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="news_tag_code_per_locale")
        ]
