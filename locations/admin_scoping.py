"""What a local team sees of the rest of the admin: their own team's pages and files, public
shared material, and of other teams nothing that is not public.

- **Files in the admin API** (`/admin/api/main/images/`, `/documents/`): Wagtail lists every file
  of every collection the visitor may view (a login-restricted collection passes for anyone
  logged in). A local team sees the files of the collections it holds permissions on (its own)
  and the public shared brand material (brand.assets.PUBLIC_COLLECTION and below); not other
  teams' files, nor the staff-only brand collection.
- **Pages**: another team's page is shown to a local team member only as the public knows it: not
  at all while it is unpublished, and not while its title has an unpublished change (the admin
  shows draft titles). `hidden_pages_q(user)` describes those pages; the chooser and the explorer
  hooks below filter them out.

The national team (and superusers) see everything: `teams.is_national`.
"""

from django.db.models import F, Q
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Collection, GroupPagePermission, Page
from wagtail.permissions import policy_registry

from brand.assets import PUBLIC_COLLECTION
from locations import teams
from locations.models import OhjaamoPage

FILE_ACTIONS = ["add", "change", "choose", "delete"]
_CACHE = "_kohtaamo_hidden_pages_q"
_CACHE_IDS = "_kohtaamo_hidden_page_ids"


def is_local(user):
    return bool(user is not None and user.is_authenticated and not teams.is_national(user))


def shared_collections():
    """The public shared material: the public brand collection and everything below it."""
    roots = list(Collection.objects.filter(name=PUBLIC_COLLECTION))
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(path__startswith=root.path)
    return Collection.objects.filter(query)


def visible_files(user, queryset):
    """The files of `queryset` a user may see listed in the admin."""
    if not is_local(user):
        return queryset
    policy = policy_registry.get_by_type(queryset.model)
    own = policy.collections_user_has_any_permission_for(user, FILE_ACTIONS)
    return queryset.filter(Q(collection__in=own) | Q(collection__in=shared_collections()))


def own_page_paths(user):
    """Paths of the pages the user holds page permissions on (their team's Ohjaamo pages)."""
    return list(
        GroupPagePermission.objects.filter(group__user=user)
        .values_list("page__path", flat=True)
        .distinct()
    )


def hidden_pages_q(user):
    """A Q of the pages a local team member must not see: pages in other teams' subtrees that are
    unpublished or whose title has an unpublished change. Empty (matches nothing) for the
    national team."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    if not is_local(user):
        query = Q(pk__in=[])
    else:
        own = own_page_paths(user)
        others = Q(pk__in=[])
        for path in OhjaamoPage.objects.values_list("path", flat=True):
            if any(path.startswith(mine) or mine.startswith(path) for mine in own):
                continue
            others |= Q(path__startswith=path)
        query = others & (Q(live=False) | ~Q(draft_title=F("title")))
    setattr(user, _CACHE, query)
    return query


def hidden_page_ids(user):
    """The ids of the pages hidden from the user (cached on the user object for the request).

    Querysets are filtered by id rather than by `hidden_pages_q`, so that the filter works on
    search querysets too (the search backends filter only on indexed fields, with simple
    lookups)."""
    cached = getattr(user, _CACHE_IDS, None)
    if cached is None:
        cached = list(Page.objects.filter(hidden_pages_q(user)).values_list("pk", flat=True))
        setattr(user, _CACHE_IDS, cached)
    return cached


def visible_pages(user, queryset):
    if not is_local(user):
        return queryset
    hidden = hidden_page_ids(user)
    return queryset.exclude(pk__in=hidden) if hidden else queryset


def is_hidden_page(user, page):
    return is_local(user) and page.pk in hidden_page_ids(user)


# --- Admin API ------------------------------------------------------------------------------------


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return visible_files(self.request.user, super().get_queryset())


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return visible_files(self.request.user, super().get_queryset())


class ScopedPagesAdminAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        return visible_pages(self.request.user, super().get_base_queryset())


# After Wagtail's own registrations (order 0), replacing them.
@hooks.register("construct_admin_api", order=100)
def scoped_admin_api(router):
    router.register_endpoint("pages", ScopedPagesAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


# --- Page chooser and explorer --------------------------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def scoped_page_chooser(pages, request):
    return visible_pages(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def scoped_explorer(parent_page, pages, request):
    return visible_pages(request.user, pages)


# --- Bulk actions on pages ------------------------------------------------------------------------
# The confirm pages list the chosen pages, including those the user may not act on ("you don't
# have permission to …", with their titles). Pages hidden from the user are left out altogether.


class ScopedPageBulkActionMixin:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        if not is_local(user):
            return objects, extra
        hidden = set(hidden_page_ids(user))
        objects = [obj for obj in objects if obj.pk not in hidden]
        extra["items_with_no_access"] = [
            obj for obj in extra["items_with_no_access"] if obj.pk not in hidden
        ]
        return objects, extra


def _scoped_bulk_action(action_class):
    return type(
        f"Scoped{action_class.__name__}",
        (ScopedPageBulkActionMixin, action_class),
        {"__module__": __name__},
    )


# After Wagtail's own (order 0): the registry keeps the last class registered for an action.
for _action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    hooks.register("register_bulk_action", _scoped_bulk_action(_action), order=100)


# --- Views about one page -------------------------------------------------------------------------


class HiddenPageGuardMiddleware:
    """Admin views about one page (the explorer of its children, the chooser inside it, its
    history, usage, revisions, previews …) answer 404 to a local team member for a page hidden
    from them, instead of showing its unpublished title. Their URLs name the page `page_id` or
    `parent_page_id`."""

    PAGE_KWARGS = ("page_id", "parent_page_id")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith("/admin/"):
            return None
        page_ids = [view_kwargs[name] for name in self.PAGE_KWARGS if name in view_kwargs]
        if not page_ids or not is_local(request.user):
            return None
        hidden = hidden_page_ids(request.user)
        if any(int(page_id) in hidden for page_id in page_ids):
            raise Http404
        return None


# --- Reports --------------------------------------------------------------------------------------


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """The page types report names the last edited page of each type; for a local team member,
    the last edited one they may see."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        if not is_local(user):
            return page_types
        language_code = self.filters.form.cleaned_data.get("page_locale") if self.filters else None
        for item in page_types:
            page = item.last_edited_page
            if page is None or not is_hidden_page(user, page):
                continue
            candidates = visible_pages(user, Page.objects.filter(content_type_id=item.pk))
            if language_code:
                candidates = candidates.filter(locale__language_code=language_code)
            item.last_edited_page = (
                candidates.exclude(latest_revision_created_at=None)
                .order_by("-latest_revision_created_at")
                .specific()
                .first()
            )
        return page_types


def _admin_view(view):
    return require_admin_access(never_cache(view))


# Mounted ahead of Wagtail's admin URLs (kohtaamo/urls.py), at the same addresses.
override_urlpatterns = [
    path(
        "reports/page-types-usage/",
        _admin_view(ScopedPageTypesUsageReportView.as_view()),
        name="kohtaamo_page_types_usage",
    ),
    path(
        "reports/page-types-usage/results/",
        _admin_view(ScopedPageTypesUsageReportView.as_view(results_only=True)),
        name="kohtaamo_page_types_usage_results",
    ),
]
