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

import datetime
from pathlib import Path

from django.db import models
from django.utils import dateformat
from django.utils.formats import get_format
from django.views.i18n import JavaScriptCatalog
from wagtail.admin.auth import require_admin_access
from wagtail.admin.datetimepicker import to_datetimepicker_format
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.localization import get_localized_response
from wagtail.admin.widgets import AdminDateInput

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


class LocalisedAdminDateInput(AdminDateInput):
    """Wagtail's date picker in the admin user's own date format: 8.12.2026 for Finnish users.

    Wagtail fixes one format for everybody when the form is built (WAGTAIL_DATE_FORMAT, ISO by
    default). This widget takes the format of the language active when the form is shown: the
    first of the language's DATE_INPUT_FORMATS (fi: %d.%m.%Y), which the date field also parses
    back (ISO is always accepted too). Dotted dates are shown as Finns write them, without
    leading zeros (8.12.2026; the parser reads both)."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format)
        self.fixed_format = format

    def display_format(self):
        """The format as the picker (and Django's dateformat) spell it, e.g. "j.n.Y"."""
        strftime_format = self.fixed_format or get_format("DATE_INPUT_FORMATS")[0]
        picker_format = to_datetimepicker_format(strftime_format)
        if self.fixed_format is None and "." in picker_format:
            picker_format = picker_format.replace("d", "j").replace("m", "n")
        return picker_format

    def format_value(self, value):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return dateformat.format(value, self.display_format())
        return super().format_value(value)

    def get_config(self):
        return {**super().get_config(), "format": self.display_format()}


def install_date_widgets():
    """Date fields of admin model forms (page fields, inline rows, snippets) use the localised
    picker."""
    register_form_field_override(models.DateField, override={"widget": LocalisedAdminDateInput})
