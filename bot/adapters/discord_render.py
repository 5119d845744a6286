"""`RichMessage` → Discord embeds, within every Discord limit.

Pure functions (no client, no network) so the splitting rules are testable on their own. Text is never
cut mid-word unless a single "word" is longer than the limit (a huge URL), and nothing is dropped: a body
longer than one embed continues in the next embed, embeds that do not fit one message go to the next
message, and a title too long for the title slot is repeated in full at the top of the description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import discord

from bot.messages import Reply, RichMessage, Section

# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000  # summed over all embeds of one message
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000
THREAD_NAME_LIMIT = 100

COLOUR = discord.Colour.blurple()
ERROR_COLOUR = discord.Colour.red()
BULLET = "• "
ELLIPSIS = "…"

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def _best_cut(text: str, limit: int) -> int:
    """Where the first chunk of `text` (longer than `limit`) ends: the coarsest boundary keeping it full."""
    window = text[: limit + 1]  # a boundary right after the limit still lets the chunk end at `limit`
    floor = limit // 3  # a boundary this early would waste too much of the chunk
    for boundary in ("\n\n", "\n"):
        at = window.rfind(boundary, 0, limit + 1)
        if at >= floor:
            return at
    sentence_ends = [m.end() - 1 for m in _SENTENCE_END.finditer(window) if m.end() - 1 <= limit]
    if sentence_ends and sentence_ends[-1] >= floor:
        return sentence_ends[-1]
    space = max(window.rfind(" ", 0, limit + 1), window.rfind("\n", 0, limit + 1), window.rfind("\t", 0, limit + 1))
    return space if space > 0 else limit  # a single word longer than the limit: the only hard cut


def split_text(text: str, limit: int) -> list[str]:
    """Split into chunks of at most `limit` characters at paragraph, line, sentence or word boundaries."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _best_cut(rest, limit)
        head = rest[:cut].rstrip()
        if head:
            chunks.append(head)
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def trim(text: str, limit: int) -> str:
    """Shorten to `limit` characters at a word boundary, with an ellipsis (one-line slots: titles, names)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS)]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:-—") + ELLIPSIS


def _section_fields(section: Section) -> Iterator[tuple[str, str]]:
    """One section → (name, value) fields of at most 1,024 characters; long lists continue in more fields."""
    name = trim(section.heading, FIELD_NAME_LIMIT) or "\u200b"
    more = trim(f"{section.heading} (cont.)", FIELD_NAME_LIMIT)
    lines: list[str] = []
    for item in section.items:
        pieces = split_text(item, FIELD_VALUE_LIMIT - len(BULLET)) or [""]
        lines.append(BULLET + pieces[0])
        lines.extend(pieces[1:])
    value = ""
    first = True
    for line in lines:
        candidate = f"{value}\n{line}" if value else line
        if len(candidate) > FIELD_VALUE_LIMIT:
            yield (name if first else more), value
            first, value = False, line
        else:
            value = candidate
    if value:
        yield (name if first else more), value


def message_embeds(message: RichMessage, *, error: bool = False) -> list[discord.Embed]:
    """One rich message → one or more embeds, each within the per-embed limits and under 6,000 in total."""
    colour = ERROR_COLOUR if error else COLOUR
    title = " ".join(message.title.split())
    body = message.body
    shown_title = trim(title, TITLE_LIMIT)
    if shown_title != title:
        body = f"{title}\n\n{body}" if body else title  # keep the whole title readable
    if message.url and not shown_title:
        body = f"{message.url}\n{body}" if body else message.url
    chunks = split_text(body, DESCRIPTION_LIMIT)
    first = discord.Embed(
        title=shown_title or None,
        url=message.url if shown_title and message.url else None,
        description=chunks[0] if chunks else None,
        colour=colour,
    )
    embeds = [first] + [discord.Embed(description=chunk, colour=colour) for chunk in chunks[1:]]
    for section in message.sections:
        for name, value in _section_fields(section):
            last = embeds[-1]
            if len(last.fields) >= FIELD_COUNT_LIMIT or len(last) + len(name) + len(value) > EMBED_TOTAL_LIMIT:
                embeds.append(last := discord.Embed(colour=colour))
            last.add_field(name=name, value=value, inline=False)
    footer = trim(message.footer, FOOTER_LIMIT)
    if footer:
        if len(embeds[-1]) + len(footer) > EMBED_TOTAL_LIMIT:
            embeds.append(discord.Embed(colour=colour))
        embeds[-1].set_footer(text=footer)
    if len(embeds) == 1 and not len(first) and not first.fields:
        first.description = "\u200b"  # Discord rejects an empty embed
    return embeds


def group_embeds(embeds: Iterable[discord.Embed]) -> list[list[discord.Embed]]:
    """Pack embeds, in order, into messages of at most 10 embeds and 6,000 characters."""
    batches: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        n = len(embed)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + n > EMBED_TOTAL_LIMIT):
            batches.append(current)
            current, size = [], 0
        current.append(embed)
        size += n
    if current:
        batches.append(current)
    return batches


def render_messages(messages: Sequence[RichMessage], *, error: bool = False) -> list[list[discord.Embed]]:
    """Rich messages → the embeds of each Discord message to send, in order (at least one message)."""
    embeds = [embed for message in messages for embed in message_embeds(message, error=error)]
    return group_embeds(embeds) or [[discord.Embed(description="\u200b", colour=COLOUR)]]


def render_reply(reply: Reply) -> list[list[discord.Embed]]:
    return render_messages(reply.messages, error=reply.error)


def mention_content(user_ids: Sequence[str]) -> str | None:
    """`<@id> <@id>` for the people a post may notify, cut to the message-content limit at a whole mention."""
    content = ""
    for user_id in user_ids:
        if not user_id.isdigit():
            continue
        candidate = f"{content} <@{user_id}>".strip()
        if len(candidate) > CONTENT_LIMIT:
            break
        content = candidate
    return content or None


def thread_name(message: RichMessage) -> str:
    """A thread's name: the story's title (or the start of its body), trimmed to Discord's 100 characters."""
    source = message.title or message.body or "Follow-ups"
    return trim(source, THREAD_NAME_LIMIT) or "Follow-ups"
