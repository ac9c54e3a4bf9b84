"""The admin edit form of news items: who may set which visibility flag.

- `accepted_nationally` needs `news.promote_newspage`, `show_on_ohjaamo_pages` needs
  `news.push_newspage` (the national team's groups have both). For anyone else the field is shown
  disabled with its current value: Django ignores a disabled field's POSTed value, and the value
  kept is the one stored on the page, not the one in the revision being edited or reverted to.
- Only the flags that apply are shown: local news (under an OhjaamoPage) can be proposed and
  accepted; national news can be shown on every Ohjaamo page.
- Local news may use the local teams' blocks only (news/blocks.py).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

FIELD_PERMISSIONS = {
    "accepted_nationally": "news.promote_newspage",
    "show_on_ohjaamo_pages": "news.push_newspage",
}
LOCAL_ONLY = ("proposed_for_national", "accepted_nationally")
NATIONAL_ONLY = ("show_on_ohjaamo_pages",)


class NewsPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_local = self._is_local()
        for name in NATIONAL_ONLY if self.is_local else LOCAL_ONLY:
            self.fields.pop(name, None)
        stored = self._stored_flags()
        for name, permission in FIELD_PERMISSIONS.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if self.for_user is None or not self.for_user.has_perm(permission):
                field.disabled = True
                field.help_text = _("Only the national team can change this.")
                self.initial[name] = stored.get(name, False)

    def _parent(self):
        if self.parent_page is not None:
            return self.parent_page
        if self.instance.pk and self.instance.path:
            return self.instance.get_parent()
        return None

    def _is_local(self):
        from locations.models import OhjaamoPage

        parent = self._parent()
        return parent is not None and issubclass(parent.specific_class or object, OhjaamoPage)

    def _stored_flags(self):
        """The flags as stored on the page now (not in a revision being edited or reverted to)."""
        if not self.instance.pk:
            return {}
        from news.models import NewsPage

        return NewsPage.objects.filter(pk=self.instance.pk).values(*FIELD_PERMISSIONS).first() or {}

    def clean(self):
        cleaned_data = super().clean()
        if self.is_local and "body" in cleaned_data:
            from news.blocks import validate_local_body

            try:
                validate_local_body(cleaned_data["body"])
            except ValidationError as error:
                self.add_error("body", error)
        return cleaned_data
