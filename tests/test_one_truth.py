"""One truth in every language (issue #12, point 1): the language-independent data of an Ohjaamo
page is edited once, in Finnish, and the Swedish and English pages show it from the moment the
Finnish page is published: on the page, in its JSON-LD, in the API, the finder and the open data.
Texts stay translated; a text new in Finnish shows in Finnish until translated."""

import csv
import datetime
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from locations import one_truth
from locations.models import (
    Municipality,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    Service,
    ServiceLanguage,
)
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

LANGS = ("fi", "sv", "en")


def pages():
    return {lang: f.team_page(f.TEAM_A, lang).specific for lang in LANGS}


def jsonld(page):
    response = Client().get(page.url)
    assert response.status_code == 200
    found = re.search(r"application/ld\+json[^>]*>(.*?)</script>", response.content.decode(), re.S)
    return json.loads(found.group(1))["@graph"]


def hours_spec(graph):
    return [
        # Without the translated description (an exception's reason, a holiday's name).
        {key: value for key, value in spec.items() if key not in ("@type", "description")}
        for office in graph
        for spec in office.get("openingHoursSpecification", ())
    ]


def api_points(lang, page):
    response = Client().get("/api/locations/", {"lang": lang})
    assert response.status_code == 200
    return [
        feature
        for feature in response.json()["features"]
        if feature["properties"]["ohjaamo"]["id"] == page.pk
    ]


def login(role):
    client = Client()
    client.force_login(f.user(role))
    return client


def test_friday_and_a_closed_day_approved_in_finnish_show_in_every_language(
    django_capture_on_commit_callbacks,
):
    """The issue's scenario: helsinki-editor sets Friday's closing to 16:00 and adds a closed
    day on 8.12., submits; helsinki-publisher approves. Swedish and English follow at once."""
    source = f.team_page(f.TEAM_A).specific
    data = f.page_form_data(source, user=f.user("a_editor"))
    friday = next(
        key.removesuffix("-weekday")
        for key, value in data.items()
        if re.fullmatch(r"points-0-weekly_hours-\d+-weekday", key) and value == "4"
    )
    data[f"{friday}-closes"] = "16:00"
    n = int(data["points-0-exceptions-TOTAL_FORMS"])
    data["points-0-exceptions-TOTAL_FORMS"] = str(n + 1)
    data.update(
        {
            f"points-0-exceptions-{n}-id": "",
            f"points-0-exceptions-{n}-ORDER": str(n + 1),
            f"points-0-exceptions-{n}-start_date": "2026-12-08",
            f"points-0-exceptions-{n}-end_date": "2026-12-08",
            f"points-0-exceptions-{n}-closed": "on",
            f"points-0-exceptions-{n}-opens": "",
            f"points-0-exceptions-{n}-closes": "",
            f"points-0-exceptions-{n}-reason": "Henkilökunnan koulutuspäivä",
            "action-submit": "action-submit",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = login("a_editor").post(
            reverse("wagtailadmin_pages:edit", args=[source.pk]), data
        )
    assert response.status_code == 302, response.content[:3000]
    # Submitted, not published: nothing changes anywhere yet.
    for page in pages().values():
        assert not page.points.first().exceptions.filter(start_date="2026-12-08").exists()
    state = WorkflowState.objects.active().get(
        base_content_type__model="page", object_id=str(source.pk)
    )
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = login("a_publisher").post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[source.pk, "approve", task_state.pk],
            ),
            {"comment": ""},
        )
    assert response.status_code in (200, 302)

    now = pages()
    specs = {lang: hours_spec(jsonld(page)) for lang, page in now.items()}
    assert {
        "dayOfWeek": "https://schema.org/Friday",
        "opens": "10:00",
        "closes": "16:00",
    } in specs["fi"]
    assert any(spec.get("validFrom") == "2026-12-08" for spec in specs["fi"]), specs["fi"]
    assert specs["sv"] == specs["fi"]
    assert specs["en"] == specs["fi"]
    for lang, page in now.items():
        point = page.points.first()
        friday_hours = point.weekly_hours.get(weekday=4)
        assert friday_hours.closes == datetime.time(16), lang
        closure = point.exceptions.get(start_date="2026-12-08")
        assert closure.closed
        assert closure.locale_id == page.locale_id
        # Untranslated yet: the Finnish reason is the visible fallback, and the editor is told.
        assert closure.reason == "Henkilökunnan koulutuspäivä"
        if lang != "fi":
            assert "Henkilökunnan koulutuspäivä" in [
                text for _label, text in one_truth.untranslated_texts(page)
            ]
        if lang == "sv":
            # The translated texts are kept.
            assert page.title != now["fi"].title
            assert point.name != now["fi"].points.first().name


def edit_every_field(page):
    """Every language-independent field of the Finnish page changed, in a new revision."""
    page = page.get_latest_revision_as_object()
    page.phone = "09 310 12345"
    page.email = "uusi@ohjaamo.example"
    page.website = "https://uusi.ohjaamo.example/"
    espoo = Municipality.objects.get(code="049")
    page.municipalities = [*page.municipalities.all(), espoo]
    fi_services = list(Service.objects.filter(locale=page.locale))
    page.services = fi_services[:2]
    page.languages = list(ServiceLanguage.objects.all()[:2])
    points = list(page.points.all())
    page.points = points
    point = points[0]
    point.street_address = "Mannerheimintie 5"
    point.postal_code = "00101"
    point.post_office = "Helsinki"
    point.latitude, point.longitude = 60.1700, 24.9400
    point.phone = "040 765 4321"
    point.email = "piste@ohjaamo.example"
    point.lift = not point.lift
    point.weekly_hours = [
        OpeningHours(weekday=0, opens=datetime.time(8), closes=datetime.time(12), sort_order=0),
        OpeningHours(weekday=5, opens=datetime.time(11), closes=datetime.time(14), sort_order=1),
    ]
    exceptions = list(point.exceptions.all())
    exceptions[0].start_date = datetime.date(2026, 12, 21)
    exceptions[0].closed = True
    exceptions[0].opens = exceptions[0].closes = None
    point.exceptions = [
        *exceptions,
        OpeningException(
            start_date=datetime.date(2027, 1, 7),
            end_date=datetime.date(2027, 1, 7),
            closed=False,
            opens=datetime.time(12),
            closes=datetime.time(14),
            reason="Lyhennetty päivä",
            locale=page.locale,
        ),
    ]
    popup = points[1] if len(points) > 1 else None
    if popup is not None:
        popup.kind = "popup"
        popup.valid_from = datetime.date(2026, 1, 1)
        popup.valid_to = datetime.date(2027, 12, 31)
    presences = list(page.presences.all())
    if presences:
        presences[0].weekday = 6
        presences[0].starts = datetime.time(9)
        presences[0].ends = datetime.time(10)
    page.presences = presences
    return page


def snapshot(page):
    """The language-independent data of a live page as read back from the database."""
    page = OhjaamoPage.objects.get(pk=page.pk)
    points = []
    for point in page.points.all():
        points.append(
            (
                str(point.translation_key),
                [getattr(point, name) for name in one_truth.POINT_FIELDS],
                [(h.weekday, h.opens, h.closes) for h in point.weekly_hours.all()],
                [
                    (str(e.translation_key), e.start_date, e.end_date, e.closed, e.opens, e.closes)
                    for e in point.exceptions.all()
                ],
            )
        )
    return (
        [getattr(page, name) for name in one_truth.PAGE_FIELDS],
        sorted(m.code for m in page.municipalities.all()),
        sorted(s.code for s in page.services.all()),
        sorted(lang.code for lang in page.languages.all()),
        points,
        [(str(p.translation_key), p.weekday, p.starts, p.ends) for p in page.presences.all()],
    )


def test_every_language_independent_field_published_in_finnish_is_read_back_in_sv_and_en():
    before = pages()
    sv_name = before["sv"].points.first().name
    sv_exception = before["sv"].points.first().exceptions.first()
    edited = edit_every_field(before["fi"])
    edited.save_revision().publish()

    after = pages()
    assert snapshot(after["sv"]) == snapshot(after["fi"])
    assert snapshot(after["en"]) == snapshot(after["fi"])
    # Texts stay translated; the changed street address falls back to Finnish.
    sv_point = after["sv"].points.first()
    assert sv_point.name == sv_name
    kept = sv_point.exceptions.get(translation_key=sv_exception.translation_key)
    assert kept.reason == sv_exception.reason
    assert kept.start_date == datetime.date(2026, 12, 21)
    assert sv_point.street_address == "Mannerheimintie 5"
    new = sv_point.exceptions.get(start_date=datetime.date(2027, 1, 7))
    assert new.reason == "Lyhennetty päivä"

    # The page and its JSON-LD.
    specs = {lang: hours_spec(jsonld(page)) for lang, page in after.items()}
    assert specs["sv"] == specs["fi"] == specs["en"]
    for lang, page in after.items():
        html = Client().get(page.url).content.decode()
        assert "Mannerheimintie 5" in html, lang
        assert "040 765 4321" in html or "040&nbsp;765&nbsp;4321" in html, lang
    # The API.
    for lang in ("sv", "en"):
        mine, source = api_points(lang, after[lang]), api_points("fi", after["fi"])
        assert len(mine) == len(source)
        for a, b in zip(mine, source, strict=True):
            assert a["geometry"] == b["geometry"]
            assert a["properties"]["address"]["street_address"] == "Mannerheimintie 5" or (
                a["properties"]["address"] == b["properties"]["address"]
            )
            for key in ("kind", "valid_from", "valid_to", "open_now", "closes_at"):
                assert a["properties"][key] == b["properties"][key], key
            assert [s["code"] for s in a["properties"]["services"]] == [
                s["code"] for s in b["properties"]["services"]
            ]
    # The finder (by postal code) in every language.
    for lang, page in after.items():
        finder = page.get_parent().specific
        html = Client().get(finder.url, {"q": "00101"}).content.decode()
        assert "Mannerheimintie 5" in html, lang
    # Open data: one record per point, from the source.
    geo = Client().get(reverse("kohtaamo_api:open_data_geojson")).json()
    rows = list(
        csv.DictReader(
            io.StringIO(
                Client().get(reverse("kohtaamo_api:open_data_csv")).content.decode("utf-8-sig")
            )
        )
    )
    key = str(after["fi"].points.first().translation_key)
    feature = next(x for x in geo["features"] if x["properties"]["id"] == key)
    assert feature["properties"]["street_address"] == "Mannerheimintie 5"
    assert feature["properties"]["phone"] == "040 765 4321"
    row = next(r for r in rows if r["id"] == key)
    assert row["postal_code"] == "00101"


def test_a_translation_published_on_its_own_takes_the_source_data():
    """An old Swedish revision published again cannot bring back other hours."""
    now = pages()
    sv = now["sv"]
    old = sv.get_latest_revision()
    edit_every_field(now["fi"]).save_revision().publish()
    assert snapshot(sv) == snapshot(now["fi"])
    old.publish()
    assert snapshot(sv) == snapshot(now["fi"])
    # The Swedish texts of that revision are published.
    assert OhjaamoPage.objects.get(pk=sv.pk).title == old.as_object().title


def test_the_translation_editor_shows_the_shared_fields_read_only(admin_client):
    from wagtail_localize.models import Translation

    sv = pages()["sv"]
    # Edited by hand (wagtail-localize's "Stop synced translation"): Wagtail's own form.
    Translation.objects.filter(
        source__object_id=sv.translation_key, target_locale=sv.locale
    ).update(enabled=False)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[sv.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["phone"].disabled
    assert form.fields["services"].disabled
    point_form = form.formsets["points"].forms[0]
    assert point_form.fields["latitude"].disabled
    assert not point_form.fields["name"].disabled
    hours_form = point_form.formsets["weekly_hours"].forms[0]
    assert hours_form.fields["closes"].disabled
    assert "suomenkielisellä sivulla" in response.content.decode() or (
        "Finnish page" in response.content.decode()
    )
    fi = pages()["fi"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[fi.pk]))
    assert not response.context["form"].fields["phone"].disabled

    # Hours added in the Swedish form are not kept (nor a server error), and
    # a changed shared field is ignored.
    data = f.page_form_data(sv)
    n = int(data["points-0-weekly_hours-TOTAL_FORMS"])
    data["points-0-weekly_hours-TOTAL_FORMS"] = str(n + 1)
    data.update(
        {
            f"points-0-weekly_hours-{n}-id": "",
            f"points-0-weekly_hours-{n}-ORDER": str(n + 1),
            f"points-0-weekly_hours-{n}-weekday": "5",
            f"points-0-weekly_hours-{n}-opens": "10:00",
            f"points-0-weekly_hours-{n}-closes": "12:00",
            "phone": "000",
        }
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[sv.pk]), data)
    assert response.status_code in (200, 302)
    draft = OhjaamoPage.objects.get(pk=sv.pk).get_latest_revision_as_object()
    assert not draft.points.all()[0].weekly_hours.filter(weekday=5).exists()
    del data[f"points-0-weekly_hours-{n}-weekday"]
    data["points-0-weekly_hours-TOTAL_FORMS"] = str(n)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[sv.pk]), data)
    assert response.status_code == 302
    assert OhjaamoPage.objects.get(pk=sv.pk).get_latest_revision_as_object().phone == fi.phone


def test_sync_command_leaves_texts_and_translated_addresses():
    from django.core.management import call_command

    sv = pages()["sv"]
    street = sv.points.first().street_address
    OhjaamoPage.objects.filter(pk=sv.pk).update(phone="000")
    out = io.StringIO()
    call_command("sync_translated_data", stdout=out)
    sv = OhjaamoPage.objects.get(pk=sv.pk)
    assert sv.phone == pages()["fi"].phone
    assert sv.points.first().street_address == street
    assert "1" in out.getvalue()
