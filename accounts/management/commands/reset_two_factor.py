"""Switch off a user's second factor (a lost phone, no recovery codes left). If it is required for
them, they set up a new authenticator at their next login."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import two_factor


class Command(BaseCommand):
    help = (
        "Removes USERNAME's authenticator and recovery codes. If two-step verification is "
        "required for them, they set up a new authenticator when they next sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user is called “{username[:150]}”.")
        removed = two_factor.remove_two_factor(user)
        if not removed:
            self.stdout.write(f"{username} had no two-step verification set up; nothing changed.")
            return
        follow_up = (
            "they set up a new authenticator when they next sign in (it is required for them)"
            if two_factor.is_required(user)
            else "they can set it up again in their account"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Removed the two-step verification of {username}: {follow_up}.")
        )
