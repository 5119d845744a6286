"""parse: the JSON shape and the file formats; every bad input is one clear IngestError naming the file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.ingest.errors import IngestError
from bot.ingest.parse import article_from_file, article_from_json, date_from_filename, loads_json

BODY = "The minister said on Tuesday that talks would resume next week in Geneva."


def test_json_article_full_shape() -> None:
    article = article_from_json(
        {
            "title": "  Talks   resume ",
            "text": BODY,
            "url": "https://example.org/a",
            "source": "Wire",
            "published": "2025-02-12T10:30:00+01:00",
            "extra": "ignored",
        },
        "x.json",
    )
    assert article.title == "Talks resume"
    assert article.url == "https://example.org/a" and article.source == "Wire"
    assert article.published == datetime(2025, 2, 12, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-02-12", datetime(2025, 2, 12, tzinfo=UTC)),
        ("2025-02-12T08:00:00Z", datetime(2025, 2, 12, 8, tzinfo=UTC)),
        ("2025-02-12T08:00:00", datetime(2025, 2, 12, 8, tzinfo=UTC)),
        ("2025-02-12 08:00:00-05:00", datetime(2025, 2, 12, 13, tzinfo=UTC)),
        (None, None),
        ("", None),
    ],
)
def test_json_published_formats(published: str | None, expected: datetime | None) -> None:
    article = article_from_json({"title": "T", "text": BODY, "published": published}, "x.json")
    assert article.published == expected
    if expected is not None:
        assert article.published.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"text": BODY}, "missing required field 'title'"),
        ({"title": "T"}, "missing required field 'text'"),
        ({"title": 5, "text": BODY}, "field 'title' must be a string, not a number"),
        ({"title": "T", "text": ["a", "b"]}, "field 'text' must be a string, not a list"),
        ({"title": "T", "text": BODY, "url": 3}, "field 'url' must be a string"),
        ({"title": "T", "text": BODY, "published": "next Tuesday"}, "field 'published' is not an ISO 8601"),
        ({"title": "T", "text": BODY, "published": 1739350000}, "field 'published' must be a string"),
        ({"title": "   ", "text": BODY}, "field 'title' is empty"),
        ({"title": "T", "text": " \n "}, "field 'text' is empty"),
        ([{"title": "T", "text": BODY}], "expected a JSON object"),
        ("just a string", "expected a JSON object"),
    ],
)
def test_json_article_errors_name_file_and_field(obj: object, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        article_from_json(obj, "seeds/bad.json")
    assert str(caught.value).startswith("seeds/bad.json: ")
    assert message in str(caught.value)
    assert caught.value.where == "seeds/bad.json"


def test_loads_json_messages() -> None:
    with pytest.raises(IngestError, match=r"^b\.json: invalid JSON at line 3 \(Expecting ',' delimiter\)$"):
        loads_json('{\n"title": "a"\n"text": "b"}', "b.json")
    with pytest.raises(IngestError, match="truncated"):
        loads_json('{"title": "a", "text": "b', "b.json")
    with pytest.raises(IngestError, match="nested too deeply"):
        loads_json("[" * 100_000 + "]" * 100_000, "b.json")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_txt_first_nonempty_line_is_title(tmp_path: Path) -> None:
    path = write(tmp_path, "2025-02-12-talks.txt", f"\n\n  Talks resume in Geneva  \n\n{BODY}\n\nSecond   paragraph.\n")
    item = article_from_file(path, tmp_path)
    assert item.article.title == "Talks resume in Geneva"
    assert item.article.text == f"{BODY}\n\nSecond paragraph."
    assert item.article.published == datetime(2025, 2, 12, tzinfo=UTC)
    assert item.article.source is None
    assert (item.origin, item.source_key, item.external_id) == (
        "folder",
        str(tmp_path),
        "2025-02-12-talks.txt",
    )


def test_file_without_date_prefix_has_no_date(tmp_path: Path) -> None:
    assert article_from_file(write(tmp_path, "talks.txt", f"T\n{BODY}")).article.published is None


def test_date_from_filename() -> None:
    assert date_from_filename("2025-02-12-trump-putin-call.txt") == datetime(2025, 2, 12, tzinfo=UTC)
    assert date_from_filename("2025-02-30-impossible.txt") is None
    assert date_from_filename("20250212-x.txt") is None


def test_utf8_bom_and_non_english_text(tmp_path: Path) -> None:
    text = (
        "Gespräche in Genf\n"
        "Die Ministerin sagte am Dienstag, die Gespräche würden nächste Woche fortgesetzt. 会谈将继续。"
    )
    item = article_from_file(write(tmp_path, "de.txt", b"\xef\xbb\xbf" + text.encode()))
    assert item.article.title == "Gespräche in Genf"
    assert "会谈将继续" in item.article.text


def test_markdown_is_stripped_to_readable_text(tmp_path: Path) -> None:
    source = """---
layout: post
---
Intro line before the heading.

# Council *approves* the [tram](https://x.org/tram) plan

The **city council** voted on _Tuesday_ to extend
the tram network, said [Mayor Thomas Keller](https://x.org/keller).

## Next steps

* Construction starts in **March**;
- tenders close on `April 1`.
1. Final approval in May.

> "We are ready," said the mayor.

![a tram](tram.png)

---
Reference [link][1] and snake_case_name stay.

[1]: https://x.org/ref
"""
    item = article_from_file(write(tmp_path, "2025-02-11-tram.md", source))
    article = item.article
    assert article.title == "Council approves the tram plan"
    text = article.text
    assert "The city council voted on Tuesday to extend the tram network, said Mayor Thomas Keller." in text
    assert "- Construction starts in March;\n- tenders close on April 1.\n- Final approval in May." in text
    assert '"We are ready," said the mayor.' in text
    assert "Reference link and snake_case_name stay." in text
    assert "Intro line before the heading." in text
    for marker in ("**", "](", "# ", "layout:", "https://", "`", "[1]"):
        assert marker not in text


def test_markdown_without_heading_uses_first_line(tmp_path: Path) -> None:
    item = article_from_file(write(tmp_path, "plain.md", f"A plain *title*\n\n{BODY}"))
    assert (item.article.title, item.article.text) == ("A plain title", BODY)


def test_html_file_boilerplate_dropped(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Talks resume | Example Wire</title>"
        "<meta property='og:site_name' content='Example Wire'></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        "<article><h1>Talks resume</h1>" + f"<p>{BODY} Paragraph one.</p><p>{BODY} Paragraph two.</p>" + "</article>"
        "<footer><p>Copyright 2025 Example Wire. All rights reserved.</p></footer></body></html>"
    )
    item = article_from_file(write(tmp_path, "2025-02-10-page.html", page))
    assert item.article.title == "Talks resume"
    assert item.article.source == "Example Wire"
    assert "Paragraph two." in item.article.text
    assert "All rights reserved" not in item.article.text and "Home" not in item.article.text
    assert item.article.published == datetime(2025, 2, 10, tzinfo=UTC)


def test_json_file_published_beats_filename(tmp_path: Path) -> None:
    data = {"title": "T", "text": BODY, "source": "Wire", "published": "2025-02-01"}
    item = article_from_file(write(tmp_path, "2025-02-12-x.json", json.dumps(data)))
    assert item.article.published == datetime(2025, 2, 1, tzinfo=UTC)
    assert item.article.source == "Wire"
    data.pop("published")
    item = article_from_file(write(tmp_path, "2025-02-12-x.json", json.dumps(data)))
    assert item.article.published == datetime(2025, 2, 12, tzinfo=UTC)


def test_content_hash_ignores_format_and_date(tmp_path: Path) -> None:
    a = article_from_file(write(tmp_path, "2025-02-01-a.txt", f"Talks resume\n{BODY}"))
    b = article_from_file(write(tmp_path, "2025-02-09-b.json", json.dumps({"title": "TALKS  resume", "text": BODY})))
    assert a.content_hash == b.content_hash and a.external_id != b.external_id


def test_size_cap_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(10_000_000)  # sparse: nothing to read, the size alone refuses it
    with pytest.raises(IngestError, match=r"huge\.txt: file is 10 MB, larger than the 2 MB limit"):
        article_from_file(path)


def test_timezone_of_filename_date_is_utc(tmp_path: Path) -> None:
    published = article_from_file(write(tmp_path, "2025-02-12-x.md", f"# T\n\n{BODY}")).article.published
    assert published is not None and published.utcoffset() == timedelta(0)


def test_markdown_setext_title_tables_and_numbered_lists(tmp_path: Path) -> None:
    source = (
        "Setext Title\n============\n\nPara one\ncontinues here.\n\nSub heading\n-----------\n\n"
        "| Team | Goals |\n|------|------:|\n| A    | 3     |\n| B    | 1     |\n\n"
        "1. one\n2. two\n   continued\n"
    )
    article = article_from_file(write(tmp_path, "s.md", source)).article
    assert article.title == "Setext Title"
    assert article.text == (
        "Para one continues here.\n\nSub heading\n\nTeam | Goals\nA | 3\nB | 1\n\n- one\n- two continued"
    )
