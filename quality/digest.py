"""The weekly data-quality digest: one e-mail per team (the national team, and each local team)
listing what is new since the last digest and what has been fixed, with the open count of each
check. What each digest listed is stored (`DigestSnapshot`) for the next one to compare with.

Recipients: the national team is everyone with an e-mail address in the national groups; a local
team is the members of its editor and publisher groups. Each gets the digest in their admin
language. A team with nothing new and nothing fixed gets no mail (its snapshot is still updated).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from locations import teams
from locations.models import OhjaamoPage
from quality import checks
from quality.models import NATIONAL_SCOPE, DigestSnapshot


@dataclass
class Digest:
    scope: str
    name: str
    dashboard: checks.Dashboard
    new: list  # Rows
    fixed: list  # [check key, title] of rows gone since the last digest
    recipients: list = field(default_factory=list)  # users
    previous_at: object = None

    @property
    def has_news(self):
        return bool(self.new or self.fixed)


def _scopes():
    """(scope key, name, recipients) of the national team and of every local team."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    result = [
        (
            NATIONAL_SCOPE,
            None,
            list(users.filter(groups__in=teams.national_groups()).distinct().order_by("pk")),
        )
    ]
    sources = OhjaamoPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    for source in sources.order_by("title"):
        team = teams.get_team(source)
        if not team.exists:
            continue
        members = list(users.filter(groups__in=team.groups).distinct().order_by("pk"))
        result.append((str(source.translation_key), team.name, members))
    return result


def collect(now=None, only=None):
    """The digests to send now. `only`: a list of scope keys to limit to."""
    now = now or timezone.now()
    national = checks.build(now=now)
    snapshots = {snapshot.scope: snapshot for snapshot in DigestSnapshot.objects.all()}
    digests = []
    for scope, name, recipients in _scopes():
        if only is not None and scope not in only:
            continue
        dashboard = national if scope == NATIONAL_SCOPE else _team_view(national, scope)
        previous = snapshots.get(scope)
        before = previous.rows if previous else {}
        rows = dashboard.rows()
        current_keys = {row.key for row in rows}
        digests.append(
            Digest(
                scope=scope,
                name=name,
                dashboard=dashboard,
                new=[row for row in rows if row.key not in before],
                fixed=[value for key, value in sorted(before.items()) if key not in current_keys],
                recipients=recipients,
                previous_at=previous.taken_at if previous else None,
            )
        )
    return digests


def _team_view(national, scope):
    """A local team's part of the national dashboard (no second run of the checks)."""
    sections = [
        checks.Section(section.check, [row for row in section.rows if row.team == scope])
        for section in national.sections
        if not section.check.national_only
    ]
    return checks.Dashboard(
        sections=sections,
        built_at=national.built_at,
        team_names={scope: national.team_names.get(scope)},
    )


def _language(user):
    profile = UserProfile.get_for_user(user)
    language = profile.get_preferred_language() if profile else None
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def render(digest, language):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(language):
        context = {
            "digest": digest,
            "sections": digest.dashboard.sections,
            "new": digest.new,
            "fixed": [
                {"check": checks.CHECKS_BY_KEY[check].label, "title": title}
                for check, title in digest.fixed
                if check in checks.CHECKS_BY_KEY
            ],
            "dashboard_url": base + reverse("quality_dashboard"),
            "base_url": base,
        }
        subject = render_to_string("quality/email/digest_subject.txt", context)
        text = render_to_string("quality/email/digest.txt", context)
        html = render_to_string("quality/email/digest.html", context)
    return " ".join(subject.split()), text, html


def send(digest):
    """E-mail the digest to each recipient in their language; returns the number sent."""
    sent = 0
    for user in digest.recipients:
        subject, text, html = render(digest, _language(user))
        message = EmailMultiAlternatives(subject, text, to=[user.email])
        message.attach_alternative(html, "text/html")
        message.send()
        sent += 1
    return sent


def store(digest, now):
    rows = {row.key: [row.check, row.title] for row in digest.dashboard.rows()}
    DigestSnapshot.objects.update_or_create(
        scope=digest.scope, defaults={"taken_at": now, "rows": rows}
    )


def run(*, dry_run=False, only=None, now=None, log=print):
    """Collect, send and store every digest; returns (digests, mails sent)."""
    now = now or timezone.now()
    digests = collect(now, only)
    total = 0
    for digest in digests:
        label = digest.name or "national team"
        summary = (
            f"{label}: {digest.dashboard.total} open, {len(digest.new)} new, "
            f"{len(digest.fixed)} fixed, {len(digest.recipients)} recipient(s)"
        )
        if dry_run:
            log(f"{summary} — would {'send' if digest.has_news else 'not send'}")
            for row in digest.new:
                log(f"  new: [{row.check}] {row.title}: {row.problem_text}")
            for check, title in digest.fixed:
                log(f"  fixed: [{check}] {title}")
            continue
        with transaction.atomic():
            sent = send(digest) if digest.has_news else 0
            store(digest, now)
        total += sent
        log(f"{summary} — {sent} mail(s) sent")
    return digests, total
