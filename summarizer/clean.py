"""Stage 1 — clean text: drop boilerplate lines and normalise whitespace and quotes.

Scraped news carries bylines, ad markers, share prompts and photo captions. They are not sentences of the
story, so they must not reach the summary, the entity counts or the search index.
"""

from __future__ import annotations

import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": " - ",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u2026": "...",
    }
)

# Whole lines that are never part of a story.
_BOILERPLATE = re.compile(
    r"""^(
        advertisement|advert|sponsored( content)?|ad|
        (read|see|watch|listen)( more| also| now| next)?\b.{0,80}|
        related( articles| stories| coverage| content)?:?.{0,80}|
        more (on this|from|stories).{0,80}|
        (share|tweet|email|print|save)( this| on| article| story| via)?\b.{0,40}|
        (follow|like) us\b.{0,80}|
        (sign up|subscribe|newsletter|click here|tap here|download (our|the) app)\b.{0,120}|
        scroll down( for (the )?video)?.{0,20}|
        (photo|picture|image|video|graphic|illustration)( caption| credit)?\s*[:|].*|
        (photograph|photo|image|picture)s?\s*:.*|
        (getty images|reuters|ap photo|afp|pa media|epa)(\s*/.*)?|
        copyright\b.*|\(c\)\s.*|©.*|all rights reserved.*|
        (updated|published|posted|last updated)\s*:?\s*.{0,60}\d.{0,40}|
        by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}(\s*(,|and|&|\|)\s*.{0,80})?|
        (reporting|writing|additional reporting|editing) by\b.*|
        comments?(\s*\(\d+\))?|
        (\d+\s*)?(min(ute)?s?|hours?)\s+(read|ago)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa>]+|\d{1,2}[.)])\s+")
# Wire datelines: "WASHINGTON (Reuters) - ", "LONDON, March 3 (AP) — ", "FREIBURG, Germany, Feb 17 (Wire) - ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,30}"  # the place in capitals
    r"(?:,\s*[A-Z][A-Za-z .]{1,30}?)?"  # ", Germany"
    r"(?:,\s*[A-Z][a-z]{2,9}\.? \d{1,2})?"  # ", Feb 17"
    r"\s*\((?:[A-Za-z .&/-]{2,30})\)\s*[-–—]+\s*"  # "(Reuters) - "
)
_CAPTION_SUFFIX = re.compile(r"\s*\((?:photo|picture|image|file photo|credit)[^)]*\)\s*$", re.IGNORECASE)
_WS = re.compile(r"[ \t\f\v]+")


def normalise(text: str) -> str:
    """Unicode NFKC, straight quotes and dashes, single spaces (newlines kept: they mark paragraphs)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def is_boilerplate(line: str) -> bool:
    """True for a line that belongs to the page, not the story (byline, ad marker, share prompt, caption)."""
    if not line:
        return True
    if _BOILERPLATE.match(line):
        return True
    if _CAPTION_SUFFIX.search(line):
        return True
    return False


def _looks_like_caption(line: str) -> bool:
    """A short line without final punctuation between story paragraphs: a caption, heading or credit."""
    if line[-1:] in ".!?\"':;)" or len(line.split()) > 14:
        return False
    return True


def clean_text(text: str, max_chars: int | None = None) -> str:
    """The article's story text, one paragraph per line, boilerplate removed.

    Falls back to the normalised text when every line looks like boilerplate, so a one-line article without a
    full stop still yields something to summarise.
    """
    norm = normalise(text)
    if max_chars and len(norm) > max_chars:
        cut = norm.rfind("\n", 0, max_chars)
        norm = norm[: cut if cut > max_chars // 2 else max_chars]
        logger.debug("article truncated to %d characters", len(norm))
    raw_lines = [line for line in norm.split("\n") if line.strip()]
    kept: list[str] = []
    for i, line in enumerate(raw_lines):
        bullet = bool(_BULLET.match(line))
        line = _BULLET.sub("", line)
        if i == 0 or not kept:
            line = _DATELINE.sub("", line)
        if is_boilerplate(line):
            continue
        # A caption-like short line is dropped only when the article has real paragraphs around it.
        if not bullet and _looks_like_caption(line) and len(raw_lines) > 2:
            continue
        kept.append(line)
    if not kept:
        kept = [_BULLET.sub("", line) for line in raw_lines]
    return "\n".join(kept).strip()
