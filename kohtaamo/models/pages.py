"""Core page types: the home page of each language, generic content pages and the accessibility
statement required by Act 306/2019."""

from django.conf import settings
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from kohtaamo import feedback
from kohtaamo.blocks import RICH_TEXT_FEATURES, BaseStreamBlock

from .base import BasePage


class HomePage(BasePage):
    """The root of each language tree (/, /sv/, /en/)."""

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Decorative: the hero text carries the message."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    finder_heading = models.CharField(
        _("finder heading"),
        max_length=120,
        default="",
        blank=True,
        help_text=_('The "find your nearest Ohjaamo" box. Leave empty to hide it.'),
    )
    finder_text = models.TextField(_("finder text"), blank=True, max_length=300)
    body = StreamField(BaseStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("finder_heading"), FieldPanel("finder_text")],
            heading=_("Find your nearest Ohjaamo"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [*BasePage.api_fields, "hero_heading", "hero_text", "intro", "body"]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "locations.FinderPage",
        "news.NewsIndexPage",
        "news.PublicationIndexPage",
        "kohtaamo.ContentPage",
        "kohtaamo.AccessibilityStatementPage",
        "brand.BrandPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    # Sections (latest news, featured publications) come through this hook; see BasePage.
    sections_hook_name = "kohtaamo_home_page_sections"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # `kohtaamo_home_page_context` hooks return a dict merged into the context (finder_url).
        for hook in hooks.get_hooks("kohtaamo_home_page_context"):
            context.update(hook(self, request) or {})
        return context


class ContentPage(BasePage):
    """A generic page built from the shared blocks."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [*BasePage.api_fields, "intro", "body"]

    parent_page_types = ["kohtaamo.HomePage", "kohtaamo.ContentPage"]
    subpage_types = ["kohtaamo.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def get_meta_description(self):
        return self.search_description or self.intro


class AccessibilityStatementPage(BasePage):
    """The accessibility statement, structured after the EU model statement (Commission Implementing
    Decision (EU) 2018/1523) as applied in Finland."""

    class Conformance(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Assessment(models.TextChoices):
        SELF = "self", _("self-assessment")
        THIRD_PARTY = "third_party", _("assessment by a third party")

    service_name = models.CharField(
        _("service the statement covers"),
        max_length=200,
        help_text=_("For example: the website ohjaamot.fi"),
    )
    organisation = models.CharField(_("organisation responsible"), max_length=200)
    conformance_status = models.CharField(
        _("conformance status"),
        max_length=20,
        choices=Conformance.choices,
        default=Conformance.PARTIAL,
    )
    standard = models.CharField(
        _("standard"),
        max_length=100,
        default="WCAG 2.1 AA",
        help_text=_("The level the service is measured against."),
    )
    non_accessible_content = RichTextField(
        _("non-accessible content"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What does not yet meet the requirements, why, and what to use instead."),
    )
    disproportionate_burden = RichTextField(
        _("disproportionate burden"), blank=True, features=RICH_TEXT_FEATURES
    )
    outside_scope = RichTextField(
        _("content outside the scope of the law"), blank=True, features=RICH_TEXT_FEATURES
    )
    prepared_on = models.DateField(_("statement prepared on"))
    last_reviewed_on = models.DateField(_("statement last reviewed on"))
    assessment_method = models.CharField(
        _("how the service was assessed"),
        max_length=20,
        choices=Assessment.choices,
        default=Assessment.SELF,
    )
    assessment_details = RichTextField(
        _("assessment details"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Who assessed it, when, and with which tools."),
    )
    feedback_email = models.EmailField(_("feedback e-mail"))
    feedback_phone = models.CharField(_("feedback phone"), max_length=40, blank=True)
    feedback_form_url = models.URLField(_("feedback form address"), blank=True)
    supervisor_name = models.CharField(_("supervising authority"), max_length=200)
    supervisor_unit = models.CharField(_("unit"), max_length=200, blank=True)
    supervisor_url = models.URLField(_("supervising authority website"))
    supervisor_email = models.EmailField(_("supervising authority e-mail"), blank=True)
    supervisor_phone = models.CharField(_("supervising authority phone"), max_length=40, blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("service_name"),
                FieldPanel("organisation"),
                FieldPanel("conformance_status"),
                FieldPanel("standard"),
            ],
            heading=_("Conformance"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("non_accessible_content"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("outside_scope"),
            ],
            heading=_("Non-accessible content"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("last_reviewed_on"),
                FieldPanel("assessment_method"),
                FieldPanel("assessment_details"),
            ],
            heading=_("Preparation of the statement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("feedback_email"),
                FieldPanel("feedback_phone"),
                FieldPanel("feedback_form_url"),
            ],
            heading=_("Feedback and contact information"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("supervisor_name"),
                FieldPanel("supervisor_unit"),
                FieldPanel("supervisor_url"),
                FieldPanel("supervisor_email"),
                FieldPanel("supervisor_phone"),
            ],
            heading=_("Enforcement procedure"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("non_accessible_content"),
        index.SearchField("assessment_details"),
    ]
    api_fields = [
        *BasePage.api_fields,
        "service_name",
        "organisation",
        "conformance_status",
        "standard",
        "non_accessible_content",
        "disproportionate_burden",
        "outside_scope",
        "prepared_on",
        "last_reviewed_on",
        "assessment_method",
        "assessment_details",
        "feedback_email",
        "feedback_phone",
        "feedback_form_url",
        "supervisor_name",
        "supervisor_unit",
        "supervisor_url",
        "supervisor_email",
        "supervisor_phone",
    ]

    parent_page_types = ["kohtaamo.HomePage"]
    subpage_types = []
    max_count_per_parent = 1  # one statement per language tree

    # The answer period the law sets for feedback (Act 306/2019, section 11).
    FEEDBACK_ANSWER_DAYS = 14

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def serve(self, request, *args, **kwargs):
        """The statement with its feedback form (kohtaamo/feedback.py): a stored submission
        redirects to the thank-you state (no second submission on reload); an invalid one shows
        the form again with the errors and everything the visitor wrote."""
        self.feedback_context, status, redirect_to = feedback.handle(self, request)
        if redirect_to:
            response = HttpResponseRedirect(redirect_to)
            response.status_code = 303
            return response
        response = super().serve(request, *args, **kwargs)
        response.status_code = status
        if request.method == "POST":
            response["Cache-Control"] = "no-store"
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(self, "feedback_context", None) is None:
            self.feedback_context = feedback.handle(self, request)[0]
        context.update(self.feedback_context)
        return context
