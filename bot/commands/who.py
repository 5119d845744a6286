"""`/who NAME` (also `/who is NAME`, `/who is the NAME`): an entity card from the articles the bot has read."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.commands.base import Request
from bot.knowledge.cards import Choice, EntityCard, StoryRef, WhoResult, find_who
from bot.messages import Reply, RichMessage, Section
from bot.services import Services

logger = logging.getLogger(__name__)

TYPE_WORDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group"}


def _day(when: datetime | None) -> str:
    return when.strftime("%-d %b %Y") if when else "date unknown"


def _story(story: StoryRef) -> str:
    link = f" — {story.url}" if story.url else ""
    return f"{story.title} ({_day(story.when)}){link}"


def _choice(choice: Choice) -> str:
    role = choice.role or TYPE_WORDS.get(choice.type, choice.type.lower())
    articles = "1 article" if choice.article_count == 1 else f"{choice.article_count} articles"
    return f"{choice.name} — {role} ({articles})"


def render_card(card: EntityCard) -> RichMessage:
    if card.current_role:
        body = (
            f"{card.current_role.role}\n(as of {_day(card.current_role.story.when)}, “{card.current_role.story.title}”)"
        )
    else:
        kind = TYPE_WORDS.get(card.type, card.type.lower())
        body = f"{'An' if kind[:1] in 'aeiou' else 'A'} {kind} in the articles I have read."
    sections = []
    if card.other_roles:
        sections.append(
            Section(
                "Also described as",
                tuple(f"{r.role} ({_day(r.story.when)}, “{r.story.title}”)" for r in card.other_roles),
            )
        )
    if card.deeds:
        sections.append(Section("In the latest stories", tuple(f"“{s}” — {story.title}" for s, story in card.deeds)))
    if card.quotes:
        sections.append(Section("Latest quotes", tuple(f"“{q}” — {story.title}" for q, story in card.quotes)))
    if card.stories:
        sections.append(Section("Latest stories", tuple(_story(s) for s in card.stories)))
    if card.related:
        sections.append(Section("Related", tuple(_choice(c) for c in card.related)))
    if card.also:
        sections.append(Section("Not to be confused with", tuple(_choice(c) for c in card.also[:3])))
    mentions = "1 mention" if card.mention_count == 1 else f"{card.mention_count} mentions"
    articles = "1 article" if card.article_count == 1 else f"{card.article_count} articles"
    footer = f"{mentions} in {articles}; first seen {_day(card.first_seen)}, last seen {_day(card.last_seen)}."
    url = card.stories[0].url if card.stories else None
    return RichMessage(title=card.name, url=url, body=body, sections=tuple(sections), footer=footer)


def render(result: WhoResult, typed: str) -> Reply:
    if result.card is not None:
        return Reply(messages=(render_card(result.card),))
    if result.choices:
        return Reply(
            messages=(
                RichMessage(
                    title=f"Which {typed}?",
                    body=f"I have read about {len(result.choices)} people or things called “{typed}”.",
                    sections=(Section("Pick one", tuple(_choice(c) for c in result.choices[:8])),),
                    footer="Ask again with the full name, e.g. /who " + result.choices[0].name,
                ),
            )
        )
    sections = (Section("Closest names I know", tuple(result.suggestions)),) if result.suggestions else ()
    return Reply(
        messages=(RichMessage(body=f"I haven't read about {typed} yet.", sections=sections),),
    )


async def handle(services: Services, request: Request) -> Reply:
    typed = request.command.args.strip().rstrip("?").strip()
    async with services.db.session() as session:
        result = await find_who(services.caches.knowledge.names, session, typed, services.settings.knowledge)
    if not result.query:
        return Reply.text("Whom should I look up? Try /who Witkoff.", ephemeral=True)
    shown = typed
    for lead in ("is the ", "is ", "the "):
        if shown.lower().startswith(lead):
            shown = shown[len(lead) :]
    return render(result, shown.strip() or typed)
