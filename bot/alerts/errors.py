"""The alerts package's exceptions: one base, so callers can catch "anything the alerts layer refused"."""

from __future__ import annotations


class AlertsError(Exception):
    """Base of every error the alerts layer raises on purpose."""


class QuerySyntaxError(AlertsError, ValueError):
    """A subscription the user typed cannot be understood; the message says where and shows an example."""

    def __init__(self, problem: str, example: str) -> None:
        super().__init__(f"{problem}. Example: {example}")
        self.problem = problem
        self.example = example
