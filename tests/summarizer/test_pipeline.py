"""End-to-end behaviour at the edges: tiny, huge, garbage, foreign and empty articles; batches."""

from __future__ import annotations

import json
import time

import pytest

from summarizer import Article, SummarizerOptions, summarize, summarize_many
from summarizer.errors import EmptyArticleError, SummarizerError
from tests.summarizer.helpers import DATA, brief_of


def _sample() -> list[dict]:
    return [json.loads(line) for line in (DATA / "sample_news.jsonl").read_text().splitlines() if line.strip()]


def test_a_one_sentence_article_is_its_own_summary():
    text = "The European Central Bank raised interest rates by a quarter point to 4% on Thursday."
    b = brief_of(text)
    assert b.summary_sentences == (text,)
    assert b.sentences == b.summary_sentences
    assert any(a.name == "The European Central Bank" or a.name == "European Central Bank" for a in b.actors)


def test_a_20000_word_article_is_capped_and_takes_bounded_time():
    paragraph = " ".join(r["text"] for r in _sample()[:5])
    text = "\n".join([paragraph] * (20_000 // len(paragraph.split()) + 1))
    assert len(text.split()) >= 20_000
    start = time.perf_counter()
    b = brief_of(text, "A very long article")
    assert time.perf_counter() - start < 15
    assert len(" ".join(b.sentences)) <= SummarizerOptions().max_chars
    assert 2 <= len(b.summary_sentences) <= 3 and len(b.summary.split()) <= 75


def test_non_english_text_gets_a_plain_brief_without_invented_actors():
    b = brief_of(
        "Le gouvernement a annoncé mardi une hausse des prix de l'énergie. "
        "Les syndicats ont appelé à la grève pour la semaine prochaine. "
        "La ministre a déclaré que la mesure était nécessaire."
    )
    assert b.summary_sentences and b.summary.startswith("Le gouvernement")
    assert b.actors == () and b.next_steps == () and b.quotes == ()


def test_garbage_input_does_not_crash():
    b = brief_of("@@@ ### lorem ipsum 12345 ;;; %%% zzzz qqqq xxxx !!!! ~~~~")
    assert isinstance(b.summary, str)
    assert b.actors == ()


@pytest.mark.parametrize("text", ["", "   \n\t ", "12345 --- !!!"])
def test_empty_text_raises_a_summarizer_error_with_a_clear_message(text):
    with pytest.raises(EmptyArticleError, match="no text to summarise"):
        summarize(Article(title="Empty", text=text))
    assert issubclass(EmptyArticleError, SummarizerError)


def test_summarize_many_matches_summarize_one_by_one():
    rows = _sample()[:4]
    arts = [Article(title=r["title"], text=r["text"]) for r in rows]
    many = summarize_many(arts)
    assert [b.summary for b in many] == [summarize(a).summary for a in arts]
    assert [b.title for b in many] == [r["title"] for r in rows]


def test_unknown_backend_is_a_summarizer_error():
    with pytest.raises(SummarizerError, match="unknown summary backend"):
        summarize(Article(title="t", text="The council met on Monday."), SummarizerOptions(backend="nope"))  # type: ignore[arg-type]


def test_every_sample_article_gets_a_sound_summary():
    for r in _sample():
        b = summarize(Article(title=r["title"], text=r["text"]))
        assert 1 <= len(b.summary_sentences) <= 3, r["id"]
        assert len(b.summary.split()) <= 75, r["id"]
        assert all(not s.endswith("?") for s in b.summary_sentences)


STATED_STORY = (
    "Orlan's chief executive, Peter Vale, said profits slipped in the first quarter. "
    "Mr Vale is to become chairman and chief executive of Orlan in April, the company said. "
    '"Vale is the best salesman we could have," one investor said.'
)


def test_every_role_the_story_states_is_kept_beside_the_brief_role_but_never_a_quoted_one():
    vale = next(a for a in brief_of(STATED_STORY, "Orlan shake-up").actors if a.name == "Peter Vale")
    assert "chief executive" in vale.role
    assert "chairman and chief executive of Orlan" in vale.stated_roles
    assert not any("salesman" in r for r in vale.stated_roles)


CROWDED_STORY = (
    "Harbour workers in Pellmouth walked out on Monday over pay. "
    "Union leader Tessa Brook said the strike would last a week. "
    "Port director Omar Vance said the port would stay open. "
    "Mayor Lina Ford urged both sides to talk. "
    "Talks were also backed by Rufus Kell, the chairman of the Pellmouth Pilots Guild."
)


def test_people_named_beside_the_key_actors_come_with_their_roles_but_stay_out_of_the_actors():
    brief = summarize(Article(title="Harbour strike", text=CROWDED_STORY), SummarizerOptions(max_actors=2))
    assert len(brief.actors) == 2
    also = {a.name: a for a in brief.also_named}
    assert not also.keys() & {a.name for a in brief.actors}
    kell = also["Rufus Kell"]
    assert kell.type == "PERSON" and "chairman of the Pellmouth Pilots Guild" in (kell.role, *kell.stated_roles)


def test_a_brief_without_people_beyond_its_actors_names_no_one_else():
    assert brief_of("The central bank raised interest rates by a quarter point on Thursday.").also_named == ()
