"""The rebuild queue: what changed since the export was last built.

Signal handlers add a row when content the export shows changes (a publish, an unpublish, a
brand or settings change, …), in the same transaction as the change, so a rolled-back publish
queues nothing and a committed one is never lost. `build_site --watch` (or one `build_site
--drain`) takes the rows, rebuilds the files that depend on their keys and deletes them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RebuildRequest(models.Model):
    keys = models.JSONField(_("dependency keys"), default=list)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("static rebuild request")
        verbose_name_plural = _("static rebuild requests")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.reason} ({len(self.keys)} keys)"
