from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KohtaamoConfig(AppConfig):
    name = "kohtaamo"
    verbose_name = _("Kohtaamo core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import seed, signals  # noqa: F401  (registers the core seeder and cache signals)
        from .workarounds import approval_message, bounded_renditions

        approval_message.install()
        bounded_renditions.install()
