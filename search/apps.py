from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "kohtaamo_search"
    verbose_name = _("Site search")

    def ready(self):
        from kohtaamo import searching
        from search import engine, signals  # noqa: F401 - signals connects the index updates

        searching.register(engine.page_ids)
