"""Willow's Pillow plugin holds several full-size copies of the source image while Wagtail makes a
rendition, so a worker needs about four times the decoded image (a 20 Mpx PNG with alpha decodes to
80 MB; one rendition took about 175 MB over the process's baseline):

1. `auto_orient` calls `ImageOps.exif_transpose`, which returns a full copy even when the image
   carries no EXIF orientation (almost always);
2. `crop` copies the whole image even when the rectangle is the whole image (every `max-`, `min-`,
   `width-`, `height-` and `scale-` rendition, and a `fill-` of the same aspect ratio);
3. `resize` converts a palette or 1-bit image to RGB(A) in full, and Pillow's LANCZOS resize of an
   image with alpha first makes a premultiplied (`RGBa`) copy of the whole source.

Workaround, in one place (installed by `bounded_renditions.install()`):

1. and 2. return the same image when there is nothing to do (the result is identical: Pillow's
   copy would have been a byte-for-byte duplicate);
3. a large downscale is done in horizontal bands: each band of output rows is computed from the
   strip of source rows it needs plus the filter's reach (LANCZOS: 3 source pixels per output
   pixel of scale), converted and premultiplied one strip at a time, with Pillow's `resize(box=…)`
   placing the band exactly where it falls in the whole image. The filter therefore sees the same
   source pixels with the same weights as one full resize: the output is the same image, and the
   memory over the decoded source is one strip (a few MB) instead of a second full image.

4. and before all that, Willow's image files cannot tell their size: `get_size()` on an uploaded
   file (the upload form's pixel-limit check, Wagtail's `get_image_dimensions` whenever a file is
   assigned to an image) decodes the whole image to read two numbers from its header — outside the
   rendition semaphore, so three uploads decode three images at once. `get_size` is registered on
   the file classes Pillow reads, answering from the header (Pillow's `open` reads no pixels;
   its decompression-bomb check still applies).

With these, the peak of one rendition is the decoded source plus a few MB. Remove when
tests/test_upstream_workarounds.py reports that Willow no longer copies in these places.
"""

import math

from PIL import Image as PILImage
from willow import image as willow_image
from willow.plugins.pillow import PillowImage
from willow.registry import registry

# Downscales of sources below this many pixels keep Willow's own path (its copies are small).
BANDED_ABOVE_PIXELS = 2_000_000
# Source rows per band (before the filter's margins): 256 rows of a 5,000 px RGBA image is 5 MB.
BAND_SOURCE_ROWS = 256
# Pillow's LANCZOS reaches 3 source pixels (times the scale) each side of an output pixel.
LANCZOS_SUPPORT = 3.0
_PREMULTIPLIED = {"RGBA": "RGBa", "LA": "La"}
_ORIENTATION = 0x0112

_originals = {}


def _has_orientation(image):
    try:
        orientation = image.getexif().get(_ORIENTATION, 1)
    except Exception:  # noqa: BLE001  (unreadable EXIF: let Willow's own path decide)
        return True
    if orientation not in (None, 1):
        return True
    # Pillow also honours an orientation recorded in XMP.
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    return b"Orientation" in xmp


def auto_orient(self):
    if _has_orientation(self.image):
        return _originals["auto_orient"](self)
    return self


def crop(self, rect):
    left, top, right, bottom = rect
    width, height = self.image.size
    if left <= 0 and top <= 0 and right >= width and bottom >= height:
        return self
    return _originals["crop"](self, rect)


def _working_mode(willow_image):
    """The mode Willow resizes in: palette and 1-bit images become RGB or RGBA first."""
    mode = willow_image.image.mode
    if mode in ("1", "P"):
        return "RGBA" if willow_image.has_alpha() else "RGB"
    return mode


def banded_resize(image, size, mode):
    """LANCZOS-resize `image` (converted to `mode`) to `size`, one band of rows at a time."""
    width, height = image.size
    out_width, out_height = size
    filter_mode = _PREMULTIPLIED.get(mode, mode)
    scale = height / out_height
    margin = math.ceil(LANCZOS_SUPPORT * max(scale, 1.0)) + 2
    band_rows = max(1, int(BAND_SOURCE_ROWS / scale))
    result = PILImage.new(filter_mode, size)
    for y0 in range(0, out_height, band_rows):
        y1 = min(out_height, y0 + band_rows)
        top, bottom = y0 * scale, y1 * scale
        strip_top = max(0, math.floor(top) - margin)
        strip_bottom = min(height, math.ceil(bottom) + margin)
        strip = image.crop((0, strip_top, width, strip_bottom))
        if strip.mode != mode:
            strip = strip.convert(mode)
        if strip.mode != filter_mode:
            strip = strip.convert(filter_mode)
        box = (0, top - strip_top, width, bottom - strip_top)
        band = strip.resize((out_width, y1 - y0), PILImage.Resampling.LANCZOS, box=box)
        del strip
        result.paste(band, (0, y0))
    if filter_mode != mode:
        result = result.convert(mode)
    return result


def resize(self, size):
    source = self.image
    width, height = source.size
    out_width, out_height = size
    mode = _working_mode(self)
    if (
        width * height > BANDED_ABOVE_PIXELS
        and 0 < out_width <= width
        and 0 < out_height <= height
        and (mode in _PREMULTIPLIED or mode != source.mode)
    ):
        return PillowImage(banded_resize(source, size, mode))
    return _originals["resize"](self, size)


def header_size(self):
    """The size from the file's header, without decoding it (PillowImage.get_size after a full
    decode gives the same numbers)."""
    self.f.seek(0)
    try:
        with PILImage.open(self.f) as image:
            return image.size
    finally:
        self.f.seek(0)


_HEADER_SIZED = tuple(
    getattr(willow_image, f"{kind}ImageFile")
    for kind in ("Avif", "BMP", "GIF", "Heic", "Ico", "JPEG", "PNG", "TIFF", "WebP")
)

_REPLACEMENTS = {"auto_orient": auto_orient, "crop": crop, "resize": resize}


def install():
    """Replace Willow's Pillow operations (the class methods, used once an image is decoded, and
    the registry's entries, used when an operation decodes the file)."""
    for name, function in _REPLACEMENTS.items():
        current = getattr(PillowImage, name)
        if current is function:
            continue
        _originals.setdefault(name, current)
        function._willow_operation = True
        setattr(PillowImage, name, function)
        registry.register_operation(PillowImage, name, function)
    for image_class in _HEADER_SIZED:
        registry.register_operation(image_class, "get_size", header_size)


def uninstall():
    """Willow's own operations again (the benchmark's "before" scenarios)."""
    for name, original in _originals.items():
        setattr(PillowImage, name, original)
        registry.register_operation(PillowImage, name, original)
    for image_class in _HEADER_SIZED:
        registry._registered_operations[image_class].pop("get_size", None)
