"""Site-wide settings the national team manages: navigation, footer contact and social links.

Navigation items point at pages of the Finnish (source) tree; the site shows each item's translation
in the visitor's language. Text that differs by language (the organisation name) has a field per
language, Finnish required.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    panels = [InlinePanel("items", label=_("Main navigation"), max_num=8)]

    class Meta:
        verbose_name = _("navigation")


class NavigationItem(Orderable):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("navigation item")


@register_setting(icon="mail")
class FooterSettings(ClusterableModel, BaseSiteSetting):
    organisation_name = models.CharField(_("organisation (Finnish)"), max_length=200, blank=True)
    organisation_name_sv = models.CharField(_("organisation (Swedish)"), max_length=200, blank=True)
    organisation_name_en = models.CharField(_("organisation (English)"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_address = models.CharField(
        _("postal address"),
        max_length=200,
        blank=True,
        help_text=_("For example: PL 250, 00101 Helsinki"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accessibility_feedback_email = models.EmailField(
        _("accessibility feedback e-mail"),
        blank=True,
        help_text=_(
            "Where the accessibility statement's feedback form sends what visitors write. Empty: "
            "the feedback e-mail given on the accessibility statement page."
        ),
    )
    footer_pages = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("footer links"),
        help_text=_(
            "Pages linked at the bottom of every page, such as the accessibility statement."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_name_sv"),
                FieldPanel("organisation_name_en"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("postal_address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("accessibility_feedback_email"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("footer_pages"),
        InlinePanel("social_links", label=_("Social media"), max_num=12),
    ]

    class Meta:
        verbose_name = _("footer and contact")

    def organisation_name_for(self, language_code=None):
        language_code = language_code or get_language()
        localized = getattr(self, f"organisation_name_{language_code}", "")
        return localized or self.organisation_name


class SocialLink(Orderable):
    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        LINKEDIN = "linkedin", "LinkedIn"
        BLUESKY = "bluesky", "Bluesky"
        THREADS = "threads", "Threads"
        X = "x", "X"
        WHATSAPP = "whatsapp", "WhatsApp"
        MASTODON = "mastodon", "Mastodon"

    # Host names each platform's links must use (Mastodon is federated and has no fixed host).
    HOSTS = {
        "facebook": ("facebook.com", "fb.me"),
        "instagram": ("instagram.com",),
        "tiktok": ("tiktok.com",),
        "youtube": ("youtube.com", "youtu.be"),
        "linkedin": ("linkedin.com",),
        "bluesky": ("bsky.app",),
        "threads": ("threads.net", "threads.com"),
        "x": ("x.com", "twitter.com"),
        "whatsapp": ("wa.me", "whatsapp.com"),
    }

    setting = ParentalKey(FooterSettings, on_delete=models.CASCADE, related_name="social_links")
    platform = models.CharField(_("service"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("address"))

    panels = [FieldPanel("platform"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("social media link")

    def clean(self):
        super().clean()
        hosts = self.HOSTS.get(self.platform)
        if not hosts or not self.url:
            return
        from urllib.parse import urlsplit

        host = (urlsplit(self.url).hostname or "").lower()
        if not any(host == h or host.endswith("." + h) for h in hosts):
            raise ValidationError(
                {
                    "url": _("This is not a %(platform)s address.")
                    % {"platform": self.get_platform_display()}
                }
            )
