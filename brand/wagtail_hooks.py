"""Admin and serving hooks of the brand app: the asset bank in the admin (national team only,
through the brand app's model permissions), the guard on staff-only documents, and the logo
lockups of an Ohjaamo page (a header button for those who may edit the page)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from brand import views
from brand.forms import BrandAssetAdminForm
from brand.models import BrandAsset


class BrandAssetViewSet(SnippetViewSet):
    model = BrandAsset
    icon = "image"
    menu_label = _("Brand material")
    menu_name = "brand-assets"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "category", "language", "version", "audience", "publish_date"]
    list_filter = ["category", "language", "audience"]
    search_fields = ["title", "title_sv", "title_en"]
    ordering = ["category", "title", "-publish_date"]
    edit_handler = ObjectList(BrandAsset.panels, base_form_class=BrandAssetAdminForm)


register_snippet(BrandAssetViewSet)


@hooks.register("before_serve_document")
def refuse_staff_only_documents(document, request):
    """Documents of staff-only brand assets are served to staff only, whatever their
    collection."""
    from brand.access import is_brand_staff
    from brand.assets import document_is_staff_only

    if is_brand_staff(request.user) or not document_is_staff_only(document):
        return None
    return views._refuse(request)


@hooks.register("register_admin_urls")
def brand_admin_urls():
    return [
        path("brand/lockups/<int:page_id>/", views.admin_lockups, name="brand_admin_lockups"),
        path(
            "brand/lockups/<int:page_id>/<str:fmt>/",
            views.admin_lockup_download,
            name="brand_admin_lockup_download",
        ),
        path(
            "brand/lockups/<int:page_id>/<str:fmt>/<str:size>/",
            views.admin_lockup_download,
            name="brand_admin_lockup_download",
        ),
    ]


@hooks.register("register_page_header_buttons")
def lockup_button(page, user, view_name, next_url=None):
    """ "Logo lockups" on an Ohjaamo page's header, for users who may edit the page."""
    from locations.models import OhjaamoPage

    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, OhjaamoPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Logo lockups"),
        reverse("brand_admin_lockups", args=[page.pk]),
        icon_name="image",
        priority=80,
    )
