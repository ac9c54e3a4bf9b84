"""Factories and helpers for the brand tests: documents and images with real file content, brand
assets with their files, users of each role, and admin form data as the admin's form posts it."""

import io
import itertools

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission

from brand.assets import public_collection, staff_collection
from brand.models import BrandAsset, BrandAssetFile

_sequence = itertools.count(1)


def png_bytes(colour=(11, 85, 102), size=(40, 30)):
    output = io.BytesIO()
    PILImage.new("RGB", size, colour).save(output, format="PNG")
    return output.getvalue()


def make_document(title=None, content=None, filename=None, collection=None):
    n = next(_sequence)
    document = get_document_model()(
        title=title or f"Testiasiakirja {n}", collection=collection or public_collection()
    )
    content = content if content is not None else f"Sisältö {n}\n".encode()
    document.file.save(filename or f"testi-{n}.pdf", ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def make_image(title=None, collection=None):
    n = next(_sequence)
    data = png_bytes((n * 7 % 255, 85, 102))
    image = get_image_model()(
        title=title or f"Testikuva {n}",
        collection=collection or public_collection(),
        description=f"Testikuvan {n} kuvaus",
    )
    image.file.save(f"testikuva-{n}.png", ContentFile(data), save=False)
    image.width, image.height = 40, 30
    image._set_image_file_metadata()
    image.save()
    return image


def make_asset(*, files=None, title=None, **fields):
    """A saved asset; `files` are documents or images (one new document by default)."""
    n = next(_sequence)
    fields.setdefault("category", BrandAsset.Category.LOGO)
    fields.setdefault("language", "fi")
    fields.setdefault("version", "1.0")
    fields.setdefault("publish_date", "2026-01-01")
    staff = fields.get("audience") == BrandAsset.Audience.STAFF
    if files is None:
        files = [make_document(collection=staff_collection() if staff else None)]
    asset = BrandAsset(title=title or f"Testiaineisto {n}", **fields)
    asset.files = [
        BrandAssetFile(
            document=item if isinstance(item, get_document_model()) else None,
            image=item if isinstance(item, get_image_model()) else None,
            sort_order=i,
        )
        for i, item in enumerate(files)
    ]
    asset.save()
    asset.refresh_from_db()
    return asset


# --- Users ------------------------------------------------------------------------------------


def make_user(username=None, **fields):
    username = username or f"brandikayttaja-{next(_sequence)}"
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.invalid", password=None, **fields
    )


def national_editor():
    """A member of the seeded national editors' group (brand permissions are theirs)."""
    user = make_user()
    user.groups.add(Group.objects.get(national_role__role="editors"))
    return user


def local_editor(ohjaamo):
    """A user who may edit one Ohjaamo page only: admin access and page permissions on it, as
    a local team's editor has."""
    group = Group.objects.create(name=f"Testitiimi {next(_sequence)} – editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=ohjaamo,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = make_user()
    user.groups.add(group)
    return user


def root_collection():
    return Collection.get_first_root_node()


# --- Admin form data ----------------------------------------------------------------------------


def form_data(form, data=None):
    """What the admin's edit form posts unchanged: every field's current value, with inline
    formsets and their management forms."""
    data = {} if data is None else data
    for bound in form:
        widget, name = bound.field.widget, bound.html_name
        if bound.field.disabled:
            continue
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
            continue
        formatted = widget.format_value(value)
        if isinstance(formatted, list):
            formatted = formatted[0] if formatted else ""
        data[name] = "" if formatted is None else str(formatted)
    for formset in getattr(form, "formsets", {}).values():
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
        for child in formset.forms:
            form_data(child, data)
    return data


NO_PERMISSION = "Sorry, you do not have permission to access this area."


def assert_admin_refused(client, response):
    """Wagtail answers a permission denied in its admin with 403, or with a redirect to the
    dashboard carrying its "no permission" message; either is a refusal."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home"), response["Location"]
        from django.utils import translation

        refusals = set()
        for code in ("fi", "sv", "en"):
            with translation.override(code):
                refusals.add(translation.gettext(NO_PERMISSION))
        messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
        assert any(m in refusals for m in messages), messages
        return
    assert response.status_code == 403, response.status_code
