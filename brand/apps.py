from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Brand")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from brand import seed, signals  # noqa: F401  (registers the seeders and cache signals)
