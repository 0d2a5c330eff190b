"""HTML to text: trafilatura for whole pages, lxml for fragments (JSON and Markdown bodies). Never a
regex over tags: where lxml cannot build the whole tree (a page nested deeper than libxml2's
limit), a linear tokenizer that drops tags, comments and scripts reads the text instead."""
from __future__ import annotations

import html as htmllib
import logging
import re

import lxml.html
from lxml import etree

from flows.steps import chrome

# a page trafilatura cannot use is our fallback's business, not an error line in the user's run
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
           "article", "blockquote", "table", "ul", "ol", "pre", "doc", "content", "url",
           "contenttitle", "docno", "title"}
_DROP = {"script", "style", "noscript", "iframe", "img", "video", "audio"}
_TITLE_TAGS = ("contenttitle", "headline", "title", "h1", "h2", "h3")


_XML_DECL = re.compile(r"\A\s*<\?xml[^<>]*\?>")  # lxml refuses a str that declares its encoding


def _parse(markup: str):
    """(root, complete): the lxml tree, or None; complete is False when libxml2 stopped at its
    nesting limit and the tree holds only the start of the page."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.fromstring(_XML_DECL.sub("", markup, count=1), parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    complete = not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, complete


def _root(markup: str):
    return _parse(markup)[0]


def _tree_text(root) -> str:
    """Text under root, one line per block element, scripts and styles left out. Iterative: a
    deep tree cannot exhaust the stack."""
    out: list[str] = []
    stack: list[tuple[str, object]] = [("open", root)]
    while stack:
        action, el = stack.pop()
        if action == "tail":
            out.append(el.tail or "")
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if action == "close":
            out.append("\n" if tag in _BLOCKS else "")
            continue
        if el is not root:
            stack.append(("tail", el))
        if tag is None or tag in _DROP:  # comments and processing instructions: only their tail
            continue
        if tag in _BLOCKS and tag != "br":
            out.append("\n")
        out.append(el.text or "")
        stack.append(("close", el))
        stack.extend(("open", child) for child in reversed(el))
    return "".join(out)


_SKIP_CONTENT = ("script", "style", "noscript", "iframe", "video", "audio", "template", "textarea")
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:-]*)[^<>]*>")


def _token_text(markup: str) -> str:
    """Text of markup lxml cannot read whole: tags dropped (a block tag leaves a line break),
    comments and script/style contents dropped, entities decoded. Linear in the length."""
    out: list[str] = []
    pos, n = 0, len(markup)
    while pos < n:
        lt = markup.find("<", pos)
        if lt < 0:
            out.append(markup[pos:])
            break
        out.append(markup[pos:lt])
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            pos = n if end < 0 else end + 3
            continue
        m = _TAG_NAME.match(markup, lt)
        if not m:
            end = markup.find(">", lt) if markup.startswith(("<!", "<?"), lt) else lt
            if end < 0:  # no ">" to the end: no tag can follow, the rest is text
                out.append(markup[lt:])
                break
            if end > lt:
                pos = end + 1  # doctype, CDATA opener, processing instruction
            else:
                out.append("<")
                pos = lt + 1
            continue
        name = m.group(1).lower()
        pos = m.end()
        if name in _BLOCKS:
            out.append("\n")
        if name in _SKIP_CONTENT and not m.group(0).startswith("</"):
            close = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(markup, pos)
            pos = n if close is None else close.end()
    return htmllib.unescape("".join(out))


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment with one line per block element."""
    root, complete = _parse(markup)
    if root is None or not complete:
        return _token_text(markup)
    return _tree_text(root)


def fragment_title(markup: str) -> str | None:
    """First title-like element of a fragment (<title>, <contenttitle>, <h1> …)."""
    return _title(_root(markup))


def _title(root) -> str | None:
    if root is None:
        return None
    for tag in _TITLE_TAGS:
        for el in root.iter(tag):
            text = " ".join(el.text_content().split())
            if text and chrome.kind(text) != "site":  # <title>兴宁市人民政府</title>: the site, not the headline
                return text
    return None


def page_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata of a whole page through trafilatura, falling back to all block text
    (and to all text, when the page is nested too deeply for the parser to read it whole)."""
    root, complete = _parse(html)
    if root is not None and not complete:
        meta = {"title": _title(root), "date": None, "url": None, "sitename": None}
        return _token_text(html), meta
    import trafilatura  # 70 ms to import: only when a whole page is read, not at start-up

    doc = trafilatura.bare_extraction(html, favor_recall=True, include_comments=False,
                                      include_tables=True, with_metadata=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    meta = {"title": None, "date": None, "url": None, "sitename": None}
    text = ""
    if doc is not None:
        text = doc.text or ""
        meta = {"title": doc.title, "date": doc.date, "url": doc.url, "sitename": doc.sitename}
    page_title = _title(root)
    if page_title and not page_title.lower().endswith((".html", ".htm", ".jsp")):
        meta["title"] = page_title
    window = meta["title"]
    meta["title"] = chrome.window_title(window)
    if window and meta["title"] and meta["title"] != window:  # 县委召开常委会会议_某某县人民政府: the site
        meta.setdefault("site", window[len(meta["title"]):].strip(" _|｜-—"))
    elif meta["title"] and chrome.kind(meta["title"]) == "site":  # a window titled 兴宁市人民政府 alone
        meta["site"], meta["title"] = meta["title"], None  # the headline is found in the text
    if not meta["date"]:
        _from_byline(root, meta)
    if len(text.strip()) < 20:
        text = fragment_text(html)
    return text, meta


_SOURCE = re.compile(r"来源\s*[:：]\s*([^\s|｜【\[]+)")


def _from_byline(root, meta: dict[str, str | None]) -> None:
    """Date and outlet from the page's byline row (2021年11月16日 21:05　来源：新华社) where the page's
    metadata has none; not from a bare date stamp, which may be the day the page was saved."""
    from flows.steps.extract.dates import iso_date

    for line in _tree_text(root).splitlines()[:60]:
        line = line.strip()
        if chrome.kind(line) == "byline" and (day := iso_date(line)):
            meta["date"] = meta["date"] or day.isoformat()
            if not meta["sitename"] and (src := _SOURCE.search(line)):
                meta["sitename"] = src.group(1)
            return
