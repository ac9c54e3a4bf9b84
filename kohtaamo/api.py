"""The public, read-only API (headless): one NinjaAPI with an OpenAPI schema at /api/openapi.json
and interactive docs at /api/docs/. Each app defines its routers in `<app>/api.py`; they are added
here. Only live, public content in the requested language is ever returned.

Errors are handled here, once, for every router (a new endpoint inherits them): each answer that is
not the documented result is a JSON `{"detail": "…"}` in the request's language
(kohtaamo.apierrors.api_language) —

- 422 for a parameter that does not fit its declared type or range, naming the parameter;
- 400/404 raised by the endpoints themselves (`HttpError`), already in that language, since the
  endpoint runs with the language active;
- 404 for an unknown path under /api/ (kohtaamo.views.page_not_found);
- 503 with `Retry-After` while the database is away (restarting or unreachable);
- 500, logged, if an endpoint fails anyway: never an HTML page or a traceback.

Every operation's schema lists the error answers it may give, with the shared error schema.
"""

import functools
import logging

from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from kohtaamo.apierrors import ErrorOut, api_language

logger = logging.getLogger("kohtaamo.api")

# The statuses the shared handlers may give for any operation, documented on every one.
SHARED_ERRORS = {
    "422": "A parameter is missing, malformed or out of range (`detail` names it)",
    "500": "An unexpected error (logged); `detail` says so",
    "503": "The database is briefly unavailable (restarting); try again after `Retry-After`",
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: an unknown filter value or a combination that cannot be answered "
    "(`detail` names it)",
    "404": "Not found (`detail` says what)",
}


def _field(error):
    loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
    return ".".join(loc) or _("the request")


def _message(error):
    """One pydantic error as a sentence in the active language, naming the parameter."""
    field = _field(error)
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("%(field)s is required.") % {"field": field}
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return _("%(field)s must be one of: %(choices)s.") % {"field": field, "choices": expected}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("%(field)s must be a whole number.") % {"field": field}
    if kind in ("float_parsing", "float_type"):
        return _("%(field)s must be a number.") % {"field": field}
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return _("%(field)s must be at least %(limit)s.") % {"field": field, "limit": limit}
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return _("%(field)s must be at most %(limit)s.") % {"field": field, "limit": limit}
    if kind == "string_too_long":
        return _("%(field)s must be at most %(limit)s characters.") % {
            "field": field,
            "limit": ctx.get("max_length"),
        }
    if kind == "string_too_short":
        return _("%(field)s must be at least %(limit)s characters.") % {
            "field": field,
            "limit": ctx.get("min_length"),
        }
    return _("%(field)s is not valid.") % {"field": field}


# OpenAPI links from a listing to its items (clients and the stateful contract test follow them):
# (listing path, item path, item path parameter).
ITEM_LINKS = [
    ("/api/news/", "/api/news/{news_id}/", "news_id"),
    ("/api/publications/", "/api/publications/{publication_id}/", "publication_id"),
]


def _add_links(schema):
    paths = schema["paths"]
    for listing, item, parameter in ITEM_LINKS:
        if listing not in paths or item not in paths:
            continue
        target = paths[item]["get"]
        response = paths[listing]["get"]["responses"].get("200")
        if response is None:
            continue
        response.setdefault("links", {})["item"] = {
            "operationId": target["operationId"],
            "parameters": {
                parameter: "$response.body#/items/0/id",
                "lang": "$response.body#/items/0/lang",
            },
            "description": "The first item of the page, in the same language",
        }


class KohtaamoAPI(NinjaAPI):
    """NinjaAPI with the site's error contract (see the module docstring)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                operation["responses"] = {
                    str(status): response for status, response in operation["responses"].items()
                }
        _add_links(schema)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorOut", ErrorOut.model_json_schema())
        error_ref = {"$ref": "#/components/schemas/ErrorOut"}
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in SHARED_ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": error_ref}},
                        },
                    )
                for status, description in ERROR_DESCRIPTIONS.items():
                    if status in responses:
                        responses[status]["description"] = description
        return schema


api = KohtaamoAPI(
    title="Kohtaamo public API",
    version="1.0",
    description=(
        "Read-only access to the Ohjaamo network's public content: service points, news and "
        "publications. Every endpoint answers in the language given by `lang` (fi, sv, en; "
        "default fi) and returns live, public items only. Any site may read it from the browser "
        "(CORS: GET and HEAD from every origin, without credentials).\n\n"
        "**Open data.** Every Ohjaamo service point, with its names in Finnish, Swedish and "
        "English, address, coordinates, services, languages served and opening hours, is also "
        "published as files under the Creative Commons Attribution 4.0 licence (CC BY 4.0, "
        "https://creativecommons.org/licenses/by/4.0/; attribute “Ohjaamo network, "
        "KEHA-keskus”):\n\n"
        "- GeoJSON: [/api/locations/open-data/points.geojson]"
        "(/api/locations/open-data/points.geojson) (schema.org OpeningHoursSpecification and "
        "OpenStreetMap opening_hours in the properties)\n"
        "- CSV: [/api/locations/open-data/points.csv](/api/locations/open-data/points.csv) "
        "(OpenStreetMap opening_hours syntax)\n\n"
        "Each point keeps its `id` across languages, edits and imports. Both files send `ETag` "
        "and `Last-Modified`; ask with `If-None-Match` or `If-Modified-Since` to get 304 when "
        "nothing has changed.\n\n"
        'Errors: every answer other than the documented result is JSON `{"detail": "…"}` in '
        "the requested language (`lang`, or the Accept-Language header when `lang` is missing "
        "or not one of fi, sv, en): 400 for an unknown filter value (named), 404 for an unknown "
        "item, page or path, 422 for a malformed or out-of-range parameter (named)."
    ),
    urls_namespace="kohtaamo_api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


def _in_request_language(view):
    """Runs the endpoint with the request's language active, so that its messages are in it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(api_language(request)):
            return view(request, *args, **kwargs)

    return wrapper


api.add_decorator(_in_request_language, mode="view")


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    with translation.override(api_language(request)):
        messages = list(dict.fromkeys(_message(error) for error in exc.errors))
    return api.create_response(request, {"detail": " ".join(messages)}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected_error(request, exc):
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable during %s %s: %s", request.method, request.path, exc)
        with translation.override(api_language(request)):
            detail = _("The service is briefly unavailable. Please try again in a moment.")
        response = api.create_response(request, {"detail": detail}, status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    logger.exception("API error at %s", request.path)
    with translation.override(api_language(request)):
        detail = _("Something went wrong on our side. Please try again later.")
    return api.create_response(request, {"detail": detail}, status=500)


from locations.api import router as locations_router  # noqa: E402
from news.api import router as news_router  # noqa: E402  (routers are added after the API exists)
from search.api import router as search_router  # noqa: E402

api.add_router("", news_router)
api.add_router("/locations/", locations_router)
api.add_router("/search/", search_router)
