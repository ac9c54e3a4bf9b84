"""Build the demo site: national pages in fi/sv/en, the Ohjaamo network and its content.

Idempotent: a second run finds everything in place and changes nothing. `--reset` deletes the site's
pages (all languages) and demo objects first and builds them again.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from kohtaamo import seeding


class Command(BaseCommand):
    help = "Create (or complete) the demo site in Finnish, Swedish and English."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing site pages and demo objects first, then build them again.",
        )

    def handle(self, *args, reset=False, verbosity=1, **options):
        ctx = seeding.SeedContext(stdout=self.stdout, style=self.style, verbosity=verbosity)
        if reset:
            self.reset(ctx)
        seeding.run_all(ctx)
        if not verbosity:
            return
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
        if ctx.created:
            # Counters are named by models' verbose names: the summary is in English throughout.
            with translation.override("en"):
                created = sorted((str(what), count) for what, count in ctx.created.items())
            for what, count in created:
                self.stdout.write(f"  created {count} {what}")
        else:
            self.stdout.write("  nothing to create: everything was already in place")
        logins = ctx.objects.get("logins", [])
        if logins and settings.KOHTAAMO_ALLOW_DEMO_USERS:
            self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (development only):"))
            base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            self.stdout.write(f"  admin: {base}/admin/")
            for role, username, password in logins:
                self.stdout.write(f"  {role:<34} {username:<28} {password}")

    @transaction.atomic
    def reset(self, ctx):
        ctx.log(self.style.WARNING("Resetting: deleting the site's pages and demo objects"))
        for reset_fn in seeding.RESETTERS:
            reset_fn(ctx)
        for site in Site.objects.all():
            root = site.root_page
            for page in Page.objects.filter(translation_key=root.translation_key):
                page.delete()
        call_command("fixtree", interactive=False, verbosity=0)
