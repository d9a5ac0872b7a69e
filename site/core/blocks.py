"""StreamField blocks shared by the site's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class LinkBlock(blocks.StructBlock):
    """A link to a page or a URL, with its label in Chinese and English."""

    label = blocks.CharBlock(label=_("Label"), max_length=60)
    label_en = blocks.CharBlock(label=_("English label"), max_length=60, required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("URL"),
        required=False,
        help_text=_("Used when no page is chosen, e.g. /members/join/ or https://..."),
    )

    class Meta:
        icon = "link"
        template = "core/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            from django.core.exceptions import ValidationError
            from wagtail.blocks import StructBlockValidationError

            raise StructBlockValidationError(
                {"url": ValidationError(_("Choose a page or enter a URL."))}
            )
        return value


class MenuItemBlock(LinkBlock):
    children = blocks.ListBlock(LinkBlock(), label=_("Submenu"), required=False, default=[])

    class Meta:
        icon = "list-ul"


class QuickLinkBlock(LinkBlock):
    description = blocks.CharBlock(label=_("Description"), max_length=120, required=False)
    icon = blocks.ChoiceBlock(
        label=_("Icon"),
        choices=[
            ("join", _("Join")),
            ("rating", _("Rating")),
            ("verify", _("Verify")),
            ("event", _("Event")),
            ("standard", _("Standard")),
            ("bulletin", _("Bulletin")),
        ],
        default="join",
    )


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "core/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template="core/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), icon="pilcrow")
    image = ImageBlock(label=_("Image"))
    table = TableBlock(label=_("Table"))
    document = DocumentChooserBlock(label=_("Document"), template="core/blocks/document.html")
    embed = EmbedBlock(label=_("Embed"), max_width=960)
    callout = CalloutBlock(label=_("Callout"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))

    class Meta:
        block_counts = {}
