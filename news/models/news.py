"""National and local news.

A NewsPage lives under the national NewsIndexPage (national news) or directly under an OhjaamoPage
(local news of that Ohjaamo). News travels both ways:

- local → national: the local team proposes an item (`proposed_for_national`); only users with the
  `news.promote_newspage` permission (the national team) can accept it (`accepted_nationally`).
  Accepted local news is listed in the national index and its feeds.
- national → local: users with `news.push_newspage` can mark national news "show on every Ohjaamo
  page" (`show_on_ohjaamo_pages`); it then appears in every OhjaamoPage's news block and feeds.

The flags are enforced in the edit form (news/forms.py: disabled and ignored on POST for users
without the permission) and kept equal across a news item's translations (news/signals.py).
Listing logic lives in news/queries.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from kohtaamo.models import BasePage
from news.blocks import NewsStreamBlock, validate_local_body
from news.forms import NewsPageForm
from news.routes import NewsFeedsMixin


def image_alt_error(image, alt_text, decorative):
    """The error for an image that has neither alt text (its own or the image's description) nor
    the decorative flag, else None."""
    if image is None or decorative or (alt_text or "").strip():
        return None
    if (getattr(image, "description", "") or "").strip():
        return None
    return _("Describe the image for screen reader users, or mark it decorative.")


class ScheduleAwareMixin:
    """Wagtail unpublishes expired pages when `publish_scheduled` runs; until then an expired page
    is still `live`. Listings filter on `expire_at` (news/queries.py); the direct URLs of every
    page type answer 404 (kohtaamo.visibility, the `before_serve_page` hook in
    kohtaamo/wagtail_hooks.py)."""

    def is_expired_now(self):
        return bool(self.expire_at and self.expire_at <= timezone.now())


class NewsIndexPage(NewsFeedsMixin, BasePage):
    """The national news listing: national news and local news accepted nationally, with
    filters, pagination and RSS/Atom feeds."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = [*BasePage.api_fields, "intro"]

    parent_page_types = ["kohtaamo.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        from news.queries import national_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(national_listing_context(self, request))
        return context


class NewsPage(ScheduleAwareMixin, BasePage):
    date = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the time the news is first published."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=400,
        help_text=_("One or two sentences that tell the news. Shown in listings and feeds."),
    )
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for those who cannot see it. Leave empty to use the image's "
            "own description."
        ),
    )
    hero_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("The image adds nothing the text does not say: screen readers skip it."),
    )
    body = StreamField(NewsStreamBlock(), verbose_name=_("content"), blank=True)
    proposed_for_national = models.BooleanField(
        _("propose for the national news"),
        default=False,
        help_text=_("Local news: ask the national team to show this item in the national news."),
    )
    accepted_nationally = models.BooleanField(
        _("accepted for the national news"),
        default=False,
        help_text=_("Set by the national team only."),
    )
    show_on_ohjaamo_pages = models.BooleanField(
        _("show on every Ohjaamo page"),
        default=False,
        help_text=_(
            "National news: show this item in the news of every local Ohjaamo page. Set by the "
            "national team only."
        ),
    )
    # Set from the parent on save: the Ohjaamo whose local news this is (None: national news).
    ohjaamo = models.ForeignKey(
        "locations.OhjaamoPage",
        verbose_name=_("Ohjaamo"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )

    base_form_class = NewsPageForm

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt"), FieldPanel("hero_decorative")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        InlinePanel("category_links", heading=_("Categories"), label=_("Category"), max_num=3),
        InlinePanel("tag_links", heading=_("Tags"), label=_("Tag"), max_num=10),
        InlinePanel("contacts", heading=_("More information"), label=_("Contact"), max_num=3),
        MultiFieldPanel(
            [
                FieldPanel("proposed_for_national"),
                FieldPanel("accepted_nationally"),
                FieldPanel("show_on_ohjaamo_pages"),
            ],
            heading=_("Where the news is shown"),
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.RelatedFields(
            "category_links", [index.RelatedFields("category", [index.SearchField("name")])]
        ),
        index.RelatedFields("tag_links", [index.RelatedFields("tag", [index.SearchField("name")])]),
        index.FilterField("date"),
        index.FilterField("ohjaamo"),
        index.FilterField("accepted_nationally"),
        index.FilterField("show_on_ohjaamo_pages"),
    ]
    api_fields = [
        *BasePage.api_fields,
        "date",
        "lead",
        "hero_image",
        "hero_alt",
        "hero_decorative",
        "body",
        "category_links",
        "tag_links",
        "contacts",
        "ohjaamo",
        "accepted_nationally",
        "show_on_ohjaamo_pages",
    ]

    parent_page_types = ["news.NewsIndexPage", "locations.OhjaamoPage"]
    subpage_types = []
    # A copy starts unaccepted and unpushed: the national team decides again.
    exclude_fields_in_copy = ["accepted_nationally", "show_on_ohjaamo_pages"]

    PROMOTION_FIELDS = ("proposed_for_national", "accepted_nationally", "show_on_ohjaamo_pages")

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [
            ("promote_newspage", _("Can accept local news for the national news")),
            ("push_newspage", _("Can show national news on every Ohjaamo page")),
        ]

    @property
    def publication_date(self):
        return self.date or self.first_published_at or self.go_live_at

    @property
    def is_local(self):
        return self.ohjaamo_id is not None

    @property
    def hero_alt_text(self):
        if self.hero_decorative or self.hero_image is None:
            return ""
        return self.hero_alt or self.hero_image.description or ""

    def get_meta_description(self):
        return self.search_description or self.lead

    def get_social_image(self):
        return self.social_image or self.hero_image

    def _parent_ohjaamo_id(self, parent=None):
        from locations.models import OhjaamoPage

        parent = parent or self.get_parent()
        if parent is not None and issubclass(parent.specific_class or object, OhjaamoPage):
            return parent.pk
        return None

    def apply_scope(self, parent=None):
        """Set `ohjaamo` from the parent and clear flags that do not apply to this kind of news."""
        self.ohjaamo_id = self._parent_ohjaamo_id(parent)
        if self.ohjaamo_id is None:
            self.proposed_for_national = False
            self.accepted_nationally = False
        else:
            self.show_on_ohjaamo_pages = False

    def clean(self):
        super().clean()
        errors = {}
        alt_error = image_alt_error(self.hero_image, self.hero_alt, self.hero_decorative)
        if alt_error:
            errors["hero_alt"] = alt_error
        # A page being created in the admin has no place in the tree yet; its form checks the
        # body against the parent it is created under (news/forms.py).
        if self.path and self._parent_ohjaamo_id() is not None:
            try:
                validate_local_body(self.body)
            except ValidationError as error:
                errors["body"] = error
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.path:
            self.apply_scope()
        return super().save(*args, **kwargs)

    def get_listing_page(self):
        """Where "all news" leads from this item: its Ohjaamo's page for local news, the national
        index of the same language for national news."""
        if self.ohjaamo_id:
            return self.ohjaamo
        return self.get_parent()

    def get_context(self, request, *args, **kwargs):
        from news.queries import news_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(news_page_context(self, request))
        return context


class NewsPageCategory(TranslatableMixin, Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey(
        "news.NewsCategory",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("category")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class NewsPageTag(TranslatableMixin, Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(
        "news.NewsTag", verbose_name=_("tag"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("tag")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")


class NewsContact(TranslatableMixin, Orderable):
    """Who answers questions about the news. Use role addresses where you can."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_("Optional: a role address and a title are often enough."),
    )
    role = models.CharField(_("title or role"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    override_translatable_fields = [SynchronizedField("name"), SynchronizedField("phone")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def clean(self):
        super().clean()
        if not self.email and not self.phone:
            raise ValidationError({"email": _("Give an e-mail address or a phone number.")})
