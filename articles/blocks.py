"""The article body: one StreamBlock built from the shared blocks of portal.core."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.core.blocks import (
    BLOCK_TEMPLATES,
    CalloutBlock,
    CaptionedImageBlock,
    CaptionedTableBlock,
    HeadingBlock,
    QuoteBlock,
    WeChatCTABlock,
)
from trials.blocks import TrialCardBlock, TrialFinderBlock


class BodyBlock(blocks.StreamBlock):
    lead = blocks.RichTextBlock(
        label=_("Lead paragraph"),
        features=["bold", "italic", "link", "superscript"],
        template=f"{BLOCK_TEMPLATES}/lead_block.html",
        help_text=_("Lead paragraphs at the start of the body are shown before the table of contents."),
    )
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ul", "ol", "superscript", "subscript"],
        template=f"{BLOCK_TEMPLATES}/paragraph_block.html",
        help_text=_(
            "Cite references as [1], [1,3] or [1-3]: the numbers are positions in the reference list."
        ),
    )
    table = CaptionedTableBlock()
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    trial_card = TrialCardBlock()
    trial_finder = TrialFinderBlock()
    wechat_cta = WeChatCTABlock()
