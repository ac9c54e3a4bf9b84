"""Stored XSS: markup a local editor types into every text field of their Ohjaamo page and of a
news item (inline service points, hours exceptions, presences, contacts and every block of the
local block set included) is escaped wherever a superuser looks at it: the admin listings, the
dashboard, the page history, the revision comparison, the workflow history and the public page.

The editor submits through the admin's own forms; the team's publisher approves (the workflow), so
the public page shows the content too.
"""

import itertools
import json
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from wagtail import blocks
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.blocks import StreamValue
from wagtail.models import WorkflowState

from tests.factories import teams as f

pytestmark = pytest.mark.django_db

news = pytest.importorskip("news.models", reason="the news app's NewsPage is needed")

# Breaks out of attributes and of script blocks if anything renders it raw.
LONG = '"><script>kohtaamoXss({n})</script><img src=x onerror=kohtaamoXss({n})>'
SHORT = "<script>kohtaamoXss({n})</script>"
RAW_MARKERS = (b"<script>kohtaamoXss", b"<img src=x onerror")
ESCAPED = "&lt;script&gt;kohtaamoXss({n})"

NOT_TEXT = (forms.SlugField, forms.EmailField, forms.URLField)
NOT_TEXT_BLOCKS = (blocks.URLBlock, blocks.EmailBlock)


class Typist:
    """Types a numbered payload into every visible text input it is offered."""

    def __init__(self):
        self.counter = itertools.count(1)
        self.typed = {}  # input name -> n

    def payload(self, n, max_length):
        for template in (LONG, SHORT):
            text = template.format(n=n)
            if max_length is None or len(text) <= max_length:
                return text
        return None

    def contentstate(self, text):
        return json.dumps(
            {
                "blocks": [
                    {
                        "key": "xss01",
                        "text": text,
                        "type": "unstyled",
                        "depth": 0,
                        "inlineStyleRanges": [],
                        "entityRanges": [],
                        "data": {},
                    }
                ],
                "entityMap": {},
            }
        )

    def __call__(self, field_or_block, name):
        if name.endswith("-url") or name.endswith("slug"):
            return None
        if isinstance(field_or_block, blocks.Block):
            if isinstance(field_or_block, NOT_TEXT_BLOCKS):
                return None
            if isinstance(field_or_block, blocks.RichTextBlock):
                n = next(self.counter)
                self.typed[name] = n
                return self.contentstate(self.payload(n, None))
            if isinstance(field_or_block, blocks.CharBlock | blocks.TextBlock):
                n = next(self.counter)
                text = self.payload(n, field_or_block.field.max_length)
                if text:
                    self.typed[name] = n
                return text
            return None
        field = field_or_block
        if not isinstance(field, forms.CharField) or isinstance(field, NOT_TEXT):
            return None
        if isinstance(field.widget, DraftailRichTextArea):
            n = next(self.counter)
            self.typed[name] = n
            return self.contentstate(self.payload(n, None))
        if not isinstance(field.widget, forms.TextInput | forms.Textarea):
            return None
        if isinstance(field.widget, forms.EmailInput | forms.URLInput | forms.NumberInput):
            return None
        if name.endswith("postal_code") or name.endswith("ptv_organization_ids"):
            return None
        n = next(self.counter)
        text = self.payload(n, field.max_length)
        if text:
            self.typed[name] = n
        return text


def every_block(stream_block, image, allowed=None):
    """A StreamValue holding one of each block of `stream_block` (those in `allowed`)."""
    raw = []
    for name, child in stream_block.child_blocks.items():
        if allowed is not None and name not in allowed:
            continue
        if name == "image":
            value = child.to_python(
                {
                    "image": {"image": image.pk, "alt_text": "Kuva", "decorative": False},
                    "caption": "Kuvateksti",
                }
            )
        else:
            value = child.get_preview_value()
        raw.append((name, value))
    return StreamValue(stream_block, raw)


def assert_escaped(response, where):
    assert response.status_code == 200, (where, response.status_code)
    content = response.content
    for marker in RAW_MARKERS:
        assert marker not in content, f"{where}: raw {marker!r} in the response"


def escaped_numbers(content):
    return {int(n) for n in re.findall(rb"&lt;script&gt;kohtaamoXss\((\d+)\)", content)}


def login(role):
    client = Client()
    client.force_login(f.user(role))
    return client


def submit_and_approve(page, instance, capture):
    """A's editor types the payloads into every text field and submits; A's publisher approves."""
    typist = Typist()
    data = f.page_form_data(page, user=f.user("a_editor"), text=typist, instance=instance)
    data["action-submit"] = "action-submit"
    with capture(execute=True):
        response = login("a_editor").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, _form_errors(response)
    state = WorkflowState.objects.active().get(object_id=str(page.pk))
    task_state = state.current_task_state
    with capture(execute=True):
        approved = login("a_publisher").post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "approve", task_state.pk],
            ),
            {"comment": SHORT.format(n=999)},
        )
    assert approved.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and page.title.startswith('"><script>')
    return typist, state


def _form_errors(response):
    context = getattr(response, "context", None)
    if not context or "form" not in context:
        return response.status_code
    form = context["form"]
    errors = dict(form.errors)
    for name, formset in form.formsets.items():
        errors[name] = [formset.errors, formset.non_form_errors()]
        for child in formset.forms:
            for nested_name, nested in getattr(child, "formsets", {}).items():
                errors[f"{name}/{nested_name}"] = nested.errors
    return errors


def superuser_views(page, state):
    client = login("superuser")
    parent = page.get_parent()
    return {
        "explorer listing of the parent": client.get(
            reverse("wagtailadmin_explore", args=[parent.pk])
        ),
        "explorer listing of the page": client.get(reverse("wagtailadmin_explore", args=[page.pk])),
        "dashboard": client.get(reverse("wagtailadmin_home")),
        "history": client.get(reverse("wagtailadmin_pages:history", args=[page.pk])),
        "compare": client.get(
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"])
        ),
        "workflow history": client.get(
            reverse("wagtailadmin_pages:workflow_history_detail", args=[page.pk, state.pk])
        ),
        "edit form": client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])),
        "admin search": client.get(reverse("wagtailadmin_pages:search"), {"q": "kohtaamoXss"}),
        "public page": client.get(page.url),
        "public page (anonymous)": Client().get(page.url),
    }


def check_everywhere(page, typist, state):
    assert len(typist.typed) >= 8, typist.typed
    views = superuser_views(page, state)
    for where, response in views.items():
        assert_escaped(response, where)
    # Proof that the payloads were stored and shown (escaped), not dropped: the comparison
    # shows every field typed into, and the public page most of them.
    typed_numbers = set(typist.typed.values())
    shown_in_compare = escaped_numbers(views["compare"].content)
    missing = {name: n for name, n in typist.typed.items() if n not in shown_in_compare}
    # Wagtail's comparison does not descend into inline objects of inline objects (a point's
    # exceptions): those must at least be stored.
    nested = {name: n for name, n in missing.items() if len(re.findall(r"-\d+-", name)) > 1}
    assert missing == nested, f"not in the comparison: {missing}"
    stored = json.dumps(page.get_latest_revision().content)
    for n in nested.values():
        assert f"kohtaamoXss({n})" in stored
    assert escaped_numbers(views["public page"].content) & typed_numbers
    title_number = typist.typed["title"]
    for where in ("explorer listing of the parent", "history"):
        assert title_number in escaped_numbers(views[where].content), where
    return views


def test_markup_in_every_field_of_the_ohjaamo_page_is_escaped(
    seeded, django_capture_on_commit_callbacks
):
    page = f.team_page(f.TEAM_A)
    image, _document = f.team_files(f.TEAM_A)
    instance = page.get_latest_revision_as_object()
    instance.body = every_block(type(page).body.field.stream_block, image)
    typist, state = submit_and_approve(page, instance, django_capture_on_commit_callbacks)
    for name in ("title", "intro", "seo_title", "search_description"):
        assert name in typist.typed
    assert any(name.startswith("points-0-") for name in typist.typed)
    assert any(name.startswith("presences-") for name in typist.typed)
    assert any(name.startswith("body-") for name in typist.typed)
    check_everywhere(page, typist, state)


def test_markup_in_every_field_of_local_news_is_escaped(seeded, django_capture_on_commit_callbacks):
    from news.blocks import LOCAL_BLOCK_NAMES

    ohjaamo = f.team_page(f.TEAM_A)
    page = f.first_news(ohjaamo).specific
    image, _document = f.team_files(f.TEAM_A)
    instance = page.get_latest_revision_as_object()
    instance.body = every_block(
        type(page).body.field.stream_block, image, allowed=LOCAL_BLOCK_NAMES
    )
    if not instance.contacts.exists() and not list(instance.contacts.all()):
        instance.contacts = [news.NewsContact(role="Ohjaaja", email="ohjaamo@example.invalid")]
    typist, state = submit_and_approve(page, instance, django_capture_on_commit_callbacks)
    for name in ("title", "lead"):
        assert name in typist.typed
    views = check_everywhere(page, typist, state)
    # The news listing of the Ohjaamo page shows the title and lead, escaped.
    listing = Client().get(ohjaamo.url)
    assert_escaped(listing, "the Ohjaamo page's news list")
    assert typist.typed["title"] in escaped_numbers(listing.content)
    assert views["public page"].status_code == 200
