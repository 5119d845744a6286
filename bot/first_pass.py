"""The first brief-and-post pass of `newsbrief run`, shown as it happens.

Loading the language models and briefing a backlog takes tens of seconds; a silent terminal looks hung.
This says what is going on (loading the models, then briefing N articles with a progress bar on a
terminal, or plain lines on a pipe), and `kept()` says what a stop left behind. Progress is read from the
store (articles still `new`), so it stays true whichever process does the briefing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.app import App
from bot.store import articles as article_store

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5


async def _waiting(app: App) -> int:
    async with app.services.db.session() as session:
        return (await article_store.count_by_state(session)).get("new", 0)


def _load_models(app: App) -> None:
    """Load the summariser's models now (they load on first use anyway), so the wait is named."""
    from summarizer.nlp_models import get_embedder, get_spacy, set_torch_threads

    set_torch_threads(app.settings.summarizer.torch_threads)
    get_spacy()
    if app.settings.summarizer.backend == "extractive":
        get_embedder()


async def brief_with_progress(app: App, out: Console) -> int:
    """`app.work()` (brief what is new, post what is briefed) with what is happening shown on `out`;
    returns how many posts were made."""
    waiting = await _waiting(app)
    if not waiting:
        return await app.work()
    terminal = out.is_terminal
    say = (lambda text: None) if terminal else (lambda text: out.print(f"newsbrief: {text}", markup=False))
    say("loading the language models…")
    with out.status("Loading the language models…") if terminal else contextlib.nullcontext():
        await asyncio.to_thread(_load_models, app)
    say(f"briefing {waiting} article{'s' if waiting != 1 else ''}…")
    columns = (TextColumn("Briefing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=out, transient=True, disable=not terminal) as progress:
        task = progress.add_task("briefing", total=waiting)

        async def follow() -> None:
            while True:
                await asyncio.sleep(POLL_SECONDS)
                progress.update(task, completed=max(waiting - await _waiting(app), 0))

        watcher = asyncio.create_task(follow())
        try:
            posted = await app.work()
        finally:
            watcher.cancel()
    say(f"briefed {max(waiting - await _waiting(app), 0)} of {waiting}; {posted} posted")
    return posted


async def kept(app: App) -> str:
    """What a stop left behind, in one line: briefs are kept as soon as each is stored."""
    async with app.services.db.session() as session:
        states = await article_store.count_by_state(session)
    briefs = states.get("briefed", 0) + states.get("published", 0)
    waiting = states.get("new", 0)
    line = f"stopped. Kept {briefs} brief{'s' if briefs != 1 else ''} ({states.get('published', 0)} posted)"
    if waiting:
        line += f"; {waiting} article{'s' if waiting != 1 else ''} will be briefed at the next start"
    return line + "."
