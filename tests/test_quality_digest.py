"""The weekly data-quality digest: each team gets what is new and what has been fixed since the
last digest, in its members' language; `--dry-run` sends and stores nothing."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.users.models import UserProfile

from locations import teams
from locations.models import ServicePoint
from quality.models import NATIONAL_SCOPE, DigestSnapshot
from tests.factories import teams as f

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("quality_digest", *args, stdout=out)
    return out.getvalue()


def team_a_point():
    team = teams.get_team(f.TEAM_A)
    return (
        ServicePoint.objects.filter(page=team.source)
        .exclude(kind=ServicePoint.Kind.POPUP)
        .order_by("pk")
        .first()
    )


def mails_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_first_digest_lists_everything_and_stores_snapshots(seeded):
    output = run()
    assert "digest(s)" in output
    assert DigestSnapshot.objects.filter(scope=NATIONAL_SCOPE).exists()
    team = teams.get_team(f.TEAM_A)
    assert DigestSnapshot.objects.filter(scope=str(team.source.translation_key)).exists()
    national = f.user("national")
    local = f.user("a_editor")
    assert len(mails_to(national)) == 1
    assert len(mails_to(local)) == 1
    # The team's digest lists only the team's things.
    body = mails_to(local)[0].body
    other = teams.get_team(f.TEAM_B)
    assert other.source.title not in body
    assert "Ohjaamo Helsinki" in mails_to(local)[0].subject


def test_next_digest_lists_what_is_new_and_what_was_fixed(seeded):
    point = team_a_point()
    point.street_address = "Testikatu 3"
    point.postal_code = point.postal_code or "00100"
    point.location_approximate = False
    point.latitude = point.municipality.latitude
    point.longitude = point.municipality.longitude
    point.save()
    run()
    mail.outbox.clear()
    # Nothing changed: no mail.
    run()
    assert mail.outbox == []

    point.street_address = ""
    point.save()
    run()
    local = f.user("a_editor")
    (message,) = mails_to(local)
    assert point.name in message.body
    assert "Uudet (1)" in message.body or "Uusia (1)" in message.body or "(1)" in message.body
    mail.outbox.clear()

    point.street_address = "Testikatu 3"
    point.save()
    run()
    (message,) = mails_to(local)
    assert "Korjatut (1)" in message.body
    assert point.name in message.body


def test_digest_is_in_the_readers_language(seeded):
    user = f.user("a_editor")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "sv"
    profile.save()
    run()
    (message,) = mails_to(user)
    assert "Datakvalitet" in message.subject


def test_dry_run_sends_and_stores_nothing(seeded):
    output = run("--dry-run")
    assert "Dry run" in output
    assert "would send" in output
    assert mail.outbox == []
    assert not DigestSnapshot.objects.exists()


def test_one_team_only(seeded):
    run("--team", f.TEAM_A)
    assert DigestSnapshot.objects.count() == 1
    assert f.user("national").email not in [m.to[0] for m in mail.outbox]


def test_unknown_team_is_an_error(seeded):
    with pytest.raises(CommandError, match="No Ohjaamo page"):
        run("--team", "ei-ole-olemassa")
