from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News and publications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from news import seed, signals  # noqa: F401  (seed registers the demo seeders)

        signals.connect()
