"""Stage 8 — quotes with their speaker: direct quotes and reported speech ("X said that ...").

The speaker is the subject of a speech verb outside the quotation marks. "He said"/"she said" resolves to
the nearest preceding person; a sentence that is only a quotation continues the previous quote's speaker
(news style: '"...," Mr Smith said. "And more."'). Quotes with no resolvable speaker are left out: a quote
without its speaker would mislead "what did X say".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.lexicon import SPEECH_VERBS

logger = logging.getLogger(__name__)

_QUOTE = re.compile(r'"([^"]+)"')
_MIN_QUOTE_WORDS = 3
# Verbs that introduce reported speech as a clause ("X said that ...").
_REPORTING = {
    "say",
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "noted",
    "insisted",
    "warned",
    "claimed",
    "argued",
    "explained",
    "announced",
    "declared",
    "confirmed",
    "suggested",
    "wrote",
    "acknowledged",
    "admitted",
    "believes",
    "believed",
    "predicted",
    "revealed",
    "disclosed",
    "stressed",
    "vowed",
    "promised",
    "pledged",
    "denied",
    "concluded",
    "expects",
    "expected",
    "thinks",
}


@dataclass(frozen=True)
class QuoteCandidate:
    sent: int
    speaker: str
    text: str
    evidence: str


# resolve(sent_index, speaker token or None, quotation text) -> canonical speaker name or "". The quotation
# text lets the resolver refuse a candidate the quote is about ("He is a liar," he said of Smith → not Smith).
Resolver = Callable[[int, Any, str], str]


def _speech_subject(doc: Any, span: tuple[int, int] | None) -> tuple[Any, Any] | None:
    """(speech verb, its subject) outside the character span of the quotation, if any."""
    for tok in doc:
        if tok.lower_ not in SPEECH_VERBS or tok.pos_ not in {"VERB", "AUX"}:
            continue
        if span and span[0] <= tok.idx < span[1]:
            continue
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None:
            # "said economist Marie-Pierre Ripert": the name right after the verb.
            after = doc[tok.i + 1 : tok.i + 8]
            subj = next((t for t in after if t.ent_type_ == "PERSON"), None)
        if subj is not None and not (span and span[0] <= subj.idx < span[1]):
            return tok, subj
    return None


def _names(text: str, speaker: str) -> bool:
    """Whether a quotation names the speaker (full name or surname)."""
    words = speaker.split()
    return bool(words) and any(re.search(rf"\b{re.escape(w)}\b", text) for w in {speaker, words[-1]} if len(w) > 2)


def extract_quotes(sentences: Sequence[str], docs: Sequence[Any], speaker_of: Resolver) -> list[QuoteCandidate]:
    """Direct quotes and reported speech, each with a resolved speaker."""
    out: list[QuoteCandidate] = []
    last_speaker = ""
    last_quote_sent = -2
    for i, (text, doc) in enumerate(zip(sentences, docs, strict=False)):
        quotes = [(m.group(1).strip(" ,"), (m.start(), m.end())) for m in _QUOTE.finditer(text)]
        found = False
        for qtext, span in quotes:
            if len(qtext.split()) < _MIN_QUOTE_WORDS:
                continue
            vs = _speech_subject(doc, span)
            speaker = speaker_of(i, vs[1], qtext) if vs else ""
            if not speaker and not vs and i == last_quote_sent + 1 and text.strip().startswith('"'):
                speaker = last_speaker if not _names(qtext, last_speaker) else ""
            if speaker:
                out.append(QuoteCandidate(i, speaker, qtext, text))
                last_speaker, last_quote_sent, found = speaker, i, True
        if quotes or found:
            continue
        # Reported speech: "X said (that) <clause>".
        vs = _speech_subject(doc, None)
        if vs is None or vs[0].lower_ not in _REPORTING:
            continue
        comp = next((c for c in vs[0].children if c.dep_ == "ccomp"), None)
        if comp is None:
            continue
        toks = [t for t in comp.subtree if not (t.dep_ == "mark" and t.head.i == comp.i)]
        if len(toks) < 4:
            continue
        clause_text = doc[toks[0].i : toks[-1].i + 1].text
        speaker = speaker_of(i, vs[1], clause_text)
        if speaker:
            clause = re.sub(r"^that\s+", "", doc[toks[0].i : toks[-1].i + 1].text.strip(" ,."))
            out.append(QuoteCandidate(i, speaker, clause, text))
    return out
