"""The embeddable finder: a small page partners put on their own sites (municipalities, schools,
TE services, youth organisations) in an iframe, drawn by a one-line script.

- `/upotus/` (`/sv/inbaddning/`, `/en/embed/`): a plain page with a GET form (postal code or
  town, "use my location"), the nearest points with open-now state and distance, and a link to
  the full finder. It works without JavaScript, sets no cookie, loads nothing from another host
  (it has no map), and is the only route other sites may frame (`frame-ancestors *`; every other
  response keeps `frame-ancestors 'self'` and `X-Frame-Options: DENY`).
- `/embed.js`: the loader. `<script src="https://…/embed.js" data-lang="sv" async></script>`
  puts the iframe after itself and sizes it to its content from the page's postMessage.
- Options (query parameters of the page, `data-*` attributes of the script): `municipality` (a
  municipality code: its Ohjaamo first, the search starts from there), `region` (a region code:
  only its points), `service` (repeatable: only Ohjaamos offering each), `theme` (one of the
  brand-approved themes, brand/themes.py). Options that do not exist answer 400 with a message
  naming them, for the partner setting it up.
- The admin's generator (national team and local teams) chooses the options, shows the snippet
  and a live preview; every Ohjaamo page's header offers the generator preset for it.

The search calls `locations.geo` (`resolve_place`, `nearest`, `live_points`) like the finder page.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page, Site

from brand import themes
from locations import geo
from locations.forms import FinderForm
from locations.hours import HELSINKI, Schedule
from locations.models import FinderPage, Municipality, OhjaamoPage, Region, Service
from locations.views import PointCard, _Urls

# The embed page's path in each language (i18n_patterns in kohtaamo/urls.py).
EMBED_PATH = pgettext_lazy("URL path", "embed/")
LANGUAGES = ("fi", "sv", "en")
# How many points a search shows, and at most how many points of a fixed region are listed.
EMBED_LIMIT = 5
REGION_LIST_LIMIT = 20
# With a fixed region the search asks for more and keeps the region's.
REGION_SEARCH_LIMIT = 50
HEIGHT_MESSAGE = "kohtaamo-embed:height"


@dataclass
class Options:
    """What the partner fixed for their embed."""

    municipality: Municipality | None = None
    region: Region | None = None
    services: list = field(default_factory=list)
    theme: str = themes.DEFAULT_THEME

    def params(self):
        """The options as query parameters, in a fixed order (empty ones left out)."""
        params = []
        if self.municipality:
            params.append(("municipality", self.municipality.code))
        if self.region:
            params.append(("region", self.region.code))
        params += [("service", code) for code in self.services]
        if self.theme != themes.DEFAULT_THEME:
            params.append(("theme", self.theme))
        return params


def read_options(query, locale, site):
    """(Options, [error messages]) from query parameters."""
    options, errors = Options(), []
    municipality = (query.get("municipality") or "").strip()
    region = (query.get("region") or "").strip()
    if municipality and region:
        errors.append(_("Give either a municipality or a region, not both."))
    if municipality:
        options.municipality = (
            Municipality.objects.select_related("region").filter(code=municipality).first()
        )
        if options.municipality is None:
            errors.append(
                _("There is no municipality with the code “%(code)s”.") % {"code": municipality}
            )
    if region:
        options.region = Region.objects.filter(code=region).first()
        if options.region is None:
            errors.append(_("There is no region with the code “%(code)s”.") % {"code": region})
    codes = []
    for value in query.getlist("service"):
        codes += [code.strip() for code in value.split(",") if code.strip()]
    if codes:
        known = set(Service.objects.filter(locale=locale).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors.append(_("Unknown service: %(codes)s.") % {"codes": ", ".join(unknown)})
        options.services = [code for code in dict.fromkeys(codes) if code in known]
    theme = (query.get("theme") or "").strip()
    if theme:
        if theme in themes.themes_for_site(site):
            options.theme = theme
        else:
            errors.append(
                _("There is no colour theme “%(theme)s”. Choose one of: %(themes)s.")
                % {
                    "theme": theme,
                    "themes": ", ".join(themes.themes_for_site(site)),
                }
            )
    return options, errors


def _language():
    return (translation.get_language() or "fi").split("-")[0]


def _finder(locale):
    return FinderPage.objects.live().public().filter(locale=locale).first()


def embed_url(language, params=(), base=""):
    """The embed page of `language` with the options `params`."""
    with translation.override(language):
        url = base + reverse("embed_finder")
    return url + ("?" + urlencode(list(params)) if params else "")


def _site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def embed_context(request):
    """Everything the embed page shows; (context, status)."""
    language = _language()
    locale = Locale.objects.get(language_code=language)
    site = _site(request)
    options, option_errors = read_options(request.GET, locale, site)
    finder = _finder(locale)
    urls = _Urls(request)
    now = timezone.now()
    today = now.astimezone(HELSINKI).date()
    context = {
        "options": options,
        "option_errors": option_errors,
        "hidden_options": options.params(),
        "theme_css": themes.themes_for_site(site).get(options.theme, ""),
        "finder_url": finder.get_url(request) if finder else "",
        "height_message": HEIGHT_MESSAGE,
        "results": [],
        "searched": False,
    }
    if option_errors:
        return context, 400

    form = FinderForm(
        {key: request.GET[key] for key in ("q", "lat", "lon") if key in request.GET} or None
    )
    query, position = "", None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data.get("q") or ""
        if form.cleaned_data.get("lat") is not None:
            position = (form.cleaned_data["lat"], form.cleaned_data["lon"])
    context.update({"form": form, "query": query})

    origin, not_found = None, None
    if query:
        try:
            origin = geo.resolve_place(query)
        except geo.PlaceNotFound as error:
            not_found = {
                "query": error.query,
                "suggestions": [
                    {"label": s, "query": "?" + urlencode([*options.params(), ("q", s)])}
                    for s in error.suggestions
                ],
            }
    elif position is not None:
        origin = geo.origin_from_position(*position)
    elif options.municipality is not None:
        origin = geo.Origin(
            latitude=options.municipality.latitude,
            longitude=options.municipality.longitude,
            label=options.municipality.name_for(language),
            kind="municipality",
            municipality=options.municipality,
        )

    def card(point, result=None):
        return PointCard(
            point,
            point.page,
            urls(point.page),
            Schedule(point).status(now),
            language,
            distance_km=result.distance_km if result else None,
            serves=result.serves if result else False,
        )

    cards, more = [], 0
    if origin is not None:
        limit = REGION_SEARCH_LIMIT if options.region else EMBED_LIMIT
        results = geo.nearest(
            origin, limit=limit, locale=locale, services=options.services, today=today
        )
        if options.region:
            results = [r for r in results if r.point.municipality.region_id == options.region.code]
        cards = [card(r.point, r) for r in results[:EMBED_LIMIT]]
    elif options.region is not None:
        points = [
            p
            for p in geo.live_points(locale, services=options.services, today=today)
            if p.municipality.region_id == options.region.code
        ]
        cards = [card(p) for p in points[:REGION_LIST_LIMIT]]
        more = max(0, len(points) - REGION_LIST_LIMIT)

    full = context["finder_url"]
    if full and (query or origin is not None and origin.kind != "position"):
        full += "?" + urlencode([("q", query or origin.label)])
    context.update(
        {
            "origin": origin,
            "searched": origin is not None,
            "searched_by_visitor": bool(query or position),
            "origin_is_position": origin is not None and origin.kind == "position",
            "region_name": options.region.name_for(language) if options.region else "",
            "not_found": not_found,
            "results": cards,
            "more": more,
            "full_url": full,
        }
    )
    return context, 200


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_finder(request):
    """The embed page. Framed by any site; no cookie is read or set."""
    context, status = embed_context(request)
    response = TemplateResponse(request, "locations/embed.html", context, status=status)
    if "lat" in request.GET or "lon" in request.GET:
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = (
            "public, max-age=300" if not request.GET else "private, max-age=60"
        )
    return response


@require_safe
def loader_script(request):
    """/embed.js: draws the embed page in an iframe after the script element."""
    paths, titles = {}, _titles()
    for language in LANGUAGES:
        with translation.override(language):
            paths[language] = reverse("embed_finder")
    body = LOADER.replace("__PATHS__", json.dumps(paths)).replace(
        "__TITLES__", json.dumps(titles, ensure_ascii=True)
    )
    body = body.replace("__MESSAGE__", json.dumps(HEIGHT_MESSAGE))
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


EMBED_TITLE = gettext_lazy("Find your nearest Ohjaamo")

LOADER = """/* Ohjaamo finder for other sites: draws the finder in an iframe after this script
   element and keeps the iframe as tall as its content. Options: data-lang (fi, sv, en),
   data-municipality, data-region, data-services (comma-separated), data-theme. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || script.getAttribute("data-kohtaamo-drawn")) return;
  script.setAttribute("data-kohtaamo-drawn", "1");
  var paths = __PATHS__;
  var titles = __TITLES__;
  var origin = new URL(script.src, document.baseURI).origin;
  var lang = script.getAttribute("data-lang");
  if (!paths.hasOwnProperty(lang)) lang = "fi";
  var params = new URLSearchParams();
  ["municipality", "region", "theme"].forEach(function (name) {
    var value = script.getAttribute("data-" + name);
    if (value) params.set(name, value);
  });
  (script.getAttribute("data-services") || "").split(",").forEach(function (code) {
    if (code.trim()) params.append("service", code.trim());
  });
  var query = params.toString();
  var frame = document.createElement("iframe");
  frame.src = origin + paths[lang] + (query ? "?" + query : "");
  frame.title = titles[lang];
  frame.setAttribute("allow", "geolocation");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.style.cssText = "display:block;width:100%;max-width:48rem;height:30rem;border:0;";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== __MESSAGE__) return;
    var height = Math.ceil(Number(data.height));
    if (height > 0 && height < 20000) frame.style.height = height + "px";
  });
})();
"""


def snippet(base, language, params):
    """The one-line snippet for the options `params` ([(name, value)])."""
    attributes = [("data-lang", language)]
    services = [value for name, value in params if name == "service"]
    for name, value in params:
        if name != "service":
            attributes.append((f"data-{name}", value))
    if services:
        attributes.append(("data-services", ",".join(services)))
    text = " ".join(f'{name}="{value}"' for name, value in attributes)
    return f'<script src="{base}{reverse("embed_loader")}" {text} async></script>'


def _titles():
    titles = {}
    for language in LANGUAGES:
        with translation.override(language):
            titles[language] = str(EMBED_TITLE)
    return titles


def iframe_snippet(base, language, params):
    """The same without JavaScript on the partner's page: a fixed-height iframe."""
    title = _titles()[language]
    url = embed_url(language, params, base)
    return (
        f'<iframe src="{url}" title="{title}" allow="geolocation" '
        f'style="width:100%;max-width:48rem;height:40rem;border:0"></iframe>'
    )


# --- The admin's generator ------------------------------------------------------------------------


class GeneratorForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
        initial="fi",
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.order_by("name_fi"),
        required=False,
        to_field_name="code",
        help_text=gettext_lazy(
            "Its Ohjaamo comes first, and the finder shows the nearest points from there."
        ),
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.order_by("name_fi"),
        required=False,
        to_field_name="code",
        help_text=gettext_lazy("Only the points of this region are shown."),
    )
    services = forms.MultipleChoiceField(
        label=gettext_lazy("Services"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only Ohjaamos offering every chosen service are shown."),
    )
    theme = forms.ChoiceField(label=gettext_lazy("Colour theme"), widget=forms.RadioSelect)

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = list(
            Service.objects.filter(locale__language_code="fi")
            .order_by("sort_order", "name")
            .values_list("code", "name")
        )
        self.fields["theme"].choices = themes.choices(site)
        self.fields["theme"].initial = themes.DEFAULT_THEME

    def clean(self):
        data = super().clean()
        if data.get("municipality") and data.get("region"):
            self.add_error("region", _("Give either a municipality or a region, not both."))
        return data

    def params(self):
        data = self.cleaned_data
        params = []
        if data.get("municipality"):
            params.append(("municipality", data["municipality"].code))
        if data.get("region"):
            params.append(("region", data["region"].code))
        params += [("service", code) for code in data.get("services") or ()]
        if data.get("theme") and data["theme"] != themes.DEFAULT_THEME:
            params.append(("theme", data["theme"]))
        return params


def _preset_for_page(page_id, user):
    """The generator's options for an Ohjaamo page: its language and the municipality of its
    main point (else the first it serves)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, OhjaamoPage):
        raise Http404
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    point = page.points.order_by("sort_order").select_related("municipality").first()
    municipality = point.municipality if point else page.municipalities.first()
    return page, {
        "language": page.locale.language_code,
        "municipality": municipality.code if municipality else "",
        "theme": themes.DEFAULT_THEME,
    }


def generator_view(request):
    """Admin: choose the options, copy the snippet, see the finder as it will look."""
    site = _site(request)
    page = None
    if "page" in request.GET:
        try:
            page_id = int(request.GET["page"])
        except ValueError:
            raise Http404 from None
        page, initial = _preset_for_page(page_id, request.user)
        form = GeneratorForm(initial, site=site)
    elif request.GET:
        form = GeneratorForm(request.GET, site=site)
    else:
        form = GeneratorForm(
            {"language": _admin_language(), "theme": themes.DEFAULT_THEME}, site=site
        )
    # The admin runs in the same application as the public site: its origin serves /embed.js.
    base = request.build_absolute_uri("/").rstrip("/")
    context = {"form": form, "page": page, "header_title": _("Embed the Ohjaamo finder")}
    if form.is_valid():
        language, params = form.cleaned_data["language"], form.params()
        context.update(
            {
                "snippet": snippet(base, language, params),
                "iframe_snippet": iframe_snippet(base, language, params),
                "preview_url": embed_url(language, params),
                "config": {
                    "base": base,
                    "loader": reverse("embed_loader"),
                    "paths": {code: embed_url(code) for code in LANGUAGES},
                    "titles": _titles(),
                },
            }
        )
    status = 200 if form.is_valid() else 400
    return TemplateResponse(request, "locations/admin/embed_generator.html", context, status=status)


def _admin_language():
    language = _language()
    return language if language in LANGUAGES else "fi"
