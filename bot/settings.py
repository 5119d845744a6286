"""Layered configuration: built-in defaults → `config/newsbrief.toml` (or `NEWSBRIEF_CONFIG`) → environment.

Secrets and paths come from the environment only (see `ENV_OVERRIDES`); a wrong value stops the start with
the key's name and what was expected, so nobody debugs a bot that silently ignored its configuration.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.timeofday import normalise_hhmm

DEFAULT_CONFIG = Path("config/newsbrief.toml")

# environment variable → dotted key it overrides
ENV_OVERRIDES: dict[str, str] = {
    "NEWSBRIEF_DATABASE_URL": "database.url",
    "DISCORD_TOKEN": "discord.token",
    "SLACK_BOT_TOKEN": "slack.bot_token",
    "SLACK_SIGNING_SECRET": "slack.signing_secret",
    "SLACK_APP_TOKEN": "slack.app_token",
    "NEWSBRIEF_INGEST_TOKEN": "http.ingest_token",
    "NEWSBRIEF_SEEDS": "sources.folders",
    "NEWSBRIEF_LOG_LEVEL": "log_level",
    "NEWSBRIEF_LOG_FORMAT": "log_format",
    "NEWSBRIEF_CONSOLE": "console.enabled",
    "NEWSBRIEF_HTTP_ENABLED": "http.enabled",
    "NEWSBRIEF_HTTP_HOST": "http.host",
    "NEWSBRIEF_HTTP_PORT": "http.port",
    "NEWSBRIEF_LLM_API_KEY": "llm.api_key",
    "NEWSBRIEF_POOL_SIZE": "database.pool_size",
    "NEWSBRIEF_HUNG_AFTER": "database.hung_after_seconds",
    "NEWSBRIEF_LEASE_SECONDS": "scheduler.lease_seconds",
    "NEWSBRIEF_BATCH_SIZE": "scheduler.batch_size",
    "NEWSBRIEF_PROCESS_INTERVAL": "scheduler.process_interval_seconds",
}


class ConfigError(Exception):
    """The configuration is wrong; the message names every bad key and what was expected."""


def _check_hhmm(value: str | None) -> str | None:
    """A time of day by the one rule of `bot.timeofday`, normalised (`7:30` → `07:30`)."""
    if value is None:
        return None
    try:
        return normalise_hhmm(value)
    except ValueError:
        raise ValueError("expected a time of day as HH:MM (24-hour)") from None


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("expected an IANA time zone such as 'Europe/Berlin'") from exc
    return value


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DatabaseSettings(Section):
    url: str = "sqlite+aiosqlite:///data/newsbrief.db"
    pool_size: int = Field(5, ge=1, le=200)  # PostgreSQL connections per process (plus as many overflow)
    # PostgreSQL ends a session that sits inside a transaction, or holds a fleet lock, this long without a
    # word: a hung process then frees what it held, as a killed one does.
    hung_after_seconds: int = Field(120, ge=1, le=86400)


class SummarizerSettings(Section):
    backend: Literal["extractive", "abstractive", "llm"] = "extractive"
    abstractive_model: str = ""
    torch_threads: int = Field(1, ge=1, le=64)
    max_words: int = Field(75, ge=20, le=200)

    @model_validator(mode="after")
    def _abstractive_needs_a_model(self) -> SummarizerSettings:
        if self.backend == "abstractive" and not self.abstractive_model:
            raise ValueError("abstractive_model: the abstractive backend needs a local model directory (or a hub id)")
        return self


class LLMSettings(Section):
    """An OpenAI-compatible chat server that writes summaries when `summarizer.backend = "llm"`."""

    base_url: str = ""  # the /v1 endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama)
    model: str = ""
    api_key: SecretStr | None = None  # NEWSBRIEF_LLM_API_KEY only; local servers need none
    timeout_s: float = Field(20.0, gt=0, le=600)
    max_concurrency: int = Field(4, ge=1, le=64)
    temperature: float = Field(0.0, ge=0, le=2)
    retries: int = Field(2, ge=0, le=10)
    backoff_s: float = Field(0.5, ge=0)
    breaker_failures: int = Field(5, ge=1)
    breaker_cooldown_s: float = Field(60.0, gt=0)
    max_input_chars: int = Field(12_000, ge=1_000)
    cache_size: int = Field(1_000, ge=0)

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("expected an http(s) URL of an OpenAI-compatible /v1 endpoint")
        return value.rstrip("/")


class FeedSettings(Section):
    url: str
    name: str = ""
    interval_minutes: int | None = Field(None, ge=1)


class SourcesSettings(Section):
    folders: list[str] = ["seeds"]
    feeds: list[FeedSettings] = []
    folder_interval_minutes: int = Field(5, ge=1)
    feed_interval_minutes: int = Field(15, ge=1)
    max_failures: int = Field(5, ge=1)
    max_age_hours: int = Field(48, ge=1)
    fetch_full_text: bool = True
    max_feeds: int = Field(500, ge=1)  # feeds added from chat or OPML on top of this are refused
    max_url_length: int = Field(2048, ge=64, le=2048)

    @field_validator("folders", mode="before")
    @classmethod
    def _split_env_list(cls, value: Any) -> Any:
        if isinstance(value, str):  # NEWSBRIEF_SEEDS="seeds:more"
            return [part for part in value.split(os.pathsep) if part]
        return value


class FetchSettings(Section):
    allow_private: bool = False
    allowed_hosts: list[str] = []
    max_bytes: int = Field(5_000_000, ge=1_000)
    timeout_seconds: float = Field(15.0, gt=0)
    max_redirects: int = Field(3, ge=0, le=10)
    retries: int = Field(2, ge=0, le=10)
    backoff_seconds: float = Field(0.5, ge=0)


class HttpSettings(Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    ingest_token: SecretStr | None = None
    metrics: bool = True  # GET /metrics (Prometheus text format) on this server


class DigestSettings(Section):
    time: str = "08:00"
    timezone: str = "UTC"
    max_stories: int = Field(8, ge=1, le=25)
    # Ranking (`bot.delivery.digest.score`): log2(1 + outlets) + e^(-age / recency_hours)
    # + interest_weight × log2(1 + subscribers interested).
    recency_hours: float = Field(24.0, gt=0)  # the recency term halves about every 0.7 × this many hours
    interest_weight: float = Field(0.5, ge=0)

    _time = field_validator("time")(_check_hhmm)
    _tz = field_validator("timezone")(_check_timezone)

    def channel_defaults(self) -> dict[str, str]:
        """What a channel the bot meets for the first time starts with."""
        return {"timezone": self.timezone, "digest_time": self.time}


class StoriesSettings(Section):
    """When an article joins an earlier one's story (`bot/alerts/stories.py` explains the two signals)."""

    window_hours: float = Field(72.0, gt=0)  # near-duplicate text joins an article at most this far apart
    event_window_hours: float = Field(36.0, gt=0)  # the same event, at most this far (the next day's news is new)
    max_candidates: int = Field(2000, ge=1)  # earlier articles compared, newest first
    duplicate: float = Field(0.5, gt=0, le=1)  # MinHash Jaccard of word 3-shingles: near-duplicate text
    event: float = Field(0.70, gt=0, le=1)  # MiniLM similarity of headline+lead: same event, with a shared actor
    event_alone: float = Field(0.88, gt=0, le=1)  # the same without a shared actor


class AlertsSettings(Section):
    """Delivery of alerts by DM, and whether a channel's caps also hold back its story posts."""

    dm_max_per_hour: int = Field(6, ge=1)
    dm_max_per_day: int = Field(40, ge=1)
    # Off: every story keeps its own post and thread, as the adapters expect; on: a briefing channel's
    # `max_per_hour`/`max_per_day` batch and hold its story posts too, not only its alerts.
    cap_story_posts: bool = False


class KnowledgeSettings(Section):
    """How `/ask` picks and ranks stored sentences and how much it quotes; how far back `/who` looks."""

    answer_sentences: int = Field(3, ge=1, le=10)  # sentences quoted in one answer
    fulltext_candidates: int = Field(40, ge=1)  # sentences taken from the full-text search
    vector_candidates: int = Field(20, ge=1)  # passages taken from the vector search
    fusion_k: int = Field(60, ge=1)  # reciprocal rank fusion: each list adds 1 / (fusion_k + rank)
    recency_weight: float = Field(0.25, ge=0)  # a fresh article's boost, in units of one list's first rank
    recency_days: float = Field(30.0, gt=0)  # that boost shrinks by a factor e every this many days
    lazy_embed_limit: int = Field(256, ge=0)  # passages `/ask` embeds itself when the embedding job is behind
    who_articles: int = Field(30, ge=1)  # a person's latest articles read for roles, deeds and co-mentions
    who_dominance: float = Field(10.0, ge=1)  # one reading of a name wins with this many times the next's articles


class ConsoleSettings(Section):
    enabled: Literal["auto", "on", "off"] = "auto"
    channel_id: str = "console"


class DiscordSettings(Section):
    token: SecretStr | None = None
    briefing_channel_id: str = ""
    thread_per_story: bool = True
    auto_shard: bool = False
    sync_guild_id: int | None = None  # register slash commands in one guild (instant) instead of globally
    api_base: str = ""  # only for tests: point discord.py at a local fake
    gateway_url: str = ""


class SlackSettings(Section):
    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    mode: Literal["socket", "http"] = "socket"
    host: str = "127.0.0.1"
    port: int = Field(3000, ge=0, le=65535)
    briefing_channel_id: str = ""
    post_interval_seconds: float = Field(1.0, ge=0, le=60)  # Slack allows about one message a second per channel
    api_base: str = ""  # only for tests: point the Web API client at a local fake


class SchedulerSettings(Section):
    process_interval_seconds: int = Field(30, ge=1)
    batch_size: int = Field(16, ge=1)
    lease_seconds: int = Field(300, ge=2)  # how long a claimed article or delivery is one worker's
    max_attempts: int = Field(3, ge=1)  # an article is `failed` after this many unsuccessful claims


class Settings(BaseSettings):
    """Every setting newsbrief reads; see `config/newsbrief.toml` for what each one does."""

    model_config = SettingsConfigDict(extra="forbid")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["human", "json"] = "human"  # json: one JSON object per line, with context ids
    database: DatabaseSettings = DatabaseSettings()
    summarizer: SummarizerSettings = SummarizerSettings()
    sources: SourcesSettings = SourcesSettings()
    fetch: FetchSettings = FetchSettings()
    http: HttpSettings = HttpSettings()
    digest: DigestSettings = DigestSettings()
    knowledge: KnowledgeSettings = KnowledgeSettings()
    stories: StoriesSettings = StoriesSettings()
    alerts: AlertsSettings = AlertsSettings()
    console: ConsoleSettings = ConsoleSettings()
    discord: DiscordSettings = DiscordSettings()
    slack: SlackSettings = SlackSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    llm: LLMSettings = LLMSettings()

    @model_validator(mode="after")
    def _llm_backend_needs_a_server(self) -> Settings:
        if self.summarizer.backend == "llm":
            for key in ("base_url", "model"):
                if not getattr(self.llm, key):
                    raise ValueError(f"llm.{key}: the llm backend (summarizer.backend) needs it set")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)  # `load_settings` does the layering explicitly

    @property
    def chat_platforms(self) -> list[str]:
        """The platforms whose credentials are set; the console is on when there are none (or forced on)."""
        platforms = []
        if self.discord.token:
            platforms.append("discord")
        if self.slack.bot_token:
            platforms.append("slack")
        if self.console.enabled == "on" or (self.console.enabled == "auto" and not platforms):
            platforms.insert(0, "console")
        return platforms


def _set_dotted(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConfigError(f"config: {part} must be a table")
    node[leaf] = value


def _describe(error: ErrorDetails) -> str:
    if not error["loc"]:  # a check across sections names its key in the message
        return error["msg"].removeprefix("Value error, ")
    key = ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key (check the spelling against config/newsbrief.toml)"
    got = error.get("input")
    message = error["msg"].removeprefix("Value error, ")
    shown = "" if isinstance(got, dict | list) or got is None else f", got {got!r}"
    return f"{key}: {message}{shown}"


def load_settings(
    config_path: str | Path | None = None,
    env: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Read defaults, then the TOML file (missing is fine), then the environment, then `overrides`."""
    env = dict(os.environ) if env is None else env
    path = Path(config_path or env.get("NEWSBRIEF_CONFIG") or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config {path}: not valid TOML ({exc})") from exc
    elif config_path or env.get("NEWSBRIEF_CONFIG"):
        raise ConfigError(f"config {path}: file not found")
    for name, dotted in ENV_OVERRIDES.items():
        if env.get(name):
            _set_dotted(data, dotted, env[name])
    for dotted, value in (overrides or {}).items():
        _set_dotted(data, dotted, value)
    try:
        return Settings(**data)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise ConfigError(f"config {path}: {problems}") from None
