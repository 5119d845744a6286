"""`/sources`: where articles come from and whether each source is healthy (and if not, why)."""

from __future__ import annotations

from bot.commands.base import Request, admin_refusal
from bot.ingest import redact_url
from bot.llm import summary_writer
from bot.messages import Reply, RichMessage, Section
from bot.render import when_text
from bot.services import Services
from bot.store import sources as source_store


async def handle(services: Services, request: Request) -> Reply:
    words = request.command.args.split(maxsplit=1)
    if words and words[0].lower() == "enable":
        return await _enable(services, request, words[1].strip() if len(words) > 1 else "")
    async with services.db.session() as session:
        sources = await source_store.all_sources(session)
    writer = summary_writer(services)
    health = (Section("Summary writer (LLM)", (writer.describe(),)),) if writer else ()
    if not sources:
        empty = "No sources yet: add folders in config/newsbrief.toml, feeds with /feeds add URL."
        if not health:
            return Reply.text(empty)
        return Reply(messages=(RichMessage(title="Sources", body=empty, sections=health),))
    lines = []
    for s in sources:
        if s.disabled:
            status = f"DISABLED — {s.disabled_reason} (admins: /sources enable {redact_url(s.key)})"
        elif s.failures:
            status = f"failing ({s.failures} in a row): {s.last_error}"
        else:
            status = f"ok, last polled {when_text(s.last_polled_at)}"
        label = s.name if s.name and s.name != s.key else redact_url(s.key)
        lines.append(f"[{s.kind}] {label} — {s.articles_seen} articles — {status}")
    sections = (Section("Sources", tuple(lines)), *health)
    return Reply(messages=(RichMessage(title="Sources", body="", sections=sections),))


async def _enable(services: Services, request: Request, key: str) -> Reply:
    """`/sources enable URL`: an admin turns a disabled source back on once its problem is fixed."""
    if not request.command.is_admin:
        refusal = admin_refusal(request.command.platform, "Re-enabling a source")
        return Reply.text(refusal, error=True, ephemeral=True)
    if not key:
        return Reply.text("Usage: /sources enable URL_OR_FOLDER (as /sources lists it)", error=True, ephemeral=True)
    async with services.db.session() as session:
        # /sources shows a URL's credentials as ***, so the shown form names the source too
        known = {redact_url(s.key): s.key for s in await source_store.all_sources(session)}
        found = await source_store.enable_source(session, known.get(key, key))
    if not found:
        return Reply.text(f"I have no source '{key}'. /sources lists them.", error=True, ephemeral=True)
    return Reply.text(f"Re-enabled {redact_url(key)}; it will be polled again on its next turn.")
