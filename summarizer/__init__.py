"""newsbrief's summariser: a pure library, article text in, `Brief` out (no network, chat or database I/O)."""

from summarizer.models import Actor, Article, Brief, NextStep, Quote
from summarizer.pipeline import SummarizerOptions, summarize, summarize_many

__all__ = [
    "Actor",
    "Article",
    "Brief",
    "NextStep",
    "Quote",
    "SummarizerOptions",
    "summarize",
    "summarize_many",
]
