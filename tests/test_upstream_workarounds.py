"""Each workaround in kohtaamo/workarounds/ has a test that reproduces the upstream gap it covers
and fails once upstream fixes it, so the workaround is removed rather than kept for ever."""

import pytest
from elasticsearch import Elasticsearch, UnsupportedProductError
from wagtail.images import image_operations
from wagtail.models import Page

from kohtaamo.models import ContentPage
from kohtaamo.seeding import locale, translate

REMOVE_LOCALIZE_WORKAROUND = (
    "wagtail-localize no longer resets numchild when its deferred publish runs after the "
    "translated page got children in the same transaction: the gap is fixed upstream. Remove "
    "kohtaamo/workarounds/localize_deferred_publish.py, call "
    "TranslationSource.create_or_update_translation(..., publish=True) directly in "
    "kohtaamo/seeding.translate, and delete this test."
)


def make_source(home):
    source = ContentPage(title="Lähdesivu", slug="lahdesivu", intro="Suomenkielinen johdanto.")
    home.add_child(instance=source)
    source.save_revision().publish()
    return source


def add_child(parent, title, slug):
    child = ContentPage(title=title, slug=slug, intro="")
    parent.add_child(instance=child)
    child.save_revision().publish()
    return child


def test_localize_deferred_publish_still_resets_numchild(
    seeded, django_capture_on_commit_callbacks
):
    """The upstream gap: inside one transaction, wagtail-localize saves the translated page and
    defers its publish to `on_commit`, holding the page object as it was then. Children added to
    the translation before the commit are lost from `numchild` when the publish finally runs."""
    from wagtail_localize.models import TranslationSource

    source = make_source(seeded["fi"])
    translation_source, _ = TranslationSource.get_or_create_from_instance(source)
    with django_capture_on_commit_callbacks(execute=False) as deferred:
        translation_source.create_or_update_translation(
            locale("sv"), publish=True, copy_parent_pages=True, fallback=True
        )
        translated = source.get_translation(locale("sv"))
        add_child(translated, "Alasivu", "alasivu")
    assert deferred, "wagtail-localize no longer defers the publish to on_commit"
    for callback in deferred:  # the outer transaction commits
        callback()

    translated = Page.objects.get(pk=translated.pk)
    actual_children = Page.objects.child_of(translated).count()
    assert actual_children == 1
    assert translated.numchild != actual_children, REMOVE_LOCALIZE_WORKAROUND
    # The visible symptom: the tree hides the child (treebeard trusts numchild), so it 404s.
    assert translated.get_children().count() == 0
    wrong_numchild = Page.find_problems()[4]
    assert translated.pk in wrong_numchild


def test_seeding_translate_keeps_the_tree_consistent(
    client, seeded, django_capture_on_commit_callbacks
):
    source = make_source(seeded["fi"])
    with django_capture_on_commit_callbacks(execute=True):
        translated = translate(
            source,
            locale("sv"),
            ContentPage(title="Källsida", slug="kallsida", intro="Svensk ingress."),
        )
        # Published at once, not at commit time.
        assert Page.objects.get(pk=translated.pk).live
        child = add_child(translated, "Undersida", "undersida")

    translated = Page.objects.get(pk=translated.pk)
    assert translated.numchild == 1
    assert translated.live
    assert all(not problem for problem in Page.find_problems())
    # The translation and its child are served, in Swedish.
    response = client.get("/sv/kallsida/")
    assert response.status_code == 200
    assert "Svensk ingress." in response.content.decode()
    assert client.get(child.url).status_code == 200
    # Deleting the translation takes its child along (no orphans).
    translated.delete()
    assert not Page.objects.filter(pk=child.pk).exists()
    assert all(not problem for problem in Page.find_problems())


def test_seeding_translate_is_idempotent(seeded):
    source = make_source(seeded["fi"])
    first = translate(source, locale("en"), ContentPage(title="Source", slug="source", intro="En."))
    revisions = first.revisions.count()
    again = translate(source, locale("en"), ContentPage(title="Other", slug="other", intro="X."))
    assert again.pk == first.pk
    assert again.title == "Source"
    assert again.revisions.count() == revisions


def test_seeding_translate_refuses_a_translation_of_another_shape(seeded):
    source = make_source(seeded["fi"])
    with pytest.raises(ValueError, match="same structure"):
        translate(source, locale("en"), ContentPage(title="Source", slug="source", intro=""))
    assert source.get_translation_or_none(locale("en")) is None


REMOVE_OPENSEARCH_NODE_WORKAROUND = (
    "The elasticsearch 8 client now talks to the OpenSearch test node by itself: remove "
    "kohtaamo/workarounds/opensearch_node.py, its ELASTICSEARCH_OPENSEARCH_COMPAT setting and the "
    "client_options() calls, and delete this test."
)


@pytest.mark.elasticsearch
def test_elasticsearch_client_still_refuses_the_opensearch_test_node(elasticsearch_url):
    """The upstream gap: the Elasticsearch 8 client refuses a server without its product header
    and sends a media type OpenSearch answers with 406."""
    client = Elasticsearch(elasticsearch_url, request_timeout=30)
    try:
        client.info()
    except UnsupportedProductError:
        return
    finally:
        client.close()
    pytest.fail(REMOVE_OPENSEARCH_NODE_WORKAROUND)


REMOVE_BOUNDED_RENDITIONS = (
    "Wagtail now refuses zero or huge sizes in image filter specs itself: remove the bounded "
    "operations from kohtaamo/workarounds/bounded_renditions.py (keep the rendition semaphore "
    "unless Wagtail limits concurrent renditions too) and this test."
)


@pytest.mark.parametrize("spec", ["fill-0x0", "fill-99999999999999999999x2", "width-0"])
def test_wagtail_still_accepts_unbounded_filter_sizes(spec):
    operations = {
        "fill": image_operations.FillOperation,
        "width": image_operations.WidthHeightOperation,
    }
    method, *args = spec.split("-")
    try:
        operations[method](method, *args)
    except Exception:  # noqa: BLE001
        pytest.fail(REMOVE_BOUNDED_RENDITIONS)


REMOVE_TABLE_WORKAROUND = (
    "wagtail-localize now extracts segments from Wagtail's TableBlock by itself: remove "
    "kohtaamo/workarounds/localize_table_block.py and its mixin on AccessibleTableBlock in "
    "kohtaamo/blocks.py (check the segment paths of existing translations), and delete this test."
)


def test_localize_still_extracts_nothing_from_a_table_block():
    from wagtail.contrib.table_block.blocks import TableBlock
    from wagtail.fields import StreamField
    from wagtail_localize.segments.extract import StreamFieldSegmentExtractor

    stream_block = StreamField([("table", TableBlock())]).stream_block
    value = stream_block.to_python(
        [
            {
                "type": "table",
                "id": "00000000-0000-0000-0000-000000000001",
                "value": {"table_caption": "Vaiheet", "data": [["Vuosi", "Mitä tapahtui"]]},
            }
        ]
    )
    segments = StreamFieldSegmentExtractor(None).handle_stream_block(value)
    assert segments == [], REMOVE_TABLE_WORKAROUND
