"""One exception base for the summariser, so callers (the bot) can catch a single type and never crash."""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class of every error the summariser raises on purpose."""


class EmptyArticleError(SummarizerError):
    """The article has no usable text after cleaning (empty, whitespace or boilerplate only)."""


class ModelLoadError(SummarizerError):
    """A packaged or configured model could not be loaded (missing package, bad directory, no hub access)."""


class BackendError(SummarizerError):
    """The summary backend failed or is unknown."""
