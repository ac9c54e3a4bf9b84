"""Demo brand material drawn for the seed: logo files, a poster template, social media templates, a
presentation and the pictures of the guideline page. Everything is made here from the mark, the
brand colours and the shipped font (no downloaded art)."""

import io
import textwrap
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from brand import lockups


def _font(size):
    return ImageFont.truetype(str(lockups.FONT_PATH), size, layout_engine=ImageFont.Layout.BASIC)


def _rgba(value):
    return lockups._hex_to_rgba(value)


def _png(image):
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _lockup_image(name, palette, height, scheme="colour"):
    data = lockups.render_png(name, palette, height, scheme=scheme)
    return Image.open(io.BytesIO(data)).convert("RGBA")


def mark_png(palette, size=512, scheme="colour"):
    ring, needle, _text = lockups._colours(palette, scheme)
    pad = size // 8
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.alpha_composite(lockups._draw_mark(size - 2 * pad, ring, needle), (pad, pad))
    return _png(canvas)


def _wrapped(draw, text, font, width):
    """Lines of `text` that fit `width` pixels."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _text_block(draw, xy, text, font, width, fill, spacing=1.25):
    x, y = xy
    for line in _wrapped(draw, text, font, width):
        draw.text((x, y), line, font=font, fill=fill, anchor="la")
        y += round(font.size * spacing)
    return y


# --- Poster template ------------------------------------------------------------------------


def poster_svg(texts, palette, wordmark):
    """An A3 poster template (millimetres) with editable text: the headline, the details and
    the place stay text so that a local team can change them in any vector editor."""
    lockup = lockups.render_svg(wordmark, palette).split("?>", 1)[1].strip()
    lockup = lockup.replace("<svg ", '<svg x="24" y="350" width="150" height="50" ', 1)
    on_primary = palette["on_primary"]
    lines = textwrap.wrap(texts["headline"], 18)
    headline = "".join(
        f'<tspan x="24" dy="{0 if i == 0 else 30}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    details = "".join(
        f'<tspan x="24" dy="{0 if i == 0 else 11}">{escape(line)}</tspan>'
        for i, line in enumerate(textwrap.wrap(texts["details"], 44))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="420mm" '
        'viewBox="0 0 297 420">'
        f"<title>{escape(texts['title'])}</title>"
        f'<rect width="297" height="420" fill="{palette["background"]}"/>'
        f'<rect width="297" height="220" fill="{palette["primary"]}"/>'
        f'<rect x="24" y="200" width="80" height="8" fill="{palette["accent"]}"/>'
        f'<text x="24" y="80" font-family="Inter, Arial, sans-serif" font-weight="700" '
        f'font-size="26" fill="{on_primary}">{headline}</text>'
        f'<text x="24" y="250" font-family="Inter, Arial, sans-serif" font-size="9" '
        f'fill="{palette["text"]}">{details}</text>'
        f'<text x="24" y="320" font-family="Inter, Arial, sans-serif" font-weight="700" '
        f'font-size="12" fill="{palette["primary"]}">{escape(texts["place"])}</text>'
        f"{lockup}</svg>\n"
    )


def poster_png(texts, palette, wordmark, width=842):
    height = round(width * 420 / 297)
    unit = width / 297
    image = Image.new("RGBA", (width, height), _rgba(palette["background"]))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, round(220 * unit)], fill=_rgba(palette["primary"]))
    draw.rectangle(
        [round(24 * unit), round(200 * unit), round(104 * unit), round(208 * unit)],
        fill=_rgba(palette["accent"]),
    )
    _text_block(
        draw,
        (round(24 * unit), round(60 * unit)),
        texts["headline"],
        _font(round(24 * unit)),
        round(249 * unit),
        _rgba(palette["on_primary"]),
    )
    _text_block(
        draw,
        (round(24 * unit), round(242 * unit)),
        texts["details"],
        _font(round(9 * unit)),
        round(249 * unit),
        _rgba(palette["text"]),
    )
    draw.text(
        (round(24 * unit), round(310 * unit)),
        texts["place"],
        font=_font(round(12 * unit)),
        fill=_rgba(palette["primary"]),
    )
    lockup = _lockup_image(wordmark, palette, round(50 * unit))
    image.alpha_composite(lockup, (round(20 * unit), round(350 * unit)))
    return _png(image.convert("RGB"))


# --- Social media ---------------------------------------------------------------------------


def social_png(texts, palette, wordmark, size=(1080, 1080)):
    width, height = size
    image = Image.new("RGBA", size, _rgba(palette["primary"]))
    draw = ImageDraw.Draw(image)
    margin = round(width * 0.08)
    draw.rectangle(
        [margin, round(height * 0.18), margin + round(width * 0.2), round(height * 0.18) + 16],
        fill=_rgba(palette["accent"]),
    )
    y = _text_block(
        draw,
        (margin, round(height * 0.24)),
        texts["headline"],
        _font(round(width * 0.085)),
        width - 2 * margin,
        _rgba(palette["on_primary"]),
        spacing=1.15,
    )
    _text_block(
        draw,
        (margin, y + round(width * 0.04)),
        texts["details"],
        _font(round(width * 0.04)),
        width - 2 * margin,
        _rgba(palette["on_primary"]),
    )
    lockup = _lockup_image(wordmark, palette, round(width * 0.16), scheme="negative")
    image.alpha_composite(lockup, (margin - round(width * 0.03), height - lockup.height - margin))
    return _png(image.convert("RGB"))


# --- Presentation (staff only) --------------------------------------------------------------


def presentation_pdf(slides, palette, wordmark):
    """A PDF of 16:9 slides: [(title, text)]; the first is the title slide."""
    pages = []
    for index, (title, text) in enumerate(slides):
        image = Image.new("RGB", (1600, 900), palette["background"])
        draw = ImageDraw.Draw(image)
        if index == 0:
            draw.rectangle([0, 0, 1600, 900], fill=palette["primary"])
            _text_block(draw, (120, 300), title, _font(88), 1360, palette["on_primary"])
            _text_block(draw, (120, 560), text, _font(40), 1360, palette["on_primary"])
            lockup = _lockup_image(wordmark, palette, 140, scheme="negative")
        else:
            draw.rectangle([0, 0, 1600, 24], fill=palette["primary"])
            _text_block(draw, (120, 120), title, _font(64), 1360, palette["text"])
            _text_block(draw, (120, 280), text, _font(36), 1360, palette["text"], spacing=1.5)
            lockup = _lockup_image(wordmark, palette, 110)
        rgba = image.convert("RGBA")
        rgba.alpha_composite(lockup, (90, 900 - lockup.height - 40))
        pages.append(rgba.convert("RGB"))
    output = io.BytesIO()
    pages[0].save(output, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return output.getvalue()


# --- Guideline pictures ---------------------------------------------------------------------


def _example_canvas(background):
    return Image.new("RGBA", (640, 400), _rgba(background))


def _centre(canvas, picture):
    x = (canvas.width - picture.width) // 2
    y = (canvas.height - picture.height) // 2
    canvas.alpha_composite(picture, (x, y))
    return canvas


def guideline_examples(palette, wordmark):
    """PNG bytes of the do and don't pictures, by key."""
    colour = _lockup_image(wordmark, palette, 150)
    negative = _lockup_image(wordmark, palette, 150, scheme="negative")
    examples = {
        "do-light": _centre(_example_canvas(palette["background"]), colour),
        "do-negative": _centre(_example_canvas(palette["primary"]), negative),
        "dont-stretch": _centre(
            _example_canvas(palette["background"]),
            colour.resize((min(600, round(colour.width * 1.25)), round(colour.height * 0.6))),
        ),
        "dont-busy": _centre(_example_canvas(palette["secondary"]), colour),
        "dont-rotate": _centre(
            _example_canvas(palette["background"]),
            colour.rotate(18, expand=True, resample=Image.Resampling.BICUBIC),
        ),
    }
    recoloured = lockups.render_png(
        wordmark, {**palette, "primary": palette["accent"], "secondary": "#e0e0e0"}, 150
    )
    examples["dont-recolour"] = _centre(
        _example_canvas(palette["background"]), Image.open(io.BytesIO(recoloured)).convert("RGBA")
    )
    return {key: _png(image.convert("RGB")) for key, image in examples.items()}


def clear_space_png(palette, wordmark):
    """The lockup with its clear space (half the mark's height on every side) drawn around it."""
    lockup = _lockup_image(wordmark, palette, 200)
    scale = 200 / (lockups.PADDING * 2 + lockups.MARK)
    mark = round(lockups.MARK * scale)
    space = mark // 2
    pad = round(lockups.PADDING * scale)
    inner = (lockup.width - 2 * pad, lockup.height - 2 * pad)
    width, height = inner[0] + 2 * space + 80, inner[1] + 2 * space + 80
    canvas = Image.new("RGBA", (width, height), _rgba(palette["background"]))
    draw = ImageDraw.Draw(canvas)
    left, top = 40, 40
    draw.rectangle(
        [left, top, left + inner[0] + 2 * space, top + inner[1] + 2 * space],
        fill=_rgba(palette["surface"]),
        outline=_rgba(palette["border"]),
        width=3,
    )
    canvas.alpha_composite(lockup, (left + space - pad, top + space - pad))
    label_font = _font(28)
    for x, y in (
        (left + space // 2, top + space + inner[1] // 2),
        (left + inner[0] + space + space // 2, top + space + inner[1] // 2),
        (left + space + inner[0] // 2, top + space // 2),
        (left + space + inner[0] // 2, top + inner[1] + space + space // 2),
    ):
        draw.text((x, y), "x", font=label_font, fill=_rgba(palette["text"]), anchor="mm")
    return _png(canvas.convert("RGB"))
