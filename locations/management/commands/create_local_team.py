"""Create (or complete, or retire) the local team of one Ohjaamo.

    manage.py create_local_team ohjaamo-helsinki
    manage.py create_local_team ohjaamo-helsinki --remove

See locations/teams.py for what a team is. Idempotent: a second run reports that everything was
already in place; it also gives the team access to translations of the page made since.
"""

from django.core.management.base import BaseCommand, CommandError

from locations import teams


class Command(BaseCommand):
    help = (
        "Create or complete the local team of the Ohjaamo page SLUG (groups, page permissions in "
        "every language, collection, approval workflow); --remove retires it."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The Ohjaamo page's slug (Finnish), e.g. ohjaamo-helsinki")
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Retire the team: delete its groups and workflow (the collection is kept if it "
            "holds files).",
        )

    def handle(self, *args, slug, remove=False, **options):
        try:
            team = teams.remove_local_team(slug) if remove else teams.create_local_team(slug)
        except teams.TeamError as error:
            raise CommandError(str(error)) from None
        for change in team.changes:
            self.stdout.write(f"  {change}")
        if remove:
            self.stdout.write(self.style.SUCCESS(f"Retired the team of {team.name}."))
            for user in getattr(team, "orphaned_users", []):
                self.stdout.write(
                    self.style.WARNING(
                        f"  {user.get_username()} is no longer in any group and cannot open "
                        "the admin."
                    )
                )
            return
        if team.changes:
            self.stdout.write(self.style.SUCCESS(f"The team of {team.name} is ready."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"The team of {team.name} was already in place: no changes.")
            )
        languages = ", ".join(page.locale.language_code for page in team.pages)
        self.stdout.write(
            f"  groups: “{team.editors.name}”, “{team.publishers.name}”\n"
            f"  pages: {languages}\n"
            f"  collection: “{team.collection.name}”\n"
            f"  workflow: “{team.workflow.name}”\n"
            f"Add people with: manage.py add_team_member EMAIL {team.slug} --role editor|publisher"
        )
