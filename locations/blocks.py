"""The block set local teams use on their Ohjaamo page and local news: content only, no layout,
colour or template choices (the national team owns the look)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from kohtaamo.blocks import (
    AccordionBlock,
    CallToActionBlock,
    FigureBlock,
    ParagraphBlock,
    QuoteBlock,
)


class StaffContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=120)
    role = blocks.CharBlock(
        label=_("Role"), max_length=120, help_text=_("For example: study counsellor")
    )
    phone = blocks.CharBlock(label=_("Phone"), max_length=40, required=False)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    note = blocks.TextBlock(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("For example when to reach this person."),
    )

    class Meta:
        icon = "user"
        label = _("Staff contact card")
        template = "blocks/staff_contact_block.html"
        preview_value = {
            "name": "Maija Ohjaaja",
            "role": "Opinto-ohjaaja",
            "phone": "040 123 4567",
            "email": "ohjaamo@example.fi",
            "note": "Tavoitat parhaiten arkisin klo 9–15.",
        }
        description = _("Name, role and contact details of one staff member")


class EventNoticeBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    date = blocks.DateBlock(label=_("Date"))
    start_time = blocks.TimeBlock(label=_("Starts"), required=False)
    end_time = blocks.TimeBlock(label=_("Ends"), required=False)
    place = blocks.CharBlock(label=_("Place"), max_length=200, required=False)
    description = blocks.RichTextBlock(
        label=_("Description"), features=["bold", "italic", "link"], required=False
    )

    class Meta:
        icon = "date"
        label = _("Event notice")
        template = "blocks/event_notice_block.html"
        preview_value = {
            "title": "Avoimet ovet",
            "date": "2026-12-03",
            "start_time": "14:00",
            "end_time": "17:00",
            "place": "Ohjaamo, 2. kerros",
            "description": "<p>Tule tutustumaan – kahvitarjoilu.</p>",
        }
        description = _("A dated event such as an open day")


class LocalStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    faq = AccordionBlock(label=_("FAQ"))
    staff_contact = StaffContactBlock()
    event = EventNoticeBlock()
