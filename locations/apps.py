from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = _("Ohjaamo locations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from locations import gazetteer_seed, seed, team_seed  # noqa: F401  (registers the demo seeders)
        from locations.gazetteer import gazetteer_changed
        from locations.municipalities import forget_slugs

        gazetteer_changed.connect(forget_slugs, dispatch_uid="locations_forget_slugs")
