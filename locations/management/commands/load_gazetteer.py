"""`manage.py load_gazetteer`: load Finland's regions, municipalities and postal codes from the
committed data files (locations/data/). Idempotent: a second run reports everything unchanged."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from locations.gazetteer import DATA_DIR, GazetteerError, load


class Command(BaseCommand):
    help = "Load regions, municipalities and postal codes from locations/data/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="directory holding regions.csv, municipalities.csv and postal_codes.csv",
        )

    def handle(self, *args, data_dir, verbosity, **options):
        log = self.stdout.write if verbosity >= 1 else None
        try:
            result = load(data_dir, log=log)
        except GazetteerError as error:
            raise CommandError(f"Nothing was loaded: {error}") from None
        if verbosity >= 1:
            for label, counts in result.items():
                self.stdout.write(f"{label}: {counts}")
                if counts.not_in_data:
                    self.stdout.write(
                        self.style.WARNING(
                            f"  not in the data files (kept): {', '.join(counts.not_in_data)}"
                        )
                    )
            if result.forms:
                self.stdout.write(f"inflected forms: made for {result.forms} municipality names")
            self.stdout.write(
                self.style.SUCCESS(
                    "Gazetteer loaded." if result.changed else "Gazetteer up to date."
                )
            )
