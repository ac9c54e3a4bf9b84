from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KohtaamoConfig(AppConfig):
    name = "kohtaamo"
    verbose_name = _("Kohtaamo core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_i18n, seed, signals  # noqa: F401  (seeder and cache signals)
        from .workarounds import approval_message, bounded_renditions, reference_index_once

        admin_i18n.install_date_widgets()
        approval_message.install()
        bounded_renditions.install()
        reference_index_once.install()
