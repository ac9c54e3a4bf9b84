"""The Ohjaamo brand: settings every page is rendered from, the asset bank and the guideline pages.

- `BrandSettings` (a site setting the national team edits): five chosen colours from which every
  colour token is derived (brand/contrast.py) and checked against WCAG 2.1 AA before anything is
  saved, the typefaces, and the logo files (`BrandLogo`: mark, horizontal, stacked, monochrome and
  negative, per language, SVG as a Wagtail document and PNG as a Wagtail image).
- `BrandAsset` (a snippet the national team manages): downloadable brand material with its files
  (`BrandAssetFile`: documents or images), language, version chain ("replaces") and audience.
  Staff-only material is kept as documents in a collection only logged-in users may open; images
  are public files by nature and are refused on staff-only assets (see brand/assets.py).
- `BrandPage` lists the bank with filters and serves downloads, ZIPs and local logo lockups;
  `BrandGuidelinePage` holds the guidelines with blocks rendered from the live settings.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from brand import contrast
from brand.blocks import GuidelineStreamBlock
from brand.typography import DEFAULT_FONT, FONT_CHOICES
from kohtaamo.blocks import BaseStreamBlock
from kohtaamo.models import BasePage

hex_colour = RegexValidator(
    contrast.HEX_RE, _("Give the colour as a hex code, such as #0b5566 or #fff.")
)

LANGUAGE_ANY = "any"
ASSET_LANGUAGES = [
    (LANGUAGE_ANY, _("Any language")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
SITE_LANGUAGES = ("fi", "sv", "en")


def _colour_field(label, default, help_text):
    return models.CharField(
        label, max_length=7, default=default, validators=[hex_colour], help_text=help_text
    )


def localized(instance, field, language_code=None):
    """`field_sv` / `field_en` for Swedish and English when filled, else the field itself."""
    language_code = (language_code or get_language() or "fi")[:2]
    if language_code in ("sv", "en"):
        value = getattr(instance, f"{field}_{language_code}", "")
        if value:
            return value
    return getattr(instance, field)


# --- Brand settings ---------------------------------------------------------------------------


@register_setting(icon="image")
class BrandSettings(ClusterableModel, BaseSiteSetting):
    primary_colour = _colour_field(
        _("primary colour"),
        "#0b5566",
        _("Navigation bar, buttons, links and the home page hero."),
    )
    secondary_colour = _colour_field(
        _("secondary colour"), "#5b2a86", _("Footer and buttons under the pointer.")
    )
    accent_colour = _colour_field(
        _("accent colour"), "#ffcc33", _("Highlights, quotations and the halo of the focus ring.")
    )
    text_colour = _colour_field(_("text colour"), "#1a1a1a", _("Body text and headings."))
    background_colour = _colour_field(_("background colour"), "#ffffff", _("Page background."))
    body_font = models.CharField(
        _("body typeface"), max_length=30, choices=FONT_CHOICES, default=DEFAULT_FONT
    )
    heading_font = models.CharField(
        _("heading typeface"), max_length=30, choices=FONT_CHOICES, default=DEFAULT_FONT
    )

    panels = [
        HelpPanel(
            content=_(
                "<p>Every page of the site is drawn in these colours. The colour of text on the "
                "primary, secondary and accent colours (white or near-black), surfaces, muted "
                "text, borders and links are derived from them. A combination that any page "
                "would show below the WCAG 2.1 AA contrast minimum is refused, naming the pair "
                "and its contrast ratio.</p>"
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("secondary_colour")]),
                FieldRowPanel([FieldPanel("accent_colour")]),
                FieldRowPanel([FieldPanel("text_colour"), FieldPanel("background_colour")]),
            ],
            heading=_("Colours"),
        ),
        MultiFieldPanel(
            [FieldPanel("body_font"), FieldPanel("heading_font")],
            heading=_("Typography"),
            help_text=_("Fonts already on the visitor's device: the site never loads fonts."),
        ),
        InlinePanel("logos", heading=_("Logos"), label=_("Logo file")),
    ]

    class Meta:
        verbose_name = _("brand")

    def palette(self):
        """Every colour token (raises ValueError if a chosen colour is not a hex code)."""
        return contrast.derive_palette(
            self.primary_colour,
            self.secondary_colour,
            self.accent_colour,
            self.text_colour,
            self.background_colour,
        )

    def contrast_failures(self):
        return contrast.failures(self.palette())

    def clean(self):
        super().clean()
        try:
            failures = self.contrast_failures()
        except ValueError:
            return  # the field validators name the malformed colour
        if not failures:
            return
        errors = {NON_FIELD_ERRORS: []}
        for failure in failures:
            message = _(
                "Not enough contrast: %(pair)s is %(ratio)s, at least %(minimum)s is needed."
            ) % {
                "pair": failure.pair.label,
                "ratio": failure.ratio_text,
                "minimum": failure.minimum_text,
            }
            errors[NON_FIELD_ERRORS].append(message)
            for field in failure.fields:
                errors.setdefault(field, []).append(message)
        raise ValidationError(errors)


class BrandLogo(Orderable):
    class Variant(models.TextChoices):
        MARK = "mark", _("mark (symbol without text)")
        HORIZONTAL = "horizontal", _("horizontal")
        STACKED = "stacked", _("stacked")
        MONOCHROME = "monochrome", _("monochrome")
        NEGATIVE = "negative", _("negative (on dark backgrounds)")

    setting = ParentalKey(BrandSettings, on_delete=models.CASCADE, related_name="logos")
    variant = models.CharField(_("variant"), max_length=20, choices=Variant.choices)
    language = models.CharField(
        _("language"),
        max_length=3,
        choices=ASSET_LANGUAGES,
        default=LANGUAGE_ANY,
        help_text=_("The wordmark's language: Ohjaamo (Finnish, English) or Navigatorn."),
    )
    svg = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("SVG file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The vector original, uploaded as a document."),
    )
    png = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("PNG image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("variant"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("svg"), FieldPanel("png")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("logo file")
        verbose_name_plural = _("logo files")

    def clean(self):
        super().clean()
        from brand.assets import is_restricted_document

        if not self.svg_id and not self.png_id:
            raise ValidationError(_("Give the logo as an SVG document, a PNG image or both."))
        if self.svg_id:
            if not self.svg.filename.lower().endswith(".svg"):
                raise ValidationError({"svg": _("Choose an .svg file here.")})
            if is_restricted_document(self.svg):
                raise ValidationError(
                    {"svg": _("Logos are public: this document is in a staff-only collection.")}
                )


# --- Asset bank -------------------------------------------------------------------------------


class BrandAssetQuerySet(models.QuerySet):
    def published(self, today=None):
        return self.filter(publish_date__lte=today or timezone.localdate())

    def current(self, today=None):
        """Published and not replaced by a published newer version."""
        today = today or timezone.localdate()
        return self.published(today).exclude(replaced_by__publish_date__lte=today)

    def visible_to(self, user):
        from brand.access import is_brand_staff

        if is_brand_staff(user):
            return self
        return self.filter(audience=BrandAsset.Audience.PUBLIC)

    def in_language(self, language):
        """Material in `language` and material for any language."""
        if not language or language == LANGUAGE_ANY:
            return self
        return self.filter(language__in=(language, LANGUAGE_ANY))


class BrandAsset(index.Indexed, ClusterableModel):
    class Category(models.TextChoices):
        LOGO = "logo", _("logos")
        TEMPLATE = "template", _("templates")
        PHOTO = "photo", _("photos")
        ILLUSTRATION = "illustration", _("illustrations")
        PRESENTATION = "presentation", _("presentations")
        SOCIAL_MEDIA = "social_media", _("social media")
        PRINT = "print", _("print")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("public: anyone may download")
        STAFF = "staff", _("staff only: logged-in local and national teams")

    title = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    category = models.CharField(
        pgettext_lazy("brand material", "category"), max_length=20, choices=Category.choices
    )
    language = models.CharField(
        _("language of the material"),
        max_length=3,
        choices=ASSET_LANGUAGES,
        default=LANGUAGE_ANY,
    )
    version = models.CharField(
        _("version"), max_length=20, default="1.0", help_text=_("For example 2.1 or 2026-11.")
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        help_text=_(
            "The earlier version this one replaces. The old version stays downloadable through "
            "its own address, marked as outdated, but is no longer listed or zipped."
        ),
    )
    audience = models.CharField(
        _("audience"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text=_(
            "Staff-only files must be documents; they are moved into the staff-only brand "
            "collection when you save. Images are always public files."
        ),
    )
    publish_date = models.DateField(
        _("publish date"),
        default=timezone.localdate,
        help_text=_("Listed and downloadable from this day on."),
    )
    preview_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("preview image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Public material only. Its description is the preview's alt text."),
    )
    preview_alt_sv = models.CharField(
        _("preview's alt text (Swedish)"),
        max_length=250,
        blank=True,
        help_text=_("The preview image's description in Swedish (the Finnish one is the image's)."),
    )
    preview_alt_en = models.CharField(
        _("preview's alt text (English)"),
        max_length=250,
        blank=True,
        help_text=_("The preview image's description in English (the Finnish one is the image's)."),
    )
    usage_rules = RichTextField(
        _("usage rules (Finnish)"), blank=True, features=["bold", "italic", "ul", "link"]
    )
    usage_rules_sv = RichTextField(
        _("usage rules (Swedish)"), blank=True, features=["bold", "italic", "ul", "link"]
    )
    usage_rules_en = RichTextField(
        _("usage rules (English)"), blank=True, features=["bold", "italic", "ul", "link"]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BrandAssetQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("title_sv"), FieldPanel("title_en")],
            heading=_("Title"),
        ),
        FieldRowPanel([FieldPanel("category"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("version"), FieldPanel("replaces")]),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("publish_date")]),
        InlinePanel("files", heading=_("Files"), label=_("File"), min_num=1),
        FieldPanel("preview_image"),
        FieldRowPanel([FieldPanel("preview_alt_sv"), FieldPanel("preview_alt_en")]),
        MultiFieldPanel(
            [
                FieldPanel("usage_rules"),
                FieldPanel("usage_rules_sv"),
                FieldPanel("usage_rules_en"),
            ],
            heading=_("Usage rules"),
        ),
    ]

    search_fields = [
        index.SearchField("title"),
        index.SearchField("title_sv"),
        index.SearchField("title_en"),
        index.FilterField("category"),
        index.FilterField("language"),
        index.FilterField("audience"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        verbose_name = _("brand asset")
        verbose_name_plural = _("brand assets")
        ordering = ["category", "title", "-publish_date"]

    def __str__(self):
        return f"{self.title} ({self.get_language_display()}, {self.version})"

    @property
    def display_title(self):
        return localized(self, "title")

    def preview_alt(self, image):
        """The preview's alt text in the active language: the Swedish or English one when
        given, else the image's description (Finnish), else the asset's title there."""
        language_code = (get_language() or "fi")[:2]
        if language_code in ("sv", "en"):
            return getattr(self, f"preview_alt_{language_code}", "") or self.display_title
        return image.description or image.title

    @property
    def display_usage_rules(self):
        return localized(self, "usage_rules")

    @property
    def is_staff_only(self):
        return self.audience == self.Audience.STAFF

    def is_published(self, today=None):
        return self.publish_date <= (today or timezone.localdate())

    def current_replacement(self, today=None):
        """The published version that replaces this one (None when this one is current)."""
        today = today or timezone.localdate()
        newer = [asset for asset in self.replaced_by.all() if asset.publish_date <= today]
        return max(newer, key=lambda asset: asset.publish_date) if newer else None

    def clean(self):
        super().clean()
        errors = {}
        seen, step = {self.pk}, self.replaces
        while step is not None:
            if step.pk in seen:
                errors["replaces"] = _("An asset cannot replace itself or a newer version of it.")
                break
            seen.add(step.pk)
            step = step.replaces
        if self.is_staff_only and self.preview_image_id:
            errors["preview_image"] = _(
                "Images are public files: a staff-only asset cannot have a preview image."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.is_staff_only:
            from brand.assets import make_documents_private

            make_documents_private(self)


class BrandAssetFile(Orderable):
    asset = ParentalKey(BrandAsset, on_delete=models.CASCADE, related_name="files")
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("For example: for print, CMYK. Leave empty to show the file name."),
    )
    label_sv = models.CharField(_("label (Swedish)"), max_length=120, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=120, blank=True)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("SVG, PDF, PowerPoint, Word, ZIP …"),
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("PNG or JPEG. Public material only."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("label_sv"), FieldPanel("label_en")]),
        FieldRowPanel([FieldPanel("document"), FieldPanel("image")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.image_id):
            raise ValidationError(_("Choose either a document or an image for each file."))

    @property
    def file(self):
        return self.document.file if self.document_id else self.image.file

    @property
    def filename(self):
        import os

        return os.path.basename(self.file.name)

    @property
    def display_label(self):
        """The label in the active language (Finnish when not translated), else the file name."""
        return localized(self, "label") or self.filename

    @property
    def extension(self):
        return self.filename.rsplit(".", 1)[-1].upper() if "." in self.filename else ""


# --- Pages ------------------------------------------------------------------------------------


class BrandPage(RoutablePageMixin, BasePage):
    """The brand's home: usage rules, the asset bank with filters and downloads, and a logo
    lockup for every Ohjaamo."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("usage rules"),
        blank=True,
        help_text=_("The general rules for using brand material, shown above the asset bank."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [*BasePage.api_fields, "intro", "body"]

    parent_page_types = ["kohtaamo.HomePage"]
    subpage_types = ["brand.BrandGuidelinePage"]
    max_count_per_parent = 1

    PAGE_SIZE = 24

    class Meta:
        verbose_name = _("brand page")
        verbose_name_plural = _("brand pages")

    def get_meta_description(self):
        return self.search_description or self.intro

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    def get_context(self, request, *args, **kwargs):
        from brand.views import brand_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(brand_page_context(self, request))
        return context

    @path("asset/<int:asset_id>/")
    def asset_download(self, request, asset_id):
        from brand.views import download_asset

        return download_asset(self, request, asset_id)

    @path("asset/<int:asset_id>/<int:file_id>/")
    def file_download(self, request, asset_id, file_id):
        from brand.views import download_file

        return download_file(self, request, asset_id, file_id)

    @path("zip/")
    def zip_download(self, request):
        from brand.views import download_zip

        return download_zip(self, request)

    @re_path(r"^lockup/(?P<page_id>\d+)/(?P<fmt>svg|png)/(?:(?P<size>small|medium|large)/)?$")
    def lockup_download(self, request, page_id, fmt, size=None):
        from brand.views import download_lockup

        return download_lockup(self, request, int(page_id), fmt, size)


class BrandGuidelinePage(BasePage):
    """Brand guidelines: colours (from the live settings, with their contrast), logo use,
    typography, tone of voice, minimum sizes and clear space."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(GuidelineStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    api_fields = [*BasePage.api_fields, "intro", "body"]

    parent_page_types = ["brand.BrandPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("brand guideline page")
        verbose_name_plural = _("brand guideline pages")

    def get_meta_description(self):
        return self.search_description or self.intro
