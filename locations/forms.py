"""The finder's search and filter form (a plain GET form: works without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from locations.models.pages import FINLAND_BBOX


class FinderForm(forms.Form):
    q = forms.CharField(
        label=_("Postal code or municipality"),
        required=False,
        max_length=100,
        help_text=_("For example 33100, Jyväskylä or Helsingfors."),
        error_messages={
            "max_length": _(
                "Type a postal code or a place name of at most %(limit_value)d characters."
            )
        },
    )
    service = forms.ChoiceField(label=_("Service"), required=False)
    open = forms.BooleanField(label=_("Open now only"), required=False)
    # Sent by the "Use my location" button (browser geolocation); used for this one request
    # only: never stored, logged or put into links.
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All services"))] + [
            (service.code, service.name) for service in services
        ]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if "lat" in self.errors or "lon" in self.errors or (lat is None) != (lon is None):
            self.add_error(
                None,
                _(
                    "Your location could not be used. Type your postal code or "
                    "municipality instead."
                ),
            )
            return data
        if lat is not None and not (
            FINLAND_BBOX["min_lat"] <= lat <= FINLAND_BBOX["max_lat"]
            and FINLAND_BBOX["min_lon"] <= lon <= FINLAND_BBOX["max_lon"]
        ):
            self.add_error(
                None,
                _(
                    "Your location seems to be outside Finland. Type your postal code or "
                    "municipality instead."
                ),
            )
        return data
