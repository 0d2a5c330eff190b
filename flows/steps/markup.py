"""HTML to text: trafilatura for whole pages, lxml for fragments (JSON and Markdown bodies). Never a regex over tags."""
from __future__ import annotations

import logging

import lxml.html
import trafilatura
from lxml import etree

# a page trafilatura cannot use is our fallback's business, not an error line in the user's run
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
           "article", "blockquote", "table", "ul", "ol", "pre", "doc", "content", "url",
           "contenttitle", "docno", "title"}
_DROP = {"script", "style", "noscript", "iframe", "img", "video", "audio"}
_TITLE_TAGS = ("contenttitle", "headline", "title", "h1", "h2", "h3")


def _root(markup: str):
    try:
        return lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment with one line per block element."""
    root = _root(markup)
    if root is None:
        return markup
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _DROP:
            el.drop_tree()
        elif tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if tag != "br":
                el.text = "\n" + (el.text or "")
    return root.text_content()


def fragment_title(markup: str) -> str | None:
    """First title-like element of a fragment (<title>, <contenttitle>, <h1> …)."""
    root = _root(markup)
    if root is None:
        return None
    for tag in _TITLE_TAGS:
        for el in root.iter(tag):
            text = " ".join(el.text_content().split())
            if text:
                return text
    return None


def page_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata of a whole page through trafilatura, falling back to all block text."""
    doc = trafilatura.bare_extraction(html, favor_recall=True, include_comments=False,
                                      include_tables=True, with_metadata=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    meta = {"title": None, "date": None, "url": None, "sitename": None}
    text = ""
    if doc is not None:
        text = doc.text or ""
        meta = {"title": doc.title, "date": doc.date, "url": doc.url, "sitename": doc.sitename}
    page_title = fragment_title(html)
    if page_title and not page_title.lower().endswith((".html", ".htm", ".jsp")):
        meta["title"] = page_title
    if len(text.strip()) < 20:
        text = fragment_text(html)
    return text, meta
