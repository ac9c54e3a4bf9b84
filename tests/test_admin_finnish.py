"""The admin speaks Finnish and Swedish in a local editor's daily tasks.

Wagtail and wagtail-localize leave some of their strings untranslated in fi and sv; the project
fills them in its own catalogues (kohtaamo/upstream_locale/locale/, ahead of the apps' catalogues
on LOCALE_PATHS, and the JavaScript catalogues served at the upstream addresses). These tests render
the editor's and the publisher's pages (dashboard, the edit forms of an Ohjaamo page and a news
page, validation errors, submitting for approval, the approve and reject dialogs, approving, the
translation editor) and the team's other screens (moving, deleting, copying and unpublishing a
page, the page listing and its bulk actions, history and revision comparison, workflow history,
image and document choosers and uploads, wagtail-localize's "Translate this page" and "Sync
translated pages") in fi and sv and fail when English shows, and the national team's admin
screens likewise (sites, redirects, workflows and tasks, users and groups, settings, promoted search
results, reports, the project's own national screens); a second group notices when upstream
starts shipping a translation for a string we override, so that the override can be dropped.
"""

import gettext as gettext_module
import json
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState

from kohtaamo import admin_i18n
from locations import teams
from tests.factories import teams as f

pytestmark = pytest.mark.django_db

news = pytest.importorskip("news.models")

LANGUAGES = ["fi", "sv"]

# Strings seen in English in the Finnish admin (issue #12): none may show in fi or sv.
FIXED_ENGLISH = [
    "Autosave is paused",
    "There are validation errors, click save to highlight them.",
    "The page could not be saved due to validation errors",
    "Task submitted by",
    "Uses Suomi version",
    "Stop Synced translation",
    "Stopping Synced translation",
    " approval",
    "publishers' approval",
    " – editors",
    " – publishers",
    "National editors",
    "National administrators",
]

# The same strings where they come from the JavaScript catalogues.
JS_STRINGS = {
    "wagtail_localize:javascript_catalog": [
        "Stop Synced translation",
        "Stopping Synced translation",
        "Uses %s version",
        "Revert to %s version",
        "Applying editor lock",
    ],
    "wagtailadmin_javascript_catalog": ["Changes have been autosaved.", "Autosave in progress…"],
}

# Upstream msgids that read the same in Finnish or Swedish (names, codes, symbols).
SAME_IN_EVERY_LANGUAGE = {
    *("ID", "URL", "OK", "PDF", "Wagtail", "Ohjaamo", "Status", "Info"),
    *("Permanent", "permanent"),  # Swedish: a redirect is "permanent" too
}

UPSTREAM_APPS = ("wagtail", "wagtail_localize")


def upstream_locale_dirs():
    dirs = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in UPSTREAM_APPS:
            path = Path(config.path) / "locale"
            if path.is_dir():
                dirs.append(path)
    return dirs


@cache
def upstream_msgids(domain="django"):
    """Every msgid (with its context) the upstream apps mark for translation in `domain`."""
    found = set()
    for path in upstream_locale_dirs():
        po = path / "en" / "LC_MESSAGES" / f"{domain}.po"
        if po.exists():
            for entry in polib.pofile(str(po)):
                if not entry.obsolete:
                    found.add((entry.msgctxt, entry.msgid))
    return found


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@cache
def untranslated(lang):
    """(exact texts, patterns, markup) of upstream strings still English in `lang` after our
    catalogues; `markup`: msgids with HTML tags, which the template writes out as they are."""
    exact, patterns, markup = set(), [], set()
    with translation.override(lang):
        for context, msgid in upstream_msgids():
            text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if text != msgid or msgid in SAME_IN_EVERY_LANGUAGE:
                continue
            if not re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", msgid)):
                continue
            if "<" in msgid and not PLACEHOLDER.search(msgid):
                markup.add(msgid)
            if PLACEHOLDER.search(msgid):
                parts = PLACEHOLDER.split(msgid)
                patterns.append(re.compile(".+?".join(re.escape(p) for p in parts) + r"\Z"))
            else:
                exact.add(" ".join(msgid.split()))
    return exact, patterns, markup


def visible_texts(html):
    """Text nodes and the attributes people read or hear (labels, tooltips, placeholders)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    texts = [" ".join(text.split()) for text in soup.stripped_strings]
    for tag in soup.find_all(True):
        for attribute in (
            "aria-label",
            "title",
            "placeholder",
            "alt",
            "data-w-tooltip-content-value",
        ):
            if tag.get(attribute):
                texts.append(" ".join(str(tag[attribute]).split()))
    return [text for text in texts if text]


def english_in(html, lang):
    exact, patterns, markup = untranslated(lang)
    found = [msgid for msgid in markup if msgid in html]
    for text in visible_texts(html):
        if text in exact or any(pattern.match(text) for pattern in patterns):
            found.append(text)
        found.extend(fixed for fixed in FIXED_ENGLISH if fixed in text)
    return sorted(set(found))


def login(role, lang):
    return f.client_in_language(role, lang)


def html_of(response):
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


def submit_news(lang):
    """The Helsinki editor writes a news item and submits it for approval (as in the admin)."""
    parent = f.team_page(f.TEAM_A)
    editor = f.user("a_editor")
    data = f.new_page_form_data(
        news.NewsPage,
        parent,
        editor,
        title="Kesätyöinfo nuorille",
        slug="kesatyoinfo-nuorille",
        lead="Ohjaamossa kerrotaan kesätyöhausta.",
    )
    data["action-submit"] = "action-submit"
    client = login("a_editor", lang)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["news", "newspage", parent.pk]), data, follow=True
    )
    page = news.NewsPage.objects.get(slug="kesatyoinfo-nuorille")
    return client, page, html_of(response)


def task_state_of(page):
    state = WorkflowState.objects.active().get(
        base_content_type__model="page", object_id=str(page.pk)
    )
    return state.current_task_state


def rendered_pages(lang):
    """(name, html) of every admin page an editor and a publisher use daily."""
    pages = []
    editor_client, submitted, html = submit_news(lang)
    pages.append(("submit for approval", html))
    ohjaamo = f.team_page(f.TEAM_A)
    editor_news = f.first_news(ohjaamo)
    pages.append(("editor dashboard", html_of(editor_client.get(reverse("wagtailadmin_home")))))
    for name, page in (("ohjaamo edit form", ohjaamo), ("news edit form", editor_news)):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        pages.append((name, html_of(editor_client.get(url))))
    data = f.page_form_data(editor_news, user=f.user("a_editor"), title="")
    url = reverse("wagtailadmin_pages:edit", args=[editor_news.pk])
    pages.append(("validation errors", html_of(editor_client.post(url, data))))
    publisher = login("a_publisher", lang)
    pages.append(("publisher dashboard", html_of(publisher.get(reverse("wagtailadmin_home")))))
    url = reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    pages.append(("publisher edit form", html_of(publisher.get(url))))
    task_state = task_state_of(submitted)
    for action in ("approve", "reject"):
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[submitted.pk, action, task_state.pk]
        )
        pages.append((f"{action} dialog", html_of(publisher.get(url))))
    response = publisher.post(url.replace("/reject/", "/approve/"), {"comment": ""}, follow=True)
    pages.append(("approved", html_of(response)))
    translated = ohjaamo.get_translation(teams.Locale.objects.get(language_code="sv"))
    url = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    pages.append(("translation editor", html_of(editor_client.get(url))))
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_on_the_editors_daily_pages(seeded, lang):
    assert_no_english(rendered_pages(lang), lang, "")


def first_shown(url, *clients):
    """The page at `url` as the first of `clients` allowed to open it (a local editor first, the
    team's publisher for what only publishers may do, the national team for what only it may)."""
    for client in clients:
        response = client.get(url)
        if response.status_code == 200:
            return html_of(response)
    return f"HTTP {response.status_code}"


def other_screens(lang):
    """(name, html) of the other admin screens a local team uses: page actions' confirmations
    (move, delete, copy, unpublish), the page listing with its bulk actions, history and
    revision comparison, workflow history, image and document choosers and uploads, and
    wagtail-localize's "Translate this page" and "Sync translated pages" dialogs."""
    editor_client, submitted, _html = submit_news(lang)
    publisher = login("a_publisher", lang)
    ohjaamo = f.team_page(f.TEAM_A)
    news_item = f.first_news(ohjaamo)
    # A second revision to compare with.
    data = f.page_form_data(news_item, user=f.user("a_editor"), title=news_item.title + " (2)")
    editor_client.post(reverse("wagtailadmin_pages:edit", args=[news_item.pk]), data)
    revisions = list(news_item.revisions.order_by("-created_at", "-pk")[:2])
    pages = [
        (
            "editor edit form in moderation",
            html_of(editor_client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))),
        )
    ]
    page_urls = {
        "listing and bulk actions": reverse("wagtailadmin_explore", args=[ohjaamo.pk]),
        "move": reverse("wagtailadmin_pages:move", args=[news_item.pk]),
        "delete": reverse("wagtailadmin_pages:delete", args=[news_item.pk]),
        "copy": reverse("wagtailadmin_pages:copy", args=[news_item.pk]),
        "unpublish": reverse("wagtailadmin_pages:unpublish", args=[news_item.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[news_item.pk]),
        "compare revisions": reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[news_item.pk, revisions[1].pk, revisions[0].pk],
        ),
        "workflow history": reverse("wagtailadmin_pages:workflow_history", args=[submitted.pk]),
        "workflow history detail": reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=[
                submitted.pk,
                WorkflowState.objects.filter(
                    base_content_type__model="page", object_id=str(submitted.pk)
                )
                .first()
                .pk,
            ],
        ),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "image upload": reverse("wagtailimages:add"),
        "images upload": reverse("wagtailimages:add_multiple"),
        "document chooser": reverse("wagtaildocs_chooser:choose"),
        "document upload": reverse("wagtaildocs:add"),
        "documents upload": reverse("wagtaildocs:add_multiple"),
        "translate this page": reverse(
            "wagtail_localize:submit_page_translation", args=[submitted.pk]
        ),
        "sync translated pages": reverse("wagtail_localize:update_translations", args=[ohjaamo.pk]),
    }
    for action in ("move", "delete", "unpublish", "publish"):
        page_urls[f"bulk {action}"] = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
            + f"?id={news_item.pk}&next={page_urls['listing and bulk actions']}"
        )
    national = login("national", lang)
    for name, url in page_urls.items():
        pages.append((name, first_shown(url, editor_client, publisher, national)))
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_on_the_teams_other_admin_screens(seeded, lang):
    assert_no_english(other_screens(lang), lang, "other-")


def assert_no_english(screens, lang, dump_prefix):
    """Fails listing, per screen, the English left on `screens` ((name, html) pairs; an html of
    "HTTP …" is a screen that did not open). With DUMP_ENGLISH set, also writes them to a file."""
    import os

    problems = {}
    for name, html in screens:
        english = [html] if html.startswith("HTTP ") else english_in(html, lang)
        if english:
            problems[name] = english
    if os.environ.get("DUMP_ENGLISH"):
        Path(os.environ["DUMP_ENGLISH"] + dump_prefix + lang).write_text(
            json.dumps(problems, ensure_ascii=False, indent=1)
        )
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url_name", sorted(JS_STRINGS))
def test_javascript_catalogues_carry_our_translations(seeded, lang, url_name):
    """The browser's gettext (wagtail-localize's translation editor, Wagtail's autosave) gets the
    project's strings from the catalogues at the upstream addresses, upstream's kept."""
    response = login("a_editor", lang).get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    match = re.search(r"const newcatalog = (\{.*?\});\n", body, re.S)
    catalogue = json.loads(match.group(1))
    with translation.override(lang):
        for msgid in JS_STRINGS[url_name]:
            assert catalogue.get(msgid), f"{msgid!r} untranslated in {lang}"
            assert catalogue[msgid] != msgid
    # Upstream's own translations are still there.
    assert len(catalogue) > 30


def override_entries():
    for lang in LANGUAGES:
        for po in sorted((admin_i18n.LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
            for entry in polib.pofile(str(po)):
                yield lang, po.stem, entry


def upstream_translation(lang, domain, entry):
    """What the upstream apps' own catalogues make of `entry` in `lang` (None: untranslated)."""
    for path in upstream_locale_dirs():
        catalogue = gettext_module.translation(domain, str(path), [lang], fallback=True)
        if entry.msgid_plural:
            text = catalogue.ngettext(entry.msgid, entry.msgid_plural, 1)
        else:
            text = catalogue.gettext(entry.msgid)
        if text != entry.msgid:
            return text
    return None


def test_overrides_are_upstream_strings():
    """Every override is a string upstream marks for translation (a changed msgid upstream would
    leave ours unused)."""
    stale = [
        (lang, domain, entry.msgid)
        for lang, domain, entry in override_entries()
        if (entry.msgctxt, entry.msgid) not in upstream_msgids(domain)
    ]
    assert not stale


def test_upstream_still_leaves_our_overrides_untranslated():
    """Fails when Wagtail or wagtail-localize ships a translation for a string we translate:
    drop our entry (or mark it a "correction" when ours is deliberately different)."""
    shipped = []
    for lang, domain, entry in override_entries():
        if "correction" in (entry.tcomment or ""):
            continue
        upstream = upstream_translation(lang, domain, entry)
        if upstream is not None:
            shipped.append(f"{lang} {domain}: {entry.msgid!r} → upstream {upstream!r}")
    assert not shipped, "\n".join(shipped)


def test_the_check_notices_an_upstream_translation(tmp_path, monkeypatch):
    """The check above reads the upstream .mo files: a catalogue that translates one of our
    msgids is reported."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Autosave is paused", msgstr="Tallennus tauolla"))
    target = tmp_path / "fi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    po.save_as_mofile(str(target / "django.mo"))
    monkeypatch.setattr(
        __import__(__name__, fromlist=["x"]),
        "upstream_locale_dirs",
        lambda: [tmp_path],
    )
    entry = polib.POEntry(msgid="Autosave is paused", msgstr="x")
    assert upstream_translation("fi", "django", entry) == "Tallennus tauolla"
    assert upstream_translation("fi", "django", polib.POEntry(msgid="Saved")) is None


def test_approving_from_the_edit_form_says_published(seeded):
    """The publisher approves in the edit form ("Hyväksy ja julkaise"): the page goes live and the
    confirmation says so ("julkaistu"), not "päivitetty"."""
    _client, submitted, _html = submit_news("fi")
    publisher = login("a_publisher", "fi")
    task_state = task_state_of(submitted)
    data = f.page_form_data(submitted, user=f.user("a_publisher"))
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    url = reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    response = publisher.post(url, data, follow=True)
    submitted.refresh_from_db()
    task_state.refresh_from_db()
    assert submitted.live and task_state.status == "approved"
    shown = [str(message) for message in response.context["messages"]]
    assert "Sivu 'Kesätyöinfo nuorille' julkaistu." in shown, shown
    assert not any("päivitetty" in message for message in shown)
    # Saving a draft still says "päivitetty" (updated).
    data = f.page_form_data(submitted, user=f.user("a_publisher"), title="Kesätyöinfo")
    response = publisher.post(url, data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert any("päivitetty" in message for message in shown), shown


@pytest.mark.parametrize(("lang", "label"), [("fi", "Tallenna valitut"), ("sv", "Spara valda")])
def test_date_picker_button_gets_the_editors_language(seeded, lang, label):
    """ "Save Selected" is hard-coded in Wagtail's vendored date picker
    (wagtailadmin/js/vendor/jquery.datetimepicker.js): a small script relabels it with the
    translated label every admin page carries."""
    page = f.team_page(f.TEAM_A)
    html = login("a_editor", lang).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    soup = BeautifulSoup(html.content, "html.parser")
    (script,) = soup.select("script[data-save-selected-label]")
    assert script["data-save-selected-label"] == label
    assert script["src"].endswith("js/admin/datepicker-labels.js")
    source = Path(__file__).resolve().parent.parent / "site/static/js/admin/datepicker-labels.js"
    assert ".xdsoft_save_selected" in source.read_text()


def test_swedish_publisher_reads_the_swedish_part_of_the_team_names(seeded):
    """Group, workflow and task names are bilingual (Finnish / Swedish, issue #12): Wagtail shows
    them as they are, so the Swedish-speaking publisher reads the Swedish part where the admin
    names the approval step and the workflow."""
    _editor, submitted, _html = submit_news("sv")
    publisher = login("a_publisher", "sv")
    state = WorkflowState.objects.filter(
        base_content_type__model="page", object_id=str(submitted.pk)
    ).first()
    screens = {
        "edit form": reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        "workflow history detail": reverse(
            "wagtailadmin_pages:workflow_history_detail", args=[submitted.pk, state.pk]
        ),
    }
    team = teams.get_team(f.TEAM_A)
    assert team.workflow.name.endswith(": hyväksyntä / godkännande")
    for name, url in screens.items():
        text = " ".join(visible_texts(html_of(publisher.get(url))))
        assert "julkaisijoiden hyväksyntä / publicerarnas godkännande" in text, name
    detail = " ".join(visible_texts(html_of(publisher.get(screens["workflow history detail"]))))
    assert "hyväksyntä / godkännande" in detail
    assert "publishers' approval" not in detail


def national_administrator(lang):
    """A test client of a member of the national administrators' group (not a superuser), whose
    admin language is `lang`."""
    from django.contrib.auth import get_user_model

    member, _created = get_user_model().objects.get_or_create(
        username="national-administrator",
        defaults={"email": "yllapito@example.fi", "first_name": "Ylläpitäjä"},
    )
    member.groups.add(teams.national_group(teams.NATIONAL_ADMINISTRATORS))
    return f.client_of(member, lang)


def national_screens(lang):
    """(name, html) of the national team's admin screens: sites, redirects, workflows and tasks,
    users and groups, collections and locales, the project's settings, search promotions, the
    reports, and the project's own national screens (data quality, news proposals, page types
    and translations reports, accessibility feedback, the embed generator, snippets)."""
    from django.utils import timezone
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import Site, Task, Workflow

    # Rows in the listings and reports: a page in moderation, a locked page, a redirect, a
    # promoted search result with its search term.
    _editor, submitted, _html = submit_news(lang)
    locked = f.first_news(f.team_page(f.TEAM_A))
    locked.locked, locked.locked_by, locked.locked_at = True, f.user("a_publisher"), timezone.now()
    locked.save(update_fields=["locked", "locked_by", "locked_at"])
    Redirect.objects.create(old_path="/vanha-sivu", redirect_page=submitted, is_permanent=False)
    query = Query.get("kesätyö")
    query.add_hit()
    SearchPromotion.objects.create(query=query, page=submitted, sort_order=0)
    administrator = national_administrator(lang)
    editor = login("national", lang)
    team_workflow = teams.get_team(f.TEAM_A).workflow
    superuser = login("superuser", lang)
    national_admins = teams.national_group(teams.NATIONAL_ADMINISTRATORS)
    site = Site.objects.get(is_default_site=True).pk
    urls = {
        "sites": reverse("wagtailsites:index"),
        "site edit form": reverse("wagtailsites:edit", args=[site]),
        "site add form": reverse("wagtailsites:add"),
        "redirects": reverse("wagtailredirects:index"),
        "redirect add form": reverse("wagtailredirects:add"),
        "redirect edit form": reverse(
            "wagtailredirects:edit", args=[Redirect.objects.get(old_path="/vanha-sivu").pk]
        ),
        "redirects import": reverse("wagtailredirects:start_import"),
        "workflows": reverse("wagtailadmin_workflows:index"),
        "workflow add form": reverse("wagtailadmin_workflows:add"),
        "workflow edit form": reverse(
            "wagtailadmin_workflows:edit", args=[Workflow.objects.order_by("pk").first().pk]
        ),
        "workflow usage": reverse(
            "wagtailadmin_workflows:usage", args=[Workflow.objects.order_by("pk").first().pk]
        ),
        "task chooser": reverse("wagtailadmin_workflows:task_chooser"),
        "task chooser, a new task": reverse("wagtailadmin_workflows:task_chooser_create")
        + "?task_type=wagtailcore.groupapprovaltask",
        "tasks": reverse("wagtailadmin_workflows:task_index"),
        "task add form": reverse(
            "wagtailadmin_workflows:add_task", args=["wagtailcore", "groupapprovaltask"]
        ),
        "task edit form": reverse(
            "wagtailadmin_workflows:edit_task", args=[Task.objects.order_by("pk").first().pk]
        ),
        "workflow disable (in progress)": reverse(
            "wagtailadmin_workflows:disable", args=[team_workflow.pk]
        ),
        "task disable (in progress)": reverse(
            "wagtailadmin_workflows:disable_task", args=[task_state_of(submitted).task_id]
        ),
        "task chooser, nothing found": reverse("wagtailadmin_workflows:task_chooser_results")
        + "?q=olematon",
        "users": reverse("wagtailusers_users:index"),
        "user add form": reverse("wagtailusers_users:add"),
        "user edit form": reverse("wagtailusers_users:edit", args=[f.user("a_editor").pk]),
        "groups": reverse("wagtailusers_groups:index"),
        "group add form": reverse("wagtailusers_groups:add"),
        "group edit form": reverse("wagtailusers_groups:edit", args=[national_admins.pk]),
        "collections": reverse("wagtailadmin_collections:index"),
        "collection add form": reverse("wagtailadmin_collections:add"),
        "locales": reverse("wagtaillocales:index"),
        "locale edit form": reverse(
            "wagtaillocales:edit", args=[teams.Locale.objects.get(language_code="sv").pk]
        ),
        "brand settings": reverse("wagtailsettings:edit", args=["brand", "brandsettings", site]),
        "navigation settings": reverse(
            "wagtailsettings:edit", args=["kohtaamo", "navigationsettings", site]
        ),
        "footer settings": reverse(
            "wagtailsettings:edit", args=["kohtaamo", "footersettings", site]
        ),
        "search promotions": reverse("wagtailsearchpromotions:index"),
        "search promotion add form": reverse("wagtailsearchpromotions:add"),
        "search promotion edit form": reverse("wagtailsearchpromotions:edit", args=[query.pk]),
        "search terms": reverse("wagtailsearchpromotions:search_terms"),
        "locked pages report": reverse("wagtailadmin_reports:locked_pages"),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "workflow tasks report": reverse("wagtailadmin_reports:workflow_tasks"),
        "site history report": reverse("wagtailadmin_reports:site_history"),
        "aging pages report": reverse("wagtailadmin_reports:aging_pages"),
        "page types report": reverse("kohtaamo_page_types_usage"),
        "translations report": reverse("kohtaamo_translations_report"),
        "data quality": reverse("quality_dashboard"),
        "news proposals": reverse("news_proposals"),
        "accessibility feedback": reverse("accessibility_feedback:index"),
        "embed generator": reverse("locations_embed_generator"),
        "brand assets": reverse("wagtailsnippets_brand_brandasset:list"),
        "services": reverse("wagtailsnippets_locations_service:list"),
        "news categories": reverse("wagtailsnippets_news_newscategory:list"),
    }
    # Search promotions are the superuser's (the demo's national administrator, kohtaamo/seed.py).
    screens = [
        (name, first_shown(url, administrator, editor, superuser)) for name, url in urls.items()
    ]
    # Validation errors: a promoted result with both a page and a link, a redirect without its
    # addresses.
    promotion = {
        "query_string": "kesäduuni",
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": str(submitted.pk),
        "editors_picks-0-external_link_url": "https://example.fi/",
        "editors_picks-0-external_link_text": "",
        "editors_picks-0-description": "",
        "editors_picks-0-ORDER": "1",
    }
    response = superuser.post(reverse("wagtailsearchpromotions:add"), promotion)
    screens.append(("search promotion errors", html_of(response)))
    response = administrator.post(reverse("wagtailredirects:add"), {"old_path": ""})
    screens.append(("redirect errors", html_of(response)))
    return screens


# What the national screens show of our translations (the screens are reached, with their data).
NATIONAL_SHOWN = {
    "fi": {
        "task disable (in progress)": "Tehtävä on kesken 1 sivulla tai katkelmalla.",
        "workflow disable (in progress)": "Työnkulku on kesken 1 sivulla tai katkelmalla.",
        "search promotion errors": "Valitse joko sivu tai ulkoinen linkki, ei molempia.",
        "search promotion add form": "Nostetuilla hakutuloksilla suositellaan sivuja",
        "redirects import": "Valitse tiedosto, jossa kukin uudelleenohjaus",
        "locked pages report": "Lukitsija",
        "workflows": "Moderaattorien hyväksyntä / Moderatorernas godkännande",
    },
    "sv": {
        "task disable (in progress)": "Uppgiften pågår för 1 sida/snutt.",
        "workflow disable (in progress)": "Arbetsflödet pågår för 1 sida/snutt.",
        "search promotion errors": "Välj antingen en sida eller en extern länk, inte båda.",
        "search promotion add form": "Premierade sökresultat är ett sätt",
        "locked pages report": "Låst av",
        "workflows": "Moderaattorien hyväksyntä / Moderatorernas godkännande",
    },
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_on_the_national_teams_screens(seeded, lang):
    screens = national_screens(lang)
    shown = dict(screens)
    for name, text in NATIONAL_SHOWN[lang].items():
        assert text in " ".join(visible_texts(shown[name])), name
    assert_no_english(screens, lang, "national-")
