"""Raw content → `Article`: the one place that knows the JSON shape and the file formats.

Used by the folder source, the HTTP ingest endpoint and URL extraction, so a bad article is reported the
same way whichever door it came through: an `IngestError` whose message names the file or URL and, for
JSON, the offending field.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError

from bot.ingest.errors import IngestError
from bot.ingest.extract import extract_html
from bot.ingest.safe_fetch import describe_size
from bot.ingest.text import clean_lines, decode_text, markdown_title_and_text
from bot.items import IngestedItem
from summarizer.models import Article

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 2_000_000
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_ ]|$)")


class _ArticleIn(BaseModel):
    """The article JSON shape; strict strings so `"title": 5` is an error, not "5"."""

    model_config = ConfigDict(extra="ignore")

    title: StrictStr
    text: StrictStr
    url: StrictStr | None = None
    source: StrictStr | None = None
    published: StrictStr | None = None


def parse_published(value: str, where: str, field: str = "published") -> datetime:
    """ISO 8601 date or datetime → aware UTC datetime (a date is midnight UTC, a naive time is UTC)."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise IngestError(where, f"field '{field}' is not an ISO 8601 date or datetime: {value[:40]!r}") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _describe_validation(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "article"
    if first["type"] == "missing":
        return f"missing required field '{field}'"
    if first["type"] == "string_type":
        return f"field '{field}' must be a string, not {_json_type(first.get('input'))}"
    return f"field '{field}': {first['msg']}"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _check_storable(data: _ArticleIn, where: str) -> None:
    """Refuse text no database can keep: JSON may escape a NUL (`\\u0000`, which PostgreSQL rejects) or a lone
    UTF-16 surrogate (`\\ud800`, which is not Unicode at all), so they are caught here, the same for every store."""
    for field in ("title", "text", "url", "source", "published"):
        value = getattr(data, field)
        if not value:
            continue
        if "\x00" in value:
            raise IngestError(where, f"field '{field}' contains a NUL character (\\u0000); remove it")
        found = _SURROGATE.search(value)
        if found:
            code = f"\\u{ord(found.group()):04x}"
            raise IngestError(where, f"field '{field}' contains an unpaired surrogate ({code}), which is not Unicode")


def article_from_json(obj: object, where: str) -> Article:
    """Validate one decoded JSON article `{"title", "text", "url"?, "source"?, "published"?}`."""
    if not isinstance(obj, dict):
        raise IngestError(where, f"expected a JSON object with 'title' and 'text', got {_json_type(obj)}")
    try:
        data = _ArticleIn.model_validate(obj)
    except ValidationError as exc:
        raise IngestError(where, _describe_validation(exc)) from None
    _check_storable(data, where)
    title = " ".join(data.title.split())
    text = clean_lines(data.text)
    if not title:
        raise IngestError(where, "field 'title' is empty")
    if not text:
        raise IngestError(where, "field 'text' is empty")
    return Article(
        title=title,
        text=text,
        url=(data.url or "").strip() or None,
        source=(data.source or "").strip() or None,
        published=parse_published(data.published, where) if data.published and data.published.strip() else None,
    )


def loads_json(raw: str | bytes, where: str) -> Any:
    """`json.loads` with one-line errors: bad syntax names the line, hostile nesting is refused."""
    if isinstance(raw, bytes):
        try:
            raw = decode_text(raw)
        except ValueError as exc:
            raise IngestError(where, f"invalid JSON: {exc}") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(raw.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise IngestError(where, f"invalid JSON: truncated at line {exc.lineno} ({exc.msg})") from None
        raise IngestError(where, f"invalid JSON at line {exc.lineno} ({exc.msg})") from None
    except RecursionError:
        raise IngestError(where, "invalid JSON: nested too deeply") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits (a denial-of-service guard)
        raise IngestError(where, "invalid JSON: a number with too many digits") from None


def article_from_text(text: str, where: str) -> Article:
    """Plain text: the first non-empty line is the title, the rest is the body."""
    title, _, body = text.strip().partition("\n")
    body = clean_lines(body)
    if not body:
        raise IngestError(where, "no article text after the title line")
    return Article(title=" ".join(title.split()), text=body)


def article_from_markdown(text: str, where: str) -> Article:
    """Markdown: title from the first `# ` heading (else the first line), syntax stripped to readable text."""
    title, body = markdown_title_and_text(text)
    if not title or not body:
        raise IngestError(where, "no article text found in the Markdown file" if title else "no title found")
    return Article(title=title, text=body)


def date_from_filename(name: str) -> datetime | None:
    """`2025-02-12-trump-putin-call.txt` → 2025-02-12T00:00Z; no valid prefix → None."""
    match = _DATE_PREFIX.match(name)
    if not match:
        return None
    try:
        return datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)), tzinfo=UTC)
    except ValueError:
        return None


def read_text_file(path: Path, where: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing empty, oversized (checked before reading), binary and non-UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(where, f"file is {describe_size(size)}, larger than the {describe_size(max_bytes)} limit")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(where, f"cannot read file ({exc.strerror or type(exc).__name__})") from None
    if len(data) > max_bytes:
        raise IngestError(where, f"file is larger than the {describe_size(max_bytes)} limit")
    if not data:
        raise IngestError(where, "empty file")
    try:
        text = decode_text(data)
    except ValueError as exc:
        raise IngestError(where, str(exc)) from None
    if not text.strip():
        raise IngestError(where, "blank file (only whitespace)")
    return text


SUFFIXES = (".txt", ".md", ".html", ".json")


def article_from_file(path: Path, root: Path | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> IngestedItem:
    """One file → an item (origin "folder"); the format is chosen by the extension.

    `external_id` is the path relative to `root` (POSIX form) so moving the folder keeps identities.
    `published` is the JSON "published", else a `YYYY-MM-DD-` file-name prefix, else (HTML only) the date in
    the page metadata. `source` is the JSON "source" or an HTML page's site name.
    """
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in (*SUFFIXES, ".htm", ".markdown"):
        raise IngestError(where, f"unsupported file type {suffix or '(none)'}; use .txt, .md, .html or .json")
    text = read_text_file(path, where, max_bytes)
    if suffix == ".json":
        article = article_from_json(loads_json(text, where), where)
    elif suffix in (".md", ".markdown"):
        article = article_from_markdown(text, where)
    elif suffix in (".html", ".htm"):
        article = extract_html(text, where)
    else:
        article = article_from_text(text, where)
    dated = date_from_filename(path.name)
    if article.published is None or (dated is not None and suffix != ".json"):
        article = Article(article.title, article.text, article.url, article.source, dated or article.published)
    if root is not None:
        try:
            external_id = path.relative_to(root).as_posix()
        except ValueError:
            external_id = path.as_posix()
        source_key = str(root)
    else:
        external_id = path.as_posix()
        source_key = str(path.parent)
    return IngestedItem.build(article, "folder", source_key, external_id)
