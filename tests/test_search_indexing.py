"""The index follows the content: publish, unpublish, delete, move, copy, translation, view
restrictions, service-point edits, scheduled publishing; and `manage.py search_index`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from kohtaamo.models import ContentPage
from locations.models import OhjaamoPage, ServicePoint
from search import documents, engine
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def found(query, lang="fi"):
    return [hit.url for hit in engine.search(query, lang, per_page=50).hits]


def add_page(parent, title, slug, intro=""):
    page = ContentPage(title=title, slug=slug, intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_publish_indexes_and_unpublish_removes(seeded):
    page = add_page(seeded["fi"], "Vesikauhu", "vesikauhu")
    assert found("vesikauhu") == ["/vesikauhu/"]
    page.unpublish()
    assert found("vesikauhu") == []


def test_a_new_revision_replaces_the_old_text(seeded):
    page = add_page(seeded["fi"], "Ensimmäinen maasika-otsikko", "otsikko")
    page.title = "Toinen kaniotsikko"
    page.save_revision().publish()
    assert found("maasika", "fi") == []
    assert found("kaniotsikko") == ["/otsikko/"]


def test_a_draft_revision_does_not_change_what_is_found(seeded):
    page = add_page(seeded["fi"], "Julkinen hirvi", "hirvi")
    page.title = "Salainen luonnoshirvi"
    page.save_revision()
    assert found("luonnoshirvi") == []
    assert found("julkinen hirvi") == ["/hirvi/"]


def test_delete_removes(seeded):
    page = add_page(seeded["fi"], "Poistettava mäyrä", "mayra")
    page.delete()
    assert found("mäyrä") == []
    assert not SearchDocument.objects.filter(key=f"page:{page.pk}").exists()


def test_move_updates_the_address_of_the_page_and_its_children(seeded):
    section = add_page(seeded["fi"], "Osio", "osio")
    child = add_page(section, "Siirtyvä saukko", "saukko")
    other = add_page(seeded["fi"], "Toinen osio", "toinen")
    section.move(other, pos="last-child")
    assert found("saukko") == ["/toinen/osio/saukko/"]
    assert child.pk


def test_copy_kept_live_is_indexed(seeded):
    page = add_page(seeded["fi"], "Kopioitava kettu", "kettu")
    page.copy(update_attrs={"slug": "kettu-2", "title": "Kopioitu kettu"}, keep_live=True)
    assert sorted(found("kettu")) == ["/kettu-2/", "/kettu/"]


def test_view_restrictions_remove_a_section_and_freeing_it_brings_it_back(seeded):
    section = add_page(seeded["fi"], "Sisäinen osio", "sisainen")
    add_page(section, "Sisäinen ilves", "ilves")
    restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert found("ilves") == []
    restriction.delete()
    assert found("ilves") == ["/sisainen/ilves/"]


def test_translation_is_indexed_in_its_own_language(seeded):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    from kohtaamo.workarounds.localize_deferred_publish import save_translation_and_publish

    page = add_page(seeded["fi"], "Käännettävä majava", "majava")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="sv")
    )
    save_translation_and_publish(translation)
    assert found("majava", "sv")  # the untranslated text is the Swedish page's text for now
    assert found("majava", "fi") == ["/majava/"]


def test_service_point_edits_outside_a_publish_update_the_index(seeded):
    point = (
        ServicePoint.objects.filter(page__locale__language_code="fi", page__live=True)
        .select_related("page")
        .first()
    )
    point.name = "Lumikkopiste"
    point.save()
    assert found("lumikkopiste")[0].endswith(f"#{point.pk}")
    point.delete()
    assert found("lumikkopiste") == []


def test_scheduled_go_live_and_expiry(seeded):
    page = ContentPage(title="Ajastettu kärppä", slug="karppa", live=False)
    seeded["fi"].add_child(instance=page)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    assert found("kärppä") == []
    call_command("publish_scheduled", stdout=StringIO())
    assert found("kärppä") == ["/karppa/"]
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", stdout=StringIO())
    assert found("kärppä") == []


def test_an_unpublished_ohjaamo_takes_its_points_along(seeded):
    ohjaamo = OhjaamoPage.objects.get(locale__language_code="fi", title="Turun Ohjaamo")
    keys = set(SearchDocument.objects.filter(page_id=ohjaamo.pk).values_list("key", flat=True))
    assert any(key.startswith("point:") for key in keys)
    ohjaamo.unpublish()
    assert not SearchDocument.objects.filter(page_id=ohjaamo.pk).exists()


def test_search_index_command_reports_and_rebuilds(seeded, settings):
    settings.ELASTICSEARCH_URL = None  # the database engine, whatever the node tests left behind
    before = len(list(documents.all_documents("fi")))
    SearchDocument.objects.filter(language="fi", kind="news").delete()
    out = StringIO()
    call_command("search_index", "--language", "fi", stdout=out)
    text = out.getvalue()
    assert f"database: {before} documents indexed, 0 removed (fi)" in text
    assert "Done in" in text and "[####" in text
    assert SearchDocument.objects.filter(language="fi").count() == before
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert "(fi, sv, en)" in out.getvalue()
    assert found("ohjaamo")


def test_search_index_command_refuses_elasticsearch_when_none_is_set(seeded, settings):
    settings.ELASTICSEARCH_URL = None
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("search_index", "--engine", "elasticsearch", stdout=StringIO())
