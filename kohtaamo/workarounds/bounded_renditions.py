"""Wagtail accepts any size in an image filter spec: `fill-0x0` divides by zero and
`fill-99999999999999999999x2` overflows, both as a 500 (the admin's image preview takes the spec
from its URL, so any editor can send one), and a huge `fill`/`scale` allocates whatever it asks
for. Nothing limits how many renditions a worker decodes at once, and Pillow's own
decompression-bomb limit (about 89 Mpx to warn, 179 Mpx to refuse) is above what the site accepts.

Workaround, in one place:

- the size operations (`fill`, `min`, `max`, `width`, `height`, `scale`) are re-registered with
  bounds: sides from 1 to MAX_RENDITION_SIDE pixels, scale from 1 to 100 %. Anything else is an
  `InvalidFilterSpecError`, which Wagtail's views answer with a 400 (and `{% image %}` refuses);
- every rendition (`Filter.run`: page renditions, `{% image %}`, the admin's thumbnails and
  preview) runs under a process-wide semaphore of RENDITION_CONCURRENCY slots
  (`KOHTAAMO_RENDITION_CONCURRENCY`, default 1): a worker decodes that many images at a time;
- after each rendition the freed image memory is returned to the system (glibc `malloc_trim`);
- Pillow refuses to decode images above twice the upload limit (`WAGTAILIMAGES_MAX_IMAGE_PIXELS`).

Remove the bounds when tests/test_upstream_workarounds.py reports that Wagtail refuses these specs
itself.
"""

import ctypes
import ctypes.util
import functools
import threading

from django.conf import settings
from PIL import Image as PILImage
from wagtail import hooks
from wagtail.images import image_operations
from wagtail.images.models import Filter

from . import frugal_renditions

MAX_RENDITION_SIDE = 4000
RENDITION_CONCURRENCY = max(1, int(getattr(settings, "KOHTAAMO_RENDITION_CONCURRENCY", 1)))

_slots = threading.BoundedSemaphore(RENDITION_CONCURRENCY)


def _side(value, what):
    if not 1 <= value <= MAX_RENDITION_SIDE:
        raise ValueError(f"{what} must be from 1 to {MAX_RENDITION_SIDE} pixels, not {value}")
    return value


class BoundedFillOperation(image_operations.FillOperation):
    def construct(self, size, *extra):
        super().construct(size, *extra)
        _side(self.width, "width")
        _side(self.height, "height")


class BoundedMinMaxOperation(image_operations.MinMaxOperation):
    def construct(self, size):
        super().construct(size)
        _side(self.width, "width")
        _side(self.height, "height")


class BoundedWidthHeightOperation(image_operations.WidthHeightOperation):
    def construct(self, size):
        super().construct(size)
        _side(self.size, self.method)


class BoundedScaleOperation(image_operations.ScaleOperation):
    def construct(self, percent):
        super().construct(percent)
        if not 1 <= self.percent <= 100:
            raise ValueError(f"scale must be from 1 to 100 per cent, not {percent}")


@hooks.register("register_image_operations", order=100)
def bounded_size_operations():
    """Registered after Wagtail's own operations, so these replace them."""
    return [
        ("fill", BoundedFillOperation),
        ("min", BoundedMinMaxOperation),
        ("max", BoundedMinMaxOperation),
        ("width", BoundedWidthHeightOperation),
        ("height", BoundedWidthHeightOperation),
        ("scale", BoundedScaleOperation),
    ]


def _libc_trim():
    """glibc's malloc_trim, or None elsewhere."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_trim = _libc_trim()


def _one_at_a_time(run):
    @functools.wraps(run)
    def limited(self, *args, **kwargs):
        with _slots:
            try:
                return run(self, *args, **kwargs)
            finally:
                # A decoded image is freed into the thread's malloc arena, which keeps it: give
                # it back to the system, or each worker thread holds one image's worth for good.
                if _trim is not None:
                    _trim(0)

    limited.kohtaamo_limited = True
    return limited


def install():
    """Called once from the app's ready()."""
    frugal_renditions.install()
    if not getattr(Filter.run, "kohtaamo_limited", False):
        Filter.run = _one_at_a_time(Filter.run)
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if limit:
        # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that.
        PILImage.MAX_IMAGE_PIXELS = limit
