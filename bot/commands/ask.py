"""`/ask QUESTION`: an answer quoted verbatim from stored articles, each sentence cited by number.

In a story's thread (or after `/brief N` in the console) the story in scope is searched first.
"""

from __future__ import annotations

import logging

from bot.commands.base import Request
from bot.knowledge.answer import Answer, Citation, answer_question
from bot.messages import Reply, RichMessage, Section
from bot.services import Services

logger = logging.getLogger(__name__)


def _source(source: Citation) -> str:
    day = f" ({source.when.strftime('%-d %b %Y')})" if source.when else ""
    link = f" — {source.url}" if source.url else ""
    return f"[{source.number}] {source.title}{day}{link}"


def render(answer: Answer) -> Reply:
    if answer.confident:
        body = "\n".join(f"“{c.text}” [{c.number}]" for c in answer.cited)
        footer = "Quoted from the articles I have read."
        if answer.from_scope:
            footer = "Quoted from this story."
        elif answer.scope_missed:
            footer = "This story doesn't say; quoted from other articles I have read."
        first = answer.sources[0]
        return Reply(
            messages=(
                RichMessage(
                    title=answer.question,
                    url=first.url,
                    body=body,
                    sections=(Section("Sources", tuple(_source(s) for s in answer.sources)),),
                    footer=footer,
                ),
            ),
            article_id=first.article_id if len(answer.sources) == 1 else None,
        )
    body = "I don't know: none of the articles I have read answers that."
    if answer.scope_missed:
        body = "I don't know: this story doesn't say, and neither do the other articles I have read."
    sections = (Section("Closest stories", tuple(_source(s) for s in answer.closest)),) if answer.closest else ()
    return Reply(messages=(RichMessage(title=answer.question, body=body, sections=sections),))


async def handle(services: Services, request: Request) -> Reply:
    question = request.command.args.strip()
    if not question:
        return Reply.text("What would you like to know? Try /ask what did Hegseth say about NATO?", ephemeral=True)
    async with services.db.session() as session:
        answer = await answer_question(
            services.caches.knowledge,
            session,
            question,
            services.embedder,
            scope_article_id=request.scope_article_id,
            now=services.clock(),
            settings=services.settings.knowledge,
        )
    return render(answer)
