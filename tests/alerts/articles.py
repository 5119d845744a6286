"""Hand-written articles for the alert tests: one event told by three outlets, and look-alikes that are not it."""

from __future__ import annotations

from datetime import UTC, datetime

from summarizer import Actor, Article, Brief, NextStep

T0 = datetime(2025, 2, 12, 15, 0, tzinfo=UTC)

CALL_REUTERS = Article(
    title="Trump says Putin agreed to start talks on ending the war in Ukraine",
    source="Reuters",
    published=T0,
    url="https://example.org/reuters/trump-putin",
    text=(
        "US President Donald Trump said on Wednesday he had a long phone call with Russian President "
        "Vladimir Putin and that the two agreed to begin negotiations immediately on ending the war in Ukraine. "
        "Trump said he would inform Ukrainian President Volodymyr Zelenskiy about the conversation. "
        "Secretary of State Marco Rubio and envoy Steve Witkoff will lead the US team, the White House said. "
        "The Kremlin confirmed the call lasted about an hour and a half. "
        "Trump said the leaders could meet in Saudi Arabia, without giving a date."
    ),
)
CALL_AP = Article(
    title="Trump and Putin hold lengthy call, agree to begin Ukraine peace negotiations",
    source="AP",
    published=T0.replace(hour=16),
    url="https://example.org/ap/trump-putin-call",
    text=(
        "President Donald Trump and Russian leader Vladimir Putin spoke by phone for some 90 minutes on "
        "Wednesday and agreed that their teams would start negotiations to end the fighting in Ukraine. "
        "Trump posted on social media that he and Putin both wanted to stop the millions of deaths in the war. "
        "He said he would call Ukrainian President Volodymyr Zelenskyy next. "
        "Steve Witkoff, the special envoy, and Marco Rubio are expected to take part in the talks. "
        "A first meeting between the two presidents could take place in Saudi Arabia."
    ),
)
CALL_BBC = Article(
    title="Ukraine war: Trump announces negotiations after phone call with Putin",
    source="BBC News",
    published=T0.replace(hour=17),
    url="https://example.org/bbc/ukraine-trump-putin",
    text=(
        "Donald Trump has announced that he and Vladimir Putin have agreed to start negotiations to end the "
        "war in Ukraine, after what he described as a lengthy and highly productive phone call. "
        "The US president said he would brief Volodymyr Zelensky on the conversation. "
        "The Kremlin said Putin had invited Trump to Moscow. "
        "Envoy Steve Witkoff and Marco Rubio will head the American delegation to the talks. "
        "Trump suggested a summit could be held in Saudi Arabia."
    ),
)
# Same actors, different event: must stay a separate story.
MUNICH = Article(
    title="Zelensky and Vance meet in Munich to discuss security guarantees for Ukraine",
    source="Reuters",
    published=T0.replace(day=14),
    url="https://example.org/reuters/munich",
    text=(
        "Ukrainian President Volodymyr Zelensky met US Vice President JD Vance on the sidelines of the Munich "
        "Security Conference on Friday. "
        "Zelensky said Ukraine needed firm security guarantees before any ceasefire with Russia. "
        "Vance said Washington wanted a durable peace and pressed European allies to spend more on defence. "
        "European leaders will hold an emergency meeting in Paris next week."
    ),
)
RATE_CUT = Article(
    title="Czech National Bank cuts its main interest rate to 3.75%",
    source="CTK",
    published=T0.replace(day=6),
    text=(
        "The Czech National Bank cut its main two-week repo rate by a quarter point to 3.75% on Thursday. "
        "Governor Ales Michl said inflation was close to the target. "
        "The board will next meet in March to decide on rates."
    ),
)
CHIPS = Article(
    title="EU lawmakers back tighter export rules for advanced AI chips",
    source="Euractiv",
    published=T0.replace(day=4),
    text=(
        "The European Parliament voted on Tuesday to tighten controls on exports of advanced semiconductors "
        "used to train artificial intelligence models. "
        "The European Union wants member states to license sales of high-end chips to China. "
        "The European Commission will propose the detailed licensing rules in April."
    ),
)
FOOTBALL = Article(
    title="Hanseatic FC sign striker Mensah ahead of Ukraine friendly",
    source="Kicker",
    published=T0.replace(day=13),
    text=(
        "Hanseatic FC signed striker Kwame Mensah on a three-year contract on Thursday. "
        "The club plays a charity friendly for Ukraine next month, and the sport director said talks "
        "with two more players were going on."
    ),
)

ACTORS = {
    "Donald Trump": Actor("Donald Trump", "PERSON", "US president", aliases=("Trump", "President Trump")),
    "Vladimir Putin": Actor("Vladimir Putin", "PERSON", "Russian president", aliases=("Putin",)),
    "Volodymyr Zelensky": Actor("Volodymyr Zelensky", "PERSON", "Ukrainian president", aliases=("Zelensky",)),
    "Steve Witkoff": Actor("Steve Witkoff", "PERSON", "US special envoy", aliases=("Witkoff",)),
    "Marco Rubio": Actor("Marco Rubio", "PERSON", "secretary of state", aliases=("Rubio",)),
    "JD Vance": Actor("JD Vance", "PERSON", "US vice president", aliases=("Vance",)),
    "Ales Michl": Actor("Ales Michl", "PERSON", "CNB governor", aliases=("Michl",)),
    "Czech National Bank": Actor("Czech National Bank", "ORG", "central bank", aliases=("CNB",)),
    "European Union": Actor("European Union", "ORG", "", aliases=("EU",)),
    "Hanseatic FC": Actor("Hanseatic FC", "ORG", "football club"),
    "Kwame Mensah": Actor("Kwame Mensah", "PERSON", "striker", aliases=("Mensah",)),
}
CAST = {
    CALL_REUTERS.title: ("Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Marco Rubio", "Steve Witkoff"),
    CALL_AP.title: ("Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Steve Witkoff", "Marco Rubio"),
    CALL_BBC.title: ("Donald Trump", "Vladimir Putin", "Volodymyr Zelensky", "Steve Witkoff", "Marco Rubio"),
    MUNICH.title: ("Volodymyr Zelensky", "JD Vance"),
    RATE_CUT.title: ("Czech National Bank", "Ales Michl"),
    CHIPS.title: ("European Union",),
    FOOTBALL.title: ("Hanseatic FC", "Kwame Mensah"),
}


def brief_of(article: Article, actors: tuple[str, ...] | None = None, *, entity_aliases: bool = True) -> Brief:
    """A brief like the summariser's: the first two sentences, the cast, a next step from the last sentence."""
    sentences = tuple(s.strip() + "." for s in article.text.split(". ") if s.strip())
    sentences = tuple(s[:-1] if s.endswith("..") else s for s in sentences)
    cast = actors if actors is not None else CAST.get(article.title, ())
    chosen = tuple(ACTORS[name] for name in cast)
    if not entity_aliases:
        chosen = tuple(Actor(a.name, a.type, a.role) for a in chosen)
    return Brief(
        title=article.title,
        summary=" ".join(sentences[:2]),
        summary_sentences=sentences[:2],
        actors=chosen,
        next_steps=(NextStep(sentences[-1]),),
        url=article.url,
        source=article.source,
        published=article.published.date() if isinstance(article.published, datetime) else None,
        sentences=sentences,
    )
