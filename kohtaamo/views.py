import posixpath
import sys
from urllib.parse import quote

from django.conf import settings
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_static

from kohtaamo import middleware, page_cache, sitemaps
from kohtaamo.apierrors import api_language
from kohtaamo.models import AccessibilityStatementPage

API_PREFIX = "/api/"


@csrf_exempt
def accessibility_feedback(request):
    """Where the accessibility statement's feedback form posts, in the request's language: the
    statement page answers it (kohtaamo/feedback.py). Exempt from the CSRF token, so the public
    page carries no per-visitor secret; feedback.handle refuses posts from other sites by their
    origin instead. A GET (a reload, a bookmark) goes to the statement page."""
    page = (
        AccessibilityStatementPage.objects.live()
        .public()
        .filter(locale__language_code=translation.get_language())
        .order_by("path")
        .first()
    )
    if page is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseRedirect(page.get_url(request) + "#feedback")
    response = page.serve(request)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def sitemap(request):
    page_cache.cacheable(request)
    return sitemaps.response(request)


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*?*q=",  # search result pages
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    """The 404 page in the language of the requested path (LocaleMiddleware has set it); its
    language switcher leads to the home pages (chrome.language_homes). Under /api/ the public
    API's JSON error instead, in the request's language (`lang` or Accept-Language)."""
    if request.path_info.startswith(API_PREFIX):
        with translation.override(api_language(request)):
            detail = _("No such address in the API: %(path)s") % {"path": request.path[:200]}
        return JsonResponse({"detail": detail}, status=404)
    template = loader.get_template("404.html")
    context = {"request_path": quote(request.path)}
    return HttpResponseNotFound(template.render(context, request))


def server_error(request):
    """A 500 page that needs no database, no context processors and no translations lookups that
    could fail again: rendered from a self-contained template. The API answers JSON.

    A database outage met outside a view (a middleware loading the session or the user, or saving
    the session) arrives here too: it gets the same 503 as one met in a view."""
    exception = sys.exc_info()[1]
    if middleware.is_outage(exception):
        return middleware.outage_response(request, exception)
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": "Palvelussa tapahtui virhe. / Ett fel uppstod. / Something went wrong."},
            status=500,
        )
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"STATIC_URL": settings.STATIC_URL}))


def serve_media(request, path):
    """Media files in development (`SERVE_MEDIA`), as the production web server serves them:
    images only. Documents go through Wagtail's serve view (`/documents/…`), which checks who may
    open them (staff-only brand material, private pages' files), never from their storage path."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised == "documents" or normalised.startswith("documents/"):
        raise Http404
    return serve_static(request, path, document_root=settings.MEDIA_ROOT)
