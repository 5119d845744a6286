"""The summariser pipeline: `Article` in, `Brief` out.

Stages, in order, over one `SummarizerOptions` and one `ArticleAnalysis` per article:
  1. clean text (`clean.py`): page furniture (datelines, bylines, captions, prompts) dropped, whitespace and
     quotes normalised, broken lines rejoined, length capped;
  2. sentences (`sentences.py`);
  3. entities (`entities.py`): spaCy mentions, consolidated (aliases merged, type voted, junk dropped);
  4. roles (`roles.py`), then roles given only by a description elsewhere (`descriptions.py`);
  5. summary (`backends.py` → `scorer.py` + `summary.py`: learned sentence scores under hard constraints, or
     a seq2seq model);
  6. salience (`salience.py`): the actors that matter, best first;
  7. next steps (`next_steps.py`, `timeexpr.py`);
  8. quotes (`quotes.py`);
  9. topics (`topics.py`);
 10. written summary (`writer.py`): when `options.writer` is set, it rewrites the summaries, grounded in the
     article, or keeps the extractive ones and says why.

Failure policy: an article with no words at all raises `EmptyArticleError` (a `SummarizerError`). Text that
is not English (or is garbage) still gets a brief: its first sentences as the summary and no actors, next
steps or quotes, because English models would only invent them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from summarizer.analysis import ArticleAnalysis
from summarizer.backends import get_backend
from summarizer.clean import clean_text
from summarizer.descriptions import resolve_descriptions
from summarizer.entities import (
    Entity,
    consolidate,
    extract_mentions,
    is_publisher,
    publishers,
    type_people_by_reference,
)
from summarizer.errors import EmptyArticleError
from summarizer.lexicon import ORG_TITLES
from summarizer.models import Actor, ActorType, Article, Brief, NextStep, Quote
from summarizer.next_steps import extract_next_steps
from summarizer.nlp_models import get_spacy
from summarizer.options import SummarizerOptions, default_options
from summarizer.quotes import extract_quotes
from summarizer.roles import (
    all_roles_of_mention,
    assign_particulars,
    assign_roles,
    mention_in_quote,
    role_strength,
    tidy_role,
)
from summarizer.salience import is_product, rank_actors
from summarizer.sentences import split_sentences
from summarizer.summary import candidate_indices, fit_to_budget
from summarizer.topics import extract_topics
from summarizer.words import STOPWORDS

logger = logging.getLogger(__name__)

__all__ = ["SummarizerOptions", "summarize", "summarize_many"]

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def looks_english(text: str) -> bool:
    """Enough English function words to trust English models on the text."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return False
    if len(words) < 8:
        return any(w in STOPWORDS for w in words) or all(w.isascii() for w in words)
    return sum(w in STOPWORDS for w in words) / len(words) >= 0.12


def _prepare(article: Article, options: SummarizerOptions) -> ArticleAnalysis:
    if not isinstance(article, Article):
        raise TypeError(f"summarize expects an Article, got {type(article).__name__}")
    text = clean_text(article.text or "", options.max_chars)
    if not re.search(r"[^\W\d_]", text):
        raise EmptyArticleError(f"article {article.title[:60]!r} has no text to summarise")
    sentences = split_sentences(text)
    return ArticleAnalysis(
        title=(article.title or "").strip(),
        text=text,
        published=article.published_date,
        sentences=sentences,
        english=looks_english(text),
    )


def _parse(analyses: Sequence[ArticleAnalysis]) -> None:
    """Stage 3 prerequisite: one spaCy pass over every sentence of the batch (`nlp.pipe`)."""
    english = [a for a in analyses if a.english]
    if not english:
        return
    nlp = get_spacy()
    flat = [s for a in english for s in a.sentences]
    docs = list(nlp.pipe(flat, batch_size=128))
    k = 0
    for a in english:
        a.docs = docs[k : k + len(a.sentences)]
        k += len(a.sentences)


def _definite_reference(a: ArticleAnalysis, sent: int, tok: Any) -> str:
    """ "the former president" → the last person whose role has "president"; "the company" → the last ORG."""
    if tok.pos_ != "NOUN" or not any(c.lower_ in {"the", "this"} for c in tok.children):
        return ""
    head = tok.lower_
    best: tuple[tuple[int, int], Entity] | None = None
    for e in a.entities:
        fits = (e.type == "PERSON" and head in e.role.lower().split()) or (
            e.type == "ORG"
            and head in ORG_TITLES
            and (head in e.role.lower().split() or head in {"company", "firm", "group"})  # noqa: E501
        )
        if not fits:
            continue
        for m in e.mentions:
            pos = (m.sent, m.start)
            if pos < (sent, tok.i) and (best is None or pos > best[0]):
                best = (pos, e)
    return best[1].name if best else ""


def _named_in(e: Entity, text: str) -> bool:
    """Whether a quotation names the entity (full name, an alias or the surname): then it is about them."""
    low = text.lower()
    forms = {f for f in e.forms() if len(f) > 2} | ({e.name.split()[-1].lower()} if e.type == "PERSON" else set())
    return any(re.search(rf"\b{re.escape(f)}\b", low) for f in forms)


def _speaker_resolver(a: ArticleAnalysis) -> Any:
    def resolve(sent: int, tok: Any, about: str = "") -> str:
        if tok is None:
            return ""
        e = a.entity_at(sent, tok.i)
        if e is not None and e.type in {"PERSON", "ORG"}:
            return "" if about and _named_in(e, about) else e.name
        if tok.lower_ in {"he", "she"}:
            # "He said" is the person last mentioned, unless the quotation is about that person.
            people = a.people_before(sent, tok.i) or [p for p in [a.nearest_person_before(sent, tok.i)] if p]
            p = next((p for p in people if not (about and _named_in(p, about))), None)
            return p.name if p else ""
        definite = _definite_reference(a, sent, tok)
        if definite:
            return definite
        if tok.pos_ == "NOUN" and tok.lower_ not in {"it", "they"}:
            words = [t for t in tok.subtree if t.i <= tok.i + 6]
            text = a.docs[sent][words[0].i : words[-1].i + 1].text if words else ""
            return text if 1 < len(text.split()) <= 8 else ""
        return ""

    return resolve


def _step_actors(a: ArticleAnalysis, sent: int, names: set[str]) -> tuple[str, ...]:
    out: list[str] = []
    for e in a.entities:
        real = [m for m in e.mentions if m.sent == sent and not m.title_modifier]
        if e.name in names and real and e.name not in out:
            out.append(e.name)
    if not out and a.docs:
        subj = next((t for t in a.docs[sent] if t.dep_ == "nsubj" and t.lower_ in {"he", "she"}), None)
        if subj is not None:
            p = a.nearest_person_before(sent, subj.i)
            if p is not None:
                out.append(p.name)
    return tuple(out[:4])


MAX_STATED_ROLES = 6  # roles kept per actor beside the brief's one: a card lists a few
MAX_ALSO_NAMED = 24  # other people and organisations kept per article for `/who`


def stated_roles(e: Entity, docs: Sequence[Any]) -> tuple[str, ...]:
    """Every role the article states for an entity around any of its mentions, most specific first.

    The brief's `role` reads only the first mentions; a later sentence may add "Foreign Minister" or "chief
    executive of X". Read here from the sentences already parsed, as `roles_stated` reads them (never inside a
    quotation, tidied, at least an open-class description), so nobody parses the story a second time."""
    found: dict[str, tuple[int, int, str]] = {}
    for m in e.mentions:
        if m.title_modifier or m.is_source or mention_in_quote(docs[m.sent], m):
            continue
        for stated in all_roles_of_mention(docs[m.sent], m, e.type):
            level, role = role_strength(stated, e.type), tidy_role(stated, e.type)
            if level >= 2 and role and role.lower() not in found:
                found[role.lower()] = (-level, len(found), role)
    return tuple(role for *_, role in sorted(found.values()))[:MAX_STATED_ROLES]


def _worth_naming(e: Entity, roles: tuple[str, ...]) -> bool:
    """A person or organisation someone may ask `/who` about: a person with a full name or a stated role, an
    organisation with a role (an untitled one-word "person" is often a product or place spaCy mistook)."""
    if is_product(e) or all(m.is_source or m.title_modifier for m in e.mentions):
        return False
    if e.type == "PERSON":
        return bool(e.role or roles) or len(e.name.split()) > 1
    return e.type == "ORG" and bool(e.role or roles)


def _actor(e: Entity, roles: tuple[str, ...] = ()) -> Actor:
    return Actor(
        name=e.name,
        type=cast(ActorType, e.type),  # consolidation keeps only the four actor types
        role=e.role,
        aliases=tuple(e.aliases),
        mentions=len(e.mentions),
        salience=e.salience,
        stated_roles=roles,
    )


def _build(article: Article, a: ArticleAnalysis, summary: list[str], options: SummarizerOptions) -> Brief:
    actors: list[Entity] = []
    steps: list[NextStep] = []
    quotes: list[Quote] = []
    topics: list[str] = []
    also: list[Actor] = []
    if a.english and a.docs:
        # Outlets and writers named only as the story's source ("told CNN", "Jane Roe contributed") are not actors.
        # The outlet that publishes the story narrates it: never a party ("CNN will host", "CNN learned").
        own = publishers(article.text, article.source)
        parties = [e for e in a.entities if not all(m.is_source for m in e.mentions) and not is_publisher(e, own)]
        actors = rank_actors(parties, a.title, set(a.summary_idx), options.max_actors)
        names = {e.name for e in actors} | {e.name for e in a.entities if e.type in {"PERSON", "ORG"}}
        for c in extract_next_steps(a.sentences, a.docs, a.published, options.max_next_steps):
            steps.append(
                NextStep(
                    text=c.text, when=c.when, date=c.date, actors=_step_actors(a, c.sent, names), evidence=c.evidence
                )
            )
        quotes = [
            Quote(q.speaker, q.text, q.evidence) for q in extract_quotes(a.sentences, a.docs, _speaker_resolver(a))
        ]
        topics = extract_topics(a.docs, a.title, options.max_topics)
        keys = {id(e) for e in actors}
        others = ((e, stated_roles(e, a.docs)) for e in parties if id(e) not in keys and e.type in {"PERSON", "ORG"})
        also = [_actor(e, roles) for e, roles in others if _worth_naming(e, roles)][:MAX_ALSO_NAMED]
    return Brief(
        title=article.title,
        summary=" ".join(summary),
        summary_sentences=tuple(summary),
        actors=tuple(_actor(e, stated_roles(e, a.docs)) for e in actors),
        also_named=tuple(also),
        next_steps=tuple(steps),
        quotes=tuple(quotes),
        topics=tuple(topics),
        url=article.url,
        source=article.source,
        published=article.published_date,
        summary_source=options.backend,
        sentences=tuple(a.sentences),
    )


def prepare_summary_inputs(articles: Sequence[Article], options: SummarizerOptions) -> list[ArticleAnalysis]:
    """Stages 1-2, the spaCy pass and the summary candidates: all a sentence scorer sees (and is trained on)."""
    analyses = [_prepare(art, options) for art in articles]
    _parse(analyses)
    for a in analyses:
        if a.english:
            a.candidates = candidate_indices(a.sentences, a.docs, options.summary_candidates)
    return analyses


def summarize_many(articles: Iterable[Article], options: SummarizerOptions | None = None) -> list[Brief]:
    """Briefs for a burst of articles, sharing one spaCy pass and one embedding call.

    Raises `EmptyArticleError` (before any model work) if an article has no text.
    """
    opts = options or default_options()
    arts = list(articles)
    analyses = prepare_summary_inputs(arts, opts)
    for a in analyses:
        if a.english:
            a.mentions = extract_mentions(a.docs)
            a.entities = consolidate(a.mentions)
            type_people_by_reference(a.entities, a.docs)
            assign_roles(a.entities, a.docs)
            resolve_descriptions(a.entities, a.docs)
            assign_particulars(a.entities, a.docs)
    summaries = _summaries(analyses, opts)
    briefs = [_build(art, a, s, opts) for art, a, s in zip(arts, analyses, summaries, strict=True)]
    return opts.writer.rewrite(arts, briefs) if opts.writer else briefs


def _summaries(analyses: list[ArticleAnalysis], opts: SummarizerOptions) -> list[list[str]]:
    english = [a for a in analyses if a.english]
    by_id: dict[int, list[str]] = {}
    if english:
        for a, s in zip(english, get_backend(opts.backend).summarize(english, opts), strict=True):
            by_id[id(a)] = s
    out = []
    for a in analyses:
        if a.english:
            out.append(by_id[id(a)])
        else:
            a.summary_idx = list(range(min(opts.max_sentences, len(a.sentences))))
            out.append(fit_to_budget([a.sentences[i] for i in a.summary_idx], opts.max_words))
    return out


def summarize(article: Article, options: SummarizerOptions | None = None) -> Brief:
    """The brief of one article (see the module docstring for the stages and the failure policy)."""
    return summarize_many([article], options)[0]
