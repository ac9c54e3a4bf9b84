"""python manage.py quality_digest [--dry-run] [--team SLUG …]

The weekly data-quality digest (quality/digest.py): run it from cron once a week, e.g.
`0 7 * * 1  manage.py quality_digest`."""

from django.core.management.base import BaseCommand, CommandError

from locations import teams
from quality import digest
from quality.models import NATIONAL_SCOPE


class Command(BaseCommand):
    help = "E-mail each team what is new and what has been fixed on the data-quality dashboard."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; send nothing and store no snapshot.",
        )
        parser.add_argument(
            "--team",
            action="append",
            metavar="SLUG",
            help="Only this local team (slug of its Ohjaamo page), or 'national'. Repeatable.",
        )

    def handle(self, *args, dry_run=False, team=None, **options):
        only = None
        if team:
            only = []
            for slug in team:
                if slug == NATIONAL_SCOPE:
                    only.append(NATIONAL_SCOPE)
                    continue
                try:
                    found = teams.get_team(slug)
                except teams.TeamError as error:
                    raise CommandError(str(error)) from None
                if not found.exists:
                    raise CommandError(
                        f"“{slug}” has no team yet; create it with create_local_team {slug}."
                    )
                only.append(str(found.source.translation_key))
        digests, sent = digest.run(dry_run=dry_run, only=only, log=self.stdout.write)
        if dry_run:
            self.stdout.write(f"Dry run: {len(digests)} digest(s), nothing sent or stored.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(digests)} digest(s), {sent} mail(s)."))
