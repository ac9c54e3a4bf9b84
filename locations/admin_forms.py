"""The Ohjaamo page's edit form in a translation: the language-independent fields (opening hours,
exceptions' dates and times, coordinates, contacts, services, languages, municipalities, pop-up
dates, presences' times, channels) are shown read-only and said to be edited on the Finnish page
(they are carried from it on publish: locations/one_truth.py). A panel lists the texts that are
still the Finnish ones."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel
from wagtail.models import Locale

EDITED_IN_FINNISH = _("Edited on the Finnish page: the same in every language.")


def _read_only_fields():
    from locations import one_truth

    return one_truth.READ_ONLY_FIELDS


def _disable(form, read_only):
    names = read_only.get(type(form.instance), ())
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        # Still required where the model requires it: a row added here (it has no value to
        # keep) is refused with a form error instead of reaching the database.
        field.disabled = True
        field.help_text = EDITED_IN_FINNISH
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            _disable(child, read_only)


class OhjaamoPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        self.is_translation = locale_id is not None and locale_id != Locale.get_default().pk
        if self.is_translation:
            _disable(self, _read_only_fields())


class UntranslatedTextsPanel(Panel):
    """In a translation: what is still in Finnish (shown as the fallback on the public page)."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            from locations import one_truth

            if self.instance is None or self.instance.pk is None:
                return False
            if not one_truth.is_translation(self.instance):
                return False
            self.untranslated = one_truth.untranslated_texts(self.instance)
            return True

        def render_html(self, parent_context=None):
            intro = format_html(
                "<p>{}</p>",
                _(
                    "Opening hours, exceptions, coordinates, postal codes, contacts, services, "
                    "languages and municipalities are edited on the Finnish page and shown "
                    "here read-only. Street addresses and post offices may be given in this "
                    "language."
                ),
            )
            untranslated = getattr(self, "untranslated", [])
            if not untranslated:
                return intro + format_html("<p>{}</p>", _("Every text has been translated."))
            return intro + format_html(
                "<p>{}</p><ul>{}</ul>",
                _("Still in Finnish (shown in Finnish until you translate it):"),
                format_html_join(
                    "",
                    "<li><strong>{}</strong>: {}</li>",
                    ((str(label), text) for label, text in untranslated),
                ),
            )
