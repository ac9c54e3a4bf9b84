"""The Ohjaamo page's edit form is built for local staff: content fields only (no colours, logos,
templates or layout to choose), Finnish help texts on every content field, the small local block
set, an image block that insists on alt text or an explicit decorative flag, and Wagtail's
scheduled publishing and unpublishing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.admin.panels import FieldPanel, InlinePanel, PanelGroup

from locations.models import OhjaamoPage
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

LOCAL_BLOCKS = {
    "paragraph",
    "image",
    "quote",
    "call_to_action",
    "faq",
    "staff_contact",
    "event",
}
# Words that would mean a local team could change the look instead of the content.
LOOK_WORDS = ("colour", "color", "logo", "template", "theme", "layout", "style", "font")
# Set by the national team only (see locations/teams.py).
NATIONAL_FIELDS = {"municipalities", "ptv_organization_ids"}


def editor_form(role="a_editor"):
    page = f.team_page(f.TEAM_A)
    form_class = page.get_edit_handler().get_form_class()
    return form_class(instance=page, for_user=f.user(role), parent_page=page.get_parent().specific)


def content_panels():
    """(name, panel) of every field and inline panel on the content tab, nested groups opened."""
    found = []

    def walk(panel):
        if isinstance(panel, FieldPanel | InlinePanel):
            found.append((getattr(panel, "field_name", None) or panel.relation_name, panel))
        if isinstance(panel, PanelGroup):
            for child in panel.children:
                walk(child)

    content_tab = OhjaamoPage.get_edit_handler().children[0]
    walk(content_tab)
    return found


@pytest.mark.parametrize("role", ["a_editor", "a_publisher"])
def test_local_staff_get_content_fields_only(seeded, role):
    form = editor_form(role)
    names = set(form.fields) | set(form.formsets)
    assert not NATIONAL_FIELDS & names
    for name in names:
        assert not any(word in name for word in LOOK_WORDS), name
    # The content the team keeps up to date is all there.
    assert {"title", "intro", "phone", "email", "body", "points", "presences"} <= names
    # Scheduled publishing and unpublishing, as Wagtail offers them.
    assert {"go_live_at", "expire_at"} <= names


def test_body_offers_exactly_the_local_block_set(seeded):
    form = editor_form()
    stream_block = form.fields["body"].block
    assert set(stream_block.child_blocks) == LOCAL_BLOCKS
    for name, block in stream_block.child_blocks.items():
        assert block.meta.icon, name
        assert block.meta.template, name
        for child in getattr(block, "child_blocks", {}):
            assert not any(word in child for word in LOOK_WORDS), (name, child)


def test_every_content_field_has_a_finnish_help_text(seeded):
    missing = []
    for name, panel in content_panels():
        if name == "title":  # Wagtail's own, already translated by Wagtail
            continue
        help_text = panel.help_text
        if not help_text and isinstance(panel, FieldPanel):
            help_text = OhjaamoPage._meta.get_field(name).help_text
        with translation.override("en"):
            english = str(help_text)
        with translation.override("fi"):
            finnish = str(help_text)
        if not english or finnish == english:
            missing.append(name)
    assert not missing, f"content fields without a Finnish help text: {missing}"


def test_the_edit_form_speaks_finnish_to_a_local_editor(seeded):
    client = Client()
    client.force_login(f.user("a_editor"))
    page = f.team_page(f.TEAM_A)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fi"' in html
    for text in (
        "Kaksi tai kolme virkettä",  # intro
        "Kerro lisää lohkoilla",  # body
        "Valitse, missä asioissa nuoret saavat teiltä apua.",  # services
        "Vierailevat asiantuntijat ja kumppanit",  # presences
    ):
        assert text in html, text
    assert "Tell more in blocks" not in html


def _submit_body(image_value):
    """A's editor sends A's page for approval with a body of one image block (a draft may be
    saved incomplete: Wagtail defers such checks until publishing or submitting); returns the
    response and whether a new revision was saved."""
    editor = f.user("a_editor")
    page = f.team_page(f.TEAM_A)
    draft = page.get_latest_revision_as_object()
    stream_block = OhjaamoPage._meta.get_field("body").stream_block
    draft.body = stream_block.to_python(
        [{"type": "image", "value": {"image": image_value, "caption": "Aula"}}]
    )
    data = f.page_form_data(page, user=editor, instance=draft)
    data["action-submit"] = "action-submit"
    revisions = page.revisions.count()
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return response, page.revisions.count() > revisions


def test_an_image_needs_alt_text_or_the_decorative_flag(seeded):
    image, _document = f.team_files(f.TEAM_A)
    response, saved = _submit_body({"image": image.pk, "alt_text": "", "decorative": False})
    assert response.status_code == 200
    assert not saved
    (error,) = response.context["form"].errors.as_data()["body"]
    figure_error = error.block_errors[0]
    assert set(figure_error.block_errors) == {"image"}
    assert set(figure_error.block_errors["image"].block_errors) == {"alt_text"}


@pytest.mark.parametrize(
    "value",
    [
        {"alt_text": "Ohjaamon aula: sohva, viherkasvi ja ikkuna.", "decorative": False},
        {"alt_text": "", "decorative": True},
    ],
    ids=["alt_text", "decorative"],
)
def test_an_image_with_alt_text_or_marked_decorative_is_saved(seeded, value):
    image, _document = f.team_files(f.TEAM_A)
    response, saved = _submit_body({"image": image.pk, **value})
    assert response.status_code == 302, response.content[:3000]
    assert saved
    page = f.team_page(f.TEAM_A)
    assert page.workflow_in_progress  # on its way to the team's publishers
    body = page.get_latest_revision_as_object().body
    stored = body[0].value["image"]
    assert stored.pk == image.pk
    assert stored.decorative is value["decorative"]
    assert stored.contextual_alt_text == value["alt_text"]
