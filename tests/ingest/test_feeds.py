"""poll_feed against a feed server on 127.0.0.1: conditional GET, identity, age cut-off, full text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp import web

from bot.ingest.errors import FeedError, FetchError
from bot.ingest.feeds import poll_feed
from bot.ingest.safe_fetch import SafeFetcher

from .conftest import LocalServer

NOW = datetime(2025, 2, 12, 12, 0, tzinfo=UTC)
BODY = (
    "The city council of Freiburg voted on Tuesday to extend the tram network to the western districts. "
    "Construction is due to start in the spring and the new line should open in 2028, officials said. "
) * 6  # well over 80 words, so no full-text fetch


def rss(items: list[dict[str, str]], title: str = "Local &amp; Regional News") -> str:
    entries = "".join(
        "<item>"
        f"<title>{i['title']}</title>"
        + (f"<link>{i['link']}</link>" if i.get("link") else "")
        + (f'<guid isPermaLink="false">{i["guid"]}</guid>' if i.get("guid") else "")
        + f"<pubDate>{i['date']}</pubDate>"
        f"<description><![CDATA[{i['body']}]]></description>"
        "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example.org/</link><description>d</description>"
        f"{entries}</channel></rss>"
    )


def rfc822(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


def item(guid: str, hours_ago: float, body: str = BODY, title: str = "Tram line extension approved") -> dict:
    return {
        "guid": guid,
        "title": title,
        "link": f"https://news.example.org/{guid}",
        "date": rfc822(NOW - timedelta(hours=hours_ago)),
        "body": body,
    }


class FeedSite:
    """Serves /feed.xml with an ETag and Last-Modified and answers 304 to a matching conditional GET."""

    def __init__(self, server: LocalServer, xml: str, content_type: str = "application/rss+xml") -> None:
        self.xml = xml
        self.content_type = content_type
        self.etag = '"rev-1"'
        self.last_modified = "Wed, 12 Feb 2025 11:00:00 GMT"
        server.routes["/feed.xml"] = self.handle

    async def handle(self, request: web.Request) -> web.Response:
        validators = {"ETag": self.etag, "Last-Modified": self.last_modified}
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304, headers=validators)
        return web.Response(body=self.xml.encode(), headers={**validators, "Content-Type": self.content_type})


async def test_conditional_get_and_304(server: LocalServer, fetcher: SafeFetcher) -> None:
    site = FeedSite(server, rss([item("a-1", 1), item("a-2", 2, title="Second story")]))
    url = server.url("/feed.xml")

    first = await poll_feed(fetcher, url, now=NOW)
    assert not first.not_modified
    assert first.etag == '"rev-1"' and first.last_modified == site.last_modified
    assert first.title == "Local & Regional News"
    assert [i.external_id for i in first.items] == ["a-1", "a-2"]
    one = first.items[0]
    assert (one.origin, one.source_key) == ("feed", url)
    assert one.article.source == "Local & Regional News"
    assert one.article.url == "https://news.example.org/a-1"
    assert one.article.published == NOW - timedelta(hours=1)
    assert one.article.published.tzinfo is not None

    second = await poll_feed(fetcher, url, etag=first.etag, last_modified=first.last_modified, now=NOW)
    assert second.not_modified and second.items == ()
    assert second.etag == first.etag
    sent = server.hits[-1].headers
    assert sent["If-None-Match"] == '"rev-1"'
    assert sent["If-Modified-Since"] == site.last_modified


async def test_redated_item_keeps_identity_and_hash(server: LocalServer, fetcher: SafeFetcher) -> None:
    site = FeedSite(server, rss([item("story-7", 5)]))
    before = (await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)).items[0]
    site.xml, site.etag = rss([item("story-7", 1)]), '"rev-2"'
    after = (await poll_feed(fetcher, server.url("/feed.xml"), etag='"rev-1"', now=NOW)).items[0]
    assert after.article.published != before.article.published
    assert (after.external_id, after.content_hash) == (before.external_id, before.content_hash)


async def test_republished_under_new_guid_has_same_hash(server: LocalServer, fetcher: SafeFetcher) -> None:
    spaced = BODY.upper().replace(". ", ".\n\n   ")  # re-wrapped and re-cased: still the same story
    FeedSite(server, rss([item("old-guid", 3), item("new-guid", 1, body=spaced)]))
    old, new = (await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)).items
    assert old.external_id != new.external_id
    assert old.content_hash == new.content_hash


async def test_link_is_the_id_when_there_is_no_guid(server: LocalServer, fetcher: SafeFetcher) -> None:
    entry = item("x", 1)
    del entry["guid"]
    FeedSite(server, rss([entry]))
    polled = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert polled.items[0].external_id == "https://news.example.org/x"


async def test_old_items_are_skipped_and_counted(server: LocalServer, fetcher: SafeFetcher) -> None:
    FeedSite(server, rss([item("fresh", 1), item("week-old", 24 * 7), item("year-old", 24 * 365)]))
    polled = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert [i.external_id for i in polled.items] == ["fresh"]
    assert polled.skipped_old == 2
    everything = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW, max_age=None)
    assert len(everything.items) == 3 and everything.skipped_old == 0


async def test_html_in_summaries_is_stripped(server: LocalServer, fetcher: SafeFetcher) -> None:
    body = "<p>First <b>bold</b> &amp; <a href='/x'>linked</a> words.</p><script>alert(1)</script><p>Next.</p>"
    FeedSite(server, rss([item("h", 1, body=body)]))
    polled = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW, fetch_full_text=False)
    text = polled.items[0].article.text
    assert "First bold & linked words." in text and "Next." in text
    assert "<" not in text and "alert" not in text


async def test_atom_feed(server: LocalServer, fetcher: SafeFetcher) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Wire</title><id>urn:uuid:feed</id><updated>2025-02-12T10:00:00Z</updated>
  <entry>
    <title type="html">Port &lt;em&gt;records&lt;/em&gt; busy year</title>
    <id>urn:uuid:entry-1</id>
    <link rel="alternate" href="https://atom.example.org/port"/>
    <updated>2025-02-12T09:30:00Z</updated>
    <content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content>
  </entry>
</feed>"""
    FeedSite(server, atom, content_type="application/atom+xml")
    polled = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert polled.title == "Atom Wire"
    (entry,) = polled.items
    assert entry.external_id == "urn:uuid:entry-1"
    assert entry.article.title == "Port records busy year"
    assert entry.article.url == "https://atom.example.org/port"
    assert entry.article.published == datetime(2025, 2, 12, 9, 30, tzinfo=UTC)
    assert entry.article.text.startswith("The city council of Freiburg")


async def test_snippet_entry_gets_full_text_from_linked_page(server: LocalServer, fetcher: SafeFetcher) -> None:
    page = (
        "<html><head><title>Tram line extension approved | Local News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        "<article><h1>Tram line extension approved</h1>"
        + "".join(f"<p>{BODY} Paragraph {n}.</p>" for n in range(3))
        + "</article><footer>Copyright Local News. All rights reserved.</footer></body></html>"
    )
    server.routes["/articles/tram"] = lambda r: web.Response(text=page, content_type="text/html")
    snippet = {
        **item("tram", 1, body="Council approves tram extension..."),
        "link": server.url("/articles/tram"),
    }
    broken = {
        **item("gone", 1, body="A snippet whose page is missing."),
        "link": server.url("/articles/gone"),
    }
    FeedSite(server, rss([snippet, broken]))
    polled = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    full, fallback = polled.items
    assert "Paragraph 2." in full.article.text and "Copyright" not in full.article.text
    assert len(full.article.text.split()) > 200
    assert full.article.source == "Local & Regional News"
    assert fallback.article.text == "A snippet whose page is missing."
    assert len(server.hits_for("/articles/gone")) == 1  # a 404 is not retried

    no_fetch = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW, fetch_full_text=False)
    assert no_fetch.items[0].article.text == "Council approves tram extension..."


@pytest.mark.parametrize(
    "payload",
    [
        "<html><body><p>This is a web page, not a feed.</p></body></html>",
        "<<<< not xml at all",
        "<rss><channel><item>never closed",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off',
        "",
    ],
)
async def test_malformed_feed_is_a_feed_error(server: LocalServer, fetcher: SafeFetcher, payload: str) -> None:
    FeedSite(server, payload)
    url = server.url("/feed.xml")
    with pytest.raises(FeedError) as caught:
        await poll_feed(fetcher, url, now=NOW)
    assert str(caught.value).startswith(url + ": ") and "\n" not in str(caught.value)


async def test_empty_but_valid_feed_is_fine(server: LocalServer, fetcher: SafeFetcher) -> None:
    FeedSite(server, rss([]))
    polled = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert polled.items == () and not polled.not_modified


async def test_server_error_is_fetch_error_after_retries(server: LocalServer, fetcher: SafeFetcher) -> None:
    server.routes["/feed.xml"] = lambda r: web.Response(status=500, text="boom")
    with pytest.raises(FetchError) as caught:
        await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert caught.value.status == 500
    assert len(server.hits) == 1 + fetcher.policy.retries


async def test_not_found_is_fetch_error_with_status(server: LocalServer, fetcher: SafeFetcher) -> None:
    with pytest.raises(FetchError) as caught:
        await poll_feed(fetcher, server.url("/nope.xml"), now=NOW)
    assert caught.value.status == 404


@pytest.mark.parametrize(
    "xml",
    [
        # feedparser's own corpus style: a channel using HTML entities, no items yet
        '<rss version="2.0"><channel><title>Caf&eacute; &nbsp;news &copy; 2025</title></channel></rss>',
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>R&eacute;sum&eacute; &mdash; daily</title></feed>',
        # a declared encoding that is not the real one (feedparser overrides it and flags bozo)
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    ],
)
async def test_html_entities_and_encoding_overrides_are_not_a_failing_feed(
    server: LocalServer, fetcher: SafeFetcher, xml: str
) -> None:
    FeedSite(server, xml, content_type="text/plain")
    poll = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert poll.items == () and not poll.not_modified


async def test_entries_with_html_entities_are_read(server: LocalServer, fetcher: SafeFetcher) -> None:
    FeedSite(server, rss([item("e1", 1, title="Caf&eacute; owners &hellip; protest")], title="Le&nbsp;Monde"))
    poll = await poll_feed(fetcher, server.url("/feed.xml"), now=NOW)
    assert [i.article.title for i in poll.items] == ["Café owners … protest"]
    assert poll.title == "Le Monde"
