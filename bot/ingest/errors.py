"""The one exception family of `bot.ingest`.

Every failure a source can hit ends up as an `IngestError` whose `str()` is a single user-facing line that
names the file or URL, so the lead's error hook can log it and an admin command can show it verbatim.
"""

from __future__ import annotations

from bot.redact import redact_url

__all__ = ["BlockedAddressError", "FeedError", "FetchError", "IngestError", "redact_url"]


def _one_line(text: str) -> str:
    return redact_url(" ".join(str(text).split()))


class IngestError(Exception):
    """A source could not be turned into an article: `str(e)` is "<where>: <problem>" on one line."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = redact_url(str(where))
        self.problem = _one_line(problem)
        super().__init__(f"{self.where}: {self.problem}")


class FetchError(IngestError):
    """A network or HTTP failure; `status` is the HTTP status when the server answered."""

    def __init__(self, where: str, problem: str, status: int | None = None) -> None:
        super().__init__(where, problem)
        self.status = status


class BlockedAddressError(FetchError):
    """The URL resolves to an address we refuse to contact (private, loopback, metadata, ...)."""


class FeedError(IngestError):
    """The document is not a usable RSS or Atom feed."""
