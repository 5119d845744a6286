"""Block Kit rendering: escaping of untrusted text, Slack's size limits, and the only real mentions."""

from __future__ import annotations

import json

from bot.adapters.slack_blocks import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    TEXT_LIMIT,
    escape,
    render_post,
    render_reply,
)
from bot.messages import Post, Reply, RichMessage, Section

HOSTILE = "Ping <!channel> and <!here> and <@U123> & <https://evil.example|click>"


def _texts(blocks: list[dict]) -> list[str]:
    """Every text string anywhere in the blocks."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


def test_escape_covers_the_three_control_characters() -> None:
    assert escape("a & b <!here> c > d") == "a &amp; b &lt;!here&gt; c &gt; d"


def test_every_text_field_built_from_article_text_is_escaped() -> None:
    message = RichMessage(
        title=HOSTILE,
        url="https://news.example/a?x=1&y=2",
        body=HOSTILE,
        sections=(Section(HOSTILE, (HOSTILE, "plain")),),
        footer=HOSTILE,
    )
    rendered = render_post(Post("slack", "C1", message, "brief:1", article_id=1))
    texts = _texts(rendered.blocks) + [rendered.text]
    assert len(texts) >= 5
    for text in texts:
        assert "<!" not in text and "<@" not in text and "<https://evil" not in text, text
    assert sum("&lt;!channel&gt;" in t for t in texts) >= 5
    link = next(t for t in texts if "Read the article" in t)
    assert link == "<https://news.example/a?x=1&amp;y=2|Read the article>"


def test_only_mention_user_ids_become_real_mentions() -> None:
    message = RichMessage(title="Alert", body="About <@U999>")
    post = Post("slack", "C1", message, "alert:1", mention_user_ids=("U111", "W222", "<!channel>"))
    rendered = render_post(post)
    raw = json.dumps(rendered.blocks)
    assert "<@U111>" in raw and "<@W222>" in raw
    assert "<@U999>" not in raw and "<!channel>" not in raw
    assert rendered.text.startswith("<@U111> <@W222>")


def test_non_http_urls_are_not_linked() -> None:
    rendered = render_reply(Reply((RichMessage(title="T", url="javascript:alert(1)", body="b"),)))
    assert "javascript" not in json.dumps(rendered.blocks)


def test_limits_header_section_and_block_count() -> None:
    long_body = ("word & " * 2000).strip()  # > 3,000 characters once escaped
    many = tuple(Section(f"S{i}", ("x",)) for i in range(80))
    rendered = render_reply(Reply((RichMessage(title="T" * 400, body=long_body, sections=many, footer="f"),)))
    blocks = rendered.blocks
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["type"] == "context" and "shortened" in blocks[-1]["elements"][0]["text"]
    header = blocks[0]["text"]["text"]
    assert len(header) == HEADER_LIMIT and header.endswith("…")
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(0 < len(text) <= TEXT_LIMIT for text in sections)
    body_parts = [t for t in sections if t.startswith("word")]
    assert len(body_parts) >= 4  # split, not dropped
    assert all(not part.endswith(("&", "&a", "&am", "&amp")) for part in body_parts)
    assert rendered.text  # fallback text always set


def test_cut_never_splits_an_entity() -> None:
    title = "x" * 147 + "&&&&"
    header = render_reply(Reply((RichMessage(title=title, body="b"),))).blocks[0]["text"]["text"]
    assert len(header) <= HEADER_LIMIT
    assert header.endswith("…") and "&am…" not in header and "&a…" not in header


def test_reply_layout_and_error_marker() -> None:
    reply = Reply(
        (
            RichMessage(title="Steve Witkoff", body="US special envoy.", sections=(Section("Seen in", ("#3",)),)),
            RichMessage(body="second"),
        ),
        error=False,
    )
    kinds = [b["type"] for b in render_reply(reply).blocks]
    assert kinds == ["header", "section", "section", "divider", "section"]
    error = render_reply(Reply.text("No such story", error=True))
    assert error.text.startswith(":warning:") and error.blocks[0]["text"]["text"].startswith(":warning:")


def test_empty_reply_still_has_fallback_text() -> None:
    rendered = render_reply(Reply((RichMessage(body=""),)))
    assert rendered.blocks == [] and rendered.text
