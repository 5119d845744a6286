"""Small text helpers shared by the sources: bytes → str checks, HTML fragments and Markdown → plain text.

Regex-based on purpose: feed summaries and Markdown files are small, and a regex pass cannot recurse, so
hostile nesting costs time linear in the input instead of a RecursionError deep in a parser.
"""

from __future__ import annotations

import html
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) text; raises ValueError with a user-facing reason otherwise.

    No cp1252/latin-1 fallback: those decoders accept any byte string, so a guess would silently turn a
    file in another encoding into mojibake that then gets summarised. Such files are refused instead.
    """
    if b"\x00" in data:
        raise ValueError("binary file, not text (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8") from None
    if text and len(_CONTROL.findall(text)) > max(8, len(text) // 20):
        raise ValueError("binary file, not text (mostly control characters)")
    return text


def clean_lines(text: str) -> str:
    """Collapse runs of spaces inside lines, strip each line, and keep at most one blank line in a row."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_BLOCK_TAGS = re.compile(
    r"<\s*/?\s*(p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|table|section|article|header|footer|hr)\b[^>]*>",
    re.I,
)
_LI_OPEN = re.compile(r"<\s*li\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")


def html_to_text(fragment: str) -> str:
    """A feed summary or content fragment as plain text: tags dropped, block elements become line breaks."""
    if "<" not in fragment and "&" not in fragment:
        return clean_lines(fragment)
    text = _COMMENTS.sub(" ", fragment)
    text = _DROP_BLOCKS.sub(" ", text)
    text = _LI_OPEN.sub("\n- ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _TAGS.sub("", text)
    return clean_lines(html.unescape(text))


_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPHASIS = (
    re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
)
_CODE = re.compile(r"`+([^`]+)`+")


def _inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(lambda m: m.group(m.lastindex or 1), text)
    text = _TAGS.sub("", text)
    return html.unescape(text).strip()


def markdown_title_and_text(source: str) -> tuple[str, str]:
    """(title, readable text) of a Markdown document.

    The title is the first `# ` heading, else the first non-empty line; it is removed from the text.
    Soft-wrapped lines are joined into paragraphs, list items stay one per line as "- item".
    """
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # YAML front matter
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                lines = lines[i + 1 :]
                break
    title = ""
    title_index = _title_line(lines)
    if title_index is not None:
        match = _HEADING.match(lines[title_index])
        if match:
            title = _inline(match.group(2))
        else:
            first = _QUOTE.sub("", lines[title_index].strip())
            bullet = _BULLET.match(first)
            title = _inline(bullet.group(1) if bullet else first)
        lines = lines[:title_index] + lines[title_index + 1 :]
    blocks: list[list[str]] = [[]]  # paragraphs; each is a list of output lines
    in_fence = False
    paragraph_open = False

    def new_block() -> None:
        nonlocal paragraph_open
        paragraph_open = False
        if blocks[-1]:
            blocks.append([])

    for raw in lines:
        if _FENCE.match(raw):
            in_fence = not in_fence
            new_block()
            continue
        if in_fence:
            if raw.strip():
                blocks[-1].append(raw.strip())
            continue
        line = raw
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        if not line.strip():
            new_block()
            continue
        heading = _HEADING.match(line)
        if heading:
            text = _inline(heading.group(2))
            new_block()
            if text:
                blocks[-1].append(text)
            new_block()
            continue
        if _RULE.match(line) or _REF_DEF.match(line) or _TABLE_SEP.match(line):
            new_block()
            continue
        if _SETEXT.match(line) and paragraph_open and blocks[-1]:
            new_block()  # the underline of a setext heading: the line above stands alone
            continue
        bullet = _BULLET.match(line)
        if bullet:
            blocks[-1].append("- " + _inline(bullet.group(1)))
            paragraph_open = True
            continue
        text = _inline(
            line.strip().strip("|").replace(" | ", " ; ") if line.strip().startswith("|") else line
        )
        if not text:
            continue
        if paragraph_open and blocks[-1]:
            blocks[-1][-1] += " " + text
        else:
            blocks[-1].append(text)
        paragraph_open = True

    paragraphs = ["\n".join(block) for block in blocks if block]
    return clean_lines(title), clean_lines("\n\n".join(paragraphs))


def _title_line(lines: list[str]) -> int | None:
    """Index of the first `# ` heading outside code fences, else of the first non-empty line."""
    in_fence = False
    first: int | None = None
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            return i
        if first is None and not _RULE.match(line):
            first = i
    return first


def word_count(text: str) -> int:
    return len(text.split())
