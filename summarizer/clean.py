"""Stage 1 — clean text: the story as a reader sees it, without the page around it.

Scraped news carries page furniture: wire and outlet datelines (`(CNN) --`, `LONDON (Reuters) -`,
`WASHINGTON -`), bylines and timestamps (`By . Jane Doe . PUBLISHED: ... | UPDATED: ...`), photo captions
(with or without a full stop: "pictured above", "(left)", "FILE -", "(AP Photo/...)"), prompts ("Scroll down
for video", "Watch ... »", "Read more") and lines broken inside a sentence. None of it is the story, so it
must not reach the summary, the entity counts, the roles or the search index. Three passes, each a small
set of documented patterns: whole lines (`is_boilerplate`), the head of the text (datelines, bylines,
timestamps) and, inside paragraphs, caption sentences and inline markers (`strip_furniture`).
"""

from __future__ import annotations

import logging
import re
import unicodedata

from summarizer.sentences import split_line

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
        "\x97": " - ",  # cp1252 dashes that reach us as C1 control characters
        "\x96": "-",
    }
)
_WEEKDAY_MONTH = (
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|"
    r"july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Whole lines that are never part of a story.
_BOILERPLATE = re.compile(
    r"""^(
        advertisement|advert|sponsored( content)?|ad|
        (read|see|watch|listen)( more| also| now| next)?\b.{0,80}|
        related( articles| stories| coverage| content)?:?.{0,80}|
        more (on this|from|stories).{0,80}|
        story continued below|
        (share|tweet|email|e-mail|print|save)( this| on| article| story| via| to a friend)?\b.{0,40}|
        (follow|like) us\b.{0,80}|follow\s+@\w+.{0,80}|
        (sign up|subscribe|newsletter|click here|tap here|download (our|the) app)\b.{0,120}|
        scroll down( for (the )?video)?.{0,20}|
        (photo|picture|image|video|graphic|illustration)( caption| credit)?\s*[:|].*|
        (photograph|photo|image|picture)s?\s*:.*|
        \((photo|image|picture|credit)s?\b.*\)|
        (getty images|reuters|ap photo|afp|pa media|epa)(\s*/.*)?|
        media playback is (unsupported|not supported).*|
        .*\b(hide|toggle)\s+caption\b.*|
        copyright\b.*|\(c\)\s.*|©.*|all rights reserved.*|
        (updated|published|posted|last updated)\s*:?\s*.{0,60}\d.{0,60}|
        by\s+(?-i:(?!(?i:WEEKDAY_MONTH|the|an?|this|that|these|those|then|now|early|late|last|next|noon|midnight)\b)
            [A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3})(\s*(,|and|&|\|)\s*.{0,80})?|
        (reporting|writing|additional reporting|editing) by\b.*|
        comments?(\s*\(\d+\))?|
        (\d+\s*)?(min(ute)?s?|hours?)\s+(read|ago)|
        \d{1,3}\s+of\s+\d{1,3}|
        [\d/.,: ]*\d\s*([ap]\.?m\.?)?\s*([A-Z]{2,4}|ET|PT)?\.?
    )\s*$""".replace("WEEKDAY_MONTH", _WEEKDAY_MONTH),
    re.IGNORECASE | re.VERBOSE,
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa>]+|\d{1,2}[.)])\s+")

# --- the head of the text: datelines, bylines, timestamps -------------------------------------------------
# Wire datelines: "WASHINGTON (Reuters) - ", "LONDON, March 3 (AP) - ", "FREIBURG, Germany, Feb 17 (Wire) - ",
# "MOUNT AIRY, Maryland (CNN) -- ", "(CNN) -- ", "(CNN)Sofia ...", "ROME - " and "GLASGOW, Scotland -- ".
_PLACE = r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}"
_TAGGED_PLACE = r"[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3}"  # before a "(Tag)" the place may be in title case
_DATE = r"(?:,\s*[A-Z][a-z]{2,9}\.? \d{1,2}(?:,? \d{4})?)?"
_DATELINE = re.compile(
    rf"^(?:{_TAGGED_PLACE}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){{0,2}})?{_DATE}\s*)?"
    r"\((?:[A-Za-z][A-Za-z .&/-]{1,30})\)\s*[-:]+\s*|"  # "(Reuters) - " with or without a place
    rf"^{_PLACE}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){{0,2}})?{_DATE}\s*\((?:AP|Reuters|AFP|CNN)\)\s+(?=[A-Z])"
)
_BARE_TAG = re.compile(r"^\((?:CNN|Reuters|AP|AFP|EW\.com|CNN Student News|Mashable|CNNMoney)\)\s*(?=[A-Z\"'])")
_CAPS_DATELINE = re.compile(rf"^{_PLACE}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){{0,2}})?{_DATE}\s+-{{1,2}}\s+")
# A Daily Mail style head, items separated by " . ": "By . Jane Doe . PUBLISHED: . 07:47 EST, 18 May 2013 . |
# . UPDATED: . 08:57 EST, 18 May 2013 . " or "By . Staff Reporter . Last updated at 3:23 PM on 13th May 2012 . ".
_HEAD_ITEM = re.compile(
    r"^(?:"
    r"By\s+\.?\s*[A-Z][^.|]{1,60}?(?:\s+\.\s+and\s+[A-Z][^.|]{1,40}?)?\s+\.\s+|"  # By . Jane Doe .
    r"(?:PUBLISHED|UPDATED|Published|Updated|Posted)\s*:?\s*\.?\s*[^|]{4,50}?\d{4}(?:\s+\.\s+|\s*(?=\|)|\s*$)|"
    r"Last updated at [^|]{4,60}?\d{4}(?:\s+\.\s+|\s*(?=\|)|\s*$)|"
    r"\|\s*\.?\s*"  # the separator between them
    r")"
)

# --- inside a paragraph ----------------------------------------------------------------------------------
# Prompts and markers removed wherever they are ("Watch a report on X » .", "Scroll down for video").
_INLINE_PROMPT = re.compile(
    r"(?:\bvideo\s+)?\bscroll down (?:for|to)\b[^.!?]{0,100}[.!?]?|\bclick here to [^.]{0,80}\.?|"
    r"\bread more\s*:\s*\S+\s*\.?|;\s*pictured (?:is|are)\b[^.!?]{0,120}(?=[.!?])",
    re.IGNORECASE,
)
# A link prompt ending in a guillemet ("Watch the report \u00bb ."), removed before guillemets become quotes.
_ARROW_PROMPT = re.compile(r"(?:(?<=^)|(?<=[.!?\"'\u201d]\s))\s*[A-Z][^.!?\u00bb\n]{0,150}\s\u00bb\s*\.?", re.MULTILINE)
# A caption run into the next sentence without a full stop: "the cake, pictured above Detectives are ...".
_FUSED_CAPTION = re.compile(
    r"\b(pictured (?:above|below|left|right|top|bottom|here|inset|centre|center))\s+(?=[A-Z][a-z]+ [a-z])|"
    r"\b(pictured)\s+(?=[A-Z][a-z]+ (?:[a-z]+ )?(?:is|are|was|were|has|have|had|said|says|will|would|can|could)\b)"
)
# Photo markers inside a story sentence: "(pictured)", "(pictured left)", ", pictured," and "(left)".
_PICTURED_PAREN = re.compile(
    r"\s*\((?:pictured|above|below|left|right|top|bottom|centre|center|inset|second (?:left|right)|far (?:left|right)|"
    r"[LRC]|L-R|R-L|from (?:left|right))(?: (?:left|right|above|below|here|centre|center|with [^)]{1,30}))?\)",
    re.IGNORECASE,
)
_PICTURED_COMMA = re.compile(
    r",\s*pictured\b[^,.;\"]{0,60}?(?:(?P<comma>\s*,)|(?=\s*[.;]))",
    re.IGNORECASE,
)
# A politics site's link box after a name: the name again in full, headlines of other stories, then "MORE"
# ("Sen. Jo Roe Jo Anne Roe Roe backs budget deal Senate passes bill MORE (D-Ohio), who ...").
_NAME_LINK_BOX = re.compile(
    r"\b(?P<name>(?:[A-Z][\w.'\u2019-]*\s){1,3}(?P<last>[A-Z][\w'\u2019-]+))\s"
    r"(?:[A-Z][\w.'\u2019-]*\s){0,3}(?P=last)\s[^\n]{5,400}?\sMORE\b"
)
# A stray " . " where a line break once was, before a word in lower case: "a woman who . claims".
_BROKEN_STOP = re.compile(r"\s+\.\s+(?=[a-z])")
_SPACED_STOP = re.compile(r"(?<=[\w)\"'])\s+\.(?=\s|$)")  # "last November ." -> "last November."
_LONE_STOP = re.compile(r"(?<=[.!?\"'])\s+\.(?=\s|$)")
# Sentences that are captions or credits: never story sentences.
_CAPTION_SENTENCE = re.compile(
    r"^(?:FILE\s*(?:PHOTO)?\s*[-:]|File photo\b|Pictured\s*:|Photo\s*:|Image\s*:|Editor'?s note\s*:|"
    r"(?:AP|Reuters|AFP|EPA|Getty Images) Photo\b|"
    r"In (?:this|a) [^.]{0,80}?\b(?:photo|image|picture|frame grab|video still|handout)\b|"
    r"This [^.]{0,60}?\b(?:photo|image|picture|frame grab|handout)\b[^.]{0,80}?\b(?:shows|provided|released|taken)\b|"
    r"[A-Z][a-z]+\s*:\s+[A-Z]"  # a one-word caption label: "Tragic: ...", "Scene: ..."
    r")|\bpictured(?: (?:above|below|left|right|top|bottom|here|inset|centre|center))?\.?$|"
    r"\((?:AP|Reuters|AFP|EPA|Getty|PA)?\s*(?:photo|picture|image|file photo|credit)[^)]*\)\s*\.?$|"
    r"\bcontributed to this (?:report|story|article)\.?$|^E-mail to a friend",
    re.IGNORECASE,
)
_POSITION_MARKER = re.compile(r"\((?:[LR]|L-R|left|right|centre|center|second (?:left|right))\)", re.IGNORECASE)
# "Sen. Charles E. Grassley (R)": after a lawmaker's title and name, "(R)" is the party, not where they stand in a
# picture.
_PARTY_AFTER_TITLE = re.compile(
    r"\b(?:Sen|Rep|Gov|Del|Senator|Representative|Governor|Congressman|Congresswoman)\.?\s+"
    r"(?:[A-Z][\w'.-]*\s+){1,4}\([RDI]\)"
)
# A line that ends inside a sentence: after a rank or honorific ("Army Sgt.") or with no punctuation before a
# line that goes on in lower case.
_RANK_END = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cpt|Cmdr|Adm|Sgt|Cpl|Spc|Pfc|Pvt|Sen|Rep|Gov|Supt|Insp|Det|Rev|"
    r"Fr|Hon|St)\.$"
)
_WS = re.compile(r"[ \t\f\v]+")


def normalise(text: str) -> str:
    """Unicode NFKC, straight quotes and dashes, single spaces (newlines kept: they mark paragraphs).

    Link prompts that end in a guillemet ("Watch the report \u00bb") go first, while they can still be told
    from quotes."""
    text = _ARROW_PROMPT.sub(" ", unicodedata.normalize("NFKC", text)).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def is_boilerplate(line: str) -> bool:
    """True for a line that belongs to the page, not the story (byline, ad marker, share prompt, caption)."""
    if not line:
        return True
    return bool(_BOILERPLATE.match(line))


def is_caption(sentence: str) -> bool:
    """True for a caption or credit sentence: "FILE - ...", "Tragic: ...", "... pictured above", "(AP Photo/X)",
    or a sentence placing people in a picture ("Jane Roe (R) greets ...") that reports no speech."""
    if _CAPTION_SENTENCE.search(sentence):
        return True
    placed = _POSITION_MARKER.search(_PARTY_AFTER_TITLE.sub("", sentence))
    return bool(placed) and '"' not in sentence and " said" not in sentence


def strip_head(line: str) -> str:
    """Remove a dateline, outlet tag, byline or timestamp chain from the start of a paragraph."""
    prev = None
    while prev != line:
        prev = line
        line = _HEAD_ITEM.sub("", line, count=1)
    line = _DATELINE.sub("", line, count=1)
    line = _BARE_TAG.sub("", line, count=1)
    line = _CAPS_DATELINE.sub("", line, count=1)
    return line.strip()


def strip_furniture(paragraph: str) -> str:
    """A paragraph without inline prompts, link boxes, photo markers and caption sentences (see `is_caption`)."""
    p = _NAME_LINK_BOX.sub(lambda m: m.group("name"), paragraph)
    p = _BROKEN_STOP.sub(" ", p)
    p = _SPACED_STOP.sub(".", p)
    p = _INLINE_PROMPT.sub(" ", p)
    p = _FUSED_CAPTION.sub(lambda m: f"{m.group(1) or m.group(2)}. ", p)
    p = _LONE_STOP.sub("", p)
    kept = []
    for s in split_line(p):
        s = _DATELINE.sub("", s, count=1)  # "... mentally ill. MIAMI, Florida (CNN) -- The ninth floor ..."
        if not s or is_caption(s):
            continue
        s = _PICTURED_PAREN.sub("", s)
        s = _PICTURED_COMMA.sub(_pictured_comma, s)
        kept.append(s)
    return _WS.sub(" ", " ".join(kept)).strip()


def _pictured_comma(m: re.Match[str]) -> str:
    """ ", pictured," closes an apposition ("Jo Roe, 18, pictured, died") or stands alone ("Jo Roe, pictured, said")."""
    if not m.group("comma"):
        return ""
    clause = re.split(r"[.!?;]\s", m.string[: m.start()])[-1]
    return "," if "," in clause[-60:] else ""


def _rejoin(lines: list[str]) -> list[str]:
    """Lines broken inside a sentence joined again ("Army Sgt." + "Jo Roe was ...", "the" + "vote was ...",
    "under won," + "lost and drawn")."""
    out: list[str] = []
    for line in lines:
        if out and (
            _RANK_END.search(out[-1]) or ((out[-1][-1:].isalnum() or out[-1][-1:] == ",") and line[:1].islower())
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _looks_like_caption(line: str) -> bool:
    """A short line without final punctuation between story paragraphs: a caption, heading or credit."""
    if line[-1:] in ".!?\"':;)" or len(line.split()) > 14:
        return False
    return True


def clean_text(text: str, max_chars: int | None = None) -> str:
    """The article's story text, one paragraph per line, page furniture removed.

    Falls back to the normalised text when every line looks like boilerplate, so a one-line article without a
    full stop still yields something to summarise.
    """
    norm = normalise(text)
    if max_chars and len(norm) > max_chars:
        cut = norm.rfind("\n", 0, max_chars)
        norm = norm[: cut if cut > max_chars // 2 else max_chars]
        logger.debug("article truncated to %d characters", len(norm))
    raw_lines = _rejoin([line for line in norm.split("\n") if line.strip()])
    kept: list[str] = []
    for line in raw_lines:
        bullet = bool(_BULLET.match(line))
        line = _BULLET.sub("", line)
        if len(kept) < 3:
            line = strip_head(line)
        if is_boilerplate(line):
            continue
        # A caption-like short line is dropped only when the article has real paragraphs around it.
        if not bullet and _looks_like_caption(line) and len(raw_lines) > 2:
            continue
        line = strip_furniture(line)
        if line:
            kept.append(line)
    if not kept:
        kept = [_BULLET.sub("", line) for line in raw_lines if line.strip()]
    return "\n".join(kept).strip()
