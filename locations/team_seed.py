"""Demo teams (seeder order 30, after the Ohjaamo pages, before the news).

- The national groups ("Valtakunnalliset muokkaajat / Nationella redaktörer", "Valtakunnalliset
  ylläpitäjät / Nationella administratörer") with everything they should hold
  (`locations.teams.sync_national_groups`).
- Teams for three demo Ohjaamos (Helsinki, Tampere, Turku): groups, page permissions in fi/sv/en,
  a collection holding one illustration and one instruction sheet (so that a newcomer logged in
  as another team can see that they are out of reach), and the approval workflow.
- Only where `settings.KOHTAAMO_ALLOW_DEMO_USERS` (development and tests): an editor and a
  publisher for each team and a national editor, with fixed demo passwords, printed by
  `seed_demo`.

Idempotent; `seed_demo --reset` removes the demo teams, their files and the demo users.
"""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from kohtaamo.seeding import resetter, seeder
from locations import teams

DEMO_TEAMS = (
    # (Ohjaamo slug, short name used in demo user names)
    ("ohjaamo-helsinki", "helsinki"),
    ("tampereen-ohjaamo", "tampere"),
    ("turun-ohjaamo", "turku"),
)
DEMO_PASSWORD_PREFIX = "kohtaamo-demo-"
NATIONAL_DEMO_USER = "national-editor"
EMAIL_DOMAIN = "example.invalid"


def demo_username(short, role):
    return f"{short}-{role}"


def demo_password(username):
    return DEMO_PASSWORD_PREFIX + username


def demo_usernames():
    names = [demo_username(short, role) for _slug, short in DEMO_TEAMS for role in teams.ROLES]
    return [*names, NATIONAL_DEMO_USER]


def _ensure_user(ctx, username, label, groups):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@{EMAIL_DOMAIN}",
            "first_name": "Demo",
            "last_name": label,
        },
    )
    if created:
        user.set_password(demo_password(username))
        user.save()
        ctx.count("users")
    missing = [group for group in groups if not user.groups.filter(pk=group.pk).exists()]
    if missing:
        user.groups.add(*missing)
    ctx.objects.setdefault("logins", []).append((label, username, demo_password(username)))
    return user


# --- Demo files in each team's collection ---------------------------------------------------------


def illustration_title(team):
    return f"{team.name}: aulan piirroskuva"


def sheet_title(team):
    return f"{team.name}: ajanvarausohje"


def _illustration(seed):
    """A flat drawing of an Ohjaamo lobby (sofa, plant, window), tinted per team."""
    from PIL import Image, ImageDraw

    tints = [(18, 94, 138), (148, 56, 104), (29, 112, 84)]
    tint = tints[seed % len(tints)]
    canvas = Image.new("RGB", (1200, 800), (246, 243, 236))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 560, 1200, 800), fill=(222, 214, 199))  # floor
    draw.rectangle((700, 120, 1080, 430), fill=(205, 228, 240))  # window
    draw.rectangle((700, 120, 1080, 430), outline=(90, 90, 90), width=10)
    draw.line((890, 120, 890, 430), fill=(90, 90, 90), width=8)
    draw.rounded_rectangle((120, 420, 620, 620), radius=40, fill=tint)  # sofa
    draw.rounded_rectangle((150, 360, 590, 470), radius=40, fill=tint)
    draw.rectangle((150, 620, 180, 660), fill=(70, 60, 50))
    draw.rectangle((560, 620, 590, 660), fill=(70, 60, 50))
    draw.rectangle((930, 560, 1010, 680), fill=(160, 98, 60))  # plant pot
    for dx, dy in ((-60, -120), (0, -170), (60, -120), (-30, -70), (30, -70)):
        draw.ellipse(
            (970 + dx - 45, 560 + dy - 45, 970 + dx + 45, 560 + dy + 45), fill=(60, 140, 80)
        )
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer


def _pdf(lines):
    """A one-page PDF (A4, Helvetica) with these lines of text; Latin-1 characters only."""

    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream_lines = ["BT", "/F1 13 Tf", "16 TL", "60 780 Td"]
    for i, line in enumerate(lines):
        if i == 0:
            stream_lines += ["/F1 18 Tf", f"({escape(line)}) Tj", "/F1 13 Tf", "T*", "T*"]
        else:
            stream_lines += [f"({escape(line)}) Tj", "T*"]
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _sheet_lines(team):
    return [
        f"{team.name}: ajanvaraus",
        "Voit tulla Ohjaamoon ilman ajanvarausta aukioloaikoina.",
        "Jos haluat varata ajan tietylle ohjaajalle, soita tai laita viesti",
        "Ohjaamon yhteystietoihin. Kerro, mihin asiaan tarvitset apua,",
        "niin osaamme varata sopivan ammattilaisen paikalle.",
        "",
        "Ota mukaan henkilöllisyystodistus, jos asia koskee Kelaa tai",
        "työllisyyspalveluja. Palvelu on maksutonta ja luottamuksellista.",
        "",
        "Jos et pääse tulemaan, peru aika, niin joku toinen saa sen.",
    ]


def seed_team_files(ctx, team, seed):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image_model = get_image_model()
    if not image_model.objects.filter(
        collection=team.collection, title=illustration_title(team)
    ).exists():
        image = image_model(
            title=illustration_title(team),
            description="Piirroskuva Ohjaamon aulasta: sohva, ikkuna ja viherkasvi.",
            collection=team.collection,
            file=ImageFile(_illustration(seed), name=f"{team.slug}-aula.png"),
        )
        image.save()
        ctx.count("images")
    document_model = get_document_model()
    if not document_model.objects.filter(
        collection=team.collection, title=sheet_title(team)
    ).exists():
        document = document_model(title=sheet_title(team), collection=team.collection)
        document.file.save(
            f"{team.slug}-ajanvarausohje.pdf", ContentFile(_pdf(_sheet_lines(team))), save=False
        )
        document.save()
        ctx.count("documents")


@seeder(order=30)
def seed_teams(ctx):
    from locations.models import OhjaamoPage

    changes = teams.sync_national_groups(create=True)
    if changes:
        ctx.count("national group changes", len(changes))
    demo_users = settings.KOHTAAMO_ALLOW_DEMO_USERS
    for seed, (slug, short) in enumerate(DEMO_TEAMS):
        if not OhjaamoPage.objects.filter(slug=slug).exists():
            ctx.log(f"  no Ohjaamo page {slug}: its demo team is not created")
            continue
        existed = teams.get_team(slug).exists
        team = teams.create_local_team(slug)
        if not existed:
            ctx.count("local teams")
        seed_team_files(ctx, team, seed)
        if demo_users:
            for role in teams.ROLES:
                label = f"{role}, {team.name}"
                _ensure_user(ctx, demo_username(short, role), label, [team.group_for(role)])
    if demo_users:
        national = teams.national_group(teams.NATIONAL_EDITORS)
        _ensure_user(ctx, NATIONAL_DEMO_USER, "national editor", [national])
    else:
        ctx.log("  demo team members are not created with these settings")


@resetter
def reset_teams(ctx):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from locations.models import OhjaamoPage

    get_user_model().objects.filter(username__in=demo_usernames()).delete()
    for slug, _short in DEMO_TEAMS:
        if not OhjaamoPage.objects.filter(slug=slug).exists():
            continue
        team = teams.get_team(slug)
        if team.collection is not None:
            get_image_model().objects.filter(
                collection=team.collection, title=illustration_title(team)
            ).delete()
            get_document_model().objects.filter(
                collection=team.collection, title=sheet_title(team)
            ).delete()
        if team.exists or team.workflow is not None or team.collection is not None:
            teams.remove_local_team(slug)
