"""StreamField blocks shared by every page type.

Every block has an icon, a template under site/templates/blocks/ and a preview value, so editors see
what they insert. `BaseStreamBlock` is the national set; apps derive smaller or larger sets from the
same blocks (local teams get a reduced set in locations/blocks.py).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageBlock

from kohtaamo.workarounds.localize_table_block import TranslatableTableMixin

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
INLINE_FEATURES = ["bold", "italic", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
        help_text=_("Use heading 2 for main sections and heading 3 inside them."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Ohjaamo auttaa", "level": "h2"}
        description = _("A section heading")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "blocks/paragraph_block.html"
        preview_value = (
            "<p>Ohjaamosta saat maksutta ohjausta opiskeluun, työhön ja arkeen liittyvissä "
            "asioissa.</p>"
        )
        description = _("Text with headings, lists and links")


class FigureBlock(blocks.StructBlock):
    """An image with alt text or an explicit decorative flag (Wagtail's ImageBlock), a caption and
    a photo credit."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure_block.html"
        description = _("An image with alt text (or marked decorative) and an optional caption")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Täältä sain apua, kun en tiennyt, mihin ottaa yhteyttä.",
            "attribution": "Ohjaamon asiakas",
        }
        description = _("A quotation with its source")


class LinkBlock(blocks.StructBlock):
    """One link target: a page of this site or an external address."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Choose a page or give an address, not both."))
                }
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=INLINE_FEATURES, required=False)
    link = LinkBlock(label=_("Link"))
    button_label = blocks.CharBlock(label=_("Button text"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "title": "Etsi lähin Ohjaamo",
            "text": "<p>Ohjaamoja on eri puolilla Suomea.</p>",
            "link": {"url": "https://www.ohjaamot.fi/"},
            "button_label": "Ohjaamot",
        }
        description = _("A highlighted box with one button")


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question or title"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question")


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "blocks/accordion_block.html"
        preview_value = {
            "heading": "Usein kysyttyä",
            "items": [
                {
                    "question": "Maksaako Ohjaamo?",
                    "answer": "<p>Ei, palvelut ovat maksuttomia.</p>",
                },
                {"question": "Tarvitsenko ajanvarauksen?", "answer": "<p>Et tarvitse.</p>"},
            ],
        }
        description = _("Questions and answers that open one at a time")


class AccessibleTableBlock(TranslatableTableMixin, TableBlock):
    """Wagtail's table with a required caption, so screen reader users know what the table holds."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "table_options",
            {
                "contextMenu": [
                    "row_above",
                    "row_below",
                    "col_left",
                    "col_right",
                    "remove_row",
                    "remove_col",
                    "undo",
                    "redo",
                ]
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not (value.get("table_caption") or "").strip():
            raise ValidationError(_("Give the table a caption: it tells what the table holds."))
        return value

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Aukioloajat",
            "data": [["Päivä", "Aika"], ["Ma–to", "10–16"], ["Pe", "10–14"]],
        }
        description = _("A data table with a caption and header row")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    table = AccessibleTableBlock()
