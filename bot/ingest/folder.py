"""The folder source: every article file under a directory, in a stable order."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from bot.ingest.errors import IngestError
from bot.ingest.parse import MAX_FILE_BYTES, article_from_file
from bot.items import IngestedItem

logger = logging.getLogger(__name__)


def _candidates(root: Path, extensions: tuple[str, ...]) -> list[Path]:
    wanted = {e.lower() for e in extensions}
    found: list[Path] = []
    for directory, dirnames, filenames in os.walk(root):  # does not follow symlinked directories
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in wanted:
                found.append(Path(directory) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def scan_folder(
    root: Path,
    extensions: tuple[str, ...] = (".txt", ".md", ".html", ".json"),
    *,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[IngestedItem | IngestError]:
    """Yield an item or an `IngestError` per file, sorted by relative path, hidden files and dirs skipped.

    One bad file must not hide the good ones, so errors are yielded, not raised. A missing root is the one
    error that is raised (on first iteration): the whole source is misconfigured, not one file. Symlinks
    that lead outside `root` are refused, so a folder cannot be used to read arbitrary files.
    Blocking (file reads, HTML extraction): from async code iterate it in a thread, e.g.
    `await asyncio.to_thread(list, scan_folder(root))`.
    """
    root = Path(root)
    if not root.is_dir():
        raise IngestError(str(root), "folder not found" if not root.exists() else "not a folder")
    real_root = root.resolve()
    for path in _candidates(root, tuple(extensions)):
        try:
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                raise IngestError(str(path), "symlink points outside the folder; skipped")
            yield article_from_file(path, root, max_bytes=max_bytes)
        except IngestError as exc:
            logger.warning("skipping file: %s", exc)
            yield exc
        except Exception as exc:  # a file must never end the scan
            logger.exception("unexpected error reading %s", path)
            yield IngestError(str(path), f"unexpected error ({type(exc).__name__})")
