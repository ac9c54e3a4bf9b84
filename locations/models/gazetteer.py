"""Reference data: Finnish regions, municipalities and postal codes, loaded by
`manage.py load_gazetteer` from the committed data files (never typed in the admin)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def normalize_name(value):
    """Lower case, accents folded, for case- and accent-insensitive look-ups
    ("Jyväskylä" → "jyvaskyla", "Närpiö" → "narpio")."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold().strip()


def display_place_name(value):
    """A capitalised post office name as a place name: each word capitalised, abbreviations of
    two letters or fewer ("AS" for asema, "KK" for kirkonkylä) in lower case."""
    words = []
    for word in (value or "").split():
        if len(word.strip(".")) <= 2:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


class LocalizedNameMixin:
    def name_for(self, language_code=None):
        language_code = language_code or get_language() or "fi"
        if language_code == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    @property
    def name(self):
        return self.name_for()

    def __str__(self):
        return self.name_fi


class Region(LocalizedNameMixin, models.Model):
    """A region (maakunta / landskap), used to group the finder's list."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Municipality(LocalizedNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True, help_text=_("e.g. 091"))
    name_fi = models.CharField(_("name (Finnish)"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    name_fi_normalized = models.CharField(max_length=100, db_index=True, editable=False)
    name_sv_normalized = models.CharField(max_length=100, db_index=True, editable=False, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
    )
    latitude = models.FloatField(_("latitude"), help_text=_("WGS84, centre of the municipality"))
    longitude = models.FloatField(_("longitude"), help_text=_("WGS84, centre of the municipality"))
    # The inflected forms of name_fi that Voikko confirms ("tampereella", …), computed when the
    # gazetteer is loaded (locations/place_forms.py), so no request waits for Voikko. None: not
    # computed yet (reset when the Finnish name changes).
    name_fi_forms = models.JSONField(null=True, blank=True, default=None, editable=False)

    class Meta:
        ordering = ["name_fi"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def save(self, *args, **kwargs):
        self.name_fi_normalized = normalize_name(self.name_fi)
        self.name_sv_normalized = normalize_name(self.name_sv)
        super().save(*args, **kwargs)


class PostalCode(LocalizedNameMixin, models.Model):
    class Kind(models.TextChoices):
        # Posti's postal code types.
        AREA = "area", _("delivery area")
        PO_BOX = "po_box", _("PO box")
        CORPORATE = "corporate", _("corporate")
        COMPILATION = "compilation", _("compilation")
        REPLY = "reply", _("reply mail")
        PARCEL_LOCKER = "parcel_locker", _("parcel locker")
        PICKUP_POINT = "pickup_point", _("pick-up point")

    # Kinds whose post office name is a place (the others name a company, a parcel locker, …).
    PLACE_KINDS = (Kind.AREA, Kind.PO_BOX)

    code = models.CharField(_("postal code"), max_length=5, primary_key=True)
    name_fi = models.CharField(_("post office (Finnish)"), max_length=100)
    name_sv = models.CharField(_("post office (Swedish)"), max_length=100, blank=True)
    name_fi_normalized = models.CharField(max_length=100, db_index=True, editable=False, default="")
    name_sv_normalized = models.CharField(
        max_length=100, db_index=True, editable=False, blank=True, default=""
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.AREA)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="postal_codes",
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        help_text=_("WGS84, the post office's locality; blank: the municipality's centre"),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        help_text=_("WGS84, the post office's locality; blank: the municipality's centre"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self):
        return f"{self.code} {self.name_fi}"

    def save(self, *args, **kwargs):
        self.name_fi_normalized = normalize_name(self.name_fi)
        self.name_sv_normalized = normalize_name(self.name_sv)
        super().save(*args, **kwargs)

    def display_name_for(self, language_code=None):
        """The post office in the reader's language as a place name ("KONTIOLAHTI AS" →
        "Kontiolahti as"); Posti writes them in capitals."""
        return display_place_name(self.name_for(language_code))

    @property
    def coordinates(self):
        """(latitude, longitude): the post office's locality, else the municipality's centre."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return self.municipality.latitude, self.municipality.longitude
