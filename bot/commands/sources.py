"""`/sources`: where articles come from and whether each source is healthy (and if not, why)."""

from __future__ import annotations

from bot.commands.base import Request
from bot.messages import Reply, RichMessage, Section
from bot.render import when_text
from bot.services import Services
from bot.store import sources as source_store


async def handle(services: Services, request: Request) -> Reply:
    async with services.db.session() as session:
        sources = await source_store.all_sources(session)
    if not sources:
        return Reply.text("No sources yet: add folders or feeds in config/newsbrief.toml.")
    lines = []
    for s in sources:
        if s.disabled:
            status = f"DISABLED — {s.disabled_reason}"
        elif s.failures:
            status = f"failing ({s.failures} in a row): {s.last_error}"
        else:
            status = f"ok, last polled {when_text(s.last_polled_at)}"
        label = s.name if s.name and s.name != s.key else s.key
        lines.append(f"[{s.kind}] {label} — {s.articles_seen} articles — {status}")
    return Reply(messages=(RichMessage(title="Sources", body="", sections=(Section("Sources", tuple(lines)),)),))
