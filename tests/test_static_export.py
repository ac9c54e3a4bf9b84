"""The static export (`manage.py build_site`): the whole trilingual site as files, atomically
swapped in, correct links, nothing that is not public, and clear failures that leave the served
site as it was."""

import errno
import fcntl
import json
import os
import shutil
import signal
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from brand.models import BrandAsset
from generator import build, linkcheck
from generator.build import Builder, BuildError
from kohtaamo.models import ContentPage, HomePage
from tests.factories.brand import make_asset, make_document
from tests.factories.news import make_news, news_index

pytestmark = pytest.mark.django_db


def files_of(root):
    return {str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()}


def text_of(root):
    """Every file of the export (but compressed copies) as one text."""
    parts = []
    for path in sorted(Path(root).rglob("*")):
        if path.is_file() and path.suffix != ".gz":
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(parts)


def builds_of(output):
    return sorted(p.name for p in (Path(output) / "builds").iterdir())


@pytest.fixture
def home():
    return HomePage.objects.get(locale__language_code="fi")


def test_full_build_holds_the_whole_public_site_and_nothing_else(tmp_path, home):
    marker = "Zqxplanted"
    draft = ContentPage(title=f"{marker} luonnos", slug="luonnos-sivu", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    private = ContentPage(title=f"{marker} yksityinen", slug="yksityinen-sivu")
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    expired = make_news(
        news_index("fi"),
        title=f"{marker} vanhentunut",
        slug="vanhentunut-uutinen",
        expire_at=timezone.now() + timedelta(seconds=1),
    )
    Page.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    staff_document = make_document(title=f"{marker} sisainen tiedosto", content=b"Zqxstaffonly")
    make_asset(
        title=f"{marker} sisainen aineisto",
        audience=BrandAsset.Audience.STAFF,
        files=[staff_document],
    )

    output = tmp_path / "export"
    call_command("build_site", "--output", str(output), "--check-links", verbosity=0)

    root = output / "current"
    assert root.is_symlink()
    files = files_of(root)
    # Every language, the listings' feeds, the machine-readable files, the error pages.
    for path in [
        "index.html",
        "sv/index.html",
        "en/index.html",
        "uutiset/index.html",
        "uutiset/feed/index.rss",
        "uutiset/feed/atom/index.atom",
        "sv/nyheter/feed/index.rss",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "sv/404.html",
        "en/404.html",
        "api/openapi.json",
        "api/locations/index.fi.json",
        "api/locations/index.sv.json",
        "api/news/index.en.json",
        "api/publications/index.fi.json",
        "api/404.sv.json",
        "redirects-301.map",
        ".manifest.json",
    ]:
        assert path in files, path
    # Static files under hashed names only; pages point at them.
    assert any(f.startswith("static/css/main.") and f.endswith(".css") for f in files)
    html = (root / "index.html").read_text()
    assert 'href="/static/css/main.css"' not in html
    assert " nonce=" not in html and "<style" not in html
    # Citation exports of every publication, images the pages show.
    assert any(f.endswith("cite/bibtex/index.bib") for f in files)
    assert any(f.startswith("media/images/") for f in files)
    # The API file is the API's answer.
    news = json.loads((root / "api/news/index.fi.json").read_text())
    assert news["items"] and {"count", "pages", "items"} <= set(news)

    # Nothing draft, private, expired or staff-only.
    everything = text_of(root)
    assert marker not in everything
    assert "Zqxstaffonly" not in everything
    assert not (root / "luonnos-sivu").exists()
    assert not (root / "yksityinen-sivu").exists()
    assert not (root / "uutiset" / "vanhentunut-uutinen").exists()
    assert not any(f.startswith(f"documents/{staff_document.pk}/") for f in files)
    # Every internal link, src, srcset, hreflang and feed link resolves to a file.
    assert linkcheck.check(root) == []


def test_link_checker_reports_a_link_to_a_missing_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="/a/">ok</a><a href="/b/">missing</a>'
        '<img src="/x.png" srcset="/a/index.html 1x, /y.png 2x" alt="">'
        '<link rel="alternate" hreflang="sv" href="http://testserver/sv/">'
        '<a href="https://elsewhere.example/">external</a>'
    )
    broken = linkcheck.check(tmp_path, origins={"http://testserver"})
    assert sorted(link for _source, link in broken) == [
        "/b/",
        "/x.png",
        "/y.png",
        "http://testserver/sv/",
    ]


# --- An existing export, built once for the tests below --------------------------------------


@pytest.fixture(scope="module")
def built_export(tmp_path_factory, django_db_setup, django_db_blocker):
    output = tmp_path_factory.mktemp("export-once") / "export"
    with django_db_blocker.unblock():
        Builder(output).build()
    return output


@pytest.fixture
def export(built_export, tmp_path):
    """A copy of the module's export (builds and the `current` link) to change freely."""
    output = tmp_path / "export"
    shutil.copytree(built_export, output, symlinks=True)
    return output


def served(output):
    current = Path(output) / "current"
    return os.readlink(current), (current / "index.html").read_bytes()


def assert_unchanged(output, before):
    assert served(output) == before
    assert builds_of(output) == [Path(before[0]).name]


# --- Faults: a clear message, the served site unchanged --------------------------------------


def test_a_page_whose_template_fails_stops_the_build_and_names_the_page(export, monkeypatch):
    before = served(export)

    def broken(self, request, *args, **kwargs):
        raise ValueError("template variable blew up")

    monkeypatch.setattr(HomePage, "get_context", broken)
    with pytest.raises(CommandError) as error:
        call_command("build_site", "--output", str(export), verbosity=0)
    message = str(error.value)
    assert "failed to render" in message and "template variable blew up" in message
    assert "page id" in message and "served site is unchanged" in message
    assert_unchanged(export, before)


def test_a_full_disk_stops_the_build_and_keeps_the_served_site(export, monkeypatch):
    before = served(export)
    written = {"n": 0}
    real = build.write_bytes

    def filling(path, data):
        written["n"] += 1
        if written["n"] > 20:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(build, "write_bytes", filling)
    with pytest.raises(BuildError, match="Disk full") as error:
        Builder(export).build()
    assert "served site is unchanged" in str(error.value)
    assert_unchanged(export, before)


def test_a_second_build_while_one_runs_says_so(export):
    before = served(export)
    with open(export / build.LOCK, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242")
        held.flush()
        with pytest.raises(CommandError, match="Another build .* is running"):
            call_command("build_site", "--output", str(export), verbosity=0)
    assert_unchanged(export, before)


def test_sigterm_in_the_middle_of_a_build_removes_it_and_keeps_the_served_site(export, monkeypatch):
    before = served(export)
    rendered = {"n": 0}

    def terminate_on_third(target):
        rendered["n"] += 1
        if rendered["n"] == 3:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(build, "after_render", terminate_on_third)
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(CommandError, match="interrupted by SIGTERM"):
        call_command("build_site", "--output", str(export), verbosity=0)
    assert signal.getsignal(signal.SIGTERM) == previous
    assert_unchanged(export, before)


def test_an_image_whose_file_is_missing_stops_the_build_and_names_it(export):
    from tests.factories.brand import make_image

    before = served(export)
    image = make_image(title="Kadonnut kuva")
    item = make_news(news_index("fi"), title="Uutinen ilman kuvatiedostoa", hero_image=image)
    Path(image.file.path).unlink()
    image.renditions.all().delete()
    assert item.live
    with pytest.raises(BuildError, match="image whose file is missing") as error:
        Builder(export).rebuild({f"page:{item.pk}"})
    assert "served site is unchanged" in str(error.value)
    assert_unchanged(export, before)


def test_old_builds_are_pruned_but_the_current_one_is_kept(export):
    first = os.readlink(export / "current")
    for _ in range(3):
        Builder(export, keep=2).rebuild({"robots-only"})
    kept = builds_of(export)
    assert len(kept) == 2
    assert Path(os.readlink(export / "current")).name == kept[-1]
    assert Path(first).name not in kept


# --- Incremental rebuilds --------------------------------------------------------------------


def local_news_item():
    from news.models import NewsPage

    return (
        NewsPage.objects.live()
        .filter(locale__language_code="fi", ohjaamo__isnull=False, accepted_nationally=False)
        .exclude(expire_at__lte=timezone.now())
        .order_by("pk")
        .first()
    )


def file_of(page):
    return f"{page.url.lstrip('/')}index.html"


def test_publishing_queues_a_rebuild_and_a_draft_does_not():
    from generator.models import RebuildRequest
    from tests.factories.news import publish

    item = local_news_item()
    RebuildRequest.objects.all().delete()
    item.title = "Vain luonnos"
    item.save_revision()
    assert not RebuildRequest.objects.exists()
    publish(item)
    keys = {key for row in RebuildRequest.objects.all() for key in row.keys}
    assert {f"page:{item.pk}", f"news:ohjaamo:{item.ohjaamo_id}", "pages"} <= keys


def test_editing_a_local_news_item_rebuilds_only_the_files_that_show_it(export):
    from generator import worker
    from generator.models import RebuildRequest
    from news.models import NewsPage
    from tests.factories.news import publish

    old_root = (export / "current").resolve()
    item = local_news_item()
    ohjaamo = item.ohjaamo
    path = file_of(item)
    assert (old_root / path).exists()
    RebuildRequest.objects.all().delete()
    item.title = "Zqx muokattu otsikko"
    publish(item)

    summary = worker.drain(export)

    assert summary.incremental
    rebuilt = set(summary.rebuilt)
    assert len(rebuilt) <= 30, sorted(rebuilt)
    assert path in rebuilt
    assert file_of(ohjaamo) in rebuilt
    assert f"{ohjaamo.url.lstrip('/')}feed/index.rss" in rebuilt
    assert "sitemap.xml" in rebuilt
    # Its translations (their language switchers lead to it) are rebuilt; the home page is not.
    for translation in (
        NewsPage.objects.filter(translation_key=item.translation_key).exclude(pk=item.pk).live()
    ):
        assert file_of(translation) in rebuilt
    assert "index.html" not in rebuilt
    new_root = (export / "current").resolve()
    assert new_root != old_root
    assert "Zqx muokattu otsikko" in (new_root / path).read_text()
    assert "Zqx muokattu otsikko" in (new_root / file_of(ohjaamo)).read_text()
    # The previous build is untouched (files are hard links, never written through).
    assert "Zqx muokattu otsikko" not in (old_root / path).read_text()
    assert (new_root / "index.html").samefile(old_root / "index.html")
    assert not RebuildRequest.objects.exists()


def test_unpublished_page_leaves_the_export_and_a_new_one_arrives(export):
    from generator import worker
    from tests.factories.news import make_news

    item = local_news_item()
    ohjaamo = item.ohjaamo.specific
    gone = file_of(item)
    item.unpublish()
    fresh = make_news(ohjaamo, title="Zqx uusi paikallinen uutinen", slug="zqx-uusi")

    summary = worker.drain(export)

    root = export / "current"
    assert not (root / gone).exists()
    assert gone in summary.removed
    assert (root / file_of(fresh)).exists()
    listing = (root / file_of(ohjaamo)).read_text()
    assert "Zqx uusi paikallinen uutinen" in listing
    assert item.title not in listing
    assert linkcheck.check(root) == []


def test_pages_going_live_or_expiring_on_schedule_are_picked_up():
    from generator import worker

    item = local_news_item()
    now = timezone.now()
    Page.objects.filter(pk=item.pk).update(expire_at=now - timedelta(seconds=5))
    keys = worker.scheduled_keys(now - timedelta(minutes=1), now)
    assert f"page:{item.pk}" in keys and f"news:ohjaamo:{item.ohjaamo_id}" in keys
    assert worker.scheduled_keys(now - timedelta(minutes=10), now - timedelta(minutes=5)) == set()


def test_a_new_day_in_helsinki_is_noticed_at_local_midnight():
    from datetime import UTC, datetime

    from generator import worker

    # 21:59 and 22:01 UTC on 29.11. are 23:59 and 00:01 in Helsinki (UTC+2 in winter).
    before = datetime(2026, 11, 29, 21, 59, tzinfo=UTC)
    assert worker.day_changed(before, before.replace(minute=0, hour=22, second=30))
    assert not worker.day_changed(before.replace(hour=0), before)


def test_a_new_day_rebuilds_the_files_that_show_the_days_hours_and_nothing_else(export):
    from generator import worker
    from generator.models import RebuildRequest
    from locations.models import OhjaamoPage

    RebuildRequest.objects.all().delete()
    ohjaamo = OhjaamoPage.objects.live().filter(locale__language_code="sv").first()

    summary = worker.drain(export, since=timezone.now() - timedelta(days=1))

    rebuilt = set(summary.rebuilt)
    assert file_of(ohjaamo) in rebuilt
    assert {"finder-data/points.fi.json", "finder-data/points.en.json"} <= rebuilt
    assert any(path.startswith("api/locations") for path in rebuilt)
    # News, publications and the home page do not change with the date.
    assert file_of(local_news_item()) not in rebuilt
    assert "index.html" not in rebuilt
    assert not any(path.startswith(("api/news", "api/publications")) for path in rebuilt)


def test_brand_and_menu_changes_queue_the_chrome():
    from wagtail.models import Site

    from brand.models import BrandSettings
    from generator.models import RebuildRequest

    RebuildRequest.objects.all().delete()
    BrandSettings.for_site(Site.objects.get(is_default_site=True)).save()
    keys = {key for row in RebuildRequest.objects.all() for key in row.keys}
    assert {"brand", "chrome"} <= keys


def queued_keys():
    from generator.models import RebuildRequest

    return {key for row in RebuildRequest.objects.all() for key in row.keys}


def test_a_moved_page_leaves_its_old_address_and_both_listings_are_rebuilt(export):
    from generator import worker
    from generator.models import RebuildRequest
    from locations.models import OhjaamoPage
    from news.models import NewsPage

    item = local_news_item()
    old_parent = item.ohjaamo.specific
    new_parent = (
        OhjaamoPage.objects.live()
        .filter(locale=item.locale)
        .exclude(pk=old_parent.pk)
        .order_by("pk")
        .first()
    )
    old_file, old_url = file_of(item), item.url
    RebuildRequest.objects.all().delete()

    item.move(new_parent, pos="last-child")
    item = NewsPage.objects.get(pk=item.pk)
    assert item.ohjaamo_id == new_parent.pk
    summary = worker.drain(export)

    root = export / "current"
    new_file = file_of(item)
    rebuilt, removed = set(summary.rebuilt), set(summary.removed)
    assert removed == {old_file}
    assert not (root / old_file).exists() and (root / new_file).exists()
    # The item, both Ohjaamo pages with their feeds, the sitemap; not the site at large.
    for ohjaamo in (old_parent, new_parent):
        assert file_of(ohjaamo) in rebuilt
        assert f"{ohjaamo.url.lstrip('/')}feed/index.rss" in rebuilt
    assert {new_file, "sitemap.xml"} <= rebuilt
    assert "index.html" not in rebuilt and "sv/index.html" not in rebuilt
    assert len(rebuilt) <= 40, sorted(rebuilt)
    assert item.url in (root / file_of(new_parent)).read_text()
    assert old_url not in (root / file_of(old_parent)).read_text()
    assert old_url not in (root / "sitemap.xml").read_text()
    assert linkcheck.check(root) == []


def test_a_deleted_page_and_its_api_files_leave_the_export(export):
    from generator import worker
    from generator.models import RebuildRequest
    from news.models import NewsPage

    item = local_news_item()
    ohjaamo = item.ohjaamo.specific
    translations = list(
        NewsPage.objects.filter(translation_key=item.translation_key).exclude(pk=item.pk).live()
    )
    gone, url, pk = file_of(item), item.url, item.pk
    RebuildRequest.objects.all().delete()

    item.delete()
    assert f"page:{pk}" in queued_keys()
    summary = worker.drain(export)

    root = export / "current"
    rebuilt, removed = set(summary.rebuilt), set(summary.removed)
    assert gone in removed and not (root / gone).exists()
    # Its API files in each language went with it; nothing else was removed.
    assert {f for f in removed if f != gone} == {
        f for f in removed if f.startswith("api/news/") and f.endswith(".json")
    }
    assert f"api/news/{pk}/index.fi.json" in removed
    # Its Ohjaamo's listing and feed, the sitemap, and its translations (their language
    # switchers led to it) are rebuilt.
    assert {file_of(ohjaamo), f"{ohjaamo.url.lstrip('/')}feed/index.rss", "sitemap.xml"} <= rebuilt
    for translation in translations:
        assert file_of(translation) in rebuilt
        assert url not in (root / file_of(translation)).read_text()
    assert "index.html" not in rebuilt
    assert len(rebuilt) <= 30, sorted(rebuilt)
    assert url not in (root / file_of(ohjaamo)).read_text()
    assert linkcheck.check(root) == []


def test_a_translation_sync_rebuilds_the_translation_and_what_shows_it(export):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    from generator import worker
    from generator.models import RebuildRequest
    from kohtaamo.workarounds.localize_deferred_publish import save_translation_and_publish
    from news.models import NewsPage
    from tests.factories.news import publish

    item = local_news_item()
    sv = Locale.objects.get(language_code="sv")
    target = NewsPage.objects.get(translation_key=item.translation_key, locale=sv)
    # The source changes first (its own rebuild), then the translation is synced.
    item.title = "Zqx synkronoitu otsikko"
    publish(item)
    worker.drain(export)
    RebuildRequest.objects.all().delete()

    source, _created = TranslationSource.update_or_create_from_instance(item)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=sv)
    save_translation_and_publish(translation)
    assert f"page:{target.pk}" in queued_keys()
    summary = worker.drain(export)

    root = export / "current"
    rebuilt = set(summary.rebuilt)
    assert summary.removed == []
    sv_ohjaamo = target.ohjaamo.specific
    # The synced page (the untranslated title falls back to the source's), its Ohjaamo's
    # Swedish listing and feed, and the pages whose language switcher leads to it.
    assert "Zqx synkronoitu otsikko" in (root / file_of(target)).read_text()
    assert {file_of(target), file_of(sv_ohjaamo), "sitemap.xml"} <= rebuilt
    assert f"{sv_ohjaamo.url.lstrip('/')}feed/index.rss" in rebuilt
    assert file_of(item) in rebuilt
    assert f"api/news/{target.pk}/index.sv.json" in rebuilt
    # Nothing of the Finnish or English listings, nor the home pages.
    assert file_of(item.ohjaamo) not in rebuilt
    assert not {"index.html", "sv/index.html", "en/index.html"} & rebuilt
    assert len(rebuilt) <= 30, sorted(rebuilt)


# --- What an incremental build lists ----------------------------------------------------------


@pytest.fixture
def listed(monkeypatch):
    """Record the pages an incremental build lists targets for; listing the whole site fails."""
    calls = []

    def whole_site(site):
        raise AssertionError("an incremental build listed every target of the site")

    def page_bound(site, pages):
        pages = list(pages)
        calls.append({page.pk for page in pages})
        return PAGE_BOUND(site, pages)

    monkeypatch.setattr(build, "all_targets", whole_site)
    monkeypatch.setattr(build, "page_bound_targets", page_bound)
    return calls


PAGE_BOUND = build.page_bound_targets


def test_an_edit_lists_no_targets_at_all(export, listed):
    from generator import worker
    from generator.models import RebuildRequest
    from tests.factories.news import publish

    RebuildRequest.objects.all().delete()
    item = local_news_item()
    item.title = "Zqx vain muokattu"
    publish(item)

    summary = worker.drain(export)

    assert summary.incremental and file_of(item) in summary.rebuilt
    assert listed == []  # the files to rebuild come from the manifest alone


@pytest.mark.parametrize("relist_by_id", [build.RELIST_BY_ID, 0])
def test_an_unpublish_lists_the_targets_of_its_translation_group_only(
    export, listed, monkeypatch, relist_by_id
):
    from generator import worker
    from generator.models import RebuildRequest
    from news.models import NewsPage

    item = local_news_item()
    group = set(
        NewsPage.objects.filter(translation_key=item.translation_key).values_list("pk", flat=True)
    )
    RebuildRequest.objects.all().delete()
    item.unpublish()
    # 0: as when a whole section comes or goes (the pages read in one query, not asked by id).
    monkeypatch.setattr(build, "RELIST_BY_ID", relist_by_id)

    summary = worker.drain(export)

    assert file_of(item) in summary.removed
    # The item's API file in its own language goes; its translations stay, with their files.
    assert f"api/news/{item.pk}/index.fi.json" in summary.removed
    assert listed == [group - {item.pk}]
    root = export / "current"
    for other in NewsPage.objects.filter(pk__in=group - {item.pk}).live():
        assert (root / file_of(other)).exists()
        assert (root / f"api/news/{other.pk}/index.{other.locale.language_code}.json").exists()
        assert not (root / f"api/news/{other.pk}/index.fi.json").exists()
    assert linkcheck.check(root) == []


def test_a_listing_page_past_the_listings_new_end_goes_away(export):
    from wagtail.models import Locale

    from generator import worker
    from generator.models import RebuildRequest

    root = (export / "current").resolve()
    manifest_file = root / build.MANIFEST
    data = json.loads(manifest_file.read_text())
    # A listing that had 99 pages when the previous build ran.
    url, path = "/api/news/?lang=fi&page=99", "api/news/index.fi.page99.json"
    data["files"][url] = {**data["files"]["/api/news/?lang=fi"], "path": path}
    (root / path).write_text("{}")
    manifest_file.unlink()  # a hard link shared with nothing else: written anew
    manifest_file.write_text(json.dumps(data))
    fi = Locale.objects.get(language_code="fi")
    RebuildRequest.objects.create(keys=[f"news:national:{fi.pk}"], reason="test")

    summary = worker.drain(export)

    assert "api/news/index.fi.json" in summary.rebuilt
    assert path in summary.removed
    assert not (export / "current" / path).exists()
    files = json.loads((export / "current" / build.MANIFEST).read_text())["files"]
    assert url not in files and "/api/news/?lang=fi" in files


def test_a_build_of_an_older_version_is_followed_by_a_full_build(export):
    from generator import worker
    from generator.models import RebuildRequest

    root = (export / "current").resolve()
    manifest_file = root / build.MANIFEST
    data = json.loads(manifest_file.read_text())
    del data["version"], data["pages"]
    manifest_file.unlink()
    manifest_file.write_text(json.dumps(data))
    RebuildRequest.objects.create(keys=["robots-only"], reason="test")

    summary = worker.drain(export)

    assert not summary.incremental
    assert json.loads((export / "current" / build.MANIFEST).read_text())["version"] == (
        build.MANIFEST_VERSION
    )


# --- Between builds: old builds deleted and the next copy staged off the publish's path --------


def test_the_worker_stages_the_next_copy_and_the_next_rebuild_takes_it(export):
    from generator import worker
    from generator.models import RebuildRequest
    from tests.factories.news import publish

    builds = export / "builds"
    current = (export / "current").resolve()
    build.housekeeping(export)
    staged = builds / f"{build.STAGED}{current.name}"
    assert staged.is_dir()
    assert (staged / "index.html").samefile(current / "index.html")
    assert files_of(staged) == files_of(current)

    RebuildRequest.objects.all().delete()
    item = local_news_item()
    item.title = "Zqx valmiiksi kopioitu"
    publish(item)
    summary = worker.drain(export, prune_later=True)

    new = (export / "current").resolve()
    assert not staged.exists() and new == summary.directory
    assert "Zqx valmiiksi kopioitu" in (new / file_of(item)).read_text()
    assert "Zqx valmiiksi kopioitu" not in (current / file_of(item)).read_text()
    assert (new / "index.html").samefile(current / "index.html")
    assert summary.swapped > 0
    assert linkcheck.check(new) == []


def test_housekeeping_before_the_first_build_does_nothing(tmp_path):
    build.housekeeping(tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_old_builds_moved_aside_are_deleted_between_builds(export):
    for n in range(3):
        Builder(export, keep=2, prune_later=True).rebuild({f"robots-only-{n}"})
    builds = export / "builds"
    aside = [p.name for p in builds.iterdir() if p.name.startswith(build.TRASH)]
    assert len(aside) == 2
    assert len(builds_of(export)) == 4  # two builds and two moved aside
    # A copy staged from a build that is no longer current is useless: deleted too.
    stale = builds / f"{build.STAGED}20200101T000000.000000-abcdef"
    stale.mkdir()

    build.housekeeping(export)

    current = (export / "current").resolve()
    names = builds_of(export)
    assert not any(n.startswith(build.TRASH) for n in names) and stale.name not in names
    assert f"{build.STAGED}{current.name}" in names
    assert len([n for n in names if not n.startswith(".")]) == 2
