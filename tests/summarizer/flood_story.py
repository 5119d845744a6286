"""One short story and the facts the extractive stages take from it, for the grounding and writer tests."""

from __future__ import annotations

from summarizer.models import Actor, Article, Brief, Quote

TEXT = (
    "Maria Lopez, the mayor of Springfield, said on Tuesday that the city will spend $4.5 million on flood "
    "defences along the Riverside district. The river flooded 1,200 homes in March, and five people died. "
    '"We cannot wait for another storm," Lopez told reporters. '
    "The city council will vote on the plan next week, according to council leader Tom Baker. "
    "Critics say the money should go to relocating families instead."
)
ARTICLE = Article(title="Springfield to spend $4.5m on flood defences", text=TEXT, source="Example News")
EXTRACTIVE = [
    "Maria Lopez, the mayor of Springfield, said on Tuesday that the city will spend $4.5 million on flood "
    "defences along the Riverside district.",
    "The river flooded 1,200 homes in March, and five people died.",
]
BRIEF = Brief(
    title=ARTICLE.title,
    summary=" ".join(EXTRACTIVE),
    summary_sentences=tuple(EXTRACTIVE),
    actors=(
        Actor("Maria Lopez", "PERSON", role="mayor of Springfield", aliases=("Lopez",), mentions=2),
        Actor("Tom Baker", "PERSON", role="council leader"),
        Actor("Springfield", "GPE"),
    ),
    quotes=(Quote("Maria Lopez", "We cannot wait for another storm,"),),
    source=ARTICLE.source,
)
GROUNDED = (
    "Springfield mayor Maria Lopez said the city will spend $4.5m on flood defences after the river flooded "
    "1,200 homes in March. The council will vote on the plan next week."
)
