"""Finnish and Swedish for the admin strings Wagtail and wagtail-localize leave untranslated.

`kohtaamo/upstream_locale/locale/<lang>/LC_MESSAGES/django.po` is on LOCALE_PATHS, so Django
prefers it to the apps' own catalogues (the directory holds no Python, so makemessages never
writes there). JavaScript strings (`djangojs.po`) reach the browser through the two catalogues the
admin loads, Wagtail's (/admin/jsi18n/) and wagtail-localize's (/admin/localize/jsi18n/): both are
served here at the same addresses with this catalogue merged over the upstream one.

Entries are upstream msgids. tests/test_admin_finnish.py fails when upstream starts shipping its
own translation of one of them (drop ours then), except for entries marked with the translator
comment "correction", which deliberately replace an upstream translation.
"""

from pathlib import Path

from django.views.i18n import JavaScriptCatalog
from wagtail.admin.auth import require_admin_access
from wagtail.admin.localization import get_localized_response

LOCALE_DIR = Path(__file__).resolve().parent / "upstream_locale" / "locale"


class CatalogueWithOverrides(JavaScriptCatalog):
    """An upstream app's JavaScript catalogue with the project's translations merged over it."""

    def get_paths(self, packages):
        return [*super().get_paths(packages), str(LOCALE_DIR)]


_wagtailadmin_catalogue = CatalogueWithOverrides.as_view(packages=["wagtail.admin"])


def wagtailadmin_catalogue(request, *args, **kwargs):
    # As Wagtail serves it: public (the login page uses it), in the user's admin language.
    return get_localized_response(_wagtailadmin_catalogue, request, *args, **kwargs)


wagtail_localize_catalogue = require_admin_access(
    CatalogueWithOverrides.as_view(packages=["wagtail_localize"])
)
