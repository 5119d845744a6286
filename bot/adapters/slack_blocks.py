"""Block Kit rendering for Slack: `RichMessage` → blocks plus fallback text, inside Slack's limits.

Kept apart from `slack.py` because it is pure (no network) and is where the safety rule lives: every text
field built from article or reply text is escaped (`&`, `<`, `>`), so `<!channel>`, `<!here>` or `<@U…>` in
an article shows as text and never notifies. The only real mentions are `Post.mention_user_ids`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.messages import Post, Reply, RichMessage

Block = dict[str, Any]

MAX_BLOCKS = 50
HEADER_LIMIT = 150
TEXT_LIMIT = 3000  # section and context text objects
FALLBACK_LINE = 200  # the fallback `text` is a notification: the headline and one line, not the whole brief
ELLIPSIS = "…"
TRUNCATED_NOTE = "_(shortened to fit in one Slack message)_"

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")


@dataclass(frozen=True)
class SlackMessage:
    """What goes into chat.postMessage / response_url: blocks and the always-set fallback text."""

    blocks: list[Block]
    text: str


def escape(text: str) -> str:
    """Slack's control characters as entities, so article text can never form a mention or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(escaped: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters without splitting an `&amp;`-style entity."""
    if len(escaped) <= limit:
        return escaped
    head = escaped[: limit - len(ELLIPSIS)]
    head = _ENTITY_TAIL.sub("", head)  # a cut `&am` would render as garbage
    return head.rstrip() + ELLIPSIS


def _chunks(escaped: str, limit: int) -> list[str]:
    """Split long escaped text into pieces of at most `limit`, at line or word breaks where possible."""
    pieces: list[str] = []
    rest = escaped
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:
            cut = limit
            tail = _ENTITY_TAIL.search(window)
            if tail:
                cut = tail.start()
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _safe_url(url: str) -> str | None:
    """An http(s) URL usable inside `<url|label>`; anything else is not linked."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip().replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


def _mrkdwn_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _message_blocks(message: RichMessage) -> list[Block]:
    blocks: list[Block] = []
    if message.title:
        header = _cut(escape(message.title), HEADER_LIMIT)
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": header, "emoji": True}})
    url = _safe_url(message.url) if message.url else None
    if url:
        blocks.append(_mrkdwn_section(f"<{url}|Read the article>"))
    if message.body.strip():
        blocks.extend(_mrkdwn_section(piece) for piece in _chunks(escape(message.body), TEXT_LIMIT))
    for section in message.sections:
        lines = [f"*{escape(section.heading)}*"] + [f"• {escape(item)}" for item in section.items]
        blocks.extend(_mrkdwn_section(piece) for piece in _chunks("\n".join(lines), TEXT_LIMIT))
    if message.footer.strip():
        footer = _cut(escape(message.footer), TEXT_LIMIT)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": footer}]})
    return blocks


def _fit(blocks: list[Block]) -> list[Block]:
    """At most 50 blocks; when something is dropped, the last block says so."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    kept = blocks[: MAX_BLOCKS - 1]
    return kept + [{"type": "context", "elements": [{"type": "mrkdwn", "text": TRUNCATED_NOTE}]}]


def _mentions(user_ids: tuple[str, ...]) -> str:
    """Real mentions, only for well-formed user ids (these are the only pings the bot ever sends)."""
    return " ".join(f"<@{uid}>" for uid in user_ids if _USER_ID.match(uid))


def notification_text(messages: tuple[RichMessage, ...]) -> str:
    """The fallback `text` Slack shows in notifications and where blocks cannot be shown: the first message's
    headline and the first line of its body (or of its first section), escaped like the blocks."""
    if not messages:
        return ""
    first = messages[0]
    lines = [line.strip() for line in first.body.splitlines() if line.strip()]
    lines += [item.strip() for section in first.sections for item in section.items if item.strip()]
    parts = [_cut(escape(" ".join(first.title.split())), HEADER_LIMIT)] if first.title.strip() else []
    if lines:
        parts.append(_cut(escape(lines[0]), FALLBACK_LINE))
    return "\n".join(parts)


def render_messages(messages: tuple[RichMessage, ...], *, error: bool = False) -> SlackMessage:
    """Several rich messages as one Slack message, separated by dividers."""
    blocks: list[Block] = []
    for index, message in enumerate(messages):
        if index:
            blocks.append({"type": "divider"})
        blocks.extend(_message_blocks(message))
    text = notification_text(messages) or "(no content)"
    if error:
        text = ":warning: " + text
        if blocks and blocks[0]["type"] == "section":
            blocks[0]["text"]["text"] = _cut(":warning: " + blocks[0]["text"]["text"], TEXT_LIMIT)
    return SlackMessage(blocks=_fit(blocks), text=text)


def render_reply(reply: Reply) -> SlackMessage:
    """A command's answer."""
    return render_messages(reply.messages, error=reply.error)


def render_post(post: Post) -> SlackMessage:
    """A brief, digest or alert; `mention_user_ids` go first so the notification names them."""
    rendered = render_messages((post.message,))
    mentions = _mentions(post.mention_user_ids)
    if not mentions:
        return rendered
    blocks = _fit([_mrkdwn_section(mentions), *rendered.blocks])
    return SlackMessage(blocks=blocks, text=f"{mentions} {rendered.text}")
