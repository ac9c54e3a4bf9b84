"""Per-object permission checks wagtail-localize (1.14.5) leaves out.

Upstream gap: wagtail-localize's "Translate this page" (submit), "Sync translated pages" (update)
and the translations report check only the global `wagtail_localize.submit_translation`
permission. Local teams need that permission to translate their own pages, and with it alone
anyone could

- submit another team's page (or a national page, or a snippet) for translation, creating pages
  in trees they have no rights on;
- sync another team's translations, and publish them ("Publish immediately") — even an editor of
  the team itself, who may not publish;
- list every translation on the site with its title in the report.

The views below are wagtail-localize's with the missing checks added; `locations/team_hooks.py`
mounts them at the same admin URLs, ahead of wagtail-localize's own. Its other views already check
per object (string and override editing, PO upload/download, preview, stop, convert to alias: the
user must be able to edit the translated page; the translation editor itself is reached through
Wagtail's edit view, which checks edit permission first). Tests: tests/test_team_permissions.py
(`test_localize_*`), including one that notices when upstream adds the checks itself.

Rules:
- Submit a page: the user can edit the source page, and for every chosen language can add pages
  under the parent's translation there (or edit the page's existing alias there). A local team may
  also create a missing translation of its own Ohjaamo page (it can edit the page; the new
  translation gets the team's permissions, see locations/teams.py).
- Submit a snippet: the user may change objects of that snippet model.
- Sync: the user can edit the source and every translated page (pages) or change the snippet
  model; with "Publish immediately" they must be able to publish every translated page (pages)
  or publish the snippet model (snippets with drafts).
- The report lists translations of pages the user can edit and of snippets they may change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView


def _snippet_permission(user, model, action):
    return policy_registry.get_by_type(model).user_has_permission(user, action)


def can_submit_page_translation(user, page, locales):
    """Whether `user` may translate `page` into each of `locales` (Locale objects)."""
    if user.is_superuser:
        return True
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if not page.permissions_for_user(user).can_edit():
        return False
    from locations.teams import is_team_root

    parent = page.get_parent()
    for locale in locales:
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            # An alias being converted into a translation.
            if not existing.permissions_for_user(user).can_edit():
                return False
            continue
        if is_team_root(page):
            continue
        target_parent = parent.get_translation_or_none(locale)
        if target_parent is None or not target_parent.permissions_for_user(user).can_add_subpage():
            return False
    return True


class CheckedSubmitPageTranslationView(SubmitPageTranslationView):
    def get_object(self):
        page = super().get_object()
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return page

    def form_valid(self, form):
        locales = list(form.cleaned_data["locales"])
        if not can_submit_page_translation(self.request.user, self.object, locales):
            raise PermissionDenied
        if form.cleaned_data.get("include_subtree"):
            for descendant in self.object.get_descendants().specific(defer=True):
                if not descendant.permissions_for_user(self.request.user).can_edit():
                    raise PermissionDenied
        return super().form_valid(form)


class CheckedSubmitSnippetTranslationView(SubmitSnippetTranslationView):
    def get_object(self):
        instance = super().get_object()
        if not _snippet_permission(self.request.user, type(instance), "change"):
            raise PermissionDenied
        return instance


class CheckedUpdateTranslationsView(UpdateTranslationsView):
    def dispatch(self, request, *args, **kwargs):
        # Checked before wagtail-localize's dispatch builds the form and its components.
        source = super().get_object()
        self._check(request.user, source, publish=False)
        if request.method == "POST" and request.POST.get("publish_translations"):
            self._check(request.user, source, publish=True)
        return super().dispatch(request, *args, **kwargs)

    def _check(self, user, source, publish):
        if user.is_superuser:
            return
        instance = source.get_source_instance()
        targets = [
            translation.get_target_instance()
            for translation in source.translations.filter(enabled=True).select_related(
                "target_locale"
            )
        ]
        if isinstance(instance, Page):
            if not instance.permissions_for_user(user).can_edit():
                raise PermissionDenied
            for target in targets:
                perms = target.permissions_for_user(user)
                if not perms.can_edit() or (publish and not perms.can_publish()):
                    raise PermissionDenied
            return
        if not _snippet_permission(user, type(instance), "change"):
            raise PermissionDenied
        if (
            publish
            and hasattr(instance, "live")
            and not _snippet_permission(user, type(instance), "publish")
        ):
            raise PermissionDenied


def translations_visible_to(user, queryset):
    """Translations of pages the user can edit and of snippets they may change."""
    if user.is_superuser:
        return queryset
    from django.contrib.contenttypes.models import ContentType

    page_policy = policy_registry.get_by_type(Page)
    editable_keys = page_policy.instances_user_has_any_permission_for(
        user, ["change", "publish"]
    ).values("translation_key")
    page_types = [
        content_type.pk
        for content_type in ContentType.objects.all()
        if (model := content_type.model_class()) is not None and issubclass(model, Page)
    ]
    visible = Q(source__specific_content_type_id__in=page_types) & Q(
        source__object_id__in=editable_keys
    )
    snippet_types = [
        content_type.pk
        for content_type in ContentType.objects.filter(
            pk__in=queryset.values("source__specific_content_type_id").distinct()
        )
        if (model := content_type.model_class()) is not None
        and not issubclass(model, Page)
        and _snippet_permission(user, model, "change")
    ]
    if snippet_types:
        visible |= Q(source__specific_content_type_id__in=snippet_types)
    return queryset.filter(visible)


class CheckedTranslationsReportView(TranslationsReportView):
    def get_queryset(self):
        # Newest first, in a stable order for the report's pagination (upstream's is unordered).
        queryset = translations_visible_to(self.request.user, super().get_queryset())
        return queryset.order_by("-created_at", "-pk")
