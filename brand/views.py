"""The brand page's listing context and its downloads (single files, streamed ZIPs, lockups), and
the admin view of an Ohjaamo's lockups."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page

from brand import assets as asset_rules
from brand import lockups
from brand.access import is_brand_staff
from brand.forms import AssetFilterForm, LockupChoiceForm
from brand.models import SITE_LANGUAGES, BrandAsset
from brand.zipstream import stream_zip

PREVIEW_SPEC = "max-480x300"
LANGUAGE_NAMES = dict(settings.LANGUAGES)


# --- Listing ----------------------------------------------------------------------------------


def _previews(assets):
    """Preview renditions of the listed assets: one query for the images with their renditions
    (renditions missing so far are made once and then come with the query)."""
    ids = {asset.preview_image_id for asset in assets if asset.preview_image_id}
    if not ids:
        return {}
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions(PREVIEW_SPEC)
    return {image.pk: image for image in images}


def _file_card(page, asset, asset_file):
    source = asset_file.document or asset_file.image
    return {
        "label": asset_file.display_label,
        "extension": asset_file.extension,
        "size": source.file_size or None,
        "url": page.url + page.reverse_subpage("file_download", args=[asset.pk, asset_file.pk]),
    }


def asset_card(page, asset, previews, today=None):
    replacement = asset.current_replacement(today)
    preview = None
    image = previews.get(asset.preview_image_id)
    if image is not None and not asset.is_staff_only:
        rendition = image.get_rendition(PREVIEW_SPEC)
        preview = {"rendition": rendition, "alt": asset.preview_alt(image)}
    files = [_file_card(page, asset, asset_file) for asset_file in asset.files.all()]
    return {
        "id": asset.pk,
        "title": asset.display_title,
        "category": asset.get_category_display(),
        "language": asset.get_language_display(),
        "version": asset.version,
        "publish_date": asset.publish_date,
        "staff_only": asset.is_staff_only,
        "replacement": {
            "title": replacement.display_title,
            "version": replacement.version,
        }
        if replacement
        else None,
        "replaces_version": asset.replaces.version if asset.replaces_id else None,
        "usage_rules": asset.display_usage_rules,
        "preview": preview,
        "files": files,
        "download_url": page.url + page.reverse_subpage("asset_download", args=[asset.pk]),
        "download_is_zip": len(files) > 1,
    }


def _ohjaamo_choices(page):
    from locations.models import OhjaamoPage

    return list(
        OhjaamoPage.objects.live()
        .public()
        .filter(locale_id=page.locale_id)
        .order_by("title")
        .values_list("id", "title")
    )


def lockup_rows(translations, url_for):
    """One row per language: the name, the SVG and each PNG size (url_for(page, fmt, size))."""
    order = {code: i for i, code in enumerate(SITE_LANGUAGES)}
    rows = []
    for translation in sorted(
        translations, key=lambda p: order.get(p.locale.language_code, len(order))
    ):
        code = translation.locale.language_code
        try:
            name = lockups.clean_name(translation.title)
            error = None
        except lockups.LockupError as exc:
            name, error = translation.title, str(exc)
        rows.append(
            {
                "language": LANGUAGE_NAMES.get(code, code),
                "code": code,
                "name": name,
                "error": error,
                "svg_url": url_for(translation, "svg", None),
                "png": [
                    {
                        "size": size,
                        "label": lockups.size_label(size),
                        "url": url_for(translation, "png", size),
                    }
                    for size in lockups.PNG_SIZES
                ],
            }
        )
    return rows


def _public_lockup_url(brand_page):
    def url_for(ohjaamo, fmt, size):
        args = [ohjaamo.pk, fmt] + ([size] if size else [])
        route = brand_page.reverse_subpage("lockup_download", args=args)
        return brand_page.url + route

    return url_for


def lockup_context(page, request):
    from locations.models import OhjaamoPage

    choices = _ohjaamo_choices(page)
    data = request.GET if "ohjaamo" in request.GET else None
    form = LockupChoiceForm(data, ohjaamo_choices=choices, prefix=None)
    rows, chosen = [], None
    if data is not None and form.is_valid():
        chosen = OhjaamoPage.objects.live().public().get(pk=form.cleaned_data["ohjaamo"])
        translations = (
            chosen.get_translations(inclusive=True).live().public().select_related("locale")
        )
        rows = lockup_rows(translations, _public_lockup_url(page))
    return {"lockup_form": form, "lockup_rows": rows, "lockup_ohjaamo": chosen}


def brand_page_context(page, request):
    form = AssetFilterForm(request.GET if request.GET else None)
    filters = form.filters()
    assets = asset_rules.listing(
        request.user,
        category=filters.get("category"),
        language=filters.get("language"),
        include_outdated=filters.get("outdated", False),
    )
    paginator = Paginator(assets, page.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    listed = list(page_obj.object_list)
    previews = _previews(listed)
    today = timezone.localdate()
    zip_query = {key: filters[key] for key in ("category", "language") if key in filters}
    zip_url = None
    if paginator.count and zip_query:
        zip_url = page.url + page.reverse_subpage("zip_download") + "?" + urlencode(zip_query)
    return {
        "filter_form": form,
        "filters_active": bool(filters),
        "page_obj": page_obj,
        "asset_cards": [asset_card(page, asset, previews, today) for asset in listed],
        "zip_url": zip_url,
        "zip_label": _zip_label(filters),
        "is_staff": is_brand_staff(request.user),
        "guideline_pages": list(page.get_children().live().public().specific()),
        **lockup_context(page, request),
    }


def _zip_label(filters):
    parts = []
    if filters.get("category"):
        parts.append(str(BrandAsset.Category(filters["category"]).label))
    if filters.get("language"):
        parts.append(LANGUAGE_NAMES.get(filters["language"], filters["language"]))
    return ", ".join(parts)


# --- Downloads --------------------------------------------------------------------------------


def _refuse(request):
    """Staff-only material asked for by someone who is not staff: the login page for anonymous
    visitors (staff who are logged out), 403 for other logged-in users."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    raise PermissionDenied


def _downloadable_asset(request, asset_id):
    """The published asset, or None when it is staff-only and the user is not staff."""
    asset = get_object_or_404(BrandAsset.objects.published().prefetch_related("files"), pk=asset_id)
    if asset.is_staff_only and not is_brand_staff(request.user):
        return asset, False
    return asset, True


def _cache_control(response, asset):
    response["Cache-Control"] = (
        "private, no-store" if asset.is_staff_only else "public, max-age=600"
    )
    return response


def _file_response(request, asset, asset_file):
    if not asset_rules.file_allowed(request, asset_file):
        return _refuse(request)
    if asset_file.document_id:
        document = asset_file.document
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.filename,
            content_type=document.content_type,
        )
    else:
        image = asset_file.image
        response = FileResponse(image.file.open("rb"), as_attachment=True, filename=image.filename)
    response["Content-Security-Policy"] = "default-src 'none'"
    return _cache_control(response, asset)


def _zip_response(entries, filename, staff_only):
    """A ZIP streamed while it is built. Never stored by shared caches: what a ZIP holds depends
    on who asks."""

    def opener(asset_file):
        return lambda: asset_file.file.open("rb")

    response = StreamingHttpResponse(
        stream_zip(
            (name, opener(asset_file), asset_rules.changed_at(asset_file))
            for name, asset_file in entries
        ),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if staff_only else "private, max-age=600"
    return response


def download_file(page, request, asset_id, file_id):
    asset, allowed = _downloadable_asset(request, asset_id)
    if not allowed:
        return _refuse(request)
    asset_file = next((f for f in asset.files.all() if f.pk == file_id), None)
    if asset_file is None:
        raise Http404
    return _file_response(request, asset, asset_file)


def download_asset(page, request, asset_id):
    """One click: the file itself, or a ZIP of the asset's files when it has several."""
    asset, allowed = _downloadable_asset(request, asset_id)
    if not allowed:
        return _refuse(request)
    files = list(asset.files.all())
    if not files:
        raise Http404
    if len(files) == 1:
        return _file_response(request, asset, files[0])
    if not all(asset_rules.file_allowed(request, f) for f in files):
        return _refuse(request)
    filename = f"{slugify(asset.title) or 'ohjaamo'}-{slugify(asset.version)}.zip"
    return _zip_response(asset_rules.zip_entries([asset]), filename, asset.is_staff_only)


def download_zip(page, request):
    """The current assets of the filter (category and/or language) the user may see, as one
    streamed ZIP."""
    form = AssetFilterForm(request.GET)
    if not form.is_valid():
        context = page.get_context(request)
        return TemplateResponse(request, page.get_template(request), context, status=400)
    filters = form.filters()
    assets = list(
        asset_rules.listing(
            request.user, category=filters.get("category"), language=filters.get("language")
        )
    )
    collections = {}

    def allowed(asset_file):
        document = asset_file.document
        if document is None:
            return True
        if document.collection_id not in collections:
            collections[document.collection_id] = asset_rules.file_allowed(request, asset_file)
        return collections[document.collection_id]

    entries = [
        (name, asset_file)
        for name, asset_file in asset_rules.zip_entries(assets)
        if allowed(asset_file)
    ]
    if not entries:
        raise Http404
    name_parts = ["ohjaamo"] + [filters[key] for key in ("category", "language") if key in filters]
    staff_only = any(asset.is_staff_only for asset in assets)
    return _zip_response(entries, "-".join(name_parts) + ".zip", staff_only)


def _lockup_response(ohjaamo, fmt, size):
    data, content_type, filename = lockups.get_lockup(ohjaamo.title, fmt, size)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def download_lockup(page, request, page_id, fmt, size):
    from locations.models import OhjaamoPage

    ohjaamo = get_object_or_404(OhjaamoPage.objects.live().public(), pk=page_id)
    if fmt == "png" and size is None or fmt == "svg" and size is not None:
        raise Http404
    try:
        return _lockup_response(ohjaamo, fmt, size)
    except lockups.LockupError as exc:
        context = page.get_context(request)
        context["lockup_error"] = str(exc)
        return TemplateResponse(request, page.get_template(request), context, status=400)


# --- Admin ------------------------------------------------------------------------------------


def _editable_ohjaamo(request, page_id):
    from locations.models import OhjaamoPage

    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, OhjaamoPage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def admin_lockups(request, page_id):
    from django.urls import reverse

    page = _editable_ohjaamo(request, page_id)

    def url_for(translation, fmt, size):
        args = [translation.pk, fmt] + ([size] if size else [])
        return reverse("brand_admin_lockup_download", args=args)

    translations = page.get_translations(inclusive=True).select_related("locale")
    return TemplateResponse(
        request,
        "brand/admin/lockups.html",
        {
            "page": page,
            "rows": lockup_rows(translations, url_for),
            "header_title": _("Logo lockups: %(title)s") % {"title": page.title},
        },
    )


def admin_lockup_download(request, page_id, fmt, size=None):
    from django.contrib import messages

    page = _editable_ohjaamo(request, page_id)
    try:
        return _lockup_response(page, fmt, size)
    except lockups.LockupError as exc:
        messages.error(request, str(exc))
        return redirect("brand_admin_lockups", page_id=page_id)
