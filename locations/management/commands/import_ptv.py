"""`manage.py import_ptv SOURCE [--ohjaamo SLUG] [--link POINT_ID=CHANNEL_ID] [--dry-run]`:
import service locations from the Finnish Service Catalogue (PTV open API v11) onto Ohjaamo
pages' service points, and PTV's Swedish and English names and addresses onto their
translations. See locations/ptv.py for what is matched, kept and published."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from locations.ptv import PTVError, run


class Command(BaseCommand):
    help = (
        "Import PTV (Suomi.fi service catalogue, API v11) service locations from a file or an "
        "http(s) URL: one channel, a list, or a paged response with itemList."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a JSON file or an http(s) URL")
        parser.add_argument(
            "--ohjaamo",
            metavar="SLUG",
            help="attach new points to this Ohjaamo page (Finnish slug) instead of the page "
            "whose PTV organisation ids include the channel's organisation",
        )
        parser.add_argument(
            "--link",
            action="append",
            default=[],
            metavar="POINT_ID=CHANNEL_ID",
            help="link an existing service point (its id) to a PTV channel (its UUID) instead "
            "of matching by address or distance; may be repeated",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args, source, ohjaamo, dry_run, verbosity, link=(), **options):
        log = self.stdout.write if verbosity >= 1 else None
        links = {}
        for value in link:
            point_id, _, channel_id = value.partition("=")
            try:
                links[uuid.UUID(channel_id.strip())] = int(point_id)
            except ValueError:
                raise CommandError(
                    f"--link {value}: give POINT_ID=CHANNEL_ID, e.g. 12=3c5e0f9a-7b1d-4e2a-9c43-"
                    "1f8d2a6b7e01"
                ) from None
        try:
            report = run(source, ohjaamo=ohjaamo, dry_run=dry_run, log=log, links=links)
        except PTVError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        if verbosity < 1:
            return
        write = self.stdout.write
        write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
            + (f", {len(report.linked)} linked to existing points" if report.linked else "")
        )
        for label, how in report.linked:
            write(f"  linked {label}: {how}")
        for skip in report.skipped:
            write(f"  skipped item {skip.index} {skip.name} ({skip.id}): {skip.reason}")
        for label, how in report.translated:
            write(f"  translated {label}: {how}")
        for label, note in report.notes:
            write(f"  note: {label}: {note}")
        if dry_run:
            write(self.style.WARNING("Dry run: nothing was written."))
        elif report.pages or report.translated:
            published = "Published: " + ", ".join(report.pages) + ". " if report.pages else ""
            write(
                self.style.SUCCESS(
                    published + "The Swedish and English pages were published with them, with "
                    "PTV's Swedish and English names and addresses where PTV has them."
                )
            )
        else:
            write(self.style.SUCCESS("Nothing to change."))
