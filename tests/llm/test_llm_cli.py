"""`newsbrief brief FILE --json` and the public API (`summarize(article)` with default options) reach the
configured LLM through a real subprocess and a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.openai_server import FakeOpenAI, error, summary
from tests.summarizer.flood_story import ARTICLE, GROUNDED

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
KEY = "sk-cli-secret-0123456789"  # noqa: S105


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    server = await FakeOpenAI(api_key=KEY).start()
    yield server
    await server.stop()


def llm_env(tmp_path: Path, fake: FakeOpenAI) -> dict[str, str]:
    config = tmp_path / "llm.toml"
    config.write_text(
        f'[summarizer]\nbackend = "llm"\n[llm]\nbase_url = "{fake.base_url}"\nmodel = "test-model"\n'
        "retries = 0\ntimeout_s = 30\n"
    )
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "NEWSBRIEF_"))},
        "NEWSBRIEF_CONFIG": str(config),
        "NEWSBRIEF_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'nb.db'}",
        "NEWSBRIEF_LLM_API_KEY": KEY,
        "NEWSBRIEF_LOG_LEVEL": "DEBUG",
    }


async def run(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=REPO, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), 180)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_brief_json_prints_summary_source_llm_and_the_key_stays_out_of_the_logs(
    tmp_path: Path, fake: FakeOpenAI
) -> None:
    article = tmp_path / "flood.txt"
    article.write_text(f"{ARTICLE.title}\n\n{ARTICLE.text}\n")
    fake.default = lambda body: summary(GROUNDED)
    code, out, err = await run("-m", "bot", "-v", "brief", str(article), "--json", env=llm_env(tmp_path, fake))
    assert code == 0, err
    brief = json.loads(out)
    assert brief["summary_source"] == "llm" and brief["summary_fallback"] is None
    assert brief["summary"] == GROUNDED
    assert KEY not in err and KEY not in out

    fake.default = lambda body: error(503)
    code, out, err = await run("-m", "bot", "brief", str(article), "--json", env=llm_env(tmp_path, fake))
    assert code == 0, err
    brief = json.loads(out)
    assert brief["summary_source"] == "extractive"
    assert brief["summary_fallback"] == "model unavailable: HTTP 503, 1 tries"


async def test_the_public_api_uses_the_llm_when_newsbrief_summary_writer_names_it(
    tmp_path: Path, fake: FakeOpenAI
) -> None:
    """How ../shared/eval/score_briefs.py and brief_defects.py run with the LLM backend, unchanged."""
    fake.default = lambda body: summary(GROUNDED)
    script = (
        "import json, sys\n"
        "from summarizer import Article, summarize\n"
        "brief = summarize(Article(title=sys.argv[1], text=sys.argv[2])).to_dict()\n"
        "print(json.dumps([brief['summary_source'], brief['summary']]))\n"
    )
    env = {**llm_env(tmp_path, fake), "NEWSBRIEF_SUMMARY_WRITER": "llm"}
    code, out, err = await run("-c", script, ARTICLE.title, ARTICLE.text, env=env)
    assert code == 0, err
    assert json.loads(out) == ["llm", GROUNDED]
    env.pop("NEWSBRIEF_SUMMARY_WRITER")
    code, out, err = await run("-c", script, ARTICLE.title, ARTICLE.text, env=env)
    assert code == 0, err
    assert json.loads(out)[0] == "extractive"  # without the switch, the public API stays offline
