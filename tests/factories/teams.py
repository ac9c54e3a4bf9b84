"""Helpers for the local team tests: the seeded demo teams and their members, files in a team's
collection, and admin form data built the way the admin's own edit form would post it."""

import itertools

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail import blocks
from wagtail.admin.panels import get_edit_handler
from wagtail.blocks.base import BlockWidget
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale

from locations import teams

_sequence = itertools.count(1)

# The seeded demo teams (locations/team_seed.py): A and B of the permission matrix.
TEAM_A = "ohjaamo-helsinki"
TEAM_B = "tampereen-ohjaamo"
DEMO_USERS = {
    "a_editor": "helsinki-editor",
    "a_publisher": "helsinki-publisher",
    "b_editor": "tampere-editor",
    "b_publisher": "tampere-publisher",
    "national": "national-editor",
    "superuser": "admin",
}


def user(role):
    return get_user_model().objects.get(username=DEMO_USERS[role])


def client_in_language(role, lang):
    """A test client logged in as the team role's user, whose admin language is `lang`."""
    return client_of(user(role), lang)


def client_of(member, lang):
    """A test client logged in as `member`, whose admin language is set to `lang`."""
    from django.test import Client
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(member)
    profile.preferred_language = lang
    profile.save()
    client = Client()
    client.force_login(member)
    return client


def team_page(slug, lang="fi"):
    team = teams.get_team(slug)
    return next(page for page in team.pages if page.locale.language_code == lang)


def first_news(page):
    """The first news item under an Ohjaamo page (the seed gives each demo Ohjaamo one)."""
    from news.models import NewsPage

    return NewsPage.objects.child_of(page).order_by("path").first()


def make_user(username=None, **fields):
    username = username or f"testikayttaja-{next(_sequence)}"
    fields.setdefault("email", f"{username}@example.invalid")
    return get_user_model().objects.create_user(username=username, password=None, **fields)


def make_image(collection, title=None):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (18, 94, 138)).save(buffer, format="PNG")
    image = get_image_model()(
        title=title or f"Tiimikuva {next(_sequence)}",
        description="Sininen testikuva.",
        collection=collection,
        file=ImageFile(buffer, name="tiimikuva.png"),
    )
    image.save()
    return image


def make_document(collection, title=None):
    document = get_document_model()(
        title=title or f"Tiimin asiakirja {next(_sequence)}", collection=collection
    )
    document.file.save("ohje.txt", ContentFile(b"Ohje tiimille.\n"), save=False)
    document.save()
    return document


def team_files(slug):
    """The seeded image and document in the team's collection."""
    team = teams.get_team(slug)
    image = get_image_model().objects.filter(collection=team.collection).order_by("pk").first()
    document = (
        get_document_model().objects.filter(collection=team.collection).order_by("pk").first()
    )
    return image, document


def locale(code):
    return Locale.objects.get(language_code=code)


# --- Admin form data ------------------------------------------------------------------------------
# What a browser would post from the admin's edit form, built from the form itself: every field's
# current value, inline formsets with their management forms, and StreamFields in the block
# widget's own format (the inverse of value_from_datadict).


def _leaf(state):
    if isinstance(state, bool):
        return "on" if state else None
    if isinstance(state, dict) and "id" in state:
        return str(state["id"])
    if state is None:
        return ""
    return state


def block_state_data(block, state, prefix, data, text=None):
    """`text(block_or_field, name)` may return a value to type into a text input instead of the
    current one (the stored-XSS tests type markup into every text field)."""
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(state))
        for i, item in enumerate(state):
            data[f"{prefix}-{i}-type"] = item["type"]
            data[f"{prefix}-{i}-id"] = item.get("id") or ""
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            block_state_data(
                block.child_blocks[item["type"]], item["value"], f"{prefix}-{i}-value", data, text
            )
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(state))
        for i, item in enumerate(state):
            data[f"{prefix}-{i}-id"] = item.get("id") or ""
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = str(i)
            block_state_data(block.child_block, item["value"], f"{prefix}-{i}-value", data, text)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            block_state_data(child, (state or {}).get(name), f"{prefix}-{name}", data, text)
    else:
        typed = text(block, prefix) if text else None
        value = _leaf(state) if typed is None else typed
        if value is not None:
            data[prefix] = value


def form_data(form, data=None, text=None):
    """POST data for a bound-to-instance (unbound-data) admin form, its formsets included.
    `text(field, name)` may return a value to type into a visible text input (see
    block_state_data)."""
    data = {} if data is None else data
    for bound in form:
        field, widget, name = bound.field, bound.field.widget, bound.html_name
        if field.disabled:
            continue
        value = bound.value()
        if isinstance(widget, BlockWidget):
            block_state_data(
                widget.block_def, widget.block_def.get_form_state(value), name, data, text
            )
            continue
        typed = text(field, name) if text and not isinstance(widget, forms.HiddenInput) else None
        if typed is not None:
            data[name] = typed
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(widget, forms.SelectMultiple | forms.CheckboxSelectMultiple):
            data[name] = [str(item) for item in value or []]
        elif isinstance(widget, forms.MultiWidget):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        else:
            formatted = widget.format_value(value)
            if isinstance(formatted, list):  # Select widgets format a single value as a list
                formatted = formatted[0] if formatted else ""
            data[name] = "" if formatted is None else str(formatted)
    for formset in getattr(form, "formsets", {}).values():
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
        for child in formset.forms:
            form_data(child, data, text)
    return data


def page_form_data(page, user=None, text=None, instance=None, **overrides):
    """The page's edit form as posted unchanged (plus `overrides`), for `user` (a superuser by
    default: the full form). `instance`: an edited copy of the page to post instead."""
    user = user or get_user_model().objects.filter(is_superuser=True).first()
    page = instance or page.specific.get_latest_revision_as_object()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent().specific)
    data = form_data(form, text=text)
    data.update(overrides)
    return data


def new_page_form_data(model, parent, user, **overrides):
    """The create form of `model` under `parent` with `overrides` filled in."""
    page = model(locale=parent.locale)
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=parent)
    data = form_data(form)
    data.update(overrides)
    return data


def model_form_data(instance, user=None, **overrides):
    """The admin edit form of a settings object or snippet as posted unchanged."""
    user = user or get_user_model().objects.filter(is_superuser=True).first()
    form_class = get_edit_handler(type(instance)).get_form_class()
    form = form_class(instance=instance, for_user=user)
    data = form_data(form)
    data.update(overrides)
    return data
