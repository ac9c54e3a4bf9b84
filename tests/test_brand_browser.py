"""The brand pages in a real browser: zero axe-core WCAG 2.1 A/AA violations on the seeded brand
page (the asset bank unfiltered, filtered, with outdated versions shown and with an Ohjaamo's
lockups chosen) and on the guideline page, in fi, sv and en at phone and desktop widths, also for a
logged-in national editor who sees the staff-only material; every image and stylesheet loads; no
request leaves the site and no console error (CSP) shows; the filters work by keyboard and the
downloads arrive as files."""

import io
import zipfile
from types import SimpleNamespace

import pytest

from brand.seed import brand_page_fields, guideline_fields
from kohtaamo.seed import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from tests.conftest import axe_violations, prefix

pytestmark = pytest.mark.browser

LANGS = ("fi", "sv", "en")
WIDTHS = (390, 1280)
BANK_HEADING = {"fi": "Brändiaineistot", "sv": "Varumärkesmaterial", "en": "Brand material"}


def brand_path(lang):
    return f"{prefix(lang)}/{brand_page_fields(lang)['slug']}/"


class _NoImages(dict):
    """Stands in for the seeded images: only the guideline page's slug is wanted here."""

    def __missing__(self, key):
        return SimpleNamespace(pk=0)


def guideline_path(lang):
    return f"{brand_path(lang)}{guideline_fields(lang, _NoImages())['slug']}/"


def path_for(kind, lang):
    return {
        "bank": brand_path(lang),
        "bank_filtered": f"{brand_path(lang)}?category=logo&language={lang}",
        "bank_outdated": f"{brand_path(lang)}?outdated=on",
        "bank_no_match": f"{brand_path(lang)}?category=photo&language={lang}",
        "bank_bad_filter": f"{brand_path(lang)}?category=nonsense",
        "guideline": guideline_path(lang),
    }[kind]


def check_page(browser_page, axe, url, lang, status=200):
    """Open `url` at each width and return nothing; fail on any violation or failed load."""
    failed = []
    browser_page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for width in WIDTHS:
        browser_page.set_viewport_size({"width": width, "height": 900})
        response = browser_page.goto(url)
        assert response.status == status, url
        assert browser_page.locator("html").get_attribute("lang") == lang
        # Lazy images load too, so that a broken preview or lockup is noticed.
        browser_page.evaluate(
            "() => document.querySelectorAll('img[loading=lazy]')"
            ".forEach(img => img.loading = 'eager')"
        )
        browser_page.wait_for_load_state("networkidle")
        assert axe_violations(axe, browser_page) == "", f"{url} at {width}px"
        broken = browser_page.evaluate(
            "() => [...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)"
        )
        assert broken == [], url
    assert browser_page.foreign_requests == []
    assert browser_page.console_errors == []
    expected_failures = [url] if status >= 400 else []
    assert sorted(set(failed)) == expected_failures


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "kind", ["bank", "bank_filtered", "bank_outdated", "bank_no_match", "guideline"]
)
def test_no_axe_violations(live_site, browser_page, axe, kind, lang):
    check_page(browser_page, axe, live_site + path_for(kind, lang), lang)
    if kind.startswith("bank"):
        # The page's own words are in the page's language too.
        heading = browser_page.locator("#brand-bank-heading").inner_text()
        assert heading == BANK_HEADING[lang]
    if kind == "bank_filtered":
        assert browser_page.locator(".brand-assets > li").count() > 0
        assert browser_page.locator(f'a[href*="zip/?category=logo&language={lang}"]').count() == 1
    if kind == "bank_outdated":
        assert browser_page.locator(".brand-asset--outdated").count() >= 1
    if kind == "guideline":
        # Swatches, logo do and don't, typography, tone of voice, sizes and clear space.
        for block in (
            ".brand-swatches",
            ".brand-logo-usage",
            ".brand-typography",
            ".brand-voice",
            ".brand-logo-space",
        ):
            assert browser_page.locator(block).count() == 1, block


@pytest.mark.parametrize("lang", LANGS)
def test_bad_filter_value_page_has_no_axe_violations(live_site, browser_page, axe, lang):
    check_page(browser_page, axe, live_site + path_for("bank_bad_filter", lang), lang)
    assert browser_page.locator(".brand-filters .form__errors").count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_lockups_of_a_chosen_ohjaamo_have_no_axe_violations(live_site, browser_page, axe, lang):
    browser_page.goto(live_site + brand_path(lang))
    browser_page.locator("#id_ohjaamo").select_option(index=1)
    with browser_page.expect_navigation():
        browser_page.locator(".brand-lockups button[type=submit]").click()
    assert "ohjaamo=" in browser_page.url
    rows = browser_page.locator(".brand-lockup-table tbody tr")
    assert rows.count() == 3  # fi, sv, en
    # Opened afresh (without the #lockups fragment, which would not reload the page).
    check_page(browser_page, axe, browser_page.url.split("#", 1)[0], lang)


def log_in(browser_page, live_site, next_path):
    """Log in through the admin's login form and come back to `next_path` (not through the
    admin's dashboard, which is not what is tested here)."""
    browser_page.goto(f"{live_site}/admin/login/?next={next_path}")
    browser_page.fill("input[name=username]", DEMO_ADMIN_USERNAME)
    browser_page.fill("input[name=password]", DEMO_ADMIN_PASSWORD)
    with browser_page.expect_navigation():
        browser_page.locator("button[type=submit]").first.click()


@pytest.mark.parametrize("lang", LANGS)
def test_staff_view_of_the_bank_has_no_axe_violations(live_site, browser_page, axe, lang):
    log_in(browser_page, live_site, brand_path(lang))
    assert browser_page.url == live_site + brand_path(lang)
    check_page(browser_page, axe, live_site + brand_path(lang), lang)
    assert browser_page.locator(".brand-badge").count() >= 1


def test_filters_work_with_the_keyboard(live_site, browser_page):
    browser_page.goto(live_site + brand_path("en"))
    browser_page.locator("#id_category").focus()
    browser_page.locator("#id_category").select_option("logo")
    browser_page.locator("#id_language").select_option("sv")
    browser_page.locator(".brand-bank .brand-filters button[type=submit]").focus()
    with browser_page.expect_navigation():
        browser_page.keyboard.press("Enter")
    assert "category=logo" in browser_page.url and "language=sv" in browser_page.url
    metas = browser_page.locator(".brand-assets .card__meta").all_inner_texts()
    assert metas and all("Logos" in meta for meta in metas)
    assert all(("Swedish" in meta or "Any language" in meta) for meta in metas)


def test_logo_pack_and_zip_download_as_files(live_site, browser_page):
    browser_page.goto(live_site + path_for("bank_filtered", "fi"))
    with browser_page.expect_download() as info:
        browser_page.locator('a[href*="zip/?category=logo"]').click()
    download = info.value
    assert download.suggested_filename == "ohjaamo-logo-fi.zip"
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert archive.testzip() is None
    assert any(name.endswith(".svg") for name in archive.namelist())
    with browser_page.expect_download() as info:
        browser_page.locator(".brand-asset__download a").first.click()
    assert info.value.suggested_filename.endswith((".zip", ".svg", ".png", ".pdf"))
