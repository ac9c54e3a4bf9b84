"""Copying an Ohjaamo page (the national team starting a new Ohjaamo from an existing one) copies
its points with their weekly hours and exceptions, and neither the copy nor publishing its
copied revision touches the original's rows. Publishing an ordinary revision keeps the rows."""

from django.contrib.auth import get_user_model
from wagtail.actions.copy_page import CopyPageAction

from locations.models import OhjaamoPage, OpeningException, OpeningHours, ServicePoint


def helsinki():
    return OhjaamoPage.objects.get(locale__language_code="fi", slug="ohjaamo-helsinki")


def rows(page):
    """Every point of the page with the primary keys and contents of its hours and exceptions."""
    result = {}
    for point in ServicePoint.objects.filter(page=page).order_by("sort_order", "pk"):
        hours = OpeningHours.objects.filter(point=point).order_by("pk")
        exceptions = OpeningException.objects.filter(point=point).order_by("pk")
        result[point.pk] = (
            [(h.pk, h.weekday, h.opens, h.closes) for h in hours],
            [(e.pk, str(e.translation_key), e.start_date, e.reason) for e in exceptions],
        )
    return result


def shape(page_rows):
    """The contents without primary keys or translation keys."""
    return [
        ([row[1:] for row in hours], [(e[2], e[3]) for e in exceptions])
        for hours, exceptions in page_rows.values()
    ]


def test_copying_an_ohjaamo_copies_its_hours_and_leaves_the_original(seeded):
    original = helsinki()
    before = rows(original)
    assert any(exceptions for _, exceptions in before.values()), "the seed has exceptions"
    user = get_user_model().objects.filter(is_superuser=True).first()
    copy = CopyPageAction(
        original,
        to=original.get_parent(),
        update_attrs={"title": "Ohjaamo Kopio", "slug": "ohjaamo-kopio"},
        user=user,
    ).execute()

    assert rows(original) == before
    copied = rows(copy)
    assert shape(copied) == shape(before)
    assert not set(copied) & set(before)
    original_keys = {e[1] for _, exceptions in before.values() for e in exceptions}
    copied_keys = {e[1] for _, exceptions in copied.values() for e in exceptions}
    assert copied_keys and not copied_keys & original_keys

    # The copy's history holds the original's revisions, copied: reverting to one and publishing
    # it must not move the original's hours or exceptions to the copy.
    copy.refresh_from_db()
    copied_revision = copy.revisions.order_by("created_at", "pk").first()
    assert copied_revision.pk != copy.latest_revision_id
    reverted = copied_revision.as_object()  # what the admin's revert view edits
    reverted.title, reverted.slug = copy.title, copy.slug
    reverted.save_revision(user=user).publish(user=user)
    assert rows(original) == before
    published = rows(copy)
    assert shape(published) == shape(before)
    assert not {e[0] for _, ex in published.values() for e in ex} & {
        e[0] for _, ex in before.values() for e in ex
    }


def test_publishing_an_ordinary_revision_keeps_the_rows(seeded):
    page = helsinki()
    before = rows(page)
    page.save_revision().publish()
    assert rows(helsinki()) == before
