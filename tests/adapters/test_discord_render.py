"""Discord's size limits: long briefs split at sensible boundaries, nothing lost, every limit respected."""

from __future__ import annotations

import re

import pytest

from bot.adapters.discord_render import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    mention_content,
    message_embeds,
    render_messages,
    split_text,
    thread_name,
    trim,
)
from bot.messages import RichMessage, Section
from tests.fakes.discord_server import limit_violations

SENTENCE = "The envoy said the talks in Riyadh would resume on Monday, with both delegations present. "


def words(text: str) -> list[str]:
    return text.split()


def long_body(chars: int) -> str:
    paragraphs, body = [], ""
    while len(body) < chars:
        paragraphs.append(SENTENCE * 7)
        body = "\n\n".join(paragraphs)
    return body[:chars].rsplit(" ", 1)[0]


def payload_text(payloads: list[dict]) -> str:
    """All visible text of message payloads, in order."""
    parts: list[str] = []
    for payload in payloads:
        for embed in payload.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for f in embed.get("fields") or []:
                parts += [f["name"], f["value"]]
            parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


@pytest.mark.parametrize("limit", [50, 1024, 4096])
def test_split_text_keeps_every_word_in_order_and_never_cuts_one(limit: int) -> None:
    text = long_body(9_000)
    chunks = split_text(text, limit)
    assert all(0 < len(c) <= limit for c in chunks)
    assert words(" ".join(chunks)) == words(text)
    original_words = set(words(text))
    for chunk in chunks:  # a chunk never starts or ends inside a word
        assert words(chunk)[0] in original_words and words(chunk)[-1] in original_words


def test_split_text_prefers_paragraphs_then_sentences() -> None:
    text = "First paragraph is here.\n\nSecond one is a bit longer than that. It has two sentences."
    assert split_text(text, 60) == [
        "First paragraph is here.",
        "Second one is a bit longer than that. It has two sentences.",
    ]
    assert split_text("One sentence here. Another sentence follows it.", 30) == [
        "One sentence here.",
        "Another sentence follows it.",
    ]


def test_a_single_overlong_word_is_the_only_hard_cut() -> None:
    url = "https://example.com/" + "a" * 3000
    chunks = split_text(f"see {url} now", 1024)
    assert all(len(c) <= 1024 for c in chunks)
    assert "".join(chunks).replace(" ", "") == f"see{url}now"


def test_trim_cuts_at_a_word_with_an_ellipsis() -> None:
    title = "Negotiators " * 40
    trimmed = trim(title, TITLE_LIMIT)
    assert len(trimmed) <= TITLE_LIMIT and trimmed.endswith("Negotiators…")


def test_a_9000_character_brief_is_split_within_every_limit_and_loses_nothing() -> None:
    body = long_body(9_000)
    actors = tuple(f"Actor number {i} — minister for {'very ' * 30}important things" for i in range(40))
    steps = tuple(SENTENCE * 15 for _ in range(6))  # single items longer than a field value
    message = RichMessage(
        title="Talks resume " + "with a very long headline " * 15,
        url="https://example.com/story",
        body=body,
        sections=(Section("Key actors", actors), Section("Next steps", steps)),
        footer="#7 · Example News · 13 Feb 2025",
    )
    batches = render_messages([message])
    payloads = [{"embeds": [e.to_dict() for e in batch]} for batch in batches]
    assert len(payloads) >= 3
    for payload in payloads:
        assert limit_violations(payload) == []
    first = payloads[0]["embeds"][0]
    assert first["url"] == "https://example.com/story"
    assert len(first["title"]) <= TITLE_LIMIT and first["title"].endswith("…")
    assert first["description"].startswith(" ".join(message.title.split()))  # the full title is kept, first
    text = payload_text(payloads)
    assert words(body)[:50] == words(first["description"])[len(words(message.title)) :][:50]  # first part first
    assert " ".join(words(f"{message.title} {body}")) in " ".join(words(text))
    values = " ".join(
        f["value"].replace("• ", " ") for p in payloads for e in p["embeds"] for f in e.get("fields") or []
    )
    for item in (*actors, *steps):
        assert " ".join(words(item)) in " ".join(words(values))
    assert payloads[-1]["embeds"][-1]["footer"]["text"] == message.footer


def test_sections_become_fields_and_overflow_into_more_embeds() -> None:
    items = tuple(f"Person {i} — role {i}" for i in range(400))
    embeds = message_embeds(RichMessage(title="T", body="b", sections=(Section("Key actors", items),)))
    names = [f.name for e in embeds for f in e.fields]
    assert names[0] == "Key actors" and set(names[1:]) == {"Key actors (cont.)"}
    assert all(len(f.value or "") <= FIELD_VALUE_LIMIT for e in embeds for f in e.fields)
    values = "\n".join(f.value or "" for e in embeds for f in e.fields)
    assert re.findall(r"Person \d+", values) == [f"Person {i}" for i in range(400)]


def test_short_messages_render_as_one_embed() -> None:
    embeds = message_embeds(RichMessage(title="Witkoff", url="https://x.test/1", body="US envoy.", footer="Example"))
    assert len(embeds) == 1
    data = embeds[0].to_dict()
    assert (data["title"], data["url"], data["description"], data["footer"]["text"]) == (
        "Witkoff",
        "https://x.test/1",
        "US envoy.",
        "Example",
    )
    assert len(data["description"]) <= DESCRIPTION_LIMIT


def test_mentions_and_thread_names_stay_within_limits() -> None:
    content = mention_content([str(10**17 + i) for i in range(200)] + ["not-an-id"])
    assert content is not None and len(content) <= 2000 and content.startswith(f"<@{10**17}>")
    assert re.fullmatch(r"(<@\d+> ?)+", content)
    assert mention_content([]) is None
    assert len(thread_name(RichMessage(body="", title="x" * 300))) <= 100
    assert thread_name(RichMessage(body="Body only")) == "Body only"
