"""The abstract page every Kohtaamo page type derives from: SEO fields, language alternates,
breadcrumbs and the social image, in one place."""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, Site
from wagtail.search import index

from kohtaamo import build_memo
from kohtaamo.visibility import visible


def language_alternates(page, request):
    """The page in every site language: its own live translation where there is one, otherwise the
    home page of that language. One query for all languages. An expired translation is no
    alternate from the moment it expires (kohtaamo.visibility).

    Returns a list of dicts (code, name, url, is_translation, is_home, is_current) in LANGUAGES
    order; `is_home` marks a language the page is not translated into (the link leads to that
    language's home page, and the switcher says so). Read once per static build for each page
    (every municipality page asks for its finder page's: kohtaamo.build_memo).
    """
    host = request.get_host() if request is not None else None
    alternates = build_memo.remember(
        ("language_alternates", page.pk, host), lambda: _language_alternates(page, request)
    )
    return [dict(alternate) for alternate in alternates]


def _language_alternates(page, request):
    site = (
        Site.find_for_request(request)
        or Site.objects.select_related("root_page").filter(is_default_site=True).first()
    )
    keys = {page.translation_key}
    if site is not None:
        keys.add(site.root_page.translation_key)
    candidates = (
        visible(Page.objects.filter(translation_key__in=keys))
        .select_related("locale")
        .only(
            "id", "url_path", "translation_key", "locale__language_code", "title", "depth", "path"
        )
    )
    translations, homes = {}, {}
    for candidate in candidates:
        code = candidate.locale.language_code
        if candidate.translation_key == page.translation_key:
            translations[code] = candidate
        if site is not None and candidate.translation_key == site.root_page.translation_key:
            homes[code] = candidate
    alternates = []
    # The page's own language from the candidates (no extra query); a draft being previewed is
    # not among them.
    current = (
        next((code for code, candidate in translations.items() if candidate.pk == page.pk), None)
        or page.locale.language_code
    )
    for code, name in settings.LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if target is None:
            continue
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": target.get_url(request),
                "full_url": target.get_full_url(request),
                "is_translation": code in translations,
                "is_home": code not in translations,
                "is_current": code == current,
            }
        )
    return alternates


class BasePage(Page):
    """Shared SEO and translation behaviour. Not a page type of its own."""

    social_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("social media image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media. 1200×630 works best."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("social_image"),
            ],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("Menus")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_description"),
    ]

    # Fields the public API (a later issue) exposes for every page type.
    api_fields = ["search_description"]

    # Apps add sections to a page type through a Wagtail hook named here: each hook function is
    # called with (page, request) and returns None (nothing to show) or a dict with a "template"
    # key, rendered in hook order by the page template ({% for section in page_sections %}).
    sections_hook_name = None

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        # A new page gets an ASCII slug whoever made it, an editor or code (ä → a, ö → o, å → a),
        # like the seeded pages: addresses stay readable when shared. Existing pages keep theirs.
        if self._state.adding and self.slug and not self.slug.isascii():
            self.slug = slugify(self.slug)
        super().full_clean(*args, **kwargs)

    @property
    def meta_title(self):
        return self.seo_title or self.title

    def get_meta_description(self):
        return self.search_description

    def get_social_image(self):
        return self.social_image

    def get_breadcrumbs(self):
        """Ancestors from the language's home page down to the parent (one query; once per
        static build for each page: every municipality page shows its finder page's)."""
        return list(
            build_memo.remember(
                ("breadcrumbs", self.pk),
                lambda: list(
                    self.get_ancestors()
                    .filter(depth__gte=2)
                    .live()
                    .only("id", "title", "url_path", "depth", "path")
                ),
            )
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alternates"] = language_alternates(self, request)
        context["breadcrumbs"] = self.get_breadcrumbs() if self.depth > 2 else []
        context["canonical_url"] = self.get_full_url(request)
        social_image = self.get_social_image()
        context["og_image"] = (
            social_image.get_rendition("fill-1200x630|format-jpeg") if social_image else None
        )
        context["meta_description"] = self.get_meta_description()
        context["page_sections"] = self.get_sections(request)
        return context

    def get_sections(self, request):
        if not self.sections_hook_name:
            return []
        return [
            section
            for hook in hooks.get_hooks(self.sections_hook_name)
            if (section := hook(self, request))
        ]
