"""The brand as design tokens: CSS custom properties, swatches, typography and the header logo,
built once per site from `BrandSettings` and cached until the brand changes.

A page request on a warm cache makes no query for the brand: the context processor reads one cache
entry. Saving the settings (or a logo file) starts a new cache generation (see brand/signals.py),
so every page follows at once. `version` changes with every colour or typeface change; lockups
are cached under it.
"""

import hashlib
import json
import logging

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from brand import contrast
from brand.typography import font_label, font_stack
from kohtaamo.cache_generation import CacheGeneration

logger = logging.getLogger(__name__)

GENERATION = CacheGeneration("brand:tokens:generation")
TIMEOUT = 24 * 3600

# Token name in main.css for each derived colour.
CSS_COLOUR_TOKENS = {
    "primary": "--color-primary",
    "on_primary": "--color-on-primary",
    "secondary": "--color-secondary",
    "on_secondary": "--color-on-secondary",
    "accent": "--color-accent",
    "on_accent": "--color-on-accent",
    "text": "--color-text",
    "text_muted": "--color-text-muted",
    "background": "--color-background",
    "surface": "--color-surface",
    "border": "--color-border",
    "link": "--color-link",
    "focus": "--color-focus",
    "focus_halo": "--color-focus-halo",
}

SWATCHES = (
    ("primary", _("Primary")),
    ("secondary", _("Secondary")),
    ("accent", _("Accent")),
    ("text", _("Text")),
    ("text_muted", _("Muted text")),
    ("background", _("Background")),
    ("surface", _("Surface")),
    ("border", _("Borders")),
)

DEFAULT_COLOURS = {
    "primary_colour": "#0b5566",
    "secondary_colour": "#5b2a86",
    "accent_colour": "#ffcc33",
    "text_colour": "#1a1a1a",
    "background_colour": "#ffffff",
}


def invalidate():
    """Start a new generation: every site's tokens are rebuilt on their next use."""
    GENERATION.invalidate()


def default_palette():
    return contrast.derive_palette(
        *(
            DEFAULT_COLOURS[name]
            for name in (
                "primary_colour",
                "secondary_colour",
                "accent_colour",
                "text_colour",
                "background_colour",
            )
        )
    )


def css_for(palette, body_font, heading_font):
    """The `:root{…}` rule. Every value is a validated hex colour or one of the fixed font
    stacks, never free text."""
    declarations = [f"{CSS_COLOUR_TOKENS[name]}:{palette[name]}" for name in CSS_COLOUR_TOKENS]
    declarations.append(f"--font-family-base:{font_stack(body_font)}")
    declarations.append(f"--font-family-heading:{font_stack(heading_font)}")
    return ":root{" + ";".join(declarations) + "}"


def _swatches(palette):
    results = contrast.check(palette)
    swatches = []
    for token, label in SWATCHES:
        pairs = [
            {
                "label": result.pair.label,
                "ratio": result.ratio_text,
                "minimum": result.minimum_text,
                "passes": result.passes,
            }
            for result in results
            if token in (result.pair.foreground, result.pair.background)
            and not result.pair.alternative
        ]
        swatches.append(
            {
                "token": token,
                "css_class": token.replace("_", "-"),
                "label": label,
                "hex": palette[token],
                "pairs": pairs,
            }
        )
    return swatches


def _logo_url(logo):
    """The mark's address and its size in the header (40 px high)."""
    if logo.svg_id:
        return {"url": logo.svg.url, "width": 40, "height": 40}
    rendition = logo.png.get_rendition("height-80")
    return {"url": rendition.url, "width": round(rendition.width / 2), "height": 40}


def _header_logos(brand_settings):
    """The mark for the header in each language: the language's own, else one for any language;
    None means the static mark."""
    if brand_settings.pk is None:
        return {}
    marks = list(
        brand_settings.logos.filter(variant="mark").select_related("svg", "png").order_by("pk")
    )
    result = {}
    for code in ("fi", "sv", "en"):
        chosen = next((logo for logo in marks if logo.language == code), None) or next(
            (logo for logo in marks if logo.language == "any"), None
        )
        if chosen is not None:
            try:
                result[code] = _logo_url(chosen)
            except Exception:  # a missing image file must not take the site down
                logger.exception("Brand mark %s could not be rendered", chosen.pk)
    return result


def build(site):
    from brand.models import BrandSettings

    brand_settings = BrandSettings.for_site(site) if site is not None else BrandSettings()
    try:
        palette = brand_settings.palette()
        if contrast.failures(palette):
            raise ValueError("stored palette fails the contrast guard")
    except ValueError:
        logger.warning("Brand settings of %s are not usable; the default palette is used", site)
        palette = default_palette()
    body_font, heading_font = brand_settings.body_font, brand_settings.heading_font
    version = hashlib.sha256(
        json.dumps([palette, body_font, heading_font], sort_keys=True).encode()
    ).hexdigest()[:12]
    return {
        "palette": palette,
        "css": css_for(palette, body_font, heading_font),
        "version": version,
        "swatches": _swatches(palette),
        "typography": {
            "body": font_label(body_font),
            "body_stack": font_stack(body_font),
            "heading": font_label(heading_font),
            "heading_stack": font_stack(heading_font),
        },
        "logos": _header_logos(brand_settings),
    }


def _plain(value):
    """`value` with every lazy translation turned into text in the active language: a cached
    lazy string is rebuilt as a new proxy class on every read, which cost milliseconds a page."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def get_brand_for_site(site):
    """The brand tokens of `site` with their labels in the active language, cached per site and
    language."""
    language = (get_language() or "fi")[:2]
    key = f"brand:tokens:{GENERATION.current()}:{site.pk if site else 0}:{language}"
    data = cache.get(key)
    if data is None:
        data = _plain(build(site))
        cache.set(key, data, TIMEOUT)
    return data


def default_site():
    return Site.objects.filter(is_default_site=True).first()


def get_brand_for_request(request):
    """The brand of the request's site in the active language: what templates see as `brand`."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = default_site()
    data = get_brand_for_site(site)
    language = (get_language() or "fi")[:2]
    return {
        **data,
        # Safe: built only from validated hex colours and the fixed font stacks (css_for).
        "css": mark_safe(data["css"]),  # noqa: S308
        "logo": data["logos"].get(language),
    }
