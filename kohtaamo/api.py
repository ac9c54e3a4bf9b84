"""The public, read-only API (headless): one NinjaAPI with an OpenAPI schema at /api/openapi.json
and interactive docs at /api/docs/. Each app defines its routers in `<app>/api.py`; they are added
here. Only live, public content in the requested language is ever returned."""

from ninja import NinjaAPI

api = NinjaAPI(
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
        "nothing has changed."
    ),
    urls_namespace="kohtaamo_api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)

from locations.api import router as locations_router  # noqa: E402
from news.api import router as news_router  # noqa: E402  (routers are added after the API exists)

api.add_router("", news_router)
api.add_router("/locations/", locations_router)
