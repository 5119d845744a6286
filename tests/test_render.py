"""`bot.render`: how sources are named to readers."""

from __future__ import annotations

import pytest

from bot.render import source_label


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("/srv/newsbrief/seeds", "seeds"),
        ("/srv/newsbrief/seeds/", "seeds"),
        ("https://www.bbc.co.uk/news/rss.xml", "bbc.co.uk"),
        ("https://reader:secret@feeds.example.org/x", "feeds.example.org"),
        ("Reuters", "Reuters"),
        ("http", "http"),
    ],
)
def test_sources_are_named_by_site_or_folder_never_by_path(source: str, label: str) -> None:
    assert source_label(source) == label
