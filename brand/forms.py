from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from brand.models import ASSET_LANGUAGES, BrandAsset


class AssetFilterForm(forms.Form):
    """The asset bank's filters (GET). Every field is optional; a wrong value is named."""

    category = forms.ChoiceField(
        label=pgettext_lazy("brand material", "Category"),
        required=False,
        choices=[
            ("", pgettext_lazy("brand material", "All categories")),
            *BrandAsset.Category.choices,
        ],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *ASSET_LANGUAGES[1:]],
        help_text=_("Material for any language is always included."),
    )
    outdated = forms.BooleanField(label=_("Show outdated versions too"), required=False)

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class LockupChoiceForm(forms.Form):
    ohjaamo = forms.TypedChoiceField(label=_("Ohjaamo"), coerce=int, required=True)

    def __init__(self, *args, ohjaamo_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ohjaamo"].choices = [("", _("Choose an Ohjaamo")), *ohjaamo_choices]


class BrandAssetAdminForm(WagtailAdminModelForm):
    """Refuses image files on staff-only assets (images are public media files) and documents in
    a staff-only collection on public assets (the public could not download them)."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("files")
        if formset is None or not formset.is_valid():
            return cleaned_data
        from brand.assets import is_restricted_document

        staff_only = cleaned_data.get("audience") == BrandAsset.Audience.STAFF
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            image, document = data.get("image"), data.get("document")
            if staff_only and image is not None:
                self.add_error(
                    "audience",
                    _(
                        "“%(title)s” is an image, and images are public files. Upload "
                        "staff-only material as a document (PDF, SVG, ZIP …) or make the asset "
                        "public."
                    )
                    % {"title": image.title},
                )
            if not staff_only and document is not None and is_restricted_document(document):
                self.add_error(
                    "audience",
                    _(
                        "“%(title)s” is in a collection only logged-in users may open, so the "
                        "public could not download it. Make the asset staff only or move the "
                        "document to a public collection."
                    )
                    % {"title": document.title},
                )
        return cleaned_data
