"""Web pages → articles with trafilatura: the main text without navigation, ads and footers.

Shared by `.html` files in a folder, feed entries that only carry a snippet, and URLs users submit.
"""

from __future__ import annotations

import asyncio
import html as html_lib
import logging
import re
from datetime import UTC, datetime

import trafilatura

from bot.ingest.errors import IngestError
from bot.ingest.safe_fetch import SafeFetcher
from bot.ingest.text import clean_lines
from bot.items import IngestedItem
from summarizer.models import Article

logger = logging.getLogger(__name__)

_CHARSET_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_CHARSET_META = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_TITLE_TAG = re.compile(r"<title[^<>]*>(.{0,2000}?)</title\s*>", re.I | re.S)
_H1_TAG = re.compile(r"<h1[^<>]*>(.{0,2000}?)</h1\s*>", re.I | re.S)
_TAGS = re.compile(r"<[^<>]*>")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def _first_match_text(pattern: re.Pattern[str], page: str) -> str:
    match = pattern.search(page[:200_000])
    return " ".join(html_lib.unescape(_TAGS.sub(" ", match.group(1))).split()) if match else ""


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def extract_html(html: str, where: str, url: str | None = None) -> Article:
    """The article in an HTML page; `where` (file or URL) names it in the `IngestError` when there is none.

    The title comes from page metadata (og:title, `<title>`, `<h1>` as trafilatura ranks them), then a plain
    `<title>` / `<h1>` scan. Any parser failure, including RecursionError on hostile nesting, becomes an
    `IngestError`, because a page from the internet must never crash a poll.
    """
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except RecursionError:
        raise IngestError(where, "HTML is nested too deeply to extract") from None
    except Exception as exc:  # trafilatura/lxml raise many types on hostile input
        logger.info("trafilatura failed on %s: %r", where, exc)
        raise IngestError(where, f"could not parse HTML ({type(exc).__name__})") from None
    text = clean_lines(getattr(document, "text", None) or "") if document is not None else ""
    if not text:
        raise IngestError(where, "no article text found in the HTML page")
    title = " ".join((getattr(document, "title", None) or "").split())
    if not title:
        title = _first_match_text(_TITLE_TAG, html) or _first_match_text(_H1_TAG, html)
    first_line, _, rest = text.partition("\n")
    if title and first_line.strip().casefold() == title.casefold() and rest.strip():
        text = rest.strip()  # trafilatura keeps the headline as the first line of the body
    if not title:
        title, _, rest = text.partition("\n")
        if not rest.strip():
            raise IngestError(where, "no title and no article text beyond one line in the HTML page")
        text = rest.strip()
    return Article(
        title=title,
        text=text,
        url=url or getattr(document, "url", None) or None,
        source=getattr(document, "sitename", None) or None,
        published=_parse_date(getattr(document, "date", None)),
    )


def decode_html(content: bytes, content_type: str | None) -> str:
    """Bytes of a page → str: charset from the header, then from a `<meta>` tag, then UTF-8 (lenient)."""
    candidates: list[str] = []
    header = _CHARSET_HEADER.search(content_type or "")
    if header:
        candidates.append(header.group(1))
    meta = _CHARSET_META.search(content[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for encoding in [*candidates, "utf-8"]:
        try:
            return content.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return content.decode("utf-8", errors="replace")


async def fetch_article(fetcher: SafeFetcher, url: str) -> IngestedItem:
    """Fetch a page through the `SafeFetcher` and extract its article (origin "url", id = the URL)."""
    result = await fetcher.get(url)
    content_type = result.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() not in _HTML_TYPES:
        raise IngestError(url, f"not a web page (content type {content_type.split(';', 1)[0]})")
    page = decode_html(result.content, content_type)
    if content_type.split(";", 1)[0].strip().lower() == "text/plain":
        from bot.ingest.parse import article_from_text  # parse imports this module

        found = article_from_text(page, url)
        article = Article(found.title, found.text, url=result.url)
    else:
        article = await asyncio.to_thread(extract_html, page, url, result.url)
    return IngestedItem.build(article, "url", url, url)
