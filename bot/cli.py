"""`newsbrief` command line: the only place where the service is wired together and logging configured."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from bot import logs
from bot.adapters.base import AdapterStartError
from bot.adapters.console import ConsoleAdapter, prompt_lines, render, stdin_lines
from bot.app import App
from bot.collect import CollectReport, collect_paths, fetch_policy
from bot.first_pass import brief_with_progress, kept
from bot.ingest import IngestError, SafeFetcher, article_from_file, fetch_article
from bot.messages import PLATFORMS, Command
from bot.render import brief_message
from bot.settings import ConfigError, Settings, load_settings
from bot.store import StoreError

logger = logging.getLogger(__name__)
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".json"}
err = Console(stderr=True, highlight=False)


class UsageError(Exception):
    """A bad argument; printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbrief", description="News briefs for Discord, Slack and the terminal.")
    parser.add_argument("--config", help="path of the TOML configuration (default: config/newsbrief.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (the console channel when no chat token is set)")
    run.add_argument("--once", action="store_true", help="ingest, brief, post, then exit")
    worker = sub.add_parser(
        "worker", help="a worker sharing the queue of one PostgreSQL: ingest, brief, queue posts (no chat gateways)"
    )
    worker.add_argument("--once", action="store_true", help="brief and queue what is waiting, then exit")
    brief = sub.add_parser("brief", help="brief one file or URL and print it")
    brief.add_argument("target", help="a .txt/.md/.html/.json file, or an http(s) URL")
    brief.add_argument("--json", action="store_true", help="print the brief as JSON")
    ingest = sub.add_parser("ingest", help="store (and brief) files and folders")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--no-brief", action="store_true", help="store only; the bot briefs them later")
    who = sub.add_parser("who", help="who someone is, from the stored articles")
    who.add_argument("name", nargs="+")
    ask = sub.add_parser("ask", help="a question answered from the stored articles, with sources")
    ask.add_argument("question", nargs="+")
    sub.add_parser("sources", help="sources and their health")
    feeds = sub.add_parser("feeds", help="feeds: list, import or export an OPML reading list")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True)
    feeds_sub.add_parser("list", help="the feeds with their channels and health")
    opml_in = feeds_sub.add_parser("import", help="add every feed of an OPML file (all or nothing)")
    opml_in.add_argument("file", type=Path)
    opml_in.add_argument("--channel", help="PLATFORM:CHANNEL_ID the imported feeds post to (default: every channel)")
    opml_out = feeds_sub.add_parser("export", help="write the feeds as OPML (to stdout without FILE)")
    opml_out.add_argument("file", type=Path, nargs="?")
    backup_out = sub.add_parser("export", help="back up sources, channels, settings and subscriptions (not articles)")
    backup_out.add_argument("file", type=Path)
    backup_in = sub.add_parser("import", help="restore a backup made by `newsbrief export` (all or nothing)")
    backup_in.add_argument("file", type=Path)
    ev = sub.add_parser("eval", help="measure summary and entity quality (see --help)", add_help=False)
    ev.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _configure_logging(settings: Settings, verbose: bool, quiet_console: bool) -> None:
    """Logs go to stderr; in the interactive console only warnings, so posts and replies stay readable."""
    level = logging.DEBUG if verbose else getattr(logging, settings.log_level)
    if quiet_console and not verbose:
        level = max(level, logging.WARNING)
    logs.configure(level, settings.log_format)


async def _load_article(settings: Settings, target: str) -> object:
    if target.startswith(("http://", "https://")):
        fetcher = SafeFetcher(fetch_policy(settings))
        try:
            return (await fetch_article(fetcher, target)).article
        finally:
            await fetcher.aclose()
    path = Path(target)
    if not path.is_file():
        raise UsageError(f"{target}: no such file")
    return article_from_file(path, path.parent).article


async def cmd_brief(settings: Settings, target: str, as_json: bool) -> int:
    from bot.llm import writer_for
    from bot.processing import summarizer_options
    from summarizer import summarize

    article = await _load_article(settings, target)
    options = summarizer_options(settings, writer_for(settings))
    brief = await asyncio.to_thread(summarize, article, options)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps(brief.to_dict(), ensure_ascii=False, indent=2))
    else:
        Console(highlight=False).print(render(brief_message(brief)))
    return 0


async def cmd_ingest(settings: Settings, paths: list[Path], brief: bool) -> int:
    from rich.progress import Progress

    app = await App.create(settings)
    try:
        report = CollectReport()
        files = sum(1 for p in paths for f in (p.rglob("*") if p.is_dir() else [p]) if f.suffix in ARTICLE_SUFFIXES)
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("ingesting", total=files)
            await collect_paths(app.services, paths, report, on_file=lambda: progress.advance(task))
            if brief and report.new + report.updated:
                progress.add_task("briefing", total=None)
                await app.process_pending()
        for error in report.errors:
            err.print(f"newsbrief: {error}", markup=False)
        print(f"ingested: {report}")
        return 1 if report.errors else 0
    finally:
        await app.close()


async def cmd_query(settings: Settings, name: str, args: str, admin: bool = False) -> int:
    app = await App.create(settings)
    try:
        reply = await app.dispatch(Command(name=name, args=args, platform="console", user_id="cli", is_admin=admin))
        out = Console(highlight=False)
        for message in reply.messages:
            out.print(render(message))
        return 1 if reply.error else 0
    finally:
        await app.close()


async def cmd_feeds(settings: Settings, args: argparse.Namespace) -> int:
    """`newsbrief feeds list|import|export`: the same registry as `/feeds` in chat."""
    from bot import feed_registry

    if args.feeds_command == "list":
        return await cmd_query(settings, "feeds", "list", admin=True)
    target = None
    if args.feeds_command == "import":
        if not args.file.is_file():
            raise UsageError(f"{args.file}: no such file")
        if args.channel:
            platform, _, channel_id = args.channel.partition(":")
            if platform not in PLATFORMS or not channel_id:
                raise UsageError(f"--channel must be PLATFORM:CHANNEL_ID with PLATFORM one of {', '.join(PLATFORMS)}")
            target = feed_registry.Target(platform, channel_id)
    app = await App.create(settings)
    try:
        if args.feeds_command == "import":
            try:
                report = await feed_registry.import_opml(app.services, args.file.read_bytes(), target, str(args.file))
            except feed_registry.FeedAdminError as exc:
                err.print(f"newsbrief: {exc}", markup=False)
                return 1
            print(f"imported {args.file}: {report.feeds} feeds, {report.added} new, {report.already} already polled")
            return 0
        data = await feed_registry.export_opml(app.services)
        if args.file is None:
            sys.stdout.write(data.decode("utf-8") + "\n")
        else:
            args.file.write_bytes(data)
            print(f"wrote {args.file}")
        return 0
    finally:
        await app.close()


async def cmd_backup(settings: Settings, command: str, path: Path) -> int:
    """`newsbrief export FILE` / `newsbrief import FILE` (see `bot.backup`)."""
    from bot import backup

    document = None
    if command == "import":
        try:
            document = json.loads(path.read_bytes())
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            err.print(f"newsbrief: {path}: not a JSON backup ({exc})", markup=False)
            return 1
    app = await App.create(settings)
    try:
        if command == "export":
            state = await backup.export_state(app.services)
            path.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
            print(
                f"wrote {path}: {len(state['sources'])} sources, {len(state['channels'])} channels, "
                f"{len(state['subscriptions'])} subscriptions"
            )
            return 0
        try:
            report = await backup.import_state(app.services, document)
        except backup.BackupError as exc:
            err.print(f"newsbrief: {path}: {exc} (nothing was imported)", markup=False)
            return 1
        print(f"imported {path}: {report}")
        for line in report.settings_differ:
            err.print(f"newsbrief: note: configuration differs from the backup, {line}", markup=False)
        return 0
    finally:
        await app.close()


def _chat_adapters(app: App) -> list[object]:
    """Discord and Slack adapters for the tokens that are set (imported only when used)."""
    adapters: list[object] = []
    platforms = app.settings.chat_platforms
    if "discord" in platforms:
        from bot.adapters.discord import DiscordAdapter

        adapters.append(
            DiscordAdapter(app.settings.discord, app.dispatch, sync_guild_id=app.settings.discord.sync_guild_id)
        )
    if "slack" in platforms:
        from bot.adapters.slack import SlackAdapter

        adapters.append(SlackAdapter(app.settings.slack, app.dispatch, first_sight=app.first_sight))
    return adapters


async def _start_http(app: App) -> object | None:
    if not app.settings.http.enabled:
        return None
    from aiohttp import web

    web_app = app.http_app()
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, app.settings.http.host, app.settings.http.port).start()
    logger.info("HTTP ingest and /healthz on %s:%s", app.settings.http.host, app.settings.http.port)
    return runner


async def cmd_run(settings: Settings, once: bool, *, gateways: bool = True) -> int:
    """`run` (all in one: chat gateways, console, timers, queue) or, without `gateways`, `worker`: the same
    timers and queue with no chat adapter; its posts are sent by the processes that have the adapters."""
    from bot.scheduler import Scheduler

    app = await App.create(settings)
    console: ConsoleAdapter | None = None
    started: list[object] = []
    scheduler = Scheduler(app)
    runner = None
    interrupted = _stop_on_ctrl_c()
    try:
        if gateways:  # a worker registers no channel: it could not send to one
            await app.ensure_configured_channels()
        if gateways and "console" in settings.chat_platforms:
            console = ConsoleAdapter(app.dispatch, channel_id=settings.console.channel_id)
            app.attach(console)
        for adapter in _chat_adapters(app) if gateways else []:
            await adapter.start()  # type: ignore[attr-defined]
            app.attach(adapter)  # type: ignore[arg-type]
            started.append(adapter)
        if not once:
            runner = await _start_http(app)  # /healthz answers during a long first pass; /readyz after it
        if await scheduler.leadership.check():  # one process collects for the fleet
            report = await app.collect()
            for error in report.errors:
                err.print(f"newsbrief: {error}", markup=False)
        shown_on = console.console if console is not None and console.console.is_terminal else err
        await brief_with_progress(app, shown_on)
        app.ready = True
        if once:
            return 0
        await scheduler.start()
        if console is not None:
            if sys.stdin.isatty():
                console.console.print("[dim]Type /help for commands; Ctrl-D to quit.[/dim]")
            await console.run(prompt_lines() if sys.stdin.isatty() else stdin_lines())
            await app.work()  # finish what the commands and polls started before exiting
        else:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
        return 0
    finally:
        await scheduler.stop()
        if runner is not None:
            await runner.cleanup()  # type: ignore[attr-defined]
        for adapter in started:
            with contextlib.suppress(Exception):
                await adapter.stop()  # type: ignore[attr-defined]
        asyncio.get_running_loop().remove_signal_handler(signal.SIGINT)
        if interrupted.is_set():
            err.print(f"newsbrief: {await kept(app)}", markup=False, soft_wrap=True)
        await app.close()
        if interrupted.is_set():
            _leave_now(130)


def _stop_on_ctrl_c() -> asyncio.Event:
    """Ctrl-C cancels the run at once (the event says it happened), instead of waiting for the batch the
    summariser is in the middle of."""
    interrupted = asyncio.Event()
    task = asyncio.current_task()

    def on_interrupt() -> None:
        if not interrupted.is_set() and task is not None:
            interrupted.set()
            task.cancel()

    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, on_interrupt)
    return interrupted


def _leave_now(code: int) -> None:
    """Exit without joining the summariser's worker thread, which cannot be interrupted mid-batch. Every brief
    already stored is committed; the rest is still `new` and is briefed at the next start (the same state a
    kill -9 leaves, which the store is built to survive)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


async def _main(args: argparse.Namespace, settings: Settings) -> int:
    match args.command:
        case "run":
            return await cmd_run(settings, args.once)
        case "worker":
            return await cmd_run(settings, args.once, gateways=False)
        case "brief":
            return await cmd_brief(settings, args.target, args.json)
        case "ingest":
            return await cmd_ingest(settings, args.paths, not args.no_brief)
        case "who":
            return await cmd_query(settings, "who", " ".join(args.name))
        case "ask":
            return await cmd_query(settings, "ask", " ".join(args.question))
        case "sources":
            return await cmd_query(settings, "sources", "")
        case "feeds":
            return await cmd_feeds(settings, args)
        case "export" | "import":
            return await cmd_backup(settings, args.command, args.file)
    raise UsageError(f"unknown command {args.command}")


def _eval_with_writer(rest: list[str]) -> list[str]:
    """`newsbrief eval --llm ...`: the evaluation's default options pick up the configured LLM writer
    (`NEWSBRIEF_SUMMARY_WRITER=llm`, the same switch public-API scripts use)."""
    if "--llm" in rest:
        from summarizer.writer import WRITER_ENV

        os.environ[WRITER_ENV] = "llm"
        rest = [a for a in rest if a != "--llm"]
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no model-loading bars in a chat console
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    argv = list(sys.argv[1:] if argv is None else argv)
    if "eval" in argv and all(a.startswith("-") for a in argv[: argv.index("eval")]):
        from summarizer.evaluation import main as eval_main  # its options are the evaluation's own

        return eval_main(_eval_with_writer(argv[argv.index("eval") + 1 :]))
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        err.print(f"newsbrief: {exc}", markup=False, soft_wrap=True)
        return 2
    interactive = args.command == "run" and sys.stdin.isatty() and "console" in settings.chat_platforms
    _configure_logging(settings, args.verbose, quiet_console=interactive)
    try:
        return asyncio.run(_main(args, settings))
    except KeyboardInterrupt:
        return 130
    except (UsageError, IngestError, StoreError, AdapterStartError) as exc:
        err.print(f"newsbrief: {exc}", markup=False, soft_wrap=True)
        return 2 if isinstance(exc, UsageError | AdapterStartError) else 1


if __name__ == "__main__":
    sys.exit(main())
