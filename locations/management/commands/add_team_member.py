"""Add a person to a local team.

    manage.py add_team_member neuvoja@example.fi ohjaamo-helsinki --role editor

Creates the account (user name = e-mail address) or links an existing one with that e-mail, gives
it the role (one role per team: the other is taken away) and e-mails a link for setting the
password (the console shows it in development).
"""

from django.core.management.base import BaseCommand, CommandError

from locations import teams


class Command(BaseCommand):
    help = (
        "Add the person with EMAIL to the local team of the Ohjaamo SLUG as an editor or publisher."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's work e-mail address")
        parser.add_argument("slug", help="The Ohjaamo page's slug (Finnish), e.g. ohjaamo-helsinki")
        parser.add_argument(
            "--role",
            required=True,
            help="editor (writes, sends for approval) or publisher (also approves and publishes)",
        )
        parser.add_argument(
            "--no-email", action="store_true", help="Do not send the e-mail (e.g. when importing)."
        )

    def handle(self, *args, email, slug, role, no_email=False, **options):
        role = role.strip().lower()
        if role not in teams.ROLES:
            raise CommandError(f"Unknown role “{role}”: choose {' or '.join(teams.ROLES)}.")
        try:
            user, created, mail = teams.add_team_member(email, slug, role, send_email=not no_email)
        except teams.TeamError as error:
            raise CommandError(str(error)) from None
        team = teams.get_team(slug)
        what = "Created" if created else "Linked"
        self.stdout.write(
            self.style.SUCCESS(f"{what} {user.get_username()} as {role} of {team.name}.")
        )
        if mail == "set_password":
            self.stdout.write(f"  sent a link for setting the password to {user.email}")
        elif mail == "added":
            self.stdout.write(f"  told {user.email} about the new role")
