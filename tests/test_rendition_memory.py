"""A rendition holds the decoded source once (kohtaamo/workarounds/frugal_renditions.py): no copy
for an orientation or a crop that changes nothing, large downscales with alpha or a palette done
in bands, and an uploaded file's size read from its header. The results must be the images
Willow's own operations make. Memory figures: benchmarks/uploads.py."""

import io

import pytest
from PIL import Image, ImageChops
from wagtail.images.models import Filter
from willow.image import Image as WillowImage
from willow.plugins.pillow import PillowImage

from kohtaamo.workarounds import frugal_renditions


def willow_own(name):
    return frugal_renditions._originals[name]


def gradient(mode, size=(2100, 1300)):
    """Transparent edges and hard colour changes: what a wrong filter margin or a missing
    premultiplication would show."""
    red = Image.linear_gradient("L").resize(size)
    green = red.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    blue = Image.radial_gradient("L").resize(size)
    alpha = Image.linear_gradient("L").rotate(90).resize(size)
    image = Image.merge("RGBA", (red, green, blue, alpha))
    for x in range(0, size[0], 97):  # sharp lines across band boundaries
        image.paste((255, 0, 0, 255), (x, 0, x + 3, size[1]))
    image.paste((0, 0, 0, 0), (0, 600, size[0], 700))  # a fully transparent stripe
    if mode == "P":
        return image.convert("RGB").quantize(64)
    if mode == "LA":
        return image.convert("LA")
    return image


def weighted_difference(first, second):
    """The largest channel difference, colours weighted by their alpha (a colour under alpha
    1/255 may differ by a lot after a rounding of 1 and is invisible)."""
    assert first.size == second.size and first.mode == second.mode
    weighted = {"RGBA": "RGBa", "LA": "La"}.get(first.mode)
    if weighted:
        first, second = first.convert(weighted), second.convert(weighted)
    return ImageChops.difference(first, second)


def max_difference(first, second):
    extrema = weighted_difference(first, second).getextrema()
    if isinstance(extrema[0], tuple):
        return max(high for _low, high in extrema)
    return extrema[1]


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
@pytest.mark.parametrize("size", [(1000, 619), (1500, 929), (165, 102), (7, 3)])
def test_a_banded_resize_makes_the_image_willows_resize_makes(mode, size):
    source = gradient(mode)
    assert source.width * source.height > frugal_renditions.BANDED_ABOVE_PIXELS
    expected = willow_own("resize")(PillowImage(source), size).image
    banded = frugal_renditions.resize(PillowImage(source), size).image
    assert max_difference(banded, expected) <= 2, (mode, size)


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_banded_resize_by_almost_nothing_differs_only_in_a_few_edge_pixels(mode):
    """At a scale near 1 the sub-pixel phase of each band's box differs from the whole image's by
    a rounding, which moves LANCZOS's ringing at hard edges by a few levels on a few pixels."""
    source = gradient(mode)
    size = (source.width - 1, source.height - 1)
    expected = willow_own("resize")(PillowImage(source), size).image
    banded = frugal_renditions.resize(PillowImage(source), size).image
    difference = weighted_difference(banded, expected)
    channels = difference.split()
    visible = sum(
        channel.point(lambda level: 255 if level > 2 else 0).histogram()[255]
        for channel in channels
    )
    assert visible <= size[0] * size[1] * len(channels) / 2000
    assert max_difference(banded, expected) <= 32


def test_a_large_downscale_never_converts_the_whole_source(monkeypatch):
    source = gradient("RGBA")
    converted = []
    original_convert = Image.Image.convert

    def convert(self, mode=None, *args, **kwargs):
        converted.append(self.size)
        return original_convert(self, mode, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "convert", convert)
    result = frugal_renditions.resize(PillowImage(source), (1000, 619)).image
    assert result.mode == "RGBA" and result.size == (1000, 619)
    assert converted and source.size not in converted
    largest_strip = max(width * height for width, height in converted)
    assert largest_strip < source.width * source.height / 3


def test_nothing_to_orient_or_crop_is_no_copy():
    image = PillowImage(gradient("RGBA"))
    assert image.auto_orient() is image
    assert image.crop((0, 0, *image.image.size)) is image
    cropped = image.crop((10, 10, 200, 100))
    assert cropped is not image and cropped.image.size == (190, 90)


def test_an_exif_orientation_is_still_applied():
    source = Image.new("RGB", (40, 20), "white")
    exif = source.getexif()
    exif[0x0112] = 6  # rotated 90° clockwise
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", exif=exif.tobytes())
    buffer.seek(0)
    oriented = WillowImage.open(buffer).auto_orient()
    assert oriented.get_size() == (20, 40)


def test_an_uploaded_files_size_is_read_without_decoding(monkeypatch):
    buffer = io.BytesIO()
    gradient("RGBA").save(buffer, "PNG")
    buffer.seek(0)
    decoded = []
    monkeypatch.setattr(
        Image.Image, "load", lambda self, *a, **k: decoded.append(self.size) or None
    )
    image_file = WillowImage.open(buffer)
    assert image_file.get_size() == (2100, 1300)
    assert decoded == []
    assert buffer.tell() == 0  # the next reader starts at the beginning


def test_a_rendition_of_a_large_png_with_alpha_is_willows_image():
    buffer = io.BytesIO()
    gradient("RGBA").save(buffer, "PNG")

    class Source:
        focal_point_x = focal_point_y = focal_point_width = focal_point_height = None

        def get_focal_point(self):
            return None

        def is_svg(self):
            return False

    def render(install):
        if not install:
            frugal_renditions.uninstall()
        try:
            buffer.seek(0)
            output = io.BytesIO()
            Filter("max-1000x1000").run(Source(), output, source=buffer)
            return Image.open(output).convert("RGBA")
        finally:
            frugal_renditions.install()

    assert max_difference(render(True), render(False)) <= 2
