"""Admin of the core: the accessibility feedback list (Settings → Accessibility feedback).

The national team sees each message with its age and status, filters them, and marks them in
progress or answered. Feedback arrives only through the form on the accessibility statement page:
nobody adds or copies it in the admin.

Page cache: every page Wagtail serves (after its view restrictions have let the visitor in) offers
its answer to the page cache; the page type adds what its answer depends on (see
kohtaamo/page_cache.py).
"""

import django_filters
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from kohtaamo import page_cache, visibility
from kohtaamo.models import AccessibilityFeedback


class FeedbackPermissionPolicy(ModelPermissionPolicy):
    """Model permissions as usual, except that feedback is never added by hand."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AccessibilityFeedback, FeedbackPermissionPolicy(AccessibilityFeedback))


class OverdueFilter(django_filters.BooleanFilter):
    def filter(self, queryset, value):
        if value is None:
            return queryset
        overdue = AccessibilityFeedback.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class FeedbackFilterSet(WagtailFilterSet):
    overdue = OverdueFilter(label=_("Unanswered for over 14 days"))

    class Meta:
        model = AccessibilityFeedback
        fields = ["status", "language"]


class AgeColumn(Column):
    def get_value(self, instance):
        days = instance.age_days()
        if instance.is_overdue():
            return _("%(days)s d – overdue") % {"days": days}
        return _("%(days)s d") % {"days": days}


class FeedbackViewSet(ModelViewSet):
    model = AccessibilityFeedback
    name = "accessibility_feedback"
    icon = "mail"
    menu_label = _("Accessibility feedback")
    add_to_settings_menu = True
    copy_view_enabled = False
    filterset_class = FeedbackFilterSet
    search_fields = ["message", "url", "email"]
    search_backend_name = None
    list_display = [
        TitleColumn(
            "message", label=_("message"), accessor=str, url_name="accessibility_feedback:edit"
        ),
        DateColumn("created_at", label=_("received")),
        AgeColumn("age", label=_("age")),
        StatusTagColumn(
            "status",
            label=_("status"),
            accessor=lambda instance: instance.get_status_display(),
            primary=lambda instance: instance.status != AccessibilityFeedback.Status.ANSWERED,
        ),
        Column(
            "language",
            label=_("language"),
            accessor=lambda instance: instance.get_language_display(),
        ),
        DateColumn("answered_at", label=_("answered")),
    ]


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet()


@hooks.register("before_serve_page", order=-10)
def not_found_out_of_schedule(page, request, args, kwargs):
    """A live page whose `expire_at` has passed (before `publish_scheduled` unpublishes it), or
    whose `go_live_at` is still ahead, answers 404 at its own URL and every route below it
    (feeds), like everywhere else (kohtaamo.visibility). Previews do not pass here."""
    if not visibility.shown_now(page):
        raise Http404


@hooks.register("on_serve_page")
def offer_to_page_cache(next_serve):
    def serve(page, request, args, kwargs):
        page_cache.cacheable(request)
        return next_serve(page, request, args, kwargs)

    return serve


@hooks.register("insert_global_admin_js")
def date_picker_labels():
    """The date picker's "Save Selected" button in the editor's language (see the script)."""
    return format_html(
        '<script src="{}" data-save-selected-label="{}"></script>',
        static("js/admin/datepicker-labels.js"),
        gettext("Save selected"),
    )
