"""What the last weekly digest of each scope (the national team, or one local team) listed, so the
next digest can say what is new and what has been fixed since."""

from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_SCOPE = "national"


class DigestSnapshot(models.Model):
    scope = models.CharField(
        _("scope"),
        max_length=64,
        unique=True,
        help_text=_("“national”, or the translation key of a local team's Ohjaamo page."),
    )
    taken_at = models.DateTimeField(_("taken at"))
    # {row key: [check key, title]} of every problem listed then.
    rows = models.JSONField(_("rows"), default=dict)

    class Meta:
        verbose_name = _("data-quality digest snapshot")
        verbose_name_plural = _("data-quality digest snapshots")

    def __str__(self):
        return f"{self.scope} @ {self.taken_at:%Y-%m-%d}"


class DanglingReference(models.Model):
    """A reference from a page to a page, document or image that has been deleted.

    Wagtail drops the reference index rows pointing at an object when it is deleted, although
    the pages linking to it still hold the link; they come back when such a page is saved again.
    `quality.signals` records them at deletion for the time in between; once the linking page
    has been saved after `removed_at`, the index holds them again and the record is ignored."""

    source_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    target_kind = models.CharField(_("target"), max_length=20)  # page, document or image
    target_id = models.CharField(_("target id"), max_length=255)
    target_title = models.CharField(_("target title"), max_length=255, blank=True)
    model_path = models.TextField(_("field"), blank=True)
    removed_at = models.DateTimeField(_("removed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("link to a removed object")
        verbose_name_plural = _("links to removed objects")
        constraints = [
            models.UniqueConstraint(
                fields=["source_page", "target_kind", "target_id", "model_path"],
                name="quality_dangling_reference_unique",
            )
        ]

    def __str__(self):
        return f"page {self.source_page_id} → {self.target_kind} {self.target_id}"
