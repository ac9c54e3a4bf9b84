"""Accessibility feedback (Act on the Provision of Digital Services 306/2019, section 11): what a
visitor sends with the form on the accessibility statement page. The law gives 14 days to answer;
`is_overdue` marks what has waited longer, and the data-quality dashboard lists it."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

# The answer period of Act 306/2019, section 11.
ANSWER_DAYS = 14


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def unanswered(self):
        return self.exclude(status=AccessibilityFeedback.Status.ANSWERED)

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.unanswered().filter(created_at__lt=now - datetime.timedelta(days=ANSWER_DAYS))


class AccessibilityFeedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sent from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The accessibility statement page the form was sent from."),
    )
    url = models.CharField(_("page or service concerned"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    email = models.EmailField(_("contact e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answered_at = models.DateTimeField(
        _("answered"),
        null=True,
        blank=True,
        help_text=_("Filled in when the status is set to answered, if left empty."),
    )
    notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("What was done; not shown to the sender.")
    )

    objects = AccessibilityFeedbackQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("created_at", read_only=True),
                        FieldPanel("language", read_only=True),
                    ]
                ),
                FieldPanel("url", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("email", read_only=True),
            ],
            heading=_("Feedback"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("answered_at")]), FieldPanel("notes")],
            heading=_("Handling"),
        ),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self):
        text = " ".join(self.message.split())
        return text if len(text) <= 60 else text[:59] + "…"

    def save(self, *args, **kwargs):
        if self.status == self.Status.ANSWERED and self.answered_at is None:
            self.answered_at = timezone.now()
        super().save(*args, **kwargs)

    def age_days(self, now=None):
        """Whole days since the feedback arrived."""
        return ((now or timezone.now()) - self.created_at).days

    def is_overdue(self, now=None):
        waited = (now or timezone.now()) - self.created_at
        return self.status != self.Status.ANSWERED and waited > datetime.timedelta(ANSWER_DAYS)

    def due_date(self):
        return timezone.localdate(self.created_at + datetime.timedelta(days=ANSWER_DAYS))
