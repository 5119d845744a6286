"""Configuration: defaults, the TOML file, environment overrides for secrets, and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import AlertsSettings, ConfigError, DigestSettings, KnowledgeSettings, StoriesSettings, load_settings

CONFIG = Path(__file__).resolve().parent.parent / "config" / "newsbrief.toml"


def test_the_committed_config_gives_the_embedded_default() -> None:
    settings = load_settings(CONFIG, env={})
    assert settings.database.url.startswith("sqlite+aiosqlite:///")
    assert settings.chat_platforms == ["console"]
    assert settings.sources.folders == ["seeds"]


def test_secrets_and_paths_come_from_the_environment_and_never_show_in_repr() -> None:
    settings = load_settings(
        CONFIG,
        env={
            "DISCORD_TOKEN": "discord-secret-value",
            "SLACK_BOT_TOKEN": "xoxb-secret-value",
            "NEWSBRIEF_DATABASE_URL": "postgresql+asyncpg://nb@db/nb",
        },
    )
    assert settings.discord.token.get_secret_value() == "discord-secret-value"
    assert settings.database.url == "postgresql+asyncpg://nb@db/nb"
    assert settings.chat_platforms == ["discord", "slack"]  # the console steps aside when a token is set
    assert "secret-value" not in repr(settings) and "secret-value" not in str(settings.model_dump())


def test_a_wrong_type_names_the_key_and_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[scheduler]\nbatch_size = "lots"\n')
    with pytest.raises(ConfigError, match=r"scheduler\.batch_size: .*integer"):
        load_settings(path, env={})


def test_an_unknown_key_is_an_error_not_silently_ignored(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text('[digest]\ntiem = "08:00"\n')
    with pytest.raises(ConfigError, match=r"digest\.tiem: unknown key"):
        load_settings(path, env={})


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"digest.time": "8am"}, r"digest\.time: expected a time of day as HH:MM"),
        ({"digest.timezone": "Mars/Olympus"}, r"digest\.timezone: expected an IANA time zone"),
        ({"summarizer.backend": "magic"}, r"summarizer\.backend: "),
    ],
)
def test_bad_values_are_explained(override: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(CONFIG, env={}, overrides=override)


def test_a_missing_optional_file_is_fine_but_a_named_missing_file_is_an_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no config/newsbrief.toml here
    assert load_settings(env={}).database.url.endswith("data/newsbrief.db")
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(env={"NEWSBRIEF_CONFIG": str(tmp_path / "nope.toml")})


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[database\nurl = 1")
    with pytest.raises(ConfigError, match="broken.toml: not valid TOML"):
        load_settings(path, env={})


def test_the_llm_backend_needs_a_server_and_a_model_and_names_the_missing_key(tmp_path: Path) -> None:
    path = tmp_path / "llm.toml"
    path.write_text('[summarizer]\nbackend = "llm"\n[llm]\nbase_url = "http://127.0.0.1:11434/v1"\n')
    with pytest.raises(ConfigError, match=r"llm\.model: the llm backend"):
        load_settings(path, env={})
    path.write_text('[summarizer]\nbackend = "llm"\n[llm]\nbase_url = "localhost:11434"\nmodel = "m"\n')
    with pytest.raises(ConfigError, match=r"llm\.base_url: expected an http\(s\) URL"):
        load_settings(path, env={})
    path.write_text("[llm]\ntimeout_s = 0\n")
    with pytest.raises(ConfigError, match=r"llm\.timeout_s: .*greater than 0"):
        load_settings(path, env={})


def test_the_llm_key_comes_from_the_environment_only_and_never_shows(tmp_path: Path) -> None:
    path = tmp_path / "llm.toml"
    path.write_text('[summarizer]\nbackend = "llm"\n[llm]\nbase_url = "http://h/v1/"\nmodel = "m"\n')
    settings = load_settings(path, env={"NEWSBRIEF_LLM_API_KEY": "sk-secret-value"})
    assert settings.llm.api_key is not None and settings.llm.api_key.get_secret_value() == "sk-secret-value"
    assert settings.llm.base_url == "http://h/v1" and settings.llm.temperature == 0
    assert "secret-value" not in repr(settings) and "secret-value" not in str(settings.model_dump())
    assert load_settings(path, env={}).llm.api_key is None  # local servers need no key


def test_the_knowledge_section_is_documented_with_its_defaults() -> None:
    assert load_settings(CONFIG, env={}).knowledge == KnowledgeSettings()
    overridden = load_settings(CONFIG, env={}, overrides={"knowledge.answer_sentences": 1})
    assert overridden.knowledge.answer_sentences == 1
    with pytest.raises(ConfigError, match=r"knowledge\.recency_days"):
        load_settings(CONFIG, env={}, overrides={"knowledge.recency_days": 0})


def test_the_story_alert_and_digest_ranking_sections_are_documented_with_their_defaults() -> None:
    settings = load_settings(CONFIG, env={})
    assert settings.stories == StoriesSettings() and settings.alerts == AlertsSettings()
    assert settings.digest == DigestSettings()
    with pytest.raises(ConfigError, match=r"stories\.event_alone"):
        load_settings(CONFIG, env={}, overrides={"stories.event_alone": 1.5})
