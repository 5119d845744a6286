"""Summary backends behind one interface: `extractive` (default, offline) and `abstractive` (seq2seq).

A backend writes the summary only. Actors, next steps and quotes always come from the extractive stages, so
they stay grounded in the article text whichever backend writes the summary.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from summarizer.analysis import ArticleAnalysis
from summarizer.errors import BackendError
from summarizer.nlp_models import embed_texts, get_seq2seq, set_torch_threads
from summarizer.options import SummarizerOptions
from summarizer.sentences import split_sentences
from summarizer.summary import fit_to_budget, score_candidates, select_sentences

logger = logging.getLogger(__name__)


class SummaryBackend(Protocol):
    name: str

    def summarize(self, analyses: Sequence[ArticleAnalysis], options: SummarizerOptions) -> list[list[str]]:
        """One list of summary sentences per article."""
        ...


def embed(texts: list[str], options: SummarizerOptions) -> np.ndarray:
    """L2-normalised MiniLM embeddings, one row per text."""
    return embed_texts(texts, options.torch_threads)


CandidateVectors = tuple[np.ndarray | None, np.ndarray | None]


def embed_candidates(analyses: Sequence[ArticleAnalysis], options: SummarizerOptions) -> list[CandidateVectors]:
    """MiniLM vectors of each article's candidate sentences and of its title, in one embedding call.

    Articles with no more candidates than summary sentences get `(None, None)`: there is nothing to rank.
    """
    texts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    for a in analyses:
        start = len(texts)
        if options.use_embeddings and len(a.candidates) > options.max_sentences:
            texts.extend(a.sentences[i] for i in a.candidates)
            has_title = bool(a.title.strip())
            if has_title:
                texts.append(a.title)
            spans.append((start, len(a.candidates), int(has_title)))
        else:
            spans.append((start, 0, 0))
    vecs = embed(texts, options) if texts else None
    out: list[CandidateVectors] = []
    for start, n, titled in spans:
        emb = vecs[start : start + n] if (vecs is not None and n) else None
        title_emb = vecs[start + n] if (vecs is not None and n and titled) else None
        out.append((emb, title_emb))
    return out


class ExtractiveBackend:
    """The learned sentence scorer under the summary's hard constraints (see `summary.py`)."""

    name = "extractive"

    def summarize(self, analyses: Sequence[ArticleAnalysis], options: SummarizerOptions) -> list[list[str]]:
        out: list[list[str]] = []
        for a, (emb, title_emb) in zip(analyses, embed_candidates(analyses, options), strict=True):
            scores = score_candidates(a.sentences, a.docs, a.candidates, emb, title_emb, a.title)
            a.summary_idx = select_sentences(a.sentences, a.candidates, scores.tolist(), emb, options)
            out.append(fit_to_budget([a.sentences[i] for i in a.summary_idx], options.max_words))
        return out


class AbstractiveBackend:
    """A seq2seq model (`AutoModelForSeq2SeqLM.generate`) from a local directory or hub id."""

    name = "abstractive"

    def summarize(self, analyses: Sequence[ArticleAnalysis], options: SummarizerOptions) -> list[list[str]]:
        if not options.abstractive_model:
            raise BackendError("the abstractive backend needs SummarizerOptions.abstractive_model (a local dir)")
        set_torch_threads(options.torch_threads)
        tok, model = get_seq2seq(options.abstractive_model)
        import torch

        sources = [a.text for a in analyses]
        try:
            batch = tok(
                sources, return_tensors="pt", truncation=True, max_length=options.max_input_tokens, padding=True
            )
            batch.pop("token_type_ids", None)
            with torch.inference_mode():
                ids = model.generate(
                    **batch,
                    num_beams=options.num_beams,
                    max_new_tokens=options.max_new_tokens,
                    early_stopping=options.num_beams > 1,
                )
            decoded = tok.batch_decode(ids, skip_special_tokens=True)
        except Exception as exc:
            raise BackendError(f"abstractive generation failed: {exc}") from exc
        out = []
        for a, text in zip(analyses, decoded, strict=True):
            sents = split_sentences(" ".join(text.split()))[: options.max_sentences]
            sents = fit_to_budget(sents, options.max_words) if sents else []
            if not sents:  # an empty generation must not give an empty brief
                sents = fit_to_budget(a.sentences[: options.max_sentences], options.max_words)
            out.append(sents)
        return out


def get_backend(name: str) -> SummaryBackend:
    if name == "extractive":
        return ExtractiveBackend()
    if name == "abstractive":
        return AbstractiveBackend()
    raise BackendError(f"unknown summary backend {name!r} (use 'extractive' or 'abstractive')")
