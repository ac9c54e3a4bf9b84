"""The body of a news item.

One NewsPage type serves national and local news, so its StreamField offers one block set: the
national set (`kohtaamo.blocks.BaseStreamBlock`) plus the blocks only local teams have (staff
contact card, event notice). What a news item may *use* depends on where it lives: local news (under
an OhjaamoPage) is limited to the local teams' set (`locations.blocks.LocalStreamBlock`) and a
heading or table block there is refused with a field error; national news may use every block.
Keeping one stream type means a local item accepted nationally, or moved, never loses content, and
the admin, API and templates know a single shape.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kohtaamo.blocks import BaseStreamBlock
from locations.blocks import EventNoticeBlock, LocalStreamBlock, StaffContactBlock


class NewsStreamBlock(BaseStreamBlock):
    staff_contact = StaffContactBlock()
    event = EventNoticeBlock()


def _local_block_names():
    """Names in NewsStreamBlock of the blocks in the local teams' set (matched by block class, as
    the local set names the accordion `faq`)."""
    local_classes = {type(block) for block in LocalStreamBlock.base_blocks.values()}
    return {
        name for name, block in NewsStreamBlock.base_blocks.items() if type(block) in local_classes
    }


LOCAL_BLOCK_NAMES = frozenset(_local_block_names())


def disallowed_local_blocks(stream_value):
    """Labels of the blocks in `stream_value` that local news may not use, in order of first use."""
    labels = []
    for child in stream_value or []:
        if child.block_type not in LOCAL_BLOCK_NAMES:
            label = str(child.block.label)
            if label not in labels:
                labels.append(label)
    return labels


def validate_local_body(stream_value):
    labels = disallowed_local_blocks(stream_value)
    if labels:
        raise ValidationError(
            _(
                "Local news can use the local teams' blocks only. Remove or replace: "
                "%(blocks)s. For a heading, use the heading styles inside a text block."
            ),
            code="local_blocks",
            params={"blocks": ", ".join(labels)},
        )
