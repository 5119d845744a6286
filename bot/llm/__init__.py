"""The optional LLM summary writer: an OpenAI-compatible server writes the summary, the grounding check keeps
it to what the article says (`summarizer/grounding.py`), and the extractive summary stands in otherwise."""

from __future__ import annotations

from bot.llm.client import ChatClient, LLMError
from bot.llm.writer import LLMWriter, summary_writer, writer_for, writer_from_config

__all__ = ["ChatClient", "LLMError", "LLMWriter", "summary_writer", "writer_for", "writer_from_config"]
