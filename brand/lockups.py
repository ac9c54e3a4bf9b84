"""Logo lockups: the Ohjaamo mark with a name beside it ("Ohjaamo Helsinki", "Navigatorn
Helsingfors", …), as SVG and as PNG in three sizes, in the current brand colours.

The mark is drawn here from its geometry (the same as site/static/img/ohjaamo-mark.svg): a ring
for the wheel and a needle for direction. The name is set in Inter Bold (brand/fonts, SIL Open
Font License 1.1, see brand/fonts/SOURCE.md): the SVG carries the glyphs as outlines (fontTools),
so it looks the same without the font installed, and the PNG is drawn by Pillow with the same
font and metrics.

Results are cached under a key made of the name, the layout, the format and size and the brand
version (a hash of the colours and typefaces), so a new name or a brand change gives a new lockup
and nothing stale is served.
"""

import hashlib
import io
import math
import unicodedata
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.utils.text import slugify
from django.utils.translation import gettext as _

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "Inter-Bold.otf"
STYLE_VERSION = "1"  # bump when the drawing below changes
MAX_NAME_LENGTH = 60
CACHE_TIMEOUT = 7 * 24 * 3600

# PNG heights in pixels; the width follows the name.
PNG_SIZES = {"small": 96, "medium": 288, "large": 864}
LAYOUTS = ("horizontal", "stacked")
SCHEMES = ("colour", "monochrome", "negative")

# Geometry in units of the mark's 40 × 40 box.
MARK = 40.0
RING_RADIUS = 17.0  # centre line of the ring
RING_WIDTH = 6.0
NEEDLE = ((20, 9), (27, 20), (20, 31), (13, 20))
PADDING = 10.0  # margin inside the file: a quarter of the mark
GAP = 12.0  # between the mark and the name
FONT_SIZE = 23.0  # cap height about 0.42 × the mark


class LockupError(ValueError):
    """A name that cannot be made into a lockup; the message says why, for the user."""


def size_label(size):
    return _("%(height)d px high") % {"height": PNG_SIZES[size]}


# --- Font ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font():
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_PATH), lazy=True)
    upm = font["head"].unitsPerEm
    cap_height = getattr(font["OS/2"], "sCapHeight", 0) or int(upm * 0.73)
    descender = abs(font["hhea"].descent)
    return font, font.getGlyphSet(), font.getBestCmap(), upm, cap_height, descender


def clean_name(name):
    """The name as it goes into the lockup, or LockupError with a clear reason."""
    name = unicodedata.normalize("NFC", " ".join(str(name or "").split()))
    if not name:
        raise LockupError(_("The name is empty: a lockup needs the Ohjaamo's name."))
    if len(name) > MAX_NAME_LENGTH:
        raise LockupError(
            _(
                "The name is too long for a lockup: %(length)d characters, at most %(max)d. "
                "Use a shorter form of the name."
            )
            % {"length": len(name), "max": MAX_NAME_LENGTH}
        )
    cmap = _font()[2]
    missing = sorted({ch for ch in name if ch != " " and ord(ch) not in cmap})
    if missing:
        raise LockupError(
            _("The lockup typeface has no letter for: %(characters)s")
            % {"characters": " ".join(missing)}
        )
    return name


def _text_width_units(name):
    """Advance width of the name in the mark's units (no kerning, as Pillow's basic layout)."""
    font, glyphs, cmap, upm, _cap, _desc = _font()
    advance = sum(glyphs[cmap[ord(ch)]].width for ch in name)
    return advance * FONT_SIZE / upm


def _text_path(name):
    """SVG path data of the name's outlines, origin at the left end of the baseline, y down, in
    font units (scaled by the caller)."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    _font_obj, glyphs, cmap, _upm, _cap, _desc = _font()
    pen = SVGPathPen(glyphs, ntos=lambda value: f"{value:.0f}")
    x = 0
    for ch in name:
        glyph = glyphs[cmap[ord(ch)]]
        glyph.draw(TransformPen(pen, (1, 0, 0, -1, x, 0)))
        x += glyph.width
    return pen.getCommands()


# --- Layout -------------------------------------------------------------------------------------


def _layout(name, layout):
    """Box sizes and positions in mark units: (width, height, mark_x, mark_y, text_x,
    baseline)."""
    _f, _g, _c, upm, cap_height, descender = _font()
    text_width = _text_width_units(name)
    cap = cap_height * FONT_SIZE / upm
    desc = descender * FONT_SIZE / upm
    if layout == "stacked":
        width = max(MARK, text_width) + 2 * PADDING
        height = PADDING + MARK + GAP + cap + desc + PADDING
        return (
            width,
            height,
            (width - MARK) / 2,
            PADDING,
            (width - text_width) / 2,
            PADDING + MARK + GAP + cap,
        )
    width = PADDING + MARK + GAP + text_width + PADDING
    height = PADDING + MARK + PADDING
    return width, height, PADDING, PADDING, PADDING + MARK + GAP, PADDING + MARK / 2 + cap / 2


def _colours(palette, scheme):
    """(ring, needle, text) colours of a scheme."""
    if scheme == "monochrome":
        return (palette["text"],) * 3
    if scheme == "negative":
        return ("#ffffff",) * 3
    return palette["primary"], palette["secondary"], palette["text"]


def _fmt(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def mark_svg_elements(ring, needle, x=0.0, y=0.0):
    points = " ".join(f"{_fmt(x + px)},{_fmt(y + py)}" for px, py in NEEDLE)
    return (
        f'<circle cx="{_fmt(x + MARK / 2)}" cy="{_fmt(y + MARK / 2)}" r="{_fmt(RING_RADIUS)}" '
        f'fill="none" stroke="{ring}" stroke-width="{_fmt(RING_WIDTH)}"/>'
        f'<polygon points="{points}" fill="{needle}"/>'
    )


def mark_svg(palette, scheme="colour"):
    """The mark alone as an SVG file."""
    ring, needle, _text = _colours(palette, scheme)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40" '
        'role="img" aria-labelledby="title"><title id="title">Ohjaamo</title>'
        f"{mark_svg_elements(ring, needle)}</svg>\n"
    )


def render_svg(name, palette, layout="horizontal", scheme="colour"):
    name = clean_name(name)
    ring, needle, text = _colours(palette, scheme)
    width, height, mark_x, mark_y, text_x, baseline = _layout(name, layout)
    upm = _font()[3]
    scale = FONT_SIZE / upm
    title = escape(name)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(width)} {_fmt(height)}" '
        f'width="{_fmt(width * 4)}" height="{_fmt(height * 4)}" role="img" '
        f'aria-labelledby="title"><title id="title">{title}</title>'
        f"{mark_svg_elements(ring, needle, mark_x, mark_y)}"
        f'<path transform="translate({_fmt(text_x)} {_fmt(baseline)}) scale({scale:.6f})" '
        f'fill="{text}" d="{_text_path(name)}"/>'
        "</svg>\n"
    )


def _hex_to_rgba(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4)) + (255,)


def _draw_mark(size_px, ring, needle):
    """The mark as an RGBA image of size_px × size_px, drawn at 4× and scaled down for smooth
    edges."""
    from PIL import Image, ImageDraw

    factor = 4
    big = max(4, size_px * factor)
    unit = big / MARK
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    outer = RING_RADIUS + RING_WIDTH / 2
    centre = MARK / 2
    box = [(centre - outer) * unit, (centre - outer) * unit]
    box += [(centre + outer) * unit - 1, (centre + outer) * unit - 1]
    draw.ellipse(box, outline=_hex_to_rgba(ring), width=max(1, round(RING_WIDTH * unit)))
    draw.polygon([(px * unit, py * unit) for px, py in NEEDLE], fill=_hex_to_rgba(needle))
    return layer.resize((size_px, size_px), Image.Resampling.LANCZOS)


def render_png(name, palette, height_px, layout="horizontal", scheme="colour", background=None):
    """The lockup as PNG bytes exactly `height_px` high (transparent unless `background`)."""
    from PIL import Image, ImageDraw, ImageFont

    name = clean_name(name)
    ring, needle, text = _colours(palette, scheme)
    width, height, mark_x, mark_y, _text_x, _baseline = _layout(name, layout)
    scale = height_px / height
    font = ImageFont.truetype(
        str(FONT_PATH), max(1, round(FONT_SIZE * scale)), layout_engine=ImageFont.Layout.BASIC
    )
    text_px = font.getlength(name)
    _f, _g, _c, upm, cap_height, _descender = _font()
    cap_px = cap_height * font.size / upm
    mark_px = max(1, round(MARK * scale))
    pad, gap = PADDING * scale, GAP * scale
    if layout == "stacked":
        width_px = math.ceil(max(mark_px, text_px) + 2 * pad)
        mark_pos = (round((width_px - mark_px) / 2), round(pad))
        text_pos = ((width_px - text_px) / 2, pad + mark_px + gap + cap_px)
    else:
        width_px = math.ceil(pad + mark_px + gap + text_px + pad)
        mark_pos = (round(mark_x * scale), round(mark_y * scale))
        text_pos = (pad + mark_px + gap, pad + mark_px / 2 + cap_px / 2)
    canvas = Image.new(
        "RGBA", (width_px, height_px), _hex_to_rgba(background) if background else (0, 0, 0, 0)
    )
    canvas.alpha_composite(_draw_mark(mark_px, ring, needle), mark_pos)
    ImageDraw.Draw(canvas).text(text_pos, name, font=font, fill=_hex_to_rgba(text), anchor="ls")
    output = io.BytesIO()
    canvas.save(output, format="PNG", optimize=True)
    return output.getvalue()


# --- Cached access ------------------------------------------------------------------------------


def _brand(brand):
    if brand is None:
        from brand import tokens

        brand = tokens.get_brand_for_site(tokens.default_site())
    return brand


def cache_key(name, fmt, size, layout, scheme, brand_version):
    raw = "|".join([STYLE_VERSION, name, fmt, size or "", layout, scheme, brand_version])
    return "brand:lockup:" + hashlib.sha256(raw.encode()).hexdigest()


def get_lockup(name, fmt, size=None, layout="horizontal", scheme="colour", brand=None):
    """(bytes, content type, file name) of a lockup, from the cache when it is there.

    `fmt` is "svg" or "png"; PNGs need a `size` of PNG_SIZES. Raises LockupError for a name that
    cannot be made into a lockup."""
    if fmt not in ("svg", "png") or layout not in LAYOUTS or scheme not in SCHEMES:
        raise LockupError(_("Unknown lockup format."))
    if fmt == "png" and size not in PNG_SIZES:
        raise LockupError(_("Unknown lockup size."))
    name = clean_name(name)
    brand = _brand(brand)
    key = cache_key(name, fmt, size, layout, scheme, brand["version"])
    data = cache.get(key)
    if data is None:
        if fmt == "svg":
            data = render_svg(name, brand["palette"], layout, scheme).encode("utf-8")
        else:
            data = render_png(name, brand["palette"], PNG_SIZES[size], layout, scheme)
        cache.set(key, data, CACHE_TIMEOUT)
    return data, CONTENT_TYPES[fmt], filename(name, fmt, size, layout, scheme)


CONTENT_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def filename(name, fmt, size=None, layout="horizontal", scheme="colour"):
    parts = [slugify(name) or "ohjaamo"]
    if layout != "horizontal":
        parts.append(layout)
    if scheme != "colour":
        parts.append(scheme)
    if size:
        parts.append(f"{PNG_SIZES[size]}px")
    return "-".join(parts) + f".{fmt}"
