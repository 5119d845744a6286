"""OPML parsing is safe (no DTDs, no entities) and keeps nested categories; writing nests them again."""

from __future__ import annotations

import pytest

from bot.ingest.opml import OpmlError, OpmlFeed, parse_opml, write_opml

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My list</title></head><body>
  <outline text="News">
    <outline text="Europe">
      <outline type="rss" text="Euro Wire" xmlUrl="https://eu.example/rss"/>
    </outline>
    <outline type="rss" title="World" text="ignored" xmlUrl="https://world.example/rss"/>
  </outline>
  <outline type="rss" text="Top level" xmlUrl="https://top.example/atom" category="/Tech/Chips"/>
  <outline type="rss" text="Duplicate" xmlUrl="https://eu.example/rss"/>
</body></opml>"""


def test_nested_outlines_become_category_paths_and_each_url_comes_once() -> None:
    assert parse_opml(NESTED) == [
        OpmlFeed("https://eu.example/rss", "Euro Wire", "News/Europe"),
        OpmlFeed("https://world.example/rss", "World", "News"),
        OpmlFeed("https://top.example/atom", "Top level", "Tech/Chips"),
    ]


def test_write_then_parse_gives_the_same_feeds() -> None:
    feeds = parse_opml(NESTED)
    assert parse_opml(write_opml(feeds)) == feeds


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"<opml><body><outline", "not well-formed XML"),
        (b"<rss version='2.0'/>", "root element is <rss>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"<opml version='2.0'><body><outline text='x'/></body></opml>", "no feeds"),
        (
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<opml><body><outline text='&xxe;' xmlUrl='https://a.example/'/></body></opml>",
            "DTDs and entities are not allowed",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
            b"<opml><body><outline text='&lol2;' xmlUrl='https://a.example/'/></body></opml>",
            "DTDs and entities are not allowed",
        ),
    ],
)
def test_bad_or_hostile_files_are_refused_with_the_reason(data: bytes, problem: str) -> None:
    with pytest.raises(OpmlError, match=problem):
        parse_opml(data, "list.opml")
