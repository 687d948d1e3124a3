"""The parsed blocks as StreamField raw data, with the block names of articles.blocks.BodyBlock.

The intro's lead paragraphs come first, as `lead` blocks: the page shows them
before its table of contents.
"""

import uuid

from django.utils.html import escape

from articles.importer.document import (
    BulletList,
    Heading,
    OrderedList,
    Paragraph,
    ParsedArticle,
    Table,
    WeChatCTA,
)


def _rich(text: str) -> str:
    return escape(text)


def stream_data(document: ParsedArticle, *, text=str) -> list[dict]:
    """The StreamField raw data of the article body (BodyBlock's block names)."""
    data = [("lead", f"<p>{_rich(text(paragraph.text))}</p>") for paragraph in document.intro]
    for block in document.blocks:
        if isinstance(block, Heading):
            value = {"text": text(block.text), "level": f"h{block.level}"}
            data.append(("heading", value))
        elif isinstance(block, Paragraph):
            data.append(("paragraph", f"<p>{_rich(text(block.text))}</p>"))
        elif isinstance(block, BulletList | OrderedList):
            tag = "ul" if isinstance(block, BulletList) else "ol"
            items = "".join(f"<li>{_rich(text(item.text))}</li>" for item in block.items)
            data.append(("paragraph", f"<{tag}>{items}</{tag}>"))
        elif isinstance(block, Table):
            rows = [[text(cell) for cell in row] for row in [block.header, *block.rows]]
            value = {
                "caption": block.caption,
                "table": {
                    "data": rows,
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": block.caption,
                },
            }
            data.append(("table", value))
        elif isinstance(block, WeChatCTA):
            data.append(("wechat_cta", {"title": "", "text": block.text, "link_page": None}))
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in data]
