"""OPML reading lists: parse (safely) into feeds with their category path, and write them back.

The file is untrusted: it is parsed with defusedxml, which refuses DTDs, entity expansion and external
entities (no XXE, no billion laughs), and it is read whole and validated before anything is stored, so a bad
file is refused with the reason and nothing is imported half-way. Nested outlines are categories: a feed
inside "News" → "Europe" has the category "News/Europe", and `write_opml` nests it the same way again.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET  # noqa: S405 - only to *build* our own output; parsing uses defusedxml
from collections.abc import Iterable
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from bot.ingest.errors import IngestError

logger = logging.getLogger(__name__)

MAX_OPML_BYTES = 2_000_000
MAX_DEPTH = 20


class OpmlError(IngestError):
    """Not an OPML reading list we can import; `str()` says where and why."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str = ""
    category: str = ""  # "News/Europe" for nested outlines; "" at the top level


def parse_opml(data: bytes, where: str = "OPML file") -> list[OpmlFeed]:
    """Every feed outline (`xmlUrl`) of an OPML document, in order, each URL once."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(where, f"larger than {MAX_OPML_BYTES // 1_000_000} MB")
    if not data.strip():
        raise OpmlError(where, "the file is empty")
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise OpmlError(where, f"refused: {type(exc).__name__} (DTDs and entities are not allowed)") from None
    except ParseError as exc:
        raise OpmlError(where, f"not well-formed XML ({exc})") from None
    if _local(root.tag) != "opml":
        raise OpmlError(where, f"not OPML: the root element is <{_local(root.tag)}>, expected <opml>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError(where, "no <body> element")
    feeds: dict[str, OpmlFeed] = {}
    _walk(body, [], feeds, where, 0)
    if not feeds:
        raise OpmlError(where, "no feeds in it (no <outline> has an xmlUrl)")
    return list(feeds.values())


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _walk(node: ET.Element, path: list[str], feeds: dict[str, OpmlFeed], where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise OpmlError(where, f"outlines nested more than {MAX_DEPTH} deep")
    for outline in node:
        if _local(outline.tag) != "outline":
            continue
        title = " ".join((outline.get("title") or outline.get("text") or "").split())[:512]
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            tagged = (outline.get("category") or "").split(",")[0].strip().strip("/")  # OPML 2.0 "/News/Europe"
            category = "/".join(path) or tagged
            feeds.setdefault(url, OpmlFeed(url=url, title=title, category=category[:512]))
        if len(outline):  # an outline without xmlUrl is a category grouping its children
            _walk(outline, [*path, title] if not url and title else path, feeds, where, depth + 1)


def write_opml(feeds: Iterable[OpmlFeed], title: str = "newsbrief feeds") -> bytes:
    """An OPML 2.0 document with one outline per feed, nested by category."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    groups: dict[str, ET.Element] = {"": body}

    def group(category: str) -> ET.Element:
        if category not in groups:
            parent_path, _, name = category.rpartition("/")
            groups[category] = ET.SubElement(group(parent_path), "outline", text=name, title=name)
        return groups[category]

    for feed in feeds:
        name = feed.title or feed.url
        ET.SubElement(group(feed.category.strip("/")), "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
