"""Saving a page with its inline rows updates Wagtail's reference index once, not once per row
(kohtaamo/workarounds/reference_index_once.py), and the index it leaves is the one a full
re-read gives."""

from unittest import mock

import pytest
from django.db import transaction
from modelcluster.models import ClusterableModel
from wagtail.models import ReferenceIndex

from kohtaamo.workarounds import reference_index_once
from tests.test_finder_nearest import add_synthetic_points, make_finder

POINTS = 30


def index_rows(page):
    return set(
        ReferenceIndex.objects.filter(
            base_content_type=ReferenceIndex._get_base_content_type(page),
            object_id=str(page.pk),
        ).values_list("to_content_type_id", "to_object_id", "model_path", "content_path")
    )


def count_index_updates(fn):
    with mock.patch.object(
        ReferenceIndex,
        "create_or_update_for_object",
        wraps=ReferenceIndex.create_or_update_for_object,
    ) as spy:
        fn()
    return spy.call_count


@pytest.fixture
def finder(seeded):
    return make_finder(seeded["fi"])


def test_a_page_with_many_rows_is_indexed_once_per_save(finder):
    page = add_synthetic_points(finder, POINTS)
    page.intro = "Muutettu."
    revision = page.save_revision()
    # Publishing writes the page and its 30 points (each with its own rows): one index update.
    assert count_index_updates(revision.publish) == 1


def test_without_the_workaround_every_row_re_reads_the_page(finder, monkeypatch):
    """What the workaround is for; when this fails, upstream indexes once and the module can go."""
    page = add_synthetic_points(finder, POINTS)
    monkeypatch.setattr(ClusterableModel, "save", reference_index_once._original_save)
    revision = page.save_revision()
    assert count_index_updates(revision.publish) > POINTS


def test_the_index_is_the_one_a_full_re_read_gives(finder):
    page = add_synthetic_points(finder, POINTS)
    kept = index_rows(page)
    assert kept, "the page's points refer to their municipality"
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(page)
    assert index_rows(page) == kept
