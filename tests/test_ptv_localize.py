"""PTV's Swedish and English texts survive wagtail-localize (issue #12, PTV): the import records
the names, street addresses, post offices and exception reasons it writes into a translation as
wagtail-localize's translations of the Finnish page's segments, so that "Sync translated pages",
or a translator publishing from wagtail-localize's editor, rebuilds the translation with PTV's
texts instead of putting the Finnish (or an older translation) back over them."""

import pytest
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from locations.models import ServicePoint
from tests.factories import teams as f
from tests.test_ptv_import import FIXTURES, HELSINKI_CHANNEL, channel_json, write
from tests.test_ptv_import import import_ptv as run_import
from tests.test_ptv_translations import SV_NAME, helsinki, import_ptv, linked_point, page

pytestmark = pytest.mark.django_db

__all__ = ["helsinki"]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    from locations import ptv

    monkeypatch.setattr(ptv, "local_today", lambda now: ptv.datetime.date(2026, 11, 22))


def localize_sync(lang, capture, publish=True):
    """What "Sync translated pages" does for `lang`: the source is read again from the Finnish
    page and the translation saved (and published) from wagtail-localize's strings."""
    source, _created = TranslationSource.update_or_create_from_instance(page("fi"))
    source.update_from_db()
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=f.locale(lang)
    )
    with capture(execute=True):
        translation.save_target(publish=publish)


def texts(lang):
    point = linked_point(lang)
    reasons = dict(point.exceptions.values_list("start_date", "reason"))
    return point.name, point.street_address, point.post_office, reasons


def test_ptvs_swedish_texts_survive_a_localize_sync(helsinki, django_capture_on_commit_callbacks):
    import_ptv(FIXTURES / "channel_helsinki.json")
    imported = texts("sv")
    assert imported[:3] == (SV_NAME, "Fredriksgatan 48", "Helsingfors")
    assert "Julhelgen" in imported[3].values()
    english = texts("en")

    localize_sync("sv", django_capture_on_commit_callbacks)
    localize_sync("en", django_capture_on_commit_callbacks)
    assert texts("sv") == imported
    assert texts("en") == english
    assert page("sv").live_revision == page("sv").get_latest_revision()


def test_the_segments_hold_ptvs_texts(helsinki):
    import_ptv(FIXTURES / "channel_helsinki.json")
    fi = linked_point("fi")
    source, _created = TranslationSource.update_or_create_from_instance(page("fi"))
    source.update_from_db()
    found, reasons = {}, []
    for segment in StringSegment.objects.filter(source=source).select_related("context", "string"):
        if segment.context.path.startswith(f"points.{fi.translation_key}."):
            translation = StringTranslation.objects.filter(
                translation_of=segment.string, context=segment.context, locale=f.locale("sv")
            ).first()
            field = segment.context.path.rsplit(".", 1)[1]
            data = translation and translation.data
            if field == "reason":
                reasons.append((segment.string.data, data))
            else:
                found[field] = data
    assert found["name"] == SV_NAME
    assert found["street_address"] == "Fredriksgatan 48"
    assert found["post_office"] == "Helsingfors"
    # PTV's Swedish reason is recorded; the one PTV has only in Finnish has no translation.
    assert sorted(reasons) == [("Joulun pyhät", "Julhelgen"), ("Lyhennetty päivä", None)]


def test_a_later_import_updates_the_recorded_text(
    helsinki, tmp_path, django_capture_on_commit_callbacks
):
    import_ptv(FIXTURES / "channel_helsinki.json")
    data = channel_json(
        street=[
            {"language": "fi", "value": "Fredrikinkatu"},
            {"language": "sv", "value": "Fredriksgatan (gårdshuset)"},
        ]
    )
    import_ptv(write(tmp_path, data))
    localize_sync("sv", django_capture_on_commit_callbacks)
    assert linked_point("sv").street_address == "Fredriksgatan (gårdshuset) 48"

    # PTV drops the Swedish name: the Finnish shows, and a sync does not bring the old one back.
    data["serviceChannelNames"] = [n for n in data["serviceChannelNames"] if n["language"] != "sv"]
    import_ptv(write(tmp_path, data))
    assert linked_point("sv").name == linked_point("fi").name
    localize_sync("sv", django_capture_on_commit_callbacks)
    assert linked_point("sv").name == linked_point("fi").name


@pytest.mark.parametrize("publish", [True, False])
def test_after_a_sync_a_new_ptv_name_still_arrives(
    helsinki, tmp_path, django_capture_on_commit_callbacks, publish
):
    """wagtail-localize rebuilds the Swedish point from a copy of the Finnish one: the point's own
    record of what the import gave it comes back, so PTV's next Swedish name is not mistaken for
    a translator's edit."""
    import_ptv(FIXTURES / "channel_helsinki.json")
    localize_sync("sv", django_capture_on_commit_callbacks, publish=publish)
    data = channel_json()
    data["serviceChannelNames"][1]["value"] = "Navigatorn Helsingfors, Kampen"
    out = import_ptv(write(tmp_path, data))
    assert "kept from the translator's edit" not in out
    assert linked_point("sv").name == "Navigatorn Helsingfors, Kampen"
    assert linked_point("sv").ptv_snapshot["name"] == "Navigatorn Helsingfors, Kampen"
    localize_sync("sv", django_capture_on_commit_callbacks)
    assert linked_point("sv").name == "Navigatorn Helsingfors, Kampen"


def test_a_translators_edit_in_localize_is_kept(
    helsinki, tmp_path, django_capture_on_commit_callbacks
):
    """The translator's own name, published from wagtail-localize's editor, is kept by the
    next import (and reported), and a sync after it still shows the translator's name."""
    import_ptv(FIXTURES / "channel_helsinki.json")
    source, _created = TranslationSource.update_or_create_from_instance(page("fi"))
    source.update_from_db()
    key = linked_point("fi").translation_key
    segment = StringSegment.objects.select_related("context", "string").get(
        source=source, context__path=f"points.{key}.name"
    )
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=f.locale("sv"),
        context=segment.context,
        defaults={"data": "Navigatorn i Kampen", "translation_type": "manual"},
    )
    localize_sync("sv", django_capture_on_commit_callbacks)
    assert linked_point("sv").name == "Navigatorn i Kampen"

    data = channel_json()
    data["serviceChannelNames"][1]["value"] = "Navigatorn Helsingfors, Kampen"
    out = import_ptv(write(tmp_path, data))
    assert "sv name kept from the translator's edit" in out
    localize_sync("sv", django_capture_on_commit_callbacks)
    assert linked_point("sv").name == "Navigatorn i Kampen"


def test_a_dry_run_records_nothing(helsinki):
    before = StringTranslation.objects.count()
    run_import(FIXTURES / "channel_helsinki.json", dry_run=True)
    assert StringTranslation.objects.count() == before
    assert not ServicePoint.objects.filter(ptv_id=HELSINKI_CHANNEL).exists()
