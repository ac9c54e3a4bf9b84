"""Colour contrast per WCAG 2.1 and the brand's contrast guard.

`relative_luminance` and `contrast_ratio` follow the definitions of WCAG 2.1 (success criteria
1.4.3 and 1.4.11, "relative luminance" and "contrast ratio" in the glossary):

    L = 0.2126 R + 0.7152 G + 0.0722 B, each channel linearised from sRGB
    ratio = (L1 + 0.05) / (L2 + 0.05), L1 the lighter

`PAIRS` lists every foreground/background pair the site's templates use (site/static/css/main.css
and the apps' style sheets read only the tokens), with the minimum each must meet: 4.5:1 for text,
3:1 for large text and for interface parts (borders of form fields, the focus ring). `check()`
measures a palette against them; the brand settings refuse a palette with any failing pair.

Ratios are compared unrounded: #777777 on white is 4.4776 (shown as 4.48:1) and fails 4.5:1.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

TEXT = 4.5  # normal text (1.4.3)
LARGE_TEXT = 3.0  # large text (1.4.3)
NON_TEXT = 3.0  # interface components and graphical objects (1.4.11)

WHITE = "#ffffff"
NEAR_BLACK = "#1a1a1a"
# Colours main.css keeps constant (not brand settings) that still sit on brand colours.
ERROR = "#a8071a"


def normalise_hex(value):
    """'#ABC' → '#aabbcc'; raises ValueError for anything that is not a hex colour."""
    value = (value or "").strip()
    if not HEX_RE.match(value):
        raise ValueError(f"not a hex colour: {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def to_rgb(value):
    digits = normalise_hex(value)[1:]
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def to_hex(rgb):
    return "#" + "".join(f"{max(0, min(255, round(channel))):02x}" for channel in rgb)


def _linear(channel):
    c = channel / 255
    # WCAG 2.1 writes 0.03928 (from an older sRGB draft); the difference to 0.04045 cannot
    # change any 8-bit result.
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    r, g, b = (_linear(channel) for channel in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground, background):
    """The WCAG contrast ratio of two colours, from 1.0 to 21.0 (order does not matter)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio, minimum=None):
    """4.4776 → '4.48:1', rounded to two decimals as WCAG examples are quoted; a ratio that fails
    `minimum` is never rounded up to it (4.497 against 4.5 is '4.49:1')."""
    shown = round(ratio, 2)
    if minimum is not None and ratio < minimum <= shown:
        shown = int(ratio * 100) / 100
    return f"{shown:.2f}:1"


def mix(colour, other, share):
    """`colour` with `share` (0…1) of `other` mixed in, in sRGB (as CSS color-mix does)."""
    a, b = to_rgb(colour), to_rgb(other)
    return to_hex(x + (y - x) * share for x, y in zip(a, b, strict=True))


def best_on(background, candidates=(WHITE, NEAR_BLACK)):
    """The candidate with the highest contrast on `background`: white or near-black text."""
    return max(candidates, key=lambda candidate: contrast_ratio(candidate, background))


def _mix_towards(colour, other, backgrounds, target):
    """The mix of `colour` towards `other` that goes furthest while keeping at least `target`
    contrast on every background (binary search over the share); `colour` itself if even that
    falls short (the pair check then names the failure)."""
    low, high = 0.0, 1.0
    for _step in range(20):
        share = (low + high) / 2
        candidate = mix(colour, other, share)
        if all(contrast_ratio(candidate, bg) >= target for bg in backgrounds):
            low = share
        else:
            high = share
    return mix(colour, other, low)


def derive_palette(primary, secondary, accent, text, background):
    """The full set of colour tokens from the five colours editors choose.

    Derived: the "on" colours (white or near-black, whichever contrasts more), the surface (the
    background tinted with 5 % of the primary colour), muted text and borders (the text colour
    lightened towards the background only as far as their minimums allow, with a margin), links
    (the primary colour), and the focus ring (text colour outline with an accent halo).
    """
    primary, secondary, accent = map(normalise_hex, (primary, secondary, accent))
    text, background = normalise_hex(text), normalise_hex(background)
    surface = mix(background, primary, 0.05)
    return {
        "primary": primary,
        "on_primary": best_on(primary),
        "secondary": secondary,
        "on_secondary": best_on(secondary),
        "accent": accent,
        "on_accent": best_on(accent),
        "text": text,
        "text_muted": _mix_towards(text, background, (background, surface), 7.0),
        "background": background,
        "surface": surface,
        "border": _mix_towards(text, background, (background, surface), 4.5),
        "link": primary,
        "focus": text,
        "focus_halo": accent,
        "error": ERROR,
    }


@dataclass(frozen=True)
class Pair:
    """A foreground on a background the templates use. With `alternative`, either colour may carry
    the contrast (the focus ring: a dark outline inside a light halo)."""

    foreground: str
    background: str
    minimum: float
    label: object  # lazy translatable text naming where the pair appears
    alternative: str | None = None

    def ratio(self, palette):
        ratios = [contrast_ratio(palette[self.foreground], palette[self.background])]
        if self.alternative:
            ratios.append(contrast_ratio(palette[self.alternative], palette[self.background]))
        return max(ratios)


PAIRS = (
    Pair("text", "background", TEXT, _("text on the background")),
    Pair("text", "surface", TEXT, _("text on surfaces (cards, boxes)")),
    Pair("text_muted", "background", TEXT, _("muted text on the background")),
    Pair("text_muted", "surface", TEXT, _("muted text on surfaces")),
    Pair("link", "background", TEXT, _("links on the background")),
    Pair("link", "surface", TEXT, _("links on surfaces")),
    Pair("primary", "background", TEXT, _("primary colour text on the background (buttons)")),
    Pair("on_primary", "primary", TEXT, _("text on the primary colour (navigation, buttons)")),
    Pair(
        "on_secondary",
        "secondary",
        TEXT,
        _("text on the secondary colour (footer, button hover)"),
    ),
    Pair("on_accent", "accent", TEXT, _("text on the accent colour")),
    Pair("secondary", "background", NON_TEXT, _("secondary colour buttons on the background")),
    Pair("border", "background", NON_TEXT, _("form field borders on the background")),
    Pair("error", "background", TEXT, _("error messages on the background")),
    Pair("focus", "background", NON_TEXT, _("focus ring on the background"), "focus_halo"),
    Pair("focus", "surface", NON_TEXT, _("focus ring on surfaces"), "focus_halo"),
    Pair("focus", "primary", NON_TEXT, _("focus ring on the primary colour"), "focus_halo"),
    Pair("focus", "secondary", NON_TEXT, _("focus ring on the secondary colour"), "focus_halo"),
)

# Which chosen colour to point an editor at when a pair fails.
FIELD_OF_TOKEN = {
    "primary": "primary_colour",
    "on_primary": "primary_colour",
    "link": "primary_colour",
    "secondary": "secondary_colour",
    "on_secondary": "secondary_colour",
    "accent": "accent_colour",
    "on_accent": "accent_colour",
    "focus_halo": "accent_colour",
    "text": "text_colour",
    "text_muted": "text_colour",
    "focus": "text_colour",
    "border": "text_colour",
    "background": "background_colour",
    "surface": "background_colour",
    "error": "background_colour",
}


@dataclass(frozen=True)
class Result:
    pair: Pair
    ratio: float

    @property
    def passes(self):
        return self.ratio >= self.pair.minimum

    @property
    def ratio_text(self):
        return format_ratio(self.ratio, self.pair.minimum)

    @property
    def minimum_text(self):
        return format_ratio(self.pair.minimum)

    @property
    def fields(self):
        tokens = [self.pair.foreground, self.pair.background]
        return sorted({FIELD_OF_TOKEN[token] for token in tokens})


def check(palette, pairs=PAIRS):
    """Measure every pair; returns a Result per pair (see `failures`)."""
    return [Result(pair, pair.ratio(palette)) for pair in pairs]


def failures(palette, pairs=PAIRS):
    return [result for result in check(palette, pairs) if not result.passes]
