"""Content Security Policy (strict for the public site, looser for the Wagtail admin),
cross-origin reads of the public API, and a database outage answered with 503 pages that keep what
an editor sent."""

import logging

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

ADMIN_DIRECTIVES = {
    # The Wagtail admin still uses inline scripts and styles (and blob: image previews).
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy on admin paths. The public site keeps
    the strict, nonce-only policy from settings."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS):
            parts.replace = {**ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts


# The public read API and its open data files may be read from any origin (a partner's page, a
# data portal); nothing else.
CORS_PATHS = ("/api/",)
CORS_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_MAX_AGE = 86400


class OpenDataCorsMiddleware:
    """Cross-origin reads of the public API (CORS, WHATWG Fetch): `Access-Control-Allow-Origin: *`
    on GET and HEAD answers under /api/, and preflight answers that allow GET and HEAD only.
    Never with credentials (a wildcard origin forbids them anyway; the API reads no cookie): a
    page elsewhere can read what anyone can, no more. Other methods get no CORS headers, so a
    browser refuses a cross-origin write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(CORS_PATHS):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return self.preflight(request)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        return response

    def preflight(self, request):
        response = HttpResponse(status=204)
        requested = request.META["HTTP_ACCESS_CONTROL_REQUEST_METHOD"].upper()
        if requested in ("GET", "HEAD"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
            # Conditional requests and the language preference are the headers a reader sends.
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
        response["Vary"] = "Origin, Access-Control-Request-Method"
        return response


class DatabaseUnavailableMiddleware:
    """A database that is restarting or unreachable answers 503, not 500, and loses nothing.

    - An admin form sent while the database is away (an editor's save) gets a page that says that
      nothing was saved and holds everything the form sent: "Save again" sends it once more,
      unchanged, when the database is back.
    - Every other request gets a short "try again in a moment" page with `Retry-After`.

    The pages need neither the database nor the cache. The next request after the database is
    back opens a new connection (CONN_HEALTH_CHECKS), so the application needs no restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        return outage_response(request, exception)


def is_outage(exception):
    return isinstance(exception, OperationalError | InterfaceError)


def outage_response(request, exception):
    """The 503 answer to a request the database failed: the form-kept page for an admin POST, a
    JSON `detail` for the API, else the "try again in a moment" page. Also the answer of the 500
    handler (kohtaamo.views.server_error) when the failure came from a middleware (loading the
    session or the user), which `process_exception` never sees."""
    logger.error(
        "Database unavailable during %s %s: %s",
        request.method,
        request.path,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
    )
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": "Palvelu on hetken tauolla, yritä hetken päästä uudelleen. / "
                "Tjänsten är tillfälligt otillgänglig, försök igen om en stund. / "
                "The service is briefly unavailable, try again in a moment."
            },
            status=503,
        )
    elif request.method == "POST" and request.path_info.startswith("/admin/"):
        fields = [(name, value) for name, values in request.POST.lists() for value in values]
        files = sorted({upload.name for upload in request.FILES.values()})
        body = loader.get_template("503_form_kept.html").render(
            {"action": request.get_full_path(), "fields": fields, "files": files}
        )
        response = HttpResponse(body, status=503)
    else:
        body = loader.get_template("503.html").render({"STATIC_URL": settings.STATIC_URL})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response
