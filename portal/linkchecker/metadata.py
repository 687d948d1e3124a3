"""What a web page says it is: title, og:title, og:site_name, decoded by its charset."""

import codecs
import email.message
import re
from html import unescape
from html.parser import HTMLParser

# Chinese sites label GBK text "gb2312" (a subset); GB18030 decodes all three.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE
)


def charset_of(content_type: str, body: bytes) -> str:
    """The page's encoding: the Content-Type header, else a <meta> in the first 2 KB, else UTF-8."""
    message = email.message.Message()
    message["content-type"] = content_type or ""
    name = message.get_content_charset()
    if not name:
        match = META_CHARSET.search(body[:2048])
        name = match.group(1).decode("ascii").lower() if match else "utf-8"
    name = CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_title = False
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            if key in ("og:title", "og:site_name", "application-name") and attrs.get("content"):
                self.meta.setdefault(key, attrs["content"])

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)


def _clean(text: str, limit: int) -> str:
    return " ".join(unescape(text).split())[:limit]


def page_metadata(content_type: str, body: bytes) -> tuple[str, str]:
    """(title, site name) of an HTML page (possibly cut short); empty strings when absent."""
    if "html" not in (content_type or "text/html").lower():
        return "", ""
    text = body.decode(charset_of(content_type, body), errors="replace")
    parser = _Head()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # html.parser on badly broken markup
        pass
    title = parser.meta.get("og:title") or "".join(parser.title_parts)
    site = parser.meta.get("og:site_name") or parser.meta.get("application-name") or ""
    return _clean(title, 500), _clean(site, 255)
