import math

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "kohtaamo_search"
    verbose_name = _("Site search")

    def ready(self):
        from kohtaamo import searching
        from search import engine, signals  # noqa: F401 - signals connects the index updates

        searching.register(engine.page_ids)
        connection_created.connect(_sqlite_math, dispatch_uid="kohtaamo-search-sqlite-math")


def _sqlite_math(sender, connection, **kwargs):
    """The database engine ranks news by recency with power(); SQLite has it only when built
    with its math functions, so a build without them gets Python's."""
    if connection.vendor != "sqlite":
        return
    try:
        connection.connection.execute("SELECT power(2, 2)")
    except Exception:  # noqa: BLE001 - sqlite3.OperationalError: no such function
        connection.connection.create_function("power", 2, math.pow, deterministic=True)
