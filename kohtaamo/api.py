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
        "default fi) and returns live, public items only."
    ),
    urls_namespace="kohtaamo_api",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)

from locations.api import router as locations_router  # noqa: E402
from news.api import router as news_router  # noqa: E402  (routers are added after the API exists)

api.add_router("", news_router)
api.add_router("/locations/", locations_router)
