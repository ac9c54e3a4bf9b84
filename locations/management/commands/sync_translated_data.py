"""Carry the language-independent data of every published Finnish Ohjaamo page to its Swedish
and English translations (locations/one_truth.py). Publishing does this by itself; run this once
on a site whose translations were made before (their texts and translated street addresses are
kept). Idempotent."""

from django.core.management.base import BaseCommand

from locations import one_truth


class Command(BaseCommand):
    help = "Make the translations' opening hours, addresses and contacts those of the Finnish page."

    def handle(self, *args, **options):
        count = one_truth.sync_all(stdout=self.stdout)
        self.stdout.write(f"Translations updated: {count}")
