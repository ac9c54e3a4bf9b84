import posixpath
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve as serve_static
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from kohtaamo.sitemaps import AllLanguagesSitemap


@require_safe
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": AllLanguagesSitemap(request)})


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
    language switcher leads to the home pages (chrome.language_homes)."""
    template = loader.get_template("404.html")
    context = {"request_path": quote(request.path)}
    return HttpResponseNotFound(template.render(context, request))


def server_error(request):
    """A 500 page that needs no database, no context processors and no translations lookups that
    could fail again: rendered from a self-contained template."""
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
