"""seed_demo is idempotent (a second run changes nothing in any table), keeps the page tree
consistent, and `--reset` rebuilds the same site from scratch. The test session has already run it
once (tests/conftest.py)."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Site

from kohtaamo.models import HomePage
from news import seed as news_seed


def row_counts():
    """Rows per model, for every concrete model of every installed app."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.label] = model._default_manager.count()
    return counts


def page_fingerprint():
    return sorted(
        Page.objects.values_list(
            "id", "path", "numchild", "title", "slug", "live", "locale_id", "latest_revision_id"
        )
    )


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, verbosity=1)
    return out.getvalue()


def assert_tree_is_consistent():
    problems = Page.find_problems()
    assert all(not problem for problem in problems), problems
    for page in Page.objects.filter(depth__gt=1):
        assert page.numchild == page.get_children().count(), page


def test_seeded_site_is_complete(seeded):
    assert set(seeded) == {"fi", "sv", "en"}
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == seeded["fi"].pk
    # Every Finnish page has its Swedish and English translation, except local news: a local team
    # publishes in the languages it serves (the seed has Helsinki in fi+sv, Turku in fi only).
    local_news = {fields("fi")["slug"]: langs for _, fields, langs in news_seed.LOCAL_PLAN}
    for page in Page.objects.filter(locale__language_code="fi", depth__gt=1):
        codes = {p.locale.language_code for p in page.get_translations(inclusive=True)}
        expected = set(local_news.get(page.slug, ("fi", "sv", "en")))
        assert codes == expected, page.url_path
    assert_tree_is_consistent()


def test_second_run_changes_nothing(seeded):
    before, pages_before = row_counts(), page_fingerprint()
    output = seed()
    after, pages_after = row_counts(), page_fingerprint()
    changed = {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
    assert changed == {}
    assert pages_after == pages_before
    assert "nothing to create" in output
    assert_tree_is_consistent()


def test_the_site_address_follows_the_base_url(seeded, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"
    output = seed()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8765)
    assert "site addresses" in output
    assert seeded["fi"].get_url_parts()[1] == "http://127.0.0.1:8765"
    # Unchanged configuration, unchanged site: the next run has nothing to do.
    assert "nothing to create" in seed()


def test_seed_prints_demo_logins_where_allowed(seeded):
    output = seed()
    assert "Demo logins (development only):" in output
    assert "admin" in output


def test_reset_rebuilds_the_site(seeded):
    before = row_counts()
    old_ids = set(HomePage.objects.values_list("id", flat=True))
    output = seed("--reset")
    assert "Resetting" in output
    assert "created" in output
    new_homes = HomePage.objects.all()
    assert {h.locale.language_code for h in new_homes} == {"fi", "sv", "en"}
    assert old_ids.isdisjoint(h.pk for h in new_homes)
    assert Site.objects.get(is_default_site=True).root_page.specific.locale.language_code == "fi"
    # The same site again: as many pages of each type as before.
    after = row_counts()
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    for model in page_models:
        label = model._meta.label
        assert after[label] == before[label], label
    assert after["wagtailcore.Page"] == before["wagtailcore.Page"]
    assert_tree_is_consistent()
    # And a run after the reset is idempotent again.
    counts = row_counts()
    seed()
    assert row_counts() == counts
