"""The typefaces the national team can choose from.

Only font stacks of fonts already on the visitor's device: the site never loads a font from
anywhere (no third-party request, nothing to download). Each stack names good fonts of one style
that ship with common systems, ending in a generic family.
"""

from django.utils.translation import gettext_lazy as _

FONT_STACKS = {
    "system": (
        _("System interface font"),
        'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    ),
    "humanist": (
        _("Humanist sans-serif"),
        'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
    ),
    "neo_grotesque": (
        _("Neo-grotesque sans-serif"),
        'Inter, Roboto, "Helvetica Neue", "Arial Nova", "Nimbus Sans", Arial, sans-serif',
    ),
    "rounded": (
        _("Rounded sans-serif"),
        'ui-rounded, "SF Pro Rounded", "Arial Rounded MT", Quicksand, Comfortaa, Manjari, '
        "Calibri, source-sans-pro, sans-serif",
    ),
    "transitional_serif": (
        _("Transitional serif"),
        'Charter, "Bitstream Charter", "Sitka Text", Cambria, "Noto Serif", serif',
    ),
}

DEFAULT_FONT = "system"
FONT_CHOICES = [(key, label) for key, (label, _stack) in FONT_STACKS.items()]


def font_stack(key):
    return FONT_STACKS.get(key, FONT_STACKS[DEFAULT_FONT])[1]


def font_label(key):
    return FONT_STACKS.get(key, FONT_STACKS[DEFAULT_FONT])[0]
