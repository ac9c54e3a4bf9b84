"""manage.py search_index [--rebuild] [--language fi] [--engine database|elasticsearch]"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import engine as search_engine


class Command(BaseCommand):
    help = (
        "Bring the search index up to date with the content: every live, public page, service "
        "point and public brand material, per language. With --rebuild the index is built anew "
        "(Elasticsearch: a new index, then the alias is swapped; no moment of empty results). "
        "Run it after Elasticsearch has been down, and daily for pop-up points' dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Build new indices.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Only this language.",
        )
        parser.add_argument(
            "--engine",
            choices=["database", "elasticsearch"],
            help="Only this engine (default: the database and, when configured, Elasticsearch).",
        )

    def handle(self, *args, rebuild=False, language=None, engine=None, **options):
        verbosity = options.get("verbosity", 1)
        elastic = search_engine.elastic_engine()
        if engine == "elasticsearch" and elastic is None:
            raise CommandError("ELASTICSEARCH_URL is not set: there is no Elasticsearch engine.")
        if elastic is not None and engine != "database" and not elastic.available():
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} does not answer. Start it, or "
                "use --engine database to update the database index only."
            )
        engines = (engine,) if engine else ("database", "elasticsearch")
        started = time.monotonic()

        def progress(engine_name, code, done, total):
            if verbosity < 1:
                return
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            self.stdout.write(
                f"\r{engine_name:<13} {code}  [{bar}] {done}/{total}",
                ending="\n" if done >= total else "",
            )
            self.stdout.flush()

        counts = search_engine.rebuild(
            language=language, engines=engines, progress=progress, fresh=rebuild
        )
        elapsed = time.monotonic() - started
        if verbosity >= 1:
            scope = language or ", ".join(code for code, _name in settings.LANGUAGES)
            for engine_name, result in counts.items():
                self.stdout.write(
                    f"{engine_name}: {result['indexed']} documents indexed, "
                    f"{result['removed']} removed ({scope})"
                )
            total = sum(result["indexed"] for result in counts.values())
            rate = total / elapsed if elapsed else 0
            self.stdout.write(
                self.style.SUCCESS(f"Done in {elapsed:.1f} s ({rate:.0f} documents/s).")
            )
