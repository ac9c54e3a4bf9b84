from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import urls as accounts_urls
from kohtaamo import admin_i18n, views
from kohtaamo.api import api
from locations import admin_scoping, embed, municipalities
from search import views as search_views

# Where the accessibility statement's feedback form posts (kohtaamo/feedback.py).
FEEDBACK_PATH = pgettext_lazy("URL path", "accessibility-feedback/")

urlpatterns = [
    # The admin login with its second step, ahead of Wagtail's admin (accounts/urls.py).
    path("", include(accounts_urls)),
    # Admin views scoped to local teams, at Wagtail's addresses (locations/admin_scoping.py).
    path("admin/", include(admin_scoping.override_urlpatterns)),
    # The admin's JavaScript catalogues with the project's fi/sv strings over upstream's
    # (kohtaamo/upstream_locale), at the addresses Wagtail and wagtail-localize load them from.
    path("admin/jsi18n/", admin_i18n.wagtailadmin_catalogue),
    path("admin/localize/jsi18n/", admin_i18n.wagtail_localize_catalogue),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("embed.js", embed.loader_script, name="embed_loader"),
    # The static finder's data (locations/municipalities.py), the same in the app and the export.
    path("finder-data/gazetteer.json", municipalities.gazetteer_json, name="finder_gazetteer"),
    path(
        "finder-data/points.<str:language>.json",
        municipalities.points_json,
        name="finder_points",
    ),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            views.serve_media,
        )
    )

urlpatterns += i18n_patterns(
    path(pgettext_lazy("URL path", "search/"), search_views.search, name="search"),
    path(embed.EMBED_PATH, embed.embed_finder, name="embed_finder"),
    path(FEEDBACK_PATH, views.accessibility_feedback, name="accessibility_feedback"),
    # Wagtail's page serving comes last: it matches every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "kohtaamo.views.page_not_found"
handler500 = "kohtaamo.views.server_error"
