"""extract: web pages → articles, from strings and from a page server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiohttp import web

from bot.ingest.errors import BlockedAddressError, IngestError
from bot.ingest.extract import decode_html, extract_html, fetch_article
from bot.ingest.safe_fetch import FetchPolicy, SafeFetcher

from .conftest import LocalServer

PARAGRAPH = (
    "The regional government in Valencia said on Wednesday that it would spend 40 million euros on flood "
    "defences along the Turia river, after storms last autumn damaged hundreds of homes."
)
PAGE = f"""<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>Valencia to spend on flood defences | Coastal Herald</title>
<meta property="og:site_name" content="Coastal Herald">
<meta property="article:published_time" content="2025-02-05T09:00:00+01:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/login">Sign in</a></nav></header>
<main><article><h1>Valencia to spend on flood defences</h1>
<p>{PARAGRAPH}</p><p>{PARAGRAPH} Officials said work would start in May.</p></article>
<aside><h2>Most read</h2><ul><li><a href="/a">Another story</a></li></ul></aside></main>
<footer><p>&copy; 2025 Coastal Herald. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_extract_html_keeps_the_story_and_drops_boilerplate() -> None:
    article = extract_html(PAGE, "page.html")
    assert article.title == "Valencia to spend on flood defences"
    assert article.source == "Coastal Herald"
    assert article.published == datetime(2025, 2, 5, tzinfo=UTC)
    assert article.text.startswith("The regional government in Valencia")
    assert "Officials said work would start in May." in article.text
    for junk in ("Sign in", "All rights reserved", "Most read", "Privacy"):
        assert junk not in article.text


def test_extract_html_title_fallback_to_h1() -> None:
    page = f"<html><body><h1>Flood plan</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></body></html>"
    assert extract_html(page, "x.html").title == "Flood plan"


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html></html>",
        "<div>" * 100_000,
        "<table>" * 50_000 + "x",
        "\x00\x01 binary junk",
    ],
)
def test_extract_html_never_crashes(page: str) -> None:
    with pytest.raises(IngestError) as caught:
        extract_html(page, "hostile.html")
    assert str(caught.value).startswith("hostile.html: ")


def test_decode_html_charsets() -> None:
    assert decode_html("café".encode("cp1252"), "text/html; charset=windows-1252") == "café"
    assert decode_html(b'<meta charset="iso-8859-1"><p>caf\xe9</p>', "text/html").endswith("café</p>")
    assert decode_html("café".encode(), "text/html") == "café"
    assert decode_html(b"caf\xe9", "text/html; charset=bogus") == "caf\ufffd"


async def test_fetch_article_from_local_page(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/story"] = lambda r: web.Response(text=PAGE, content_type="text/html")
    item = await fetch_article(fetcher, server.url("/story"))
    assert (item.origin, item.source_key, item.external_id) == (
        "url",
        server.url("/story"),
        server.url("/story"),
    )
    assert item.article.url == server.url("/story")
    assert item.article.title == "Valencia to spend on flood defences"


async def test_fetch_article_follows_redirect_and_records_final_url(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/short"] = lambda r: web.Response(status=301, headers={"Location": "/story"})
    server.routes["/story"] = lambda r: web.Response(text=PAGE, content_type="text/html")
    item = await fetch_article(fetcher, server.url("/short"))
    assert item.external_id == server.url("/short") and item.article.url == server.url("/story")


async def test_fetch_article_plain_text(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/plain"] = lambda r: web.Response(text=f"Flood plan\n\n{PARAGRAPH}")
    item = await fetch_article(fetcher, server.url("/plain"))
    assert item.article.title == "Flood plan" and item.article.text == PARAGRAPH


async def test_fetch_article_refuses_non_pages(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/img"] = lambda r: web.Response(body=b"\x89PNG", content_type="image/png")
    with pytest.raises(IngestError, match="not a web page"):
        await fetch_article(fetcher, server.url("/img"))


async def test_fetch_article_uses_the_address_check() -> None:
    async with SafeFetcher(FetchPolicy()) as safe:
        with pytest.raises(BlockedAddressError):
            await fetch_article(safe, "http://169.254.169.254/latest/meta-data/iam/")
