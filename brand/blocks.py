"""Blocks of the brand guideline pages. The colour and typography blocks draw from the live brand
settings (through the cached brand tokens), so the guidelines always show what the site uses."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from kohtaamo.blocks import INLINE_FEATURES, RICH_TEXT_FEATURES, BaseStreamBlock


def _brand_from(parent_context):
    """The brand tokens of the page being rendered (the context processor's, or the default
    site's for previews rendered without a request)."""
    from brand import tokens

    parent_context = parent_context or {}
    brand = parent_context.get("brand")
    if brand:
        return brand
    return tokens.get_brand_for_request(parent_context.get("request"))


class ColourSwatchesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "image"
        label = _("Colour swatches")
        template = "brand/blocks/colour_swatches_block.html"
        description = _("The brand colours from the brand settings, with their contrast ratios")
        preview_value = {
            "heading": "Värit",
            "text": "<p>Värit tulevat suoraan brändin asetuksista.</p>",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["swatches"] = _brand_from(parent_context)["swatches"]
        return context


class LogoExampleBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    verdict = blocks.ChoiceBlock(
        label=_("Do or don't"),
        choices=[("do", _("Do")), ("dont", _("Don't"))],
        default="do",
    )
    caption = blocks.CharBlock(label=_("Explanation"), max_length=300)

    class Meta:
        icon = "image"
        label = _("Example")


class LogoUsageBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, required=False)
    examples = blocks.ListBlock(LogoExampleBlock(), label=_("Examples"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Logo do and don't")
        template = "brand/blocks/logo_usage_block.html"
        description = _("Right and wrong ways to use the logo, each with an image")


class TypographyBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, required=False)
    sample_heading = blocks.CharBlock(label=_("Sample heading"), max_length=120)
    sample_text = blocks.TextBlock(label=_("Sample paragraph"), max_length=600)

    class Meta:
        icon = "title"
        label = _("Typography samples")
        template = "brand/blocks/typography_block.html"
        description = _("The typefaces from the brand settings, with samples")
        preview_value = {
            "heading": "Typografia",
            "sample_heading": "Apua opiskeluun ja työhön",
            "sample_text": "Ohjaamosta saat neuvoja yhdestä paikasta.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["typography"] = _brand_from(parent_context)["typography"]
        return context


class VoicePrincipleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Principle"), max_length=120)
    explanation = blocks.TextBlock(label=_("Explanation"), max_length=600)
    we_say = blocks.CharBlock(label=_("We say"), max_length=300)
    rather_than = blocks.CharBlock(label=_("Rather than"), max_length=300, required=False)

    class Meta:
        icon = "openquote"
        label = _("Principle")


class ToneOfVoiceBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, required=False)
    principles = blocks.ListBlock(VoicePrincipleBlock(), label=_("Principles"), min_num=1)

    class Meta:
        icon = "openquote"
        label = _("Tone of voice")
        template = "brand/blocks/tone_of_voice_block.html"
        description = _("How the brand speaks, with examples")
        preview_value = {
            "heading": "Äänensävy",
            "principles": [
                {
                    "title": "Puhumme suoraan",
                    "explanation": "Kerromme ensin tärkeimmän.",
                    "we_say": "Tule käymään, ajanvarausta ei tarvita.",
                    "rather_than": "Asiakkaiden on mahdollista asioida ilman ajanvarausta.",
                }
            ],
        }


class MinimumSizeBlock(blocks.StructBlock):
    use = blocks.CharBlock(label=_("Where"), max_length=120)
    minimum = blocks.CharBlock(label=_("Minimum size"), max_length=120)

    class Meta:
        icon = "cog"
        label = _("Minimum size")


class LogoSpaceBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    clear_space = blocks.RichTextBlock(label=_("Clear space"), features=INLINE_FEATURES)
    illustration = ImageBlock(label=_("Illustration"), required=False)
    sizes = blocks.ListBlock(MinimumSizeBlock(), label=_("Minimum sizes"), min_num=1)

    class Meta:
        icon = "cog"
        label = _("Minimum sizes and clear space")
        template = "brand/blocks/logo_space_block.html"
        description = _("How small the logo may be and how much room it needs")
        preview_value = {
            "heading": "Koko ja suoja-alue",
            "clear_space": "<p>Jätä logon ympärille tyhjää vähintään merkin korkeuden verran.</p>",
            "sizes": [{"use": "Näytöt", "minimum": "24 px korkea"}],
        }


class GuidelineStreamBlock(BaseStreamBlock):
    colour_swatches = ColourSwatchesBlock()
    logo_usage = LogoUsageBlock()
    typography = TypographyBlock()
    tone_of_voice = ToneOfVoiceBlock()
    logo_space = LogoSpaceBlock()
