#!/usr/bin/env python
"""Drill: an editor saves a page while PostgreSQL is restarting. The save either completes or
shows a clear error that keeps everything the editor wrote; nothing is lost.

    .venv/bin/python scripts/drills/editor_save_during_db_restart.py

It creates a PostgreSQL cluster of its own (port DRILL_PG_PORT, default 54339; the shared cluster is
never touched), seeds the demo site and serves it with gunicorn (2 workers). The settings are
`kohtaamo.settings.test` (DEBUG off, the production error pages) because the production settings'
secure-only session cookie needs HTTPS. Debian's Chromium (playwright, /usr/bin/chromium) logs in
as the demo administrator and edits the privacy page's title in the admin:

1. PostgreSQL down while the editor presses "Save draft": the answer must be the "Saving failed –
   your changes are kept" page, holding the new title; PostgreSQL comes back, the editor presses
   "Save again", and the new title must be the page's latest draft.
2. PostgreSQL restarted (stopped and started) between opening the form and saving: the save must
   simply complete (the application reconnects by itself).

Exit 1 when a step does not behave so.
"""

import argparse
import os
import subprocess
import sys
import time

from drill_site import ROOT, Cluster, Gunicorn, build_site, free_port, log, site_environment

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
USERNAME, PASSWORD = "admin", "kohtaamo-demo-admin"


def latest_draft_title(env, page_id):
    code = (
        "from wagtail.models import Page;"
        f"print(Page.objects.get(pk={page_id}).get_latest_revision().content['title'])"
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def set_password(env):
    """The demo administrator's password, hashed with the server's own settings."""
    code = (
        "from django.contrib.auth import get_user_model;"
        f"u = get_user_model().objects.get(username='{USERNAME}');"
        f"u.set_password('{PASSWORD}'); u.save()"
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
    )


def page_id_of(env, slug):
    code = (
        "from wagtail.models import Page;"
        f"print(Page.objects.get(slug='{slug}', locale__language_code='fi').pk)"
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def check(condition, what):
    log(("ok    " if condition else "FAILED ") + what)
    return condition


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copy-from",
        metavar="DATABASE_URL",
        help="copy an already seeded database instead of seeding (minutes on a loaded machine)",
    )
    args = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        sys.exit(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    cluster = Cluster()
    log(f"creating a throwaway PostgreSQL cluster on port {cluster.port}")
    cluster.create()
    port = free_port()
    env = site_environment(cluster.url, port, settings="kohtaamo.settings.test")
    ok = True
    server = None
    try:
        build_site(env, args.copy_from, cluster)
        page_id = page_id_of(env, "tietosuoja")
        set_password(env)
        server = Gunicorn(env, port)
        edit_url = f"{server.url}/admin/pages/{page_id}/edit/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(locale="fi-FI")
            page.goto(f"{server.url}/admin/login/")
            page.fill("input[name=username]", USERNAME)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{server.url}/admin/")

            # 1. The database is down when the editor saves.
            page.goto(edit_url)
            title_1 = "Tietosuoja (tallennettu katkon aikana)"
            page.fill("#id_title", title_1)
            log("stopping PostgreSQL; the editor presses Save draft")
            cluster.stop()
            page.click("button.action-save")
            page.wait_for_load_state()
            body = page.inner_text("body")
            ok &= check("Tallennus ei onnistunut" in body, "a clear error page in the editor's tab")
            ok &= check("nothing was saved" in body, "it says that nothing was saved")
            kept = page.locator("input[type=hidden][name=title]").get_attribute("value")
            ok &= check(kept == title_1, f"the new title is kept on the page ({kept!r})")
            log("starting PostgreSQL; the editor presses Save again")
            cluster.start()
            time.sleep(1)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            ok &= check(page.url.startswith(edit_url), f"back on the edit form ({page.url})")
            saved = latest_draft_title(env, page_id)
            ok &= check(saved == title_1, f"the kept title was saved ({saved!r})")

            # 2. The database restarts between opening the form and saving.
            page.goto(edit_url)
            title_2 = "Tietosuoja (tallennettu uudelleenkäynnistyksen jälkeen)"
            page.fill("#id_title", title_2)
            log("restarting PostgreSQL while the form is open")
            cluster.stop()
            time.sleep(2)
            cluster.start()
            page.click("button.action-save")
            page.wait_for_load_state()
            ok &= check(
                "Tallennus ei onnistunut" not in page.inner_text("body"),
                "the save after the restart went through at once",
            )
            saved = latest_draft_title(env, page_id)
            ok &= check(saved == title_2, f"the title was saved ({saved!r})")
            browser.close()
    finally:
        if server is not None:
            server.stop()
        cluster.remove()
    log("drill passed" if ok else "drill FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
