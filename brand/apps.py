from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Brand")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from brand import seed, signals  # noqa: F401  (registers the seeders and cache signals)
        from brand.models import BrandSettings

        # Logos are documents and images chosen in the brand settings: record them in Wagtail's
        # reference index, so their usage shows and they do not count as unused files.
        ReferenceIndex.register_model(BrandSettings)
