"""Stage 7 — next steps: forward-looking statements, each with its time expression and resolved date.

A sentence is a next step when its own grammar looks forward: a future modal ("will", "is to", reported
"would" with a future time), a plan or expectation verb ("plans to", "is set to", "is expected to", "aims to",
"expects X to"), a forward-scheduled event noun ("a potential meeting", "the upcoming vote"), or a present
tense verb pinned to a future time ("The ban comes into force on 18 February"). Counterfactuals ("would have
been") and predictions inside direct quotes by third parties are not plans. An article without such
sentences gets no next steps: nothing is invented.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from summarizer.lexicon import HEDGE_ADJECTIVES, OPINION_VERBS, SPEECH_VERBS
from summarizer.timeexpr import TimeExpr, find_time_expressions, resolve
from summarizer.words import MONTHS, WEEKDAYS, any_of, singular

logger = logging.getLogger(__name__)

_FUTURE_MODALS = {"will", "'ll", "wo", "shall"}
_REPORTED_MODALS = {"would", "should", "'d"}
_PLAN_RX = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|being|'s|'re) (?:\w+ly )?(?:set|due|expected|scheduled|slated|poised|"
    r"about|going|planning|preparing|hoping|aiming|intending|bound|yet|ready) to (?!the\b|a\b|an\b)"
    r"|(?:is|are|was|were|'s|'re) to (?!the\b|a\b|an\b|blame\b|\w+ed\b)[a-z]+"
    r"|\b(?:plans?|planned|planning|aims?|aimed|aiming|intends?|intended|intending|hopes?|hoped|hoping|"
    r"vows?|vowed|pledges?|pledged|promises?|promised|threatens?|threatened|proposes?|proposed|"
    r"expects?|expected|forecasts?|forecasting|predicts?|predicted|targets?|wants?|seeks?|"
    r"prepares?|preparing) to [a-z]+"
    r"|\bexpects?\b[^.;]{0,80}\bto [a-z]+|\bis forecasting\b|\bthreatened legal action\b"
    r"|\bdeadline\b|\bscheduled (?:for|on)\b|\bis planning\b|\bare planning\b|\b(?:is|are) aimed at\b"
    r"|\b(?:earmarked|set aside|allocated) for\b|\bto be (?:held|published|released|announced|named|decided)\b)",
    re.IGNORECASE,
)
# Scheduled events: "the upcoming vote", "ahead of Sunday's election".
_EVENT_NOUNS = (
    "meeting|summit|talks|vote|election|hearing|trial|visit|decision|ruling|verdict|launch|release|announcement|"
    "review|negotiations|conference|referendum|sale|merger|bid|offer|listing|strike|debate|inquiry|investigation|"
    "deal|agreement|ceasefire|takeover|appeal|sentencing|caucuses|caucus|primaries|primary|implementation|inauguration|"
    "ballot|auction"
)
_EVENT_RX = re.compile(
    r"\b(?:(?:upcoming|forthcoming|planned|proposed|potential|possible|scheduled|expected|next|coming|impending|imminent|"
    r"pending|future) (?:[^\s.]+ ){0,3}"
    r"|(?:ahead of|heading into|in the run-up to|(?:days|weeks) before) (?:\S+ ){0,4})"
    rf"(?:{_EVENT_NOUNS})s?\b"
    rf"|\b(?:{_EVENT_NOUNS})s? (?:[^\s.,]+ ){{0,3}}(?:nearing|approaching|looming|next (?:week|month|year)|tomorrow)\b",
    re.IGNORECASE,
)
_EVENT_WORD = re.compile(rf"(?:{_EVENT_NOUNS})s?", re.IGNORECASE)
# "Results are expected in two to three days", "a ruling has been anticipated since May" (with a future time).
_EXPECTED_AT = re.compile(
    r"\b(?:is|are|was|were|be|been) (?:\w+ly )?(?:expected|anticipated|due|awaited)\b(?! to\b)", re.IGNORECASE
)
# "The hearing is set for 27 November", "Vigils are scheduled Tuesday evening", "No more flights are planned
# this year" (with a date; "set" only with "for": "the novel is set in 1920s Paris" is not a schedule).
_SCHEDULED_AT = re.compile(
    r"\b(?:is|are|'s|'re|be|been|remains?) (?:\w+ly )?(?:(?:scheduled|slated|planned|timetabled)(?! to\b)|set for)\b",
    re.IGNORECASE,
)
# "His son awaits sentencing on Thursday", "the two are awaiting a ruling next week" (dated: "spent a year
# in jail awaiting trial" is background).
_AWAITING = re.compile(rf"\bawait(?:s|ing)? (?:[^\s.,]+ ){{0,3}}(?:{_EVENT_NOUNS})s?\b", re.IGNORECASE)
_COUNTERFACTUAL = re.compile(
    r"\b(?:would|could|should|might|will) have (?:\w+ly )?(?:been|had|[a-z]+ed|[a-z]+en)\b", re.IGNORECASE
)
# Spectators are not events: "observers will be closely watching", "markets will be monitoring".
_SPECTATING = re.compile(
    r"\b(?:will|'ll) (?:be )?(?:closely |keenly |carefully )?(?:watch|watching|monitor|monitoring)\b", re.IGNORECASE
)
_FUTURE_TIME = re.compile(
    r"\b(?:next|coming|tomorrow|tonight|upcoming|within|in the next|over the next|in the coming|"
    r"at a later date|immediately|by the end of|until at least|later in the|later this)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r'"[^"]*"')
_LEAD_IN = re.compile(
    r"^(?:(?:in a statement|meanwhile|however|but|and|also|in addition|separately|elsewhere|instead|"
    r"according to [^,]+|under the [^,]+|in [^,]{1,40}),\s*)+",
    re.IGNORECASE,
)
_MAX_TEXT_WORDS = 30
_SPEECH_PARTICIPLES = {"adding", "saying", "noting", "explaining", "warning", "stressing", "insisting", "stating"}


@dataclass(frozen=True)
class StepCandidate:
    sent: int
    text: str
    when: str
    date: date | None
    evidence: str
    trigger: str = ""


_QUOTE_MARKS = re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb]|(?<![A-Za-z])''|''(?![A-Za-z])")


def normalize_quotes(text: str) -> str:
    """Every double quotation mark as '"', same length so offsets still point into the sentence: outlets mix
    curly and straight marks ('“We will,” he said', "''first class\"") and a quote counted open by a mismatch
    would swallow the rest of the article."""
    return _QUOTE_MARKS.sub(lambda m: '"' + " " * (len(m.group(0)) - 1), text)


def _outside_quotes(text: str, starts_inside: bool = False) -> str:
    """The sentence without its quoted parts (a sentence may start inside a quote opened earlier)."""
    if starts_inside:
        first = text.find('"')
        text = " " * (first + 1) + text[first + 1 :] if first >= 0 else ""
    text = _QUOTE.sub(lambda m: " " * len(m.group(0)), text)  # same length: token offsets still point into it
    # An unclosed quotation runs to the end of the sentence.
    return text.split('"', 1)[0] if text.count('"') % 2 else text


def _modal_trigger(doc: Any, outside: str) -> bool:
    """A future modal outside direct quotes, not part of a counterfactual."""
    for tok in doc:
        low = tok.lower_
        if tok.tag_ != "MD" or low not in _FUTURE_MODALS | _REPORTED_MODALS:
            continue
        k = tok.i + 1 + (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in {"not", "n't"})
        if k + 1 < len(doc) and doc[k].lower_ == "have" and doc[k + 1].tag_ == "VBN":
            continue
        if tok.idx < len(outside) and outside[tok.idx : tok.idx + len(tok.text)] != tok.text:
            continue  # inside a quotation
        head = tok.head
        if _subordinate(head) and not _future_time_in(outside):
            continue
        if _opinion(head) or _indirect_question(head):
            continue
        if low in _REPORTED_MODALS:
            continue  # decided by the caller together with a future time expression
        if _conditional(head) or _evaluative(head, outside) or _first_person_singular(head, outside):
            continue
        if _stative(head) or _speech_content(head, doc):
            continue
        if _capability(head) and not any(not t.is_past for t in find_time_expressions(outside)):
            continue
        if _narrator_voice(head, doc):
            continue
        return True
    return False


def _capability(verb: Any) -> bool:
    """ "Fans will be able to see the ball", "the terminal will be able to handle four jets": what becomes
    possible, a state, not an event (unless dated: "customers will be able to vote from Monday")."""
    return verb.lower_ == "be" and any(c.dep_ == "acomp" and c.lower_ in {"able", "unable"} for c in verb.children)


def _narrator_voice(verb: Any, doc: Any) -> bool:
    """ "We'll show you how to ...", "a character we'll see more of": the outlet addressing its reader
    (a modal outside quotes with "we" or "you" and no speaker in the sentence), not news."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.lower_ not in {"we", "you"}:
        return False
    return not any(t.lower_ in SPEECH_VERBS for t in doc)


# Verbs of state and relation: "the group will remain outside the top five", "the cuts will affect 9% of
# staff", "it will do nothing to reassure investors" describe a future state, not something that happens.
_STATIVE_VERBS = {"remain", "rank", "affect", "inherit", "mean", "represent", "depend", "lack", "resemble", "amount"}


_CONTENT_SPEECH = {"say", "note", "argue", "stress", "insist", "contend", "invoke", "add", "repeat"}


def _speech_content(verb: Any, doc: Any) -> bool:
    """ "The president will say that ...", "he will argue that ...", "'...,' she will say": what a speaker will
    say is the content of a future speech, not an event (the speech itself is the step)."""
    if verb.lower_ == "make":
        return any(c.dep_ == "dobj" and c.lower_ in {"argument", "case", "point"} for c in verb.children)
    if verb.lower_ not in _CONTENT_SPEECH:
        return False
    return any(c.dep_ in {"ccomp", "dobj"} for c in verb.children) or '"' in doc.text


def _stative(verb: Any) -> bool:
    if verb.lower_ == "do":
        return any(c.dep_ == "dobj" and c.lower_ == "nothing" for c in verb.children)
    return verb.lower_ in _STATIVE_VERBS


def _clause_chain(verb: Any) -> list[Any]:
    """The verb and the heads above it up to the sentence root."""
    chain = [verb]
    while chain[-1].head.i != chain[-1].i and len(chain) < 20:  # spaCy: the root is its own head
        chain.append(chain[-1].head)
    return chain


def _subordinate(verb: Any) -> bool:
    """The clause sits, at any depth, inside a relative or adverbial clause ("his plan, which he said will
    require tax rises", "if Turkey thinks the ban will let it hide ..."): background, not the news. Unless a
    speech verb reports an agent's own step there: "..., she said, adding that the police will appeal", "his
    article, which stated that he will only back candidates who ..."."""
    chain = _clause_chain(verb)
    for k, t in enumerate(chain[:-1]):
        if t.dep_ in {"relcl", "acl", "advcl", "csubj"}:
            reported = any(c.lower_ in SPEECH_VERBS | _SPEECH_PARTICIPLES for c in chain[1 : k + 1])
            if t.dep_ == "relcl" and t.i == verb.i and _agent_subject(verb):
                return False  # an agent's own step: "a deal under which the US will drop it", "Core, who plans to"
            return not (reported and (t.dep_ == "advcl" or _agent_subject(verb)))
    return False


def _agent_subject(verb: Any) -> bool:
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and (
        subj.lower_ in {"he", "she", "they", "we", "who"} or subj.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
    )


def _opinion(verb: Any) -> bool:
    """The future is someone's view, not a plan: "I think they will win", "the bills suggest his plan will
    give states ...", "making it unlikely the disease will spread"."""
    for t in _clause_chain(verb)[:-1]:
        if t.dep_ == "ccomp" and (t.head.lower_ in OPINION_VERBS or t.head.lower_ in HEDGE_ADJECTIVES):
            return True
        # "It is possible that voters will switch": the hedge adjective is the complement of "is".
        if t.dep_ == "ccomp" and any(c.dep_ == "acomp" and c.lower_ in HEDGE_ADJECTIVES for c in t.head.children):
            return True
    return False


# "unveiled plans to ...": announcing a plan is news of the plan, unlike "concern at plans to ...".
_UNVEILING_VERBS = {
    "announced",
    "announces",
    "unveiled",
    "unveils",
    "revealed",
    "reveals",
    "outlined",
    "outlines",
    "detailed",
    "details",
    "confirmed",
    "confirms",
    "published",
    "publishes",
    "presented",
    "presents",
    "submitted",
    "approved",
    "approves",
}
_DESIRE_VERBS = {"want", "wants", "wanted", "hope", "hopes", "hoped"}
_PLAN_NOUNS = {"plan", "plans", "promise", "promises", "pledge", "pledges", "vow", "vows", "aim", "aims", "target"}


def _plan_stated(doc: Any, start: int, dated: bool) -> bool:
    """A plan phrase found by `_PLAN_RX` states a plan of the news: not one only named as a thing without a date
    ("concern at the firm's plans to buy", "may have scrapped plans to list"), not one in a background,
    conditional or opinion clause ("if it is to survive", "the report, which is expected to strain ...",
    "officials believe it may be intended to"), not a predicted state ("is set to be a major force")."""
    tok = next((t for t in doc if t.idx >= start), None)
    if tok is None:
        return True
    if tok.lower_ in _DESIRE_VERBS and not dated:
        return False  # a wish without a date: "foreign firms hope to cash in", "opponents want to kill the deal"
    if tok.pos_ == "NOUN" and tok.lower_ in _PLAN_NOUNS and not dated and tok.head.lower_ not in _UNVEILING_VERBS:
        return False
    verb = _verb_of(tok)
    finite = verb.tag_ in {"VBZ", "VBP", "VBD", "MD"} or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    if (finite and _subordinate(verb) and not dated) or _opinion(verb) or _indirect_question(verb):
        return False
    return not _predicted_state(doc, tok.i)


_PAST_PLAN = re.compile(r"^(?:was|were) (?:\w+ly )?(?:to|set|due|expected|scheduled|slated|poised|about|going)\b", re.I)
_CALLED_OFF = re.compile(
    r"\b(?:was|were|been|got|had been) (?:\w+ly )?(?:cancell?ed|called off|scrapped|abandoned|shelved|axed)\b", re.I
)
_PURPOSE = re.compile(r"\b(?:goal|aim|idea|purpose|point|objective|mission|intention|strategy) (?:is|was) to\b", re.I)


def _overtaken_plan(m: re.Match[str], doc: Any, dated: bool) -> bool:
    """A plan told in past narration, undated and unattributed ("the visitors were set to tie the game", "they
    were scheduled to hold talks" in a story of the talks): background, not a next step. Reported ones stay
    ("the US was scheduled to release six people, officials said"). Nor is a purpose ("The goal is to force
    them out"), unless dated, nor a plan the sentence goes on to call off ("was scheduled to undergo surgery
    next month, but that was cancelled"), dated or not."""
    if _CALLED_OFF.search(doc.text[m.end() :]):
        return True
    if dated:
        return False
    text = m.group(0)
    if _PURPOSE.search(doc.text[max(0, m.start() - 20) : m.end()]):
        return True
    if not _PAST_PLAN.match(text):
        return False
    return not any(t.lower_ in SPEECH_VERBS or t.lower_ == "according" for t in doc)


def _verb_of(tok: Any) -> Any:
    """The verb `tok` belongs to: itself, or the nearest verb above it (the root if none is)."""
    while tok.pos_ not in {"VERB", "AUX"} and tok.head.i != tok.i:  # spaCy: the root is its own head
        tok = tok.head
    return tok


def _indirect_question(verb: Any) -> bool:
    """ "... and how he intends to pay for it", "whether it will close": a question, not a statement."""
    return any(c.lower_ in {"how", "why", "whether"} and c.i < verb.i for c in verb.children)


def _predicted_state(doc: Any, i: int) -> bool:
    """ "set to be a major force", "expected to be difficult": a copula with a predicate, not an event (a passive
    "set to be held" is one, and so is a date: "the poll is expected to be 5 May")."""
    for k in range(i + 1, min(i + 5, len(doc) - 2)):
        if doc[k].lower_ == "to" and doc[k + 1].lower_ == "be":
            be = doc[k + 1]
            preds = [c for c in be.children if c.dep_ in {"attr", "acomp"}]
            if doc[k + 2].tag_ in {"VBN", "VBG"} or not preds:
                return False
            return not any(find_time_expressions(doc[p.left_edge.i : p.right_edge.i + 1].text) for p in preds)
    return False


def _conditional(verb: Any) -> bool:
    """ "If Congress fails to act, the White House will ...", "Should she win, she will ...": a step only
    on a condition is not announced."""
    for c in verb.children:
        if c.dep_ == "advcl" and c.i < verb.i:
            if any(g.dep_ == "mark" and g.lower_ in {"if", "unless"} for g in c.children):
                return True
            if any(g.lower_ == "should" and g.i == c.left_edge.i for g in c.children):
                return True
    return False


def _evaluative(verb: Any, outside: str) -> bool:
    """ "It will be extremely difficult to ...", "a comeback will be even harder", "Research alone won't be
    enough": a judgement about the future or a state, not an event (unless dated: "tickets will be available
    from Monday")."""
    if verb.lower_ != "be" or not any(c.dep_ == "acomp" for c in verb.children):
        return False
    return not any(not t.is_past for t in find_time_expressions(outside))


def _first_person_singular(verb: Any, outside: str) -> bool:
    """ "I will do anything for him": a speaker's feeling left over from a quotation, not a news event."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and subj.lower_ == "i" and not _future_time_in(outside)


def _reported_plan(doc: Any) -> bool:
    """ "Goodell said he would review the suspension": a plan reported in the main clause's speech verb.
    Not when the sentence is dated in the past ("In 2014 prosecutors announced he would be tried"), not a
    condition or counterfactual."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lower_ not in SPEECH_VERBS:
        return False
    if any(c.tag_ == "MD" for c in root.children):
        return False  # the speech itself is hypothetical: "You would think they would know"
    for comp in (c for c in root.children if c.dep_ == "ccomp"):
        modal = next((c for c in comp.children if c.tag_ == "MD" and c.lower_ == "would"), None)
        if modal is None or comp.lower_ == "have" or any(c.lower_ == "have" and c.dep_ == "aux" for c in comp.children):
            continue
        if comp.lower_ in {"like", "love", "prefer"}:
            continue  # a wish: "he said he would like to celebrate there"
        agent = _agent_subject(comp) or _organisation_it(root, comp)
        hedged = any(t.lower_ in {"if", "unless", "rather"} for t in comp.subtree)
        if agent and not hedged and not _conditional(comp):
            return not _dated_in_past(doc.text)
    return False


def _dated_in_past(text: str) -> bool:
    """Whether any time expression dates the sentence in the past, also one dating the past speech verb ("In
    2019 X announced"). Asked last in `_reported_plan`: the time-expression scan is the dearest test there
    (measured), and most sentences already fail on the grammar."""
    if _AGO.search(text):  # "Three weeks ago, ...": a span back from now, which the time scanner does not date
        return True
    return any(re.search(r"\b(?:later|ago|last|yesterday|\d{4})\b", t.text) for t in find_time_expressions(text))


_AGO = re.compile(r"\b(?:minutes?|hours?|days?|weeks?|months?|years?|decades?) ago\b", re.IGNORECASE)


def _organisation_it(speech: Any, comp: Any) -> bool:
    """ "The company said it would retain 90% of staff": "it" is the organisation that speaks (not "it would be
    hard")."""
    subj = next((c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    return (
        subj is not None
        and subj.lower_ == "it"
        and comp.lower_ != "be"
        and speaker is not None
        and (speaker.ent_type_ in {"ORG", "GPE", "NORP"} or speaker.lower_ in _ORGANISATION_NOUNS)
    )


_ORGANISATION_NOUNS = {"company", "firm", "group", "government", "ministry", "council", "bank", "agency", "department"}


def _has_reported_modal(doc: Any) -> bool:
    return any(t.tag_ == "MD" and t.lower_ in _REPORTED_MODALS for t in doc)


def _future_time_in(text: str) -> bool:
    return any(not t.is_past and _FUTURE_TIME.search(t.text) for t in find_time_expressions(text))


_DAY_PRECISE = re.compile(r"\b(?:on|by|from|until) (?:\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2}|[A-Z][a-z]+day)\b")
# Progressives that announce a change rather than describe an activity: "is cutting 5,000 jobs", "is
# launching a campaign", "is stepping down" (against "are investigating", "is looking into").
_FUTURATE_VERBS = {
    "launching",
    "cutting",
    "closing",
    "opening",
    "introducing",
    "shedding",
    "axing",
    "scrapping",
    "ending",
    "leaving",
    "quitting",
    "joining",
    "retiring",
    "stepping",
    "selling",
    "moving",
    "relocating",
    "releasing",
    "publishing",
    "hosting",
    "laying",
    "hiring",
    "creating",
    "unveiling",
    "rolling",
    "merging",
    "splitting",
    "suspending",
    "withdrawing",
    "replacing",
}


# Adverbs that make a progressive describe what goes on now, not a change announced.
_ONGOING = {"currently", "still", "not", "n't", "never"}


def _futurate_progressive(doc: Any, outside: str, future_time: bool) -> bool:
    """A present progressive outside quotes, in the main clause, that is dated in the future ("is billing the
    speech next week") or announces a change (`_FUTURATE_VERBS`)."""
    for tok in doc:
        if tok.tag_ != "VBG" or outside[tok.idx : tok.idx + len(tok.text)] != tok.text:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in {"is", "are", "'s", "'re"} for c in tok.children):
            continue
        if tok.lower_ in {"being", "going"} or _subordinate(tok) or _opinion(tok):
            continue
        if not future_time and any(c.lower_ in _ONGOING for c in tok.children):
            continue  # "Turkey is currently hosting 3 million refugees", "police are not releasing details"
        if future_time or tok.lower_ in _FUTURATE_VERBS:
            return True
    return False


_PLUPERFECT = re.compile(
    r"\bhad (?:been )?(?:\w+ )?(?:expected|planned|hoped|intended|willing|due|set|scheduled) to\b"
    # "had hoped the match would pass off peacefully": an expectation held in the past.
    r"|\bhad (?:\w+ly )?(?:hoped|expected|planned|intended|predicted|thought|believed|feared)\b[^.;]{0,80}?\bwould\b"
    # "the rally originally scheduled for noon", "a book he initially intended to publish": a plan overtaken.
    r"|\b(?:originally|initially|previously|once) "
    r"(?:scheduled|planned|set|slated|intended|expected|due|aimed|hoped|sought|wanted)\b"
    # Page furniture: "This story will be updated", "the article will be updated as more details emerge".
    r"|\b(?:story|article|post|report|page|copy)\b[^.;]{0,40}\bwill be updated\b",
    re.IGNORECASE,
)


def step_trigger(text: str, doc: Any, times: Sequence[TimeExpr], starts_in_quote: bool = False) -> str | None:
    """Which grammar makes the sentence state something that will or is planned to happen ("modal", "plan",
    ...), or None. Named so that an evaluation can tell which rule a false step came from."""
    if text.rstrip().endswith(("?", ":")):
        return None  # a question, or a lead-in to a list ("The delegate count heading into Tuesday's primary:")
    if _denied(doc):
        return None  # "The company denied it would fail to pay": what is denied will not happen
    text = normalize_quotes(text)
    outside = _outside_quotes(text, starts_in_quote)
    outside = _SPECTATING.sub(" ", _PLUPERFECT.sub(" ", _COUNTERFACTUAL.sub(" ", outside)))
    quoted_only = outside.strip(' ,.-"') == "" or len(outside.split()) < 4
    future_time = any(not t.is_past and _FUTURE_TIME.search(t.text) for t in times)
    dated = any(not t.is_past for t in times)
    if not quoted_only:
        if _modal_trigger(doc, outside) and _modal_in_text(outside):
            return "modal"
        if any(
            _plan_stated(doc, m.start(), future_time or dated) and not _overtaken_plan(m, doc, dated)
            for m in _PLAN_RX.finditer(outside)
        ):
            return "plan"
        if _EVENT_RX.search(outside) and (dated or not _dated_in_past(text)):
            return "event"  # not "Three weeks ago, on its seventh scheduled launch, the rocket ..."
        if _EXPECTED_AT.search(outside) and (future_time or dated):
            return "expected-dated"
        if (_SCHEDULED_AT.search(outside) or _AWAITING.search(outside)) and (future_time or dated):
            return "scheduled-dated"
        if _has_reported_modal(doc) and _REPORTED_RX.search(outside) and (dated or future_time):
            return "reported-dated"
        if _reported_plan(doc):
            return "reported-plan"
        if _present_main_verb(doc) and any(
            (_FUTURE_TIME.search(t.text) or _DAY_PRECISE.search(t.text) or _schedules_for(doc, t))
            and _attaches_to_root(doc, t)
            and not _caption_dated(doc, t)
            for t in times
            if not t.is_past and outside[t.start : t.end] == t.text  # not inside a quote: "Dab some on immediately"
        ):
            return "present-dated"
        if _futurate_progressive(doc, outside, future_time):
            return "progressive"
        if any(_time_clause_event(doc, t) for t in times if not t.is_past and outside[t.start : t.end] == t.text):
            return "time-clause"
        if any(_dated_event(doc, t) for t in times if not t.is_past and outside[t.start : t.end] == t.text):
            return "dated-event"
    # Inside a direct quote: only the speaker's own plans ("we will", "we plan to") count; not an opinion
    # about the future ("I think they will"), a hope ("We'll win, hopefully"), or a feeling ("I will never").
    quoted = text if starts_in_quote else " ".join(_QUOTE.findall(text))
    own = _OWN_PLAN.search(quoted)
    if own is None or _HEDGE.search(quoted) or _WAIT_AND_SEE.search(quoted[own.start() :]):
        return None
    if (own.group(1) or own.group(2)).lower() == "we" or future_time:
        return "quoted-own-plan"
    return None


_OWN_PLAN = re.compile(
    r"\b(we|i)(?: \w+ly| also| now| still| then)?(?: will|'ll) (?:(?!be\b)|(?=be\b.*\b(?:next|tomorrow|tonight)\b))"
    r"|\b(we|i)(?: \w+ly| also| now| still| then)? (?:plan to|intend to|aim to|expect|are going to|"
    r"are in the process|are (?:prepared|ready|determined|committed) to)\b",
    re.IGNORECASE,
)
# "We'll see", "we will see what happens": waiting to find out, not a plan.
_WAIT_AND_SEE = re.compile(r"\b(?:we|i)(?:'ll| will) see\b(?!\s+(?:the|a|an|more|new|our|my)\b)", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:hopefully|perhaps|maybe|probably|possibly)\b", re.IGNORECASE)
_REPORTED_RX = re.compile(r"\b(would|should)\b(?! have)", re.IGNORECASE)


_DENIAL_VERBS = {"deny", "denies", "denied", "denying"}


def _denied(doc: Any) -> bool:
    """The sentence denies what its reported clause says ("X denied it would ...")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
    return root is not None and root.lower_ in _DENIAL_VERBS and any(c.dep_ == "ccomp" for c in root.children)


def _modal_in_text(outside: str) -> bool:
    return bool(re.search(r"\b(will|won't|shall|'ll)\b(?! have been)", outside, re.IGNORECASE))


def _attaches_to_root(doc: Any, expr: TimeExpr) -> bool:
    """The time dates the main clause ("Tickets go on sale next week", "crews face a pay cut next month"), not
    something inside its subject ("Bush's speeches Wednesday and next week are the latest attempts ...")."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    return not any(t.dep_ in {"nsubj", "nsubjpass"} for t in _clause_chain(span.root))


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# Verbs that schedule: "The ban takes effect on 1 January 2027", "The show opens on May 20, 2017".
_SCHEDULE_VERBS = {
    form
    for verb in ("take", "come", "start", "begin", "open", "close", "end", "expire", "launch", "run", "resume")
    + ("return", "arrive", "leave", "face")
    for form in (verb, verb + "s", verb + "es")
} | {"go", "goes", "has", "have"}


def _caption_dated(doc: Any, expr: TimeExpr) -> bool:
    """A present-tense action dated with its year is a photo caption or a record ("Rescuers search the
    rubble on June 11, 2016", "The largest margin is 40 points, on May 4, 1983"), unless its verb schedules
    something ("The ban takes effect on 1 January 2027")."""
    if not _YEAR.search(expr.text):
        return False
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return root is None or root.lower_ not in _SCHEDULE_VERBS  # the pipeline has no lemmatiser


_TIME_CLAUSE_MARKS = {"until", "when", "before", "once", "till"}
_MONTH_OR_DAY = r"(?:" + any_of(m.capitalize() for m in MONTHS) + r"|[A-Z][a-z]+day)\b"
_CALENDAR_TIME = re.compile(r"^(?:in|on|by) " + _MONTH_OR_DAY)


def _schedules_for(doc: Any, expr: TimeExpr) -> bool:
    """ "The trial begins in June", "Moss starts in May": a verb of schedule in the present simple, dated by a
    month or a day, states what is timetabled (a bare month is otherwise too vague for the present tense)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    timetabled = root is not None and root.lower_ in _SCHEDULE_VERBS and root.lower_ not in _COMINGS_AND_GOINGS
    return timetabled and bool(_CALENDAR_TIME.match(expr.text))


# What a photo caption shows people doing ("X leaves court in Richmond in August"), not a timetable.
_COMINGS_AND_GOINGS = {"leave", "leaves", "arrive", "arrives", "return", "returns", "go", "goes"}


def _time_clause_event(doc: Any, expr: TimeExpr) -> bool:
    """ "... to withhold judgment until the report comes out in September", "before the vote takes place on
    Tuesday": English puts a future event in the present tense in a clause of time, so a present verb there,
    dated by a month or a day, is a scheduled event whatever the tense of the main clause."""
    if not (_CALENDAR_TIME.match(expr.text) or _DAY_PRECISE.search(expr.text)):
        return False
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    verb = _verb_of(span.root)
    return (
        verb.tag_ in {"VBZ", "VBP"}
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in _TIME_CLAUSE_MARKS for c in verb.children)
    )


_EVENT_DATE = re.compile(
    r"^(?:in|on|by|at) (?:the (?:end|start|beginning|middle) of |early |late |mid-)?" + _MONTH_OR_DAY
)
# Events a calendar holds: "elections at the end of February", "the summit in March".
_CALENDAR_EVENTS = frozenset(
    "meeting summit talks vote election hearing trial conference referendum debate caucus caucuses primary "
    "inauguration ballot sentencing".split()
)


def _dated_event(doc: Any, expr: TimeExpr) -> bool:
    """ "The deal could help moderates in the elections at the end of February": an event of the calendar dated
    by a phrase of its own, in a sentence that does not tell the past, is a next step whatever the sentence is
    about."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None or not _EVENT_DATE.match(expr.text) and not _FUTURE_TIME.search(expr.text):
        return False
    # The noun right before the date: the parser often hangs the date on the verb instead.
    event = doc[span.start - 1] if span.start > 0 else None
    if event is None or event.pos_ != "NOUN" or not {event.lower_, singular(event.lower_)} & _CALENDAR_EVENTS:
        return False
    verb = _verb_of(event)
    modal = any(c.tag_ == "MD" for c in verb.children)
    return modal or verb.tag_ in {"VBZ", "VBP"} and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _present_main_verb(doc: Any) -> bool:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    if root.tag_ in {"VBZ", "VBP"}:
        return True
    # spaCy sometimes tags a plural present verb VB ("Tickets ... go on sale next week").
    kids = {c.dep_ for c in root.children}
    return root.tag_ == "VB" and "nsubj" in kids and not kids & {"aux", "auxpass"}


_WHEN_SAID = frozenset((*WEEKDAYS, "today", "yesterday"))


def _day_after_saying(tok: Any) -> bool:
    """ "said Thursday the virus ...", "is expected Wednesday": a bare day right after a verb of saying belongs to
    that verb, wherever the parser hung it."""
    doc = tok.doc
    owned = tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "POS"  # "described Friday's meeting"
    return tok.lower_ in _WHEN_SAID and tok.i > 0 and doc[tok.i - 1].lower_ in SPEECH_VERBS and not owned


def _when_said(tok: Any) -> bool:
    """A bare day right after a past verb of saying dates the saying ("officials said Saturday the talks will
    resume"), not what was said."""
    return _day_after_saying(tok) and tok.doc[tok.i - 1].tag_ == "VBD"


def _clause_text(doc: Any) -> str:
    """The reported clause when the sentence is "X said (that) ...", else the sentence without lead-ins."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    text = doc.text.strip()
    if root is not None and root.lower_ in SPEECH_VERBS:
        comps = [c for c in root.children if c.dep_ == "ccomp"]
        if comps:
            sub = comps[0]
            toks = [t for t in sub.subtree if t.dep_ != "mark" or t.head.i != sub.i]
            while toks and (toks[-1].dep_ == "cc" or toks[-1].is_punct and toks[-1].text not in "\")'"):
                toks.pop()  # "... aimed to raise $500, but": the coordinated clause went elsewhere
            while toks and toks[0].is_punct and toks[0].text not in "\"('":
                toks.pop(0)  # the dash that opened a parenthesis the parser hung on the clause
            while toks and _day_after_saying(toks[0]):
                toks.pop(0)  # "said Thursday the virus ...": the day dates the saying, not the clause
            if len(toks) >= 4 and _whole_clause(sub, toks):
                text = doc[toks[0].i : toks[-1].i + 1].text
    text = _LEAD_IN.sub("", text).strip(" ,;:-")
    text = re.sub(r"^(?:that|whether)\s+", "", text, flags=re.IGNORECASE)
    words = text.split()
    if len(words) > _MAX_TEXT_WORDS:
        cut = " ".join(words[:_MAX_TEXT_WORDS])
        comma = cut.rfind(",")
        text = cut[:comma] if comma > len(cut) // 2 else cut + "..."
    text = text.rstrip(" ,;:")
    return text[:1].upper() + text[1:] if text else text


def _whole_clause(head: Any, toks: Sequence[Any]) -> bool:
    """The reported clause as parsed can stand alone: it does not start at its verb ("Few people expect the
    meeting - ... - will wipe away" parsed "the meeting" as the object of "expect", leaving "will wipe away")
    and ends at a word boundary ("would co-chair" split into "co", "-", "chair" left "would co"). Otherwise the
    parse is broken and the step keeps the whole sentence."""
    starts_at_verb = toks[0].i == head.i or toks[0].dep_ in {"aux", "auxpass", "neg"}
    last = toks[-1]
    nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    mid_word = nxt is not None and not last.whitespace_ and (not nxt.is_punct or nxt.text == "-")
    return not starts_at_verb and not mid_word


# "..., the organisation said." with no quote mark: the sentence is narration, so a quote left "open" by a
# mismatched mark earlier ("is 'spreading explosively' in") did not run into it.
_ATTRIBUTED_OUTSIDE = re.compile(r'^[^"]*,\s+(?:the\s+)?[\w.\' -]{2,60}\s(?:said|says|added|told \w+)\.$')


def _quote_open_after(text: str, starts_inside: bool) -> bool:
    """Whether a quotation is still open at the end of the sentence (news quotes span sentences)."""
    return (text.count('"') + int(starts_inside)) % 2 == 1


_ANCHORED = re.compile(r"^(?:on|by|from|until|till|before|after|in|during|at|through|within|no later than)\b|\d", re.I)


def _pick_when(times: Sequence[TimeExpr]) -> str:
    """The expression that dates the event: explicitly future ones first, then ones anchored by a preposition
    or a number ("on Friday", "March 18") over a bare month used as a modifier ("the February jobs report")."""
    future = [t for t in times if not t.is_past]
    if not future:
        return ""
    strong = [t for t in future if _FUTURE_TIME.search(t.text)]
    # A weekday is as precise as "on Friday" also where it stands without its preposition ("Sunday's events").
    anchored = [t for t in future if _ANCHORED.search(t.text) or t.text.split()[0].lower() in WEEKDAYS]
    return (strong or anchored or future)[0].text


def _names_a_thing(doc: Any, text: str, expr: TimeExpr) -> bool:
    """A bare year or month that modifies a noun ("a 1999 agreement", "the 2016 race") names which thing it
    is; it does not date the step."""
    if doc is None or doc.text != text or _ANCHORED.search(expr.text) and not expr.text[:1].isdigit():
        return False
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in {"nummod", "compound", "amod", "nmod"}


_SCHEDULING_PARTICIPLES = {"scheduled", "planned", "set", "slated", "expected", "due", "timetabled", "pencilled"}


def _dates_a_past_verb(doc: Any, text: str, expr: TimeExpr) -> bool:
    """The expression modifies a verb in the past ("agreed on Thursday", "was charged in December", "has met
    twice this year", "the firm sold on Sunday"), so it dates what already happened, not the next step in the
    same sentence ("the meeting scheduled for Friday" looks forward)."""
    if doc is None or doc.text != text or _FUTURE_TIME.search(expr.text):
        return False  # "called a meeting next week": a future time never dates the past
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    if _when_said(span[0]):
        return True
    head = span.root
    via_gerund = False
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:  # spaCy: the root is its own head
        head = head.head
        if _EVENT_WORD.fullmatch(head.text) and not span.start <= head.i < span.end:
            return False  # it dates an event ("ahead of Sunday's election"), not the verb above it
        if head.tag_ == "VBG" and head.dep_ == "pcomp":
            # A gerund after a preposition takes the tense of the verb the phrase belongs to: "gave no reason
            # for detaining him on Friday", "received asylum after fleeing there in 1981" tell the past.
            head, via_gerund = head.head, True
    if via_gerund and head.pos_ == "AUX":
        return False  # "Before leaving on Tuesday, they were to attend a game": a plan, not a past verb
    aux = [c for c in head.children if c.dep_ in {"aux", "auxpass"}]
    if any(c.tag_ == "MD" or c.lower_ in {"will", "'ll"} for c in aux):
        return False
    if head.tag_ == "VBD":
        # "will release X and detained Y on Saturday": a verb tagged past but coordinated with a modal one.
        return not (head.dep_ == "conj" and any(c.tag_ == "MD" for c in head.head.children))
    if head.tag_ != "VBN":
        return False
    if aux:
        return any(c.tag_ == "VBD" or c.lower_ in {"has", "have", "'ve"} for c in aux)
    return head.dep_ == "acl" and head.lower_ not in _SCHEDULING_PARTICIPLES


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _same_step(a: str, b: str) -> bool:
    """Two statements of one step (news repeats its lead): token F1 of at least 0.8."""
    wa, wb = _words(a), _words(b)
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    return bool(common) and 2 * common / (len(wa) + len(wb)) >= 0.8


def extract_next_steps(
    sentences: Sequence[str], docs: Sequence[Any], published: date | None, limit: int
) -> list[StepCandidate]:
    """Next steps in article order (sentence index kept so the pipeline can attach actors)."""
    out: list[StepCandidate] = []
    in_quote = False
    for i, (text, doc) in enumerate(zip(sentences, docs, strict=False)):
        marked = normalize_quotes(text)
        starts_in_quote = in_quote and not marked.startswith('"') and not _ATTRIBUTED_OUTSIDE.search(marked)
        in_quote = _quote_open_after(marked, starts_in_quote)
        times = [t for t in find_time_expressions(text) if not _dates_a_past_verb(doc, text, t)]
        trigger = step_trigger(text, doc, times, starts_in_quote)
        if trigger is None:
            continue
        clause = _clause_text(doc)
        if any(_same_step(clause, c.text) for c in out):
            continue
        datable = [t for t in times if not _names_a_thing(doc, text, t)]
        when = _pick_when([t for t in datable if t.text in clause] or datable)
        out.append(StepCandidate(i, clause, when, resolve(when, published) if when else None, text, trigger))
        if len(out) >= limit:
            break
    return out
