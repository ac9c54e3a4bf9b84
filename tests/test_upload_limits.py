"""Uploads cannot exhaust a worker's memory: images above the site's pixel limit (20 Mpx) and
files above each kind's size limit are refused with the field's error; filter specs with zero or
huge sizes are a 400 (never a 500) in every route that makes renditions; and a worker makes one
rendition at a time. Peak memory figures: benchmarks/uploads.py."""

import io
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import Filter

from kohtaamo.workarounds import bounded_renditions
from locations import teams
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

BAD_SPECS = [
    "fill-0x0",
    "fill-99999999999999999999x2",
    "fill-4001x10",
    "max-0x10",
    "max-99999999999999999999x99999999999999999999",
    "min-10x0",
    "width-0",
    "width-99999999999999999999",
    "height-100000",
    "scale-0",
    "scale-1000",
]


def login(role):
    client = Client()
    client.force_login(f.user(role))
    return client


def png(width, height, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return SimpleUploadedFile("kuva.png", buffer.getvalue(), content_type="image/png")


def team_image():
    return f.make_image(teams.get_team(f.TEAM_A).collection)


def test_the_pixel_limit_fits_the_site(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 20_000_000
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 50 * 1024 * 1024


def test_an_image_above_the_pixel_limit_is_refused_with_the_fields_error(seeded, settings):
    collection = teams.get_team(f.TEAM_A).collection
    before = get_image_model().objects.count()
    response = login("a_editor").post(
        reverse("wagtailimages:add"),
        {"title": "Jättikuva", "file": png(5000, 4100), "collection": collection.pk, "tags": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "file" in errors, errors
    assert str(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS) in " ".join(errors["file"])
    assert get_image_model().objects.count() == before


def test_an_image_within_the_limit_is_accepted(seeded):
    collection = teams.get_team(f.TEAM_A).collection
    response = login("a_editor").post(
        reverse("wagtailimages:add"),
        {"title": "Sopiva kuva", "file": png(800, 600, "RGB"), "collection": collection.pk},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert get_image_model().objects.filter(title="Sopiva kuva").exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1000, WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
def test_files_above_each_kinds_size_limit_are_refused(seeded):
    collection = teams.get_team(f.TEAM_A).collection
    client = login("a_editor")
    documents = get_document_model().objects.count()
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Liian iso",
            "file": SimpleUploadedFile("iso.pdf", b"%PDF-1.4\n" + b"x" * 2000),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert get_document_model().objects.count() == documents
    noisy = io.BytesIO()
    Image.effect_noise((200, 200), 100).save(noisy, "PNG")
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Liian iso kuva",
            "file": SimpleUploadedFile("iso.png", noisy.getvalue()),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


@pytest.mark.parametrize("spec", BAD_SPECS)
def test_an_unbounded_filter_spec_is_a_400_in_the_admin_preview(seeded, spec):
    image = team_image()
    response = login("a_editor").get(
        reverse("wagtailimages:preview", args=[image.pk, spec]), raise_request_exception=False
    )
    assert response.status_code == 400


@pytest.mark.parametrize("spec", BAD_SPECS)
def test_an_unbounded_filter_spec_is_refused_by_renditions_and_the_image_tag(seeded, spec):
    image = team_image()
    with pytest.raises(InvalidFilterSpecError):
        image.get_rendition(spec)
    with pytest.raises(InvalidFilterSpecError):
        Template("{% load wagtailimages_tags %}{% image img " + spec + " %}").render(
            Context({"img": image})
        )


def test_sane_specs_still_work(seeded):
    image = team_image()
    client = login("a_editor")
    for spec in ["max-1000x1000", "fill-1600x600", "width-1200", "original"]:
        response = client.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
        assert response.status_code == 200, spec
    assert image.get_rendition("fill-4000x4000").width <= 4000
    assert image.get_rendition("scale-50").width == 20


def test_a_worker_makes_one_rendition_at_a_time(seeded, monkeypatch):
    image = team_image()
    running, peak, lock = [0], [0], threading.Lock()
    original = Filter.get_willow_image

    def slow(self, *args, **kwargs):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Filter, "get_willow_image", slow)
    threads = [
        threading.Thread(target=Filter(f"max-{n + 10}x{n + 10}").run, args=(image, io.BytesIO()))
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == bounded_renditions.RENDITION_CONCURRENCY == 1
