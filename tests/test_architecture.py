"""The one direction of the data, checked: every import in `bot/` and `summarizer/` (read with `ast`, so
lazy imports inside functions and `TYPE_CHECKING` imports count too) against the arrows of
`docs/architecture.md`.

Parts, bottom to top: `summarizer` (pure library) · `shared` (neutral types: messages, items, ports, clock,
timeofday, memo, redact, render, settings, metrics, logs) · `store` · `ingest`, `knowledge`, `alerts`, `llm` ·
`delivery` · `core` (services, app, router, processing, collect, commands, scheduler, …) · `entry` (`bot.cli`,
`bot.__main__`, the only place that builds adapters) · `adapters`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Longest prefix wins; any other `bot.*` module is the core.
PARTS = {
    "summarizer": "summarizer",
    "bot.store": "store",
    "bot.ingest": "ingest",
    "bot.knowledge": "knowledge",
    "bot.alerts": "alerts",
    "bot.delivery": "delivery",
    "bot.llm": "llm",
    "bot.adapters": "adapters",
    "bot.cli": "entry",
    "bot.__main__": "entry",
    **{
        f"bot.{name}": "shared"
        for name in (
            "messages",
            "items",
            "ports",
            "clock",
            "memo",
            "redact",
            "render",
            "settings",
            "metrics",
            "logs",
            "timeofday",
        )
    },
}

STORE_IS_BELOW = ("core", "knowledge", "alerts", "delivery", "llm", "adapters", "entry")
# (importing part, imported part): why the arrow is wrong.
FORBIDDEN = {
    ("store", "ingest"): "the store keeps items; it does not know where they came from (bot.items is shared)",
    **{("store", above): "the store is the bottom layer" for above in STORE_IS_BELOW},
    ("core", "adapters"): "the core speaks to bot.ports; only the entry point builds adapters",
    ("alerts", "core"): "the core calls alerts, never the reverse (alerts.AlertContext is what they need)",
    ("knowledge", "core"): "the core calls knowledge, never the reverse (knowledge.KnowledgeContext is what it needs)",
    ("llm", "core"): "the core calls the LLM writer, never the reverse (llm.writer.HoldsWriter is what it needs)",
    ("alerts", "delivery"): "delivery reads what alerts decided, never the reverse",
    ("delivery", "core"): "the core calls delivery, never the reverse (bot.ports.Runtime is what it needs)",
    ("delivery", "entry"): "delivery is given adapters, it never builds them",
}
# Where SQL is built: the core imports none of these (the store and the tables' owners do).
QUERY = ("sqlalchemy.sql", "sqlalchemy.dialects", "sqlalchemy.future", "sqlalchemy.ext.asyncio")
# Shared modules the store must not see either: they are the chat-facing vocabulary, above the store.
STORE_MUST_NOT_IMPORT = ("bot.messages", "bot.ports", "bot.render")


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def part(module: str) -> str:
    for prefix in sorted(PARTS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return PARTS[prefix]
    return "core" if module == "bot" or module.startswith("bot.") else "outside"


def modules() -> dict[str, Path]:
    found = {}
    for package in ("bot", "summarizer"):
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            found[".".join(parts)] = path
    return found


def edges() -> list[Edge]:
    """Every import between our own modules: `from bot import alerts` is an edge to `bot.alerts`."""
    known = modules()
    found = []
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [
                    f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                    for alias in node.names
                ]
            else:
                continue
            found += [Edge(name, t, node.lineno) for t in targets if t.split(".")[0] in ("bot", "summarizer")]
    return found


@pytest.fixture(scope="module")
def graph() -> list[Edge]:
    return edges()


def test_the_walker_sees_the_imports_it_checks(graph: list[Edge]) -> None:
    seen = {(e.importer, e.imported) for e in graph}
    assert ("bot.cli", "bot.adapters.console") in seen  # a lazy import would count too
    assert ("bot.app", "bot.ports") in seen
    assert part("bot.delivery.publish") == "delivery" and part("bot.app") == "core" and part("bot.cli") == "entry"


def test_no_import_goes_against_the_direction_of_the_data(graph: list[Edge]) -> None:
    wrong = [
        f"{edge}: {FORBIDDEN[(part(edge.importer), part(edge.imported))]}"
        for edge in graph
        if (part(edge.importer), part(edge.imported)) in FORBIDDEN
    ]
    assert not wrong, "\n".join(wrong)


def test_the_store_does_not_import_the_chat_vocabulary(graph: list[Edge]) -> None:
    wrong = [
        str(e)
        for e in graph
        if part(e.importer) == "store" and any(e.imported.startswith(m) for m in STORE_MUST_NOT_IMPORT)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_part_and_the_core_import_each_other(graph: list[Edge]) -> None:
    arrows = {(part(e.importer), part(e.imported)) for e in graph}
    ties = [(a, b) for a, b in arrows if a < b and (b, a) in arrows and "core" in (a, b)]
    assert not ties, ties


def test_the_summarizer_never_imports_the_service(graph: list[Edge]) -> None:
    wrong = [str(e) for e in graph if part(e.importer) == "summarizer" and part(e.imported) != "summarizer"]
    assert not wrong, "\n".join(wrong)


def test_no_table_class_shares_its_name_with_another_class() -> None:
    """A row that mirrors a dataclass carries `Row` (`ArticleRow` beside `summarizer.Article`), so the two
    never need an import alias to tell apart."""
    import bot.alerts.tables
    import bot.knowledge.tables
    import bot.store.sources  # noqa: F401 - registers SourceRoute
    from bot.store.tables import Base

    rows = {mapper.class_.__name__: mapper.class_.__module__ for mapper in Base.registry.mappers}
    clashes = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ClassDef) and node.name in rows and rows[node.name] != name:
                clashes.append(f"{name}.{node.name} and the table class {rows[node.name]}.{node.name}")
    assert not clashes, "\n".join(clashes)


def test_the_core_writes_no_query() -> None:
    """Queries live with the tables' owners (the store, knowledge, alerts, delivery); the core calls their
    functions. Naming a table class, or `sqlalchemy.orm` for a table's columns, is fine; building SQL is not."""
    wrong = []
    for name, path in modules().items():
        if part(name) != "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported = [node.module]
            else:
                continue
            wrong += [f"{name}:{node.lineno} imports {m}" for m in imported if m == "sqlalchemy" or m.startswith(QUERY)]
    assert not wrong, "\n".join(wrong)
