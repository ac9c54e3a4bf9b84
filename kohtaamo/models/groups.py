"""The national team's groups, marked by their role rather than found by their name.

A group's name is what people read in the admin (Finnish / Swedish: "Valtakunnalliset muokkaajat /
Nationella redaktörer", "Valtakunnalliset ylläpitäjät / Nationella administratörer") and may be
renamed; what the code relies on (the second-factor
requirement, the national permissions, the quality digest's recipients) asks this marker, keyed by
a role that never changes. `locations.teams.sync_national_groups` keeps one marked group per role
(creating, adopting an older group by its name, or renaming in place), so provisioning again never
makes a duplicate.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalGroup(models.Model):
    class Role(models.TextChoices):
        EDITORS = "editors", _("national editors")
        ADMINISTRATORS = "administrators", _("national administrators")

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, unique=True)
    group = models.OneToOneField(
        Group,
        on_delete=models.CASCADE,
        related_name="national_role",
        verbose_name=_("group"),
    )

    class Meta:
        verbose_name = _("national group")
        verbose_name_plural = _("national groups")

    def __str__(self):
        return f"{self.group.name} ({self.role})"
