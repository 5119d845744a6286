"""The `newsbrief` command as a user runs it: real subprocesses, a real SQLite file, the seed article."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import Brief

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "2025-02-12-trump-putin-call.txt"
pytestmark = pytest.mark.slow


def newsbrief(
    *args: str, env: dict[str, str], stdin: str = "", timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=timeout,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "NEWSBRIEF_"))},
        "NEWSBRIEF_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'nb.db'}",
        "NEWSBRIEF_SEEDS": str(seeds),
        "COLUMNS": "120",
    }


def test_run_once_posts_the_seed_brief_and_a_second_run_posts_nothing(env: dict[str, str]) -> None:
    first = newsbrief("run", "--once", env=env)
    assert first.returncode == 0, first.stderr
    progress = [line for line in first.stderr.splitlines() if line.startswith("newsbrief: ")]
    assert progress == [
        "newsbrief: loading the language models…",
        "newsbrief: briefing 1 article…",
        "newsbrief: briefed 1 of 1; 1 posted",
    ]
    assert "Trump says Putin agreed" in first.stdout
    assert "Key actors" in first.stdout and "Steve Witkoff" in first.stdout
    assert "Next steps" in first.stdout
    second = newsbrief("run", "--once", env=env)
    assert second.returncode == 0, second.stderr
    assert "Trump says Putin agreed" not in second.stdout


def test_brief_json_prints_the_schema(env: dict[str, str]) -> None:
    result = newsbrief("brief", str(SEED), "--json", env=env)
    assert result.returncode == 0, result.stderr
    brief = json.loads(result.stdout)
    assert set(brief) == set(Brief(title="", summary="").to_dict())  # the stable schema, nothing more
    assert brief["published"] == "2025-02-12"
    assert any(a["name"] == "Steve Witkoff" for a in brief["actors"])


def test_run_without_a_terminal_answers_commands_from_stdin_then_exits(env: dict[str, str]) -> None:
    result = newsbrief("run", env=env, stdin="/help\n/brief 1\n/frobnicate\n/sources\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/who NAME" in out  # help
    assert out.count("Trump says Putin agreed") >= 2  # the post, then /brief 1
    assert "I don't know the command '/frobnicate'" in out
    assert "[folder]" in out


def test_a_bad_config_value_stops_the_start_with_the_key_name(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[sources]\nmax_failures = "five"\n[digest]\ntimezone = "Mars/Olympus"\n')
    result = newsbrief("--config", str(bad), "run", "--once", env=env)
    assert result.returncode == 2
    assert "sources.max_failures" in result.stderr and "integer" in result.stderr
    assert "digest.timezone" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_files_are_named_and_the_good_ones_in_the_batch_are_still_briefed(
    env: dict[str, str], tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "empty.txt").write_text("")
    (batch / "blank.md").write_text("   \n\n  ")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (batch / "latin1.txt").write_bytes("Title\nCaf\xe9 owners protest".encode("latin-1") + b"\xff\xfe")
    (batch / "huge.txt").write_bytes(b"Big\n" + b"word " * 2_100_000)
    (batch / "nested.html").write_text("<div>" * 100_000 + "text" + "</div>" * 100_000)
    (batch / "nested.json").write_text("[" * 100_000 + "]" * 100_000)
    (batch / "truncated.json").write_text('{"title": "Cut off", "text": "The council will vote')
    (batch / "types.json").write_text('{"title": 42, "text": ["not", "a", "string"]}')
    shutil.copy(SEED, batch / SEED.name)
    result = newsbrief("ingest", str(batch), env=env)
    assert result.returncode == 1
    for name in (
        "empty.txt",
        "blank.md",
        "binary.txt",
        "latin1.txt",
        "huge.txt",
        "nested.html",
        "nested.json",
        "truncated.json",
        "types.json",
    ):
        assert name in result.stderr, f"{name} not reported:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "1 new" in result.stdout
    who = newsbrief("who", "Witkoff", env=env)
    assert "Steve Witkoff" in who.stdout


def test_a_feed_url_to_the_metadata_address_is_refused_with_a_clear_error(env: dict[str, str]) -> None:
    result = newsbrief("brief", "http://169.254.169.254/latest/meta-data/", env=env)
    assert result.returncode == 1
    assert "169.254.169.254" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_a_one_line_error(env: dict[str, str]) -> None:
    result = newsbrief("brief", "nowhere/article.txt", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == "newsbrief: nowhere/article.txt: no such file"


def test_eval_runs_on_the_bundled_sample_and_prints_newsbrief_against_lead_3(env: dict[str, str]) -> None:
    result = newsbrief("eval", "--data", "tests/data/summarizer/sample_news.jsonl", "--limit", "3", env=env)
    assert result.returncode == 0, result.stderr
    assert "Lead-3" in result.stdout and "newsbrief" in result.stdout


async def run_async(*args: str, env: dict[str, str], timeout: float = 120) -> tuple[int, str, str]:
    """`newsbrief ARGS` as a subprocess while this event loop keeps serving the local fakes."""
    import asyncio

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=REPO,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode or 0, out.decode(), err.decode()


@pytest.mark.parametrize("platform", ["discord", "slack"])
async def test_a_rejected_chat_token_stops_the_start_in_one_line_with_exit_2(
    env: dict[str, str], tmp_path: Path, platform: str
) -> None:
    from tests.fakes.discord_server import FakeDiscord
    from tests.fakes.slack_server import FakeSlack

    token = "rejected-token-value"  # noqa: S105
    if platform == "discord":
        fake = await FakeDiscord(rejected_tokens={token}).start()
        config = f'[discord]\napi_base = "{fake.api_base}"\ngateway_url = "{fake.gateway_url}"\n'
        variables = {"DISCORD_TOKEN": token}
    else:
        fake = await FakeSlack().start()
        config = f'[slack]\napi_base = "{fake.api_base}"\nmode = "socket"\n'
        variables = {"SLACK_BOT_TOKEN": token, "SLACK_APP_TOKEN": "xapp-unused"}
    (tmp_path / "chat.toml").write_text(config)
    try:
        code, out, err = await run_async(
            "--config", str(tmp_path / "chat.toml"), "run", env={**env, **variables, "NEWSBRIEF_CONSOLE": "off"}
        )
    finally:
        await fake.stop()
    variable = "DISCORD_TOKEN" if platform == "discord" else "SLACK_BOT_TOKEN"
    lines = [line for line in err.splitlines() if line.strip() and " WARNING " not in line and " INFO " not in line]
    assert code == 2, err
    assert len(lines) == 1 and variable in lines[0] and lines[0].startswith("newsbrief: "), err
    assert "Traceback" not in err and token not in err + out


async def test_an_unreachable_discord_gateway_stops_the_start_in_one_line(env: dict[str, str], tmp_path: Path) -> None:
    from tests.fakes.discord_server import FakeDiscord

    fake = await FakeDiscord().start()
    (tmp_path / "chat.toml").write_text(
        f'[discord]\napi_base = "{fake.api_base}"\ngateway_url = "ws://127.0.0.1:9/gateway"\n'
    )
    try:
        code, _, err = await run_async(
            "--config", str(tmp_path / "chat.toml"), "run",
            env={**env, "DISCORD_TOKEN": "some-token", "NEWSBRIEF_CONSOLE": "off"},
        )  # fmt: skip
    finally:
        await fake.stop()
    lines = [line for line in err.splitlines() if line.strip() and " WARNING " not in line and " INFO " not in line]
    assert code == 2 and "Traceback" not in err, err
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0] and "cannot reach Discord" in lines[0], err


async def test_healthz_answers_during_the_first_pass_and_readyz_after_it(env: dict[str, str]) -> None:
    """A long first backlog (here: loading the models and briefing the seed) must not look unhealthy."""
    import asyncio
    import signal
    import socket

    import aiohttp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run_env = {**env, "NEWSBRIEF_CONSOLE": "off", "NEWSBRIEF_HTTP_ENABLED": "true", "NEWSBRIEF_HTTP_PORT": str(port)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=run_env, cwd=REPO,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    answers: list[tuple[str, int, dict]] = []
    try:
        async with aiohttp.ClientSession() as session:
            deadline = asyncio.get_running_loop().time() + 120
            while asyncio.get_running_loop().time() < deadline:
                for path in ("/healthz", "/readyz"):
                    try:
                        async with session.get(f"http://127.0.0.1:{port}{path}") as response:
                            answers.append((path, response.status, await response.json()))
                    except aiohttp.ClientConnectionError:
                        pass
                if ("/readyz", 200, {"ready": True}) in answers:
                    break
                await asyncio.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    health = [a for a in answers if a[0] == "/healthz"]
    assert health, err.decode()
    assert health[0][1] == 200 and health[0][2]["ready"] is False  # alive before the first pass is done
    assert ("/readyz", 503, {"ready": False}) in answers
    assert ("/readyz", 200, {"ready": True}) in answers
    assert process.returncode == 0


async def test_ctrl_c_during_the_first_briefing_stops_within_two_seconds_saying_what_was_kept(
    env: dict[str, str],
) -> None:
    import asyncio
    import signal

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env={**env, "NEWSBRIEF_SEEDS": str(REPO / "seeds")}, cwd=REPO,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    seen: list[str] = []
    try:
        while not any(line.startswith("newsbrief: briefing") for line in seen):
            line = await asyncio.wait_for(process.stderr.readline(), 120)
            assert line, f"the run ended before briefing: {seen}"
            seen.append(line.decode().strip())
        loop = asyncio.get_running_loop()
        process.send_signal(signal.SIGINT)
        interrupted_at = loop.time()
        _, rest = await asyncio.wait_for(process.communicate(), 30)
        took = loop.time() - interrupted_at
    finally:
        if process.returncode is None:
            process.kill()
    assert "newsbrief: loading the language models…" in seen and "newsbrief: briefing 8 articles…" in seen
    assert process.returncode == 130
    assert took < 2.0, f"took {took:.1f} s to stop"
    said = "\n".join(seen) + rest.decode()
    assert "stopped. Kept" in said and "will be briefed at the next start" in said, said
    assert "Traceback" not in said


async def test_on_a_terminal_the_prompt_completes_and_is_redrawn_below_a_new_post(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The real tty path under a pseudo-terminal: Tab completes a command, and a post that arrives while
    the prompt waits (an article sent to POST /ingest) is printed above a redrawn prompt."""
    import asyncio
    import fcntl
    import pty
    import re
    import socket
    import struct
    import termios

    import aiohttp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "tty.toml").write_text("[scheduler]\nprocess_interval_seconds = 1\n")
    run_env = {
        **env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",  # a pty does not answer cursor-position queries
        "NEWSBRIEF_HTTP_ENABLED": "true", "NEWSBRIEF_HTTP_PORT": str(port), "NEWSBRIEF_INGEST_TOKEN": "tty-test-token",
    }  # fmt: skip
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(tmp_path / "tty.toml"), "run",
        env=run_env, cwd=REPO, stdin=slave, stdout=slave, stderr=slave,
    )  # fmt: skip
    os.close(slave)
    loop = asyncio.get_running_loop()
    screen = ""

    def drain() -> None:
        nonlocal screen
        try:
            screen += os.read(master, 65536).decode("utf-8", "replace")
        except OSError:
            loop.remove_reader(master)  # the bot closed the terminal

    def plain() -> str:
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r", "", screen)

    async def until(found, what: str, timeout: float = 120) -> None:
        nonlocal screen
        deadline = loop.time() + timeout
        while not found(plain()):
            ready = asyncio.Event()
            loop.add_reader(master, ready.set)
            try:
                await asyncio.wait_for(ready.wait(), max(deadline - loop.time(), 0.01))
            except TimeoutError:
                raise AssertionError(f"no {what} on the terminal; it shows:\n{plain()[-3000:]}") from None
            finally:
                loop.remove_reader(master)
            try:
                screen += os.read(master, 65536).decode("utf-8", "replace")
            except OSError:
                raise AssertionError(f"the bot exited before {what}:\n{plain()[-3000:]}") from None

    try:
        await until(lambda text: "newsbrief>" in text and "Trump says Putin agreed" in text, "prompt")
        os.write(master, b"/bri\t")
        await until(lambda text: "/brief" in text.rsplit("newsbrief>", 1)[-1], "completion", timeout=10)
        article = {
            "title": "Lisbon port workers agree deal to end strike",
            "text": "Port workers in Lisbon agreed on Tuesday to end a three-week strike after the port "
            "authority offered a five percent pay rise. Union leader Rui Costa said members would return "
            "to work on Thursday.",
        }
        async with aiohttp.ClientSession() as session:
            headers = {"Authorization": "Bearer tty-test-token"}
            async with session.post(f"http://127.0.0.1:{port}/ingest", json=article, headers=headers) as answer:
                assert answer.status == 202
        await until(lambda text: "Lisbon port workers" in text, "the new post")
        # the prompt, with what was typed so far, is drawn again below the post
        await until(lambda text: "/brief" in text.split("Lisbon port workers")[-1], "the redrawn prompt")
        assert "newsbrief>" in plain().split("Lisbon port workers")[-1]
        os.write(master, b"\x15\x04")  # Ctrl-U clears the typed "/brief", Ctrl-D on the empty line quits
        exited = asyncio.ensure_future(process.wait())
        loop.add_reader(master, drain)  # keep reading, as a terminal does, until the bot exits
        try:
            await asyncio.wait_for(exited, 90)
        finally:
            loop.remove_reader(master)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        os.close(master)
    assert process.returncode == 0, plain()[-2000:]


def test_a_line_break_in_logged_text_cannot_forge_a_log_line() -> None:
    import logging

    from bot.logs import OneLineFormatter

    formatter = OneLineFormatter("%(levelname)s %(name)s: %(message)s")
    record = logging.LogRecord("bot.x", logging.INFO, __file__, 1, "asked: %s", ("hi\nERROR bot.admin: forged",), None)
    assert formatter.format(record) == "INFO bot.x: asked: hi\\nERROR bot.admin: forged"
