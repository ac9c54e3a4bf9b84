"""Seeder: the gazetteer (regions, municipalities, postal codes) before any Ohjaamo page, which
refers to municipalities. The same load as `manage.py load_gazetteer`."""

from kohtaamo.seeding import seeder
from locations.gazetteer import load


@seeder(order=15)
def seed_gazetteer(ctx):
    result = load(log=ctx.log if ctx.verbosity >= 2 else None)
    for label, counts in result.items():
        if counts.created:
            ctx.count(label, counts.created)
        ctx.log(f"  {label}: {counts}")
