import signal
import sys
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from generator import linkcheck, worker
from generator.build import (
    Builder,
    BuildError,
    default_output,
    housekeeping,
    progress_printer,
)


class Command(BaseCommand):
    help = (
        "Build the whole public site as static files (every language, feeds, sitemap, API JSON, "
        "static files, images, public documents, 404 pages, redirects) into OUTPUT/builds/… and "
        "point OUTPUT/current at it. With --incremental rebuild only what queued changes touched; "
        "with --watch keep doing that every second (the rebuild worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help=f"output directory (default {default_output()})")
        parser.add_argument("--keep", type=int, default=3, help="builds to keep (default 3)")
        parser.add_argument(
            "--wait", action="store_true", help="wait for a running build instead of stopping"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes a full build renders in (default GENERATOR_WORKERS, 2)",
        )
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="rebuild only the files queued changes touched (a full build when none exists)",
        )
        parser.add_argument(
            "--watch",
            action="store_true",
            help="keep draining the rebuild queue (the worker; stop with SIGTERM or Ctrl-C)",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="--watch poll seconds")
        parser.add_argument(
            "--check-links",
            action="store_true",
            help="after building, check every internal link of the export; fail when one breaks",
        )
        parser.add_argument(
            "--list", action="store_true", help="print the files written (incremental builds)"
        )

    def handle(self, *args, **options):
        output = options["output"] or default_output()
        progress = progress_printer(self.stderr._out) if options["verbosity"] >= 1 else None
        if options["keep"] < 1:
            raise CommandError("--keep must be at least 1.")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        if options["watch"]:
            return self._watch(output, options)
        try:
            if options["incremental"]:
                summary = worker.drain(output, options["keep"], progress, wait=options["wait"])
                if summary is None:
                    self.stdout.write("Nothing queued: the export is up to date.")
                    return
            else:
                summary = Builder(
                    output,
                    keep=options["keep"],
                    progress=progress,
                    wait=options["wait"],
                    workers=options["workers"],
                ).build()
        except BuildError as error:
            raise CommandError(str(error)) from None
        self._report(summary, options)
        if options["check_links"]:
            self._check_links(summary.directory)

    def _report(self, summary, options):
        kind = "Incremental build" if summary.incremental else "Built"
        self.stdout.write(
            f"{kind}: {summary.pages} pages, {summary.files} files, "
            f"{summary.bytes / 1_000_000:.1f} MB in {summary.seconds:.1f} s "
            f"({summary.pages_per_second:.0f} pages/s) -> {summary.directory}"
        )
        if summary.incremental:
            self.stdout.write(
                f"{len(summary.rebuilt)} files rebuilt, {len(summary.removed)} removed."
            )
            if options["list"]:
                for path in summary.rebuilt:
                    self.stdout.write(f"  rebuilt {path}")
                for path in summary.removed:
                    self.stdout.write(f"  removed {path}")

    def _check_links(self, directory):
        broken = linkcheck.check(directory)
        if broken:
            for source, link in broken[:50]:
                self.stderr.write(f"broken link in {source}: {link}")
            raise CommandError(f"{len(broken)} broken links in {directory}.")
        self.stdout.write("Links: every internal link resolves to a file in the export.")

    def _watch(self, output, options):
        stop = {"now": False}

        def request_stop(signum, frame):
            stop["now"] = True

        self.stdout.write(
            f"Watching the rebuild queue for {output} (every {options['interval']} s)."
        )
        since = None
        # Between builds a signal only asks the loop to stop; during a build it aborts the build
        # (generator.build installs its own handler for that time).
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        # Between builds a thread deletes old builds and stages the next incremental build's copy
        # (build.housekeeping), so a publish waits for neither; a build starts after it is done.
        tidy = threading.Thread(target=housekeeping, args=(output,), daemon=True)
        tidy.start()
        while not stop["now"]:
            checked = timezone.now()
            tidy.join()
            try:
                summary = worker.drain(
                    output, options["keep"], None, since=since, wait=True, prune_later=True
                )
                since = checked
                if summary is not None:
                    tidy = threading.Thread(target=housekeeping, args=(output,), daemon=True)
                    tidy.start()
            except BuildError as error:
                self.stderr.write(f"Rebuild failed, will retry: {error}")
                summary = None
                time.sleep(max(options["interval"], 5))
            if summary is not None:
                self._report(summary, {**options, "list": False})
            time.sleep(options["interval"])
        tidy.join()
        self.stdout.write("Stopped.")
        sys.stdout.flush()
