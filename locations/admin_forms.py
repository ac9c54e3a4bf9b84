"""The Ohjaamo page's edit form in a translation: the language-independent fields (opening hours,
exceptions' dates and times, coordinates, contacts, services, languages, municipalities, pop-up
dates, presences' times, channels) are shown read-only and said to be edited on the Finnish page
(they are carried from it on publish: locations/one_truth.py). A panel lists the texts that are
still the Finnish ones.

A service point's PTV link (`ptv_id`, the Suomi.fi service channel it is imported from) is shown to
everyone and set only by the national team: Wagtail's InlinePanel does not give the user to the
point forms, so `ServicePointsPanel` builds them from `ServicePointForm` and hands them the page
form's `for_user`; for anyone else the field is disabled, so a posted value is ignored. The page
form checks that no other point in the same language is linked to the same channel.

The rows themselves (service points, their opening hours and exceptions, presences, channels) are
the Finnish page's too: a translation's form marks its formsets `rows_shared`, which the panels
render without add, delete or move controls (locations/panels.py, SharedRowsInlinePanel), and
refuses a posted add, delete or move with a message (`shared_row_changes`)."""

from django.db.models import Q
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import Panel, get_form_for_model
from wagtail.models import Locale

from locations.panels import SharedRowsInlinePanel

EDITED_IN_FINNISH = _("Edited on the Finnish page: the same in every language.")
# The national team's mark (locations/teams.py): the same permission that shows the page's
# municipalities and PTV organisation ids in its settings.
NATIONAL_PERMISSION = "locations.change_ohjaamopage"
PTV_ID_HELP = _(
    "The Suomi.fi PTV service channel this point is imported from (a UUID, e.g. "
    "3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01). The PTV import updates a linked point instead of "
    "adding a new one. Leave empty to unlink."
)
PTV_ID_LOCKED = _("Set by the national team (the PTV import updates a linked point).")
PTV_ID_INVALID = _(
    "This is not a PTV service channel id. PTV ids are UUIDs, e.g. "
    "3c5e0f9a-7b1d-4e2a-9c43-1f8d2a6b7e01."
)
PTV_ID_TAKEN = _("This PTV service channel is already linked to “%(point)s” on “%(page)s”.")
PTV_ID_TWICE = _("Two service points of this page are linked to the same PTV service channel.")


def is_national(user):
    return user is not None and user.is_authenticated and user.has_perm(NATIONAL_PERMISSION)


class ServicePointForm(WagtailAdminModelForm):
    """A service point's form inside the Ohjaamo page form (`for_user` comes from the page
    form): `ptv_id` is editable by the national team only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("ptv_id")
        if field is None:
            return
        field.error_messages["invalid"] = PTV_ID_INVALID
        if is_national(self.for_user):
            field.help_text = PTV_ID_HELP
        else:
            # Shown read-only; a disabled field takes the instance's value, whatever is posted.
            field.disabled = True
            field.help_text = PTV_ID_LOCKED

    def _post_clean(self):
        super()._post_clean()
        if "ptv_id" in self.changed_data:
            # Linked to another channel, or unlinked: what the last import left (its snapshot of
            # PTV's values, the fields kept from local edits) belongs to the old link. The next
            # import fills the point from its new channel.
            point = self.instance
            point.ptv_snapshot = {}
            point.overridden_fields = []
            point.ptv_organization_id = None
            point.ptv_synced_at = None


class ServicePointsPanel(SharedRowsInlinePanel):
    """The Ohjaamo page's service points, built from ServicePointForm with the user (shared rows
    in a translation: locations/panels.py)."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        defer = self.child_edit_handler.get_form_options().get("defer_required_on_fields")
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=ServicePointForm,
            **({"defer_required_on_fields": defer} if defer else {}),
        )
        formset["inherit_kwargs"] = ["for_user"]
        return options


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


ROWS_CHANGED_IN_TRANSLATION = _(
    "%(rows)s: rows can only be added, removed or reordered on the Finnish page. Your change to "
    "them was not saved; the texts you translated are kept in the form."
)


# The shared rows' panel headings (locations/models/pages.py), to name them in the message.
ROW_LABELS = {
    "points": _("Service points"),
    "weekly_hours": _("Opening hours"),
    "exceptions": _("Exceptions"),
    "presences": _("Who is in when"),
    "channels": _("Social media for young people"),
}


def _share_rows(form):
    for formset in getattr(form, "formsets", {}).values():
        formset.rows_shared = True
        for child in formset.forms:
            _share_rows(child)


def _order(child):
    try:
        return int(child[ORDERING_FIELD_NAME].data)
    except (TypeError, ValueError):
        return 0


def shared_row_changes(form):
    """The labels of the formsets (at any depth) in which the posted data adds, deletes or
    reorders rows."""
    changed = []
    for name, formset in getattr(form, "formsets", {}).items():
        if not formset.is_bound:
            continue
        label = str(ROW_LABELS.get(name, formset.model._meta.verbose_name_plural))
        added = formset.total_form_count() > formset.initial_form_count()
        # From the posted data (a child whose parent is invalid is not cleaned).
        deleted = formset.can_delete and any(
            bool(child[DELETION_FIELD_NAME].data) for child in formset.initial_forms
        )
        moved = False
        if formset.can_order:
            orders = [_order(child) for child in formset.initial_forms]
            moved = orders != sorted(orders)
        if (added or deleted or moved) and label not in changed:
            changed.append(label)
        for child in formset.initial_forms:
            for nested in shared_row_changes(child):
                if nested not in changed:
                    changed.append(nested)
    return changed


class OhjaamoPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        self.is_translation = locale_id is not None and locale_id != Locale.get_default().pk
        if self.is_translation:
            _share_rows(self)
            _disable(self, _read_only_fields())

    def clean(self):
        cleaned_data = super().clean()
        self._check_ptv_ids()
        return cleaned_data

    def _check_ptv_ids(self):
        """A PTV channel links at most one point per language: a changed `ptv_id` already used
        by another point of this form, or by a point of another page, is a field error."""
        formset = getattr(self, "formsets", {}).get("points")
        if formset is None:
            return
        rows = []
        for form in formset.forms:
            if "ptv_id" not in form.fields or not form.is_valid():
                continue
            if formset.can_delete and formset._should_delete_form(form):
                continue
            value = form.cleaned_data.get("ptv_id")
            if value is not None:
                rows.append((form, value))
        locale_id = self.instance.locale_id or Locale.get_default().pk
        for form, value in rows:
            if "ptv_id" not in form.changed_data:
                continue
            if any(other is not form and other_value == value for other, other_value in rows):
                form.add_error("ptv_id", PTV_ID_TWICE)
                continue
            taken = (
                formset.model.objects.filter(ptv_id=value, locale_id=locale_id)
                .exclude(Q(pk=form.instance.pk) | Q(page_id=self.instance.pk))
                .select_related("page")
                .first()
            )
            if taken is not None:
                form.add_error(
                    "ptv_id", PTV_ID_TAKEN % {"point": taken.name, "page": taken.page.title}
                )

    def is_valid(self):
        valid = super().is_valid()
        if self.is_translation and self.is_bound:
            if not hasattr(self, "_shared_rows_changed"):
                self._shared_rows_changed = shared_row_changes(self)
                if self._shared_rows_changed:
                    rows = ", ".join(self._shared_rows_changed)
                    self.add_error(None, ROWS_CHANGED_IN_TRANSLATION % {"rows": rows})
            if self._shared_rows_changed:
                return False
        return valid


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
