"""Colour themes a partner may choose for the embedded finder: only these, each derived from the
brand's own five colours (BrandSettings) and offered only while its derived palette passes the
same WCAG 2.1 AA contrast guard as the site itself (brand/contrast.py). A partner cannot give a
colour of their own.

- `brand`: the Ohjaamo colours as on the site;
- `secondary`: the secondary colour leads (buttons, links), the primary one follows;
- `neutral`: black and white, for partners whose own page is colourful.

Built with the brand tokens and cached under their generation: saving the brand settings changes
every theme at once.
"""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from brand import contrast, tokens

DEFAULT_THEME = "brand"

# name → (label, which chosen colours become primary, secondary, accent, text, background)
THEMES = {
    "brand": (_("Ohjaamo colours"), ("primary", "secondary", "accent", "text", "background")),
    "secondary": (
        _("Secondary colour first"),
        ("secondary", "primary", "accent", "text", "background"),
    ),
    "neutral": (_("Black and white"), ("text", "text", "accent", "text", "background")),
}


def _chosen(site):
    from brand.models import BrandSettings

    settings = BrandSettings.for_site(site) if site is not None else BrandSettings()
    try:
        colours = {
            "primary": contrast.normalise_hex(settings.primary_colour),
            "secondary": contrast.normalise_hex(settings.secondary_colour),
            "accent": contrast.normalise_hex(settings.accent_colour),
            "text": contrast.normalise_hex(settings.text_colour),
            "background": contrast.normalise_hex(settings.background_colour),
        }
    except ValueError:
        colours = {
            name.removesuffix("_colour"): value for name, value in tokens.DEFAULT_COLOURS.items()
        }
    return colours, settings.body_font, settings.heading_font


def build(site):
    """{name: css} of the themes whose palette passes the contrast guard, in THEMES order."""
    colours, body_font, heading_font = _chosen(site)
    result = {}
    for name, (_label, roles) in THEMES.items():
        palette = contrast.derive_palette(*(colours[role] for role in roles))
        if contrast.failures(palette):
            continue
        result[name] = tokens.css_for(palette, body_font, heading_font)
    return result


def themes_for_site(site):
    """{name: css} of the approved themes of `site` (cached until the brand changes)."""
    key = f"brand:themes:{tokens.GENERATION.current()}:{site.pk if site else 0}"
    themes = cache.get(key)
    if themes is None:
        themes = build(site)
        cache.set(key, themes, tokens.TIMEOUT)
    return themes


def choices(site):
    """[(name, label)] of the themes offered for `site`."""
    available = themes_for_site(site)
    return [(name, THEMES[name][0]) for name in THEMES if name in available]
