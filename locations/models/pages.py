"""The finder page and the page of one local Ohjaamo with its service points, opening hours and
the professionals' weekly presence.

Service points are inline objects of their OhjaamoPage: the team that owns the page owns its points,
and translations travel with the page (wagtail-localize copies the inline objects and translates
their text fields).
"""

import uuid
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from kohtaamo import page_cache
from kohtaamo.models import BasePage
from locations.admin_forms import OhjaamoPageForm, ServicePointsPanel, UntranslatedTextsPanel
from locations.blocks import LocalStreamBlock
from locations.panels import SharedRowsInlinePanel, UpcomingHolidaysPanel
from news.routes import NewsFeedsMixin

# Finland's bounding box (mainland and Åland), WGS84. A point outside it is refused.
FINLAND_BBOX = {"min_lat": 59.45, "max_lat": 70.1, "min_lon": 19.0, "max_lon": 31.6}

# A journey planner that takes a destination address (Google Maps' documented URL scheme: opens
# the app on phones, public transport routes everywhere in Finland). Only a link: nothing is
# loaded from it unless the visitor follows it.
ROUTE_PLANNER_URL = "https://www.google.com/maps/dir/"

ACCESSIBILITY_FLAGS = (
    "step_free_entrance",
    "accessible_toilet",
    "induction_loop",
    "lift",
    "accessible_parking",
)

# The finder's query parameters that a cached answer may depend on (never lat/lon: a position).
FINDER_QUERY_PARAMETERS = ("q", "service", "open")

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class FinderPage(RoutablePageMixin, BasePage):
    """ "Ohjaamot": every service point on a list and a map, with the nearest search; under it
    a page per municipality and their list (locations/municipalities.py)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    api_fields = [*BasePage.api_fields, "intro"]

    parent_page_types = ["kohtaamo.HomePage"]
    subpage_types = ["locations.OhjaamoPage"]

    class Meta:
        verbose_name = _("Ohjaamo finder")
        verbose_name_plural = _("Ohjaamo finders")

    def get_meta_description(self):
        return self.search_description or self.intro

    # The municipality pages: the segment is the language's ("kunnat", "kommuner",
    # "municipalities"); locations.municipalities answers 404 to another language's.
    @re_path(r"^(?P<segment>kunnat|kommuner|municipalities)/$", name="municipalities")
    def municipality_list(self, request, segment):
        from locations import municipalities

        return municipalities.municipality_list(self, request, segment)

    @re_path(
        r"^(?P<segment>kunnat|kommuner|municipalities)/(?P<slug>[-a-z0-9]+)/$",
        name="municipality",
    )
    def municipality_page(self, request, segment, slug):
        from locations import municipalities

        return municipalities.municipality_page(self, request, segment, slug)

    @property
    def municipality_list_url(self):
        from locations import municipalities

        return municipalities.list_url(self)

    def get_sitemap_urls(self, request=None):
        from locations import municipalities

        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        lastmod = urls[0].get("lastmod")
        location = urls[0]["location"]
        origin = location[: len(location) - len(self.get_url(request) or "")]
        extra = [(None, municipalities.list_url(self))]
        extra += municipalities.municipality_urls(self, request)
        for _code, url in extra:
            entry = {"location": origin + url}
            if lastmod:
                entry["lastmod"] = lastmod
            urls.append(entry)
        return urls

    def get_context(self, request, *args, **kwargs):
        from locations.views import finder_alternates, finder_context

        context = super().get_context(request, *args, **kwargs)
        context.update(finder_context(self, request))
        context["alternates"] = finder_alternates(context.get("alternates") or [], request)
        return context

    def serve(self, request, *args, **kwargs):
        if "lat" in request.GET or "lon" in request.GET:
            # The URL holds the visitor's position: no cache keeps the answer, and no link on
            # it passes the URL on as a referrer.
            page_cache.never(request)
            response = super().serve(request, *args, **kwargs)
            response["Cache-Control"] = "no-store"
            response["Referrer-Policy"] = "no-referrer"
            return response
        # A search by postal code or place name (and the service and open-now filters) is cached
        # per query: the answer depends on nothing else.
        page_cache.cacheable(request, query=FINDER_QUERY_PARAMETERS)
        return super().serve(request, *args, **kwargs)


class OhjaamoPage(NewsFeedsMixin, BasePage):
    """One local Ohjaamo: edited by its own team (see locations/teams.py), created by the national
    team only."""

    intro = models.TextField(
        _("introduction"),
        max_length=600,
        help_text=_("Two or three sentences: who you are and how you help."),
    )
    body = StreamField(LocalStreamBlock(), verbose_name=_("content"), blank=True)
    municipalities = ParentalManyToManyField(
        "locations.Municipality",
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="ohjaamo_pages",
        help_text=_("Every municipality whose young people this Ohjaamo serves."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    online_guidance_url = models.URLField(
        _("online guidance"),
        blank=True,
        help_text=_("Link to this Ohjaamo's online guidance, e.g. in ohjaustaverkossa.fi."),
    )
    services = ParentalManyToManyField(
        "locations.Service", verbose_name=_("services"), blank=True, related_name="+"
    )
    languages = ParentalManyToManyField(
        "locations.ServiceLanguage",
        verbose_name=_("languages served"),
        blank=True,
        related_name="+",
    )
    ptv_organization_ids = models.TextField(
        _("PTV organisation ids"),
        blank=True,
        help_text=_(
            "One Suomi.fi PTV organisation id (UUID) per line. Imported service "
            "locations of these organisations are attached to this page."
        ),
    )

    base_form_class = OhjaamoPageForm

    content_panels = [
        *BasePage.content_panels,
        UntranslatedTextsPanel(heading=_("Translation")),
        FieldPanel("intro"),
        # What local editors change most (opening hours and exceptions) first.
        ServicePointsPanel(
            "points",
            heading=_("Service points"),
            label=_("Service point"),
            min_num=1,
            help_text=_(
                "Where young people can visit you, each with its opening hours and accessibility."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "phone",
                    help_text=_("The number young people can call or text, e.g. 040 123 4567."),
                ),
                FieldPanel(
                    "email", help_text=_("A shared address of the team, not a personal one.")
                ),
                FieldPanel(
                    "website",
                    help_text=_("Only if your Ohjaamo has a website of its own besides this page."),
                ),
                FieldPanel("online_guidance_url"),
            ],
            heading=_("Contact"),
        ),
        SharedRowsInlinePanel(
            "channels",
            heading=_("Social media for young people"),
            label=_("Channel"),
            help_text=_("The accounts where you talk with young people, most used first."),
        ),
        SharedRowsInlinePanel(
            "presences",
            heading=_("Who is in when"),
            label=_("Presence"),
            help_text=_("Visiting experts and partners, e.g. Kela on Tuesdays 12–15."),
        ),
        FieldPanel("services", help_text=_("Choose what young people can get help with here.")),
        FieldPanel("languages", help_text=_("The languages you can serve young people in.")),
        FieldPanel(
            "body",
            help_text=_(
                "Tell more in blocks: text, image, quote, call to action, FAQ, staff contact "
                "card and event notice. The look comes from the common templates."
            ),
        ),
    ]
    # Set by the national team only (locations/teams.py): which municipalities an Ohjaamo serves
    # and which PTV organisations' points attach to it.
    settings_panels = [
        *BasePage.settings_panels,
        FieldPanel("municipalities", permission="locations.change_ohjaamopage"),
        FieldPanel("ptv_organization_ids", permission="locations.change_ohjaamopage"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields(
            "points",
            [
                index.SearchField("name"),
                index.SearchField("street_address"),
                index.SearchField("post_office"),
            ],
        ),
    ]
    api_fields = [
        *BasePage.api_fields,
        "intro",
        "body",
        "phone",
        "email",
        "website",
        "online_guidance_url",
    ]

    parent_page_types = ["locations.FinderPage"]
    subpage_types = ["news.NewsPage"]
    sections_hook_name = "kohtaamo_ohjaamo_page_sections"

    # Numbers and ids are the same in every language: kept in step with the source page.
    override_translatable_fields = [
        SynchronizedField("phone"),
        SynchronizedField("ptv_organization_ids"),
    ]

    class Meta:
        verbose_name = _("Ohjaamo")
        verbose_name_plural = _("Ohjaamos")

    def with_content_json(self, content):
        """The page as stored in a revision. A revision copied with the page (Wagtail's page
        copy) has its points remapped to the copy's points, but the hours and exceptions nested
        in them still carry the original's primary keys: published as they are, they would move
        the original's rows to the copy. Such nested objects are loaded as new ones instead."""
        for point in content.get("points") or ():
            for relation in ("weekly_hours", "exceptions"):
                for child in point.get(relation) or ():
                    if child.get("point") != point.get("pk"):
                        child["pk"] = None
                        child["point"] = point.get("pk")
        return super().with_content_json(content)

    def publish(self, revision, user=None, **kwargs):
        """Publishing carries the language-independent data (locations/one_truth.py) in the same
        transaction: from the source page to every translation, or, for a translation, from the
        source into the revision first."""
        from locations import one_truth

        with transaction.atomic():
            translation = one_truth.is_translation(self)
            if translation:
                revision = one_truth.prepare_translation_revision(self, revision, user=user)
            result = super().publish(revision, user=user, **kwargs)
            if not translation:
                one_truth.push_to_translations(self, user=user)
        return result

    def permissions_for_user(self, user):
        # Local teams edit and publish their Ohjaamo page but do not delete, move, unpublish or
        # restrict it (locations/teams.py).
        from locations.teams import OhjaamoPagePermissionTester

        return OhjaamoPagePermissionTester(user, self)

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        from locations.views import ohjaamo_context

        context = super().get_context(request, *args, **kwargs)
        context.update(ohjaamo_context(self, request))
        return context

    def ptv_organization_id_list(self):
        return [
            line.strip().lower() for line in self.ptv_organization_ids.splitlines() if line.strip()
        ]

    def clean(self):
        super().clean()
        for value in self.ptv_organization_id_list():
            try:
                uuid.UUID(value)
            except ValueError:
                raise ValidationError(
                    {
                        "ptv_organization_ids": _(
                            "“%(value)s” is not a PTV organisation id (a UUID)."
                        )
                        % {"value": value}
                    }
                ) from None


class YouthChannel(Orderable):
    """A channel young people use to reach this Ohjaamo."""

    class Platform(models.TextChoices):
        WHATSAPP = "whatsapp", "WhatsApp"
        INSTAGRAM = "instagram", "Instagram"
        TIKTOK = "tiktok", "TikTok"
        FACEBOOK = "facebook", "Facebook"
        YOUTUBE = "youtube", "YouTube"
        SNAPCHAT = "snapchat", "Snapchat"
        DISCORD = "discord", "Discord"

    page = ParentalKey(OhjaamoPage, on_delete=models.CASCADE, related_name="channels")
    platform = models.CharField(_("service"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("address"))

    panels = [FieldRowPanel([FieldPanel("platform"), FieldPanel("url")])]

    class Meta(Orderable.Meta):
        verbose_name = _("channel")


class Presence(TranslatableMixin, Orderable):
    """A professional's recurring presence, e.g. "Kela, Thursdays 12–16". One row per weekday."""

    page = ParentalKey(OhjaamoPage, on_delete=models.CASCADE, related_name="presences")
    who = models.CharField(
        _("who"),
        max_length=120,
        help_text=_("A role or organisation, e.g. Kela or study counsellor"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldPanel("who"),
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("starts"), FieldPanel("ends")]),
        FieldPanel("note"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("presence")
        verbose_name_plural = _("presences")

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("The end time must be after the start time.")})


class ServicePoint(TranslatableMixin, ClusterableModel, Orderable):
    """A place where the Ohjaamo meets young people: its main office, a branch, or a pop-up."""

    class Kind(models.TextChoices):
        MAIN = "main", _("main office")
        BRANCH = "branch", _("branch")
        POPUP = "popup", _("pop-up")

    # Fields a PTV import may set; a local team's edit of one of them is kept (see ptv.py).
    PTV_FIELDS = (
        "name",
        "street_address",
        "postal_code",
        "post_office",
        "municipality",
        "latitude",
        "longitude",
        "phone",
        "email",
    )

    page = ParentalKey(OhjaamoPage, on_delete=models.CASCADE, related_name="points")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    street_address = models.CharField(
        _("street address"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty only when the location is approximate."),
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100)
    municipality = models.ForeignKey(
        "locations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    latitude = models.FloatField(
        _("latitude"),
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS84 decimal degrees, e.g. 61.4981"),
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS84 decimal degrees, e.g. 23.7610"),
    )
    location_approximate = models.BooleanField(
        _("location approximate"),
        default=False,
        help_text=_("Only the municipality is known, not the exact address."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    directions = models.TextField(
        _("how to get there"),
        blank=True,
        max_length=500,
        help_text=_("Entrance, floor, nearest stop."),
    )
    accessibility_info = models.TextField(_("accessibility"), blank=True, max_length=1000)
    step_free_entrance = models.BooleanField(_("step-free entrance"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    induction_loop = models.BooleanField(_("induction loop"), default=False)
    lift = models.BooleanField(_("lift"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    ptv_id = models.UUIDField(_("PTV service channel id"), null=True, blank=True, db_index=True)
    ptv_organization_id = models.UUIDField(_("PTV organisation id"), null=True, blank=True)
    ptv_synced_at = models.DateTimeField(_("last synchronised from PTV"), null=True, blank=True)
    # The values of PTV_FIELDS as last imported; a field whose value differs from its snapshot
    # has been changed by the local team and is not overwritten by the next import.
    ptv_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    overridden_fields = models.JSONField(
        _("fields kept from local edits"), default=list, blank=True, editable=False
    )
    # In a translation: the source's street address and post office that this point's own
    # (translated) ones stand for; when the source changes them, the translation falls back to
    # the source's new values (locations/one_truth.py).
    source_values = models.JSONField(default=dict, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel(
            [FieldPanel("valid_from"), FieldPanel("valid_to")], heading=_("Pop-up dates")
        ),
        # Hours first: what editors change most, with the holidays the point is closed on.
        SharedRowsInlinePanel("weekly_hours", heading=_("Opening hours"), label=_("Opening hours")),
        SharedRowsInlinePanel("exceptions", heading=_("Exceptions"), label=_("Exception")),
        UpcomingHolidaysPanel(),
        FieldPanel("street_address"),
        FieldRowPanel(
            [FieldPanel("postal_code"), FieldPanel("post_office"), FieldPanel("municipality")]
        ),
        FieldRowPanel(
            [FieldPanel("latitude"), FieldPanel("longitude"), FieldPanel("location_approximate")]
        ),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("directions"),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_info"),
                FieldRowPanel(
                    [
                        FieldPanel("step_free_entrance"),
                        FieldPanel("accessible_toilet"),
                        FieldPanel("induction_loop"),
                        FieldPanel("lift"),
                        FieldPanel("accessible_parking"),
                    ]
                ),
            ],
            heading=_("Accessibility"),
        ),
        # Shown to everyone, set by the national team only (locations/admin_forms.py).
        FieldPanel("ptv_id"),
    ]

    # Codes and numbers are the same in every language: kept in step with the source, not
    # offered for translation.
    override_translatable_fields = [
        SynchronizedField("postal_code"),
        SynchronizedField("phone"),
        SynchronizedField("kind"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        # The nearest search (locations/geo.py) reads bounding boxes: a range on latitude.
        indexes = [models.Index(fields=["latitude", "longitude"], name="locations_point_lat_lon")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A point's exceptions are in the point's language. Wagtail's copy for translation moves
        # a page's own translatable children (the points) to the new locale but not theirs
        # (wagtail#14425; wagtail-localize's sync does): align the unsaved exceptions held in
        # memory before they are committed with the point.
        in_memory = getattr(self, "_cluster_related_objects", {}).get("exceptions", ())
        for exception in in_memory:
            exception.locale_id = self.locale_id
        # Wagtail's page copy gives the page's own children (the points) new translation keys
        # but not theirs: a copied point brings its exceptions with the keys of the original's,
        # which the original still holds in the same language. Those get keys of their own.
        if in_memory:
            taken = set(
                OpeningException.objects.filter(
                    locale_id=self.locale_id,
                    translation_key__in=[exception.translation_key for exception in in_memory],
                )
                .exclude(point_id=self.pk)
                .values_list("translation_key", flat=True)
            )
            for exception in in_memory:
                if exception.translation_key in taken:
                    exception.translation_key = uuid.uuid4()
        super().save(*args, **kwargs)

    @property
    def is_popup(self):
        return self.kind == self.Kind.POPUP

    @property
    def has_address(self):
        return bool(self.street_address) and not self.location_approximate

    @property
    def postal_line(self):
        return " ".join(part for part in (self.postal_code, self.post_office) if part)

    @property
    def address_line(self):
        """ "Fredrikinkatu 48, 00100 Helsinki", or the post office alone when only the place
        is known."""
        return ", ".join(part for part in (self.street_address, self.postal_line) if part)

    @property
    def accessibility_flags(self):
        """Labels of the accessibility features this point has."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ACCESSIBILITY_FLAGS
            if getattr(self, name)
        ]

    def route_planner_url(self):
        """A journey planner search for the address (a link the visitor chooses to follow);
        None when the exact address is not known."""
        if not self.has_address:
            return None
        return ROUTE_PLANNER_URL + "?" + urlencode({"api": "1", "destination": self.address_line})

    def clean(self):
        super().clean()
        errors = {}
        if self.latitude is not None and self.longitude is not None:
            inside = (
                FINLAND_BBOX["min_lat"] <= self.latitude <= FINLAND_BBOX["max_lat"]
                and FINLAND_BBOX["min_lon"] <= self.longitude <= FINLAND_BBOX["max_lon"]
            )
            if not inside:
                errors["latitude"] = _(
                    "The point %(lat)s, %(lon)s is outside Finland. Check "
                    "the coordinates (WGS84 decimal degrees)."
                ) % {"lat": self.latitude, "lon": self.longitude}
        if self.kind == self.Kind.POPUP and not (self.valid_from and self.valid_to):
            errors["valid_from"] = _("A pop-up point needs the dates it is valid.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date must not be before the start date.")
        if self.postal_code and not (len(self.postal_code) == 5 and self.postal_code.isdigit()):
            errors["postal_code"] = _("A Finnish postal code has five digits.")
        if not self.location_approximate:
            if not self.street_address:
                errors["street_address"] = _(
                    "Give the street address, or mark the location approximate."
                )
            if not self.postal_code and "postal_code" not in errors:
                errors["postal_code"] = _("Give the postal code, or mark the location approximate.")
        if errors:
            raise ValidationError(errors)


class OpeningHours(Orderable):
    """A weekly opening interval. Several per day are allowed; `closes` at or before `opens`
    means the interval runs over midnight into the next day."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    @property
    def over_midnight(self):
        return self.closes <= self.opens


class OpeningException(TranslatableMixin, Orderable):
    """Closed, or open at special hours, on a date range (holidays, training days, summer)."""

    point = ParentalKey(ServicePoint, on_delete=models.CASCADE, related_name="exceptions")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    closed = models.BooleanField(_("closed"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=150, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("closed")]),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("reason"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("exception")
        verbose_name_plural = _("exceptions")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )
        if not self.closed and not (self.opens and self.closes):
            raise ValidationError(
                {"opens": _("Give the special opening hours, or mark the exception closed.")}
            )
