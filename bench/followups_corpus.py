"""Generated news for the follow-ups benchmark: templated articles with varied people, organisations,
places and dates, and the `/who` and `/ask` questions a reader would type about them.

Deterministic for a seed. People follow a Zipf-like popularity, as in real news (a few names in thousands
of articles, most in a handful); some people share a surname, some change roles over time.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

FIRST = (
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra Steven "
    "Ashley Paul Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa Edward "
    "Deborah Ronald Stephanie Timothy Rebecca Jason Laura Jeffrey Helen Ryan Sharon Jacob Cynthia Gary Kathleen "
    "Nicholas Amy Eric Shirley Jonathan Angela Stephen Anna Larry Ruth Justin Brenda Scott Pamela Brandon Nicole "
    "Olga Dmitry Sergei Anastasia Volodymyr Oksana Yulia Andriy Ahmed Fatima Omar Layla Hiroshi Yuki Wei Mei Raj "
    "Priya Arjun Ananya Carlos Lucia Diego Sofia Mateo Valentina Pierre Claire Hans Greta Lars Ingrid Kwame Amara"
).split()
SURNAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
    "Campbell Mitchell Carter Roberts Petrov Ivanov Sokolov Kuznetsov Popov Volkov Shevchenko Kovalenko Bondarenko "
    "Tkachenko Melnyk Haddad Nasser Khalil Mansour Tanaka Suzuki Watanabe Yamamoto Chen Wang Zhang Liu Patel Sharma "
    "Gupta Singh Kumar Silva Santos Oliveira Costa Pereira Dubois Moreau Laurent Muller Schmidt Schneider Fischer "
    "Weber Larsen Hansen Nielsen Mensah Owusu Okafor Adeyemi Witkowski Novak Horvat Kowalski Varga Rossi Russo "
    "Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Deluca Mancini Costa Giordano"
).split()
ROLES = (
    "Foreign Minister",
    "Defence Minister",
    "Finance Minister",
    "Prime Minister",
    "President",
    "central bank governor",
    "Special Envoy to the Middle East",
    "Kremlin spokesperson",
    "Secretary of State",
    "National Security Advisor",
    "chief executive of {org}",
    "chair of {org}",
    "spokesperson for {org}",
    "opposition leader",
    "Health Minister",
    "mayor of {place}",
    "governor of {place}",
    "UN Secretary-General",
    "European Commissioner for Trade",
    "Energy Minister",
    "Interior Minister",
    "army chief of staff",
    "trade union leader",
    "Supreme Court justice",
)
ORGS = (
    "NATO",
    "the European Union",
    "the United Nations",
    "the IMF",
    "the World Bank",
    "OPEC",
    "the WHO",
    "Northwind Energy",
    "Atlas Motors",
    "Helix Pharma",
    "Crescent Bank",
    "Orbital Systems",
    "Bluewater Shipping",
    "the Central Bank",
    "the Senate",
    "the Parliament",
    "the Supreme Court",
    "the Labour Union",
    "Greenfield Foods",
    "Meridian Airlines",
    "Polar Mining",
    "Quantum Networks",
    "Summit Telecom",
    "Harbor Logistics",
)
PLACES = (
    "Kyiv",
    "Moscow",
    "Washington",
    "Brussels",
    "Geneva",
    "Riyadh",
    "Istanbul",
    "Berlin",
    "Paris",
    "London",
    "Warsaw",
    "Tokyo",
    "Beijing",
    "New Delhi",
    "Brasilia",
    "Nairobi",
    "Lagos",
    "Cairo",
    "Doha",
    "Vienna",
    "Munich",
    "Madrid",
    "Rome",
    "Ottawa",
    "Canberra",
    "Seoul",
    "Jakarta",
    "Mexico City",
    "Buenos Aires",
    "Oslo",
)
TOPICS = {
    "talks": ("ceasefire", "peace talks", "prisoner exchange", "border dispute", "sanctions", "security guarantees"),
    "economy": ("interest rates", "inflation", "the budget", "trade tariffs", "unemployment", "the bond market"),
    "business": ("the merger", "layoffs", "quarterly profits", "the share buyback", "the new factory", "the strike"),
    "health": ("the vaccine rollout", "hospital waiting lists", "the outbreak", "drug prices", "the health reform"),
    "climate": ("emissions targets", "the heatwave", "flood defences", "the energy transition", "the coal phase-out"),
}
TEMPLATES = {
    "talks": (
        "{A} met {B} in {place} on {day} to discuss {topic}.",
        "{A_s} said the two sides had made progress on {topic} but that gaps remained.",
        "Officials from {org} will join the next round of talks in {place2} {when}.",
        "{B_s} warned that any deal on {topic} must respect existing agreements.",
        "The talks on {topic} follow weeks of pressure from {org}.",
        "Analysts said a breakthrough on {topic} was unlikely before {month}.",
    ),
    "economy": (
        "{A} announced new measures on {topic} in {place} on {day}.",
        "{A_s} said {topic} would remain the government's priority this year.",
        "{org} expects growth of {pct} percent, down from an earlier forecast.",
        "{B_s} criticised the plan, saying it would hurt households.",
        "Markets reacted calmly, with the currency little changed after the announcement on {topic}.",
        "Parliament will vote on the measures {when}.",
    ),
    "business": (
        "{org} said on {day} that {A}, its {roleA}, would lead the review of {topic}.",
        "{A_s} told investors that {topic} would save {num} million dollars a year.",
        "Shares of {org} fell {pct} percent in early trading.",
        "{B_s} said workers had not been consulted about {topic}.",
        "Regulators in {place} are examining {topic} and expect to decide {when}.",
        "The company employs about {num} thousand people worldwide.",
    ),
    "health": (
        "{A} presented a plan on {topic} in {place} on {day}.",
        "{A_s} said {topic} would be funded with {num} million dollars.",
        "Doctors' groups and {org} welcomed the announcement but asked for more staff.",
        "{B_s} said the plan on {topic} came too late for many patients.",
        "The ministry will publish new figures {when}.",
    ),
    "climate": (
        "{A} unveiled new rules on {topic} in {place} on {day}.",
        "{A_s} said the country would cut emissions by {pct} percent by 2035.",
        "{org} called the rules on {topic} a step in the right direction.",
        "{B_s} said the cost of {topic} would fall on rural communities.",
        "A final decision is expected {when}.",
    ),
}
QUOTES = (
    "We will not accept any agreement that ignores our security",
    "This is a serious step forward and we expect results soon",
    "The numbers speak for themselves",
    "Nobody should doubt our commitment to {topic}",
    "We need more time to study the proposal on {topic}",
    "It is unrealistic to expect a quick solution",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WHENS = ("next week", "on Friday", "later this month", "in the spring", "by the end of the year", "next month")
MONTHS = ("March", "April", "June", "September", "October", "December")
GENERIC = {
    "A": "the official",
    "B": "the critic",
    "A_s": "the official",
    "B_s": "the critic",
    "org": "the organisation",
    "place": "the capital",
    "place2": "the city",
    "topic": "the issue",
    "roleA": "chief",
}


@dataclass(frozen=True)
class Person:
    id: int
    first: str
    surname: str
    roles: tuple[str, ...]  # a person may change role over time: later articles use later roles

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass
class GenArticle:
    id: int
    title: str
    published: datetime
    sentences: list[str]
    templates: list[int]  # template index per sentence (for the cached embeddings)
    people: list[tuple[Person, str, int]]  # person, role in this article, mentions
    quotes: list[tuple[Person, str, int]] = field(default_factory=list)  # speaker, quote text, sentence position
    topic: str = ""


def all_templates() -> list[str]:
    """Every sentence template (the cached embeddings are computed on these, with generic fillers)."""
    out = [t for family in TEMPLATES.values() for t in family]
    out += ['"' + q + '," {A_s} said.' for q in QUOTES]
    return out


class Generator:
    def __init__(self, people: int = 20_000, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        pairs = {(f, s) for f in FIRST for s in SURNAMES}
        chosen = self.rng.sample(sorted(pairs), min(people, len(pairs)))
        self.people = []
        for i, (first, surname) in enumerate(chosen):
            count = 1 if self.rng.random() < 0.8 else 2
            roles = tuple(self._role() for _ in range(count))
            self.people.append(Person(i + 1, first, surname, roles))
        # Zipf-like popularity: weight 1/rank^1.1
        self.cum_weights = list(itertools.accumulate(1.0 / (rank**1.1) for rank in range(1, len(self.people) + 1)))
        self.templates = all_templates()
        self.template_index = {t: i for i, t in enumerate(self.templates)}
        self.start = datetime(2023, 1, 1, 8, tzinfo=UTC)

    def _role(self) -> str:
        return self.rng.choice(ROLES).format(org=self.rng.choice(ORGS), place=self.rng.choice(PLACES))

    def article(self, article_id: int) -> GenArticle:
        rng = self.rng
        family = rng.choice(list(TEMPLATES))
        topic = rng.choice(TOPICS[family])
        people = []
        while len(people) < rng.randint(3, 5):
            p = (
                rng.choices(self.people, cum_weights=self.cum_weights, k=1)[0]
                if rng.random() < 0.7
                else rng.choice(self.people)
            )
            if p not in people:
                people.append(p)
        published = self.start + timedelta(days=rng.random() * 730)
        progress = (published - self.start).days / 730
        roles = {p.id: p.roles[min(int(progress * len(p.roles)), len(p.roles) - 1)] for p in people}
        mentions = {p.id: 0 for p in people}
        org, place = rng.choice(ORGS), rng.choice(PLACES)
        sentences, templates, quotes = [], [], []
        lead = people[0]
        title = f"{lead.name} {rng.choice(('pushes', 'defends', 'questions', 'unveils plan on'))} {topic} in {place}"
        family_templates = list(TEMPLATES[family])
        for _round in range(rng.randint(2, 3)):
            rng.shuffle(family_templates)
            for template in family_templates[: rng.randint(4, 6)]:
                a, b = rng.sample(people, 2)
                first_a = mentions[a.id] == 0
                values = {
                    "A": f"{roles[a.id]} {a.name}" if first_a else a.name,
                    "B": b.name,
                    "A_s": a.surname if not first_a else a.name,
                    "B_s": b.surname if mentions[b.id] else b.name,
                    "org": org,
                    "place": place,
                    "place2": rng.choice(PLACES),
                    "topic": topic,
                    "day": rng.choice(DAYS),
                    "when": rng.choice(WHENS),
                    "month": rng.choice(MONTHS),
                    "pct": rng.randint(1, 40),
                    "num": rng.randint(2, 900),
                    "roleA": roles[a.id],
                }
                for key, person in (("A", a), ("A_s", a), ("B", b), ("B_s", b)):
                    if "{" + key + "}" in template:
                        mentions[person.id] += 1
                sentence = template.format(**values)
                sentences.append(sentence[0].upper() + sentence[1:])
                templates.append(self.template_index[template])
            speaker = rng.choice(people)
            said = rng.choice(QUOTES)
            quote = said.format(topic=topic)
            template = '"' + said + '," {A_s} said.'
            sentences.append(f'"{quote}," {speaker.surname if mentions[speaker.id] else speaker.name} said.')
            templates.append(self.template_index.get(template, 0))
            mentions[speaker.id] += 1
            quotes.append((speaker, quote, len(sentences) - 1))
        return GenArticle(
            id=article_id,
            title=title,
            published=published,
            sentences=sentences,
            templates=templates,
            people=[(p, roles[p.id], max(mentions[p.id], 1)) for p in people],
            quotes=quotes,
            topic=topic,
        )


def who_queries(gen: Generator, seen: list[Person], n: int, seed: int = 11) -> list[str]:
    """What readers type: surnames, full names with titles or possessives, typos, and unknown names."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        p = rng.choice(seen)
        kind = rng.random()
        if kind < 0.35:
            out.append(f"is {p.surname}")
        elif kind < 0.6:
            out.append(rng.choice((f"is {p.name}", f"{p.name.lower()}", f"is the {p.name}", f"{p.name}'s")))
        elif kind < 0.7:
            out.append(f"is President {p.name}")
        elif kind < 0.85:
            s = p.surname
            i = rng.randrange(1, len(s) - 1)
            out.append(f"is {p.first} {s[:i] + s[i + 1 :]}")  # one letter dropped
        else:
            out.append(f"is {rng.choice(('Zorblatt', 'Quenby', 'Farrowmere', 'Ostrakov', 'Villaneuve'))}")
    return out


def ask_queries(gen: Generator, articles: list[GenArticle], n: int, seed: int = 13) -> list[str]:
    """Questions about stored stories (most answerable, some not)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a = rng.choice(articles)
        p = rng.choice(a.people)[0]
        kind = rng.random()
        if kind < 0.3:
            out.append(f"What did {p.surname} say about {a.topic}?")
        elif kind < 0.5:
            out.append(f"What did {p.name} say about {a.topic}?")
        elif kind < 0.65:
            out.append(f"When will the next round of talks on {a.topic} take place?")
        elif kind < 0.8:
            out.append(f"Who is leading the review of {a.topic}?")
        elif kind < 0.9:
            out.append(f"How much will {a.topic} cost?")
        else:
            out.append(
                rng.choice(
                    (
                        "What did the astronaut say about the moon landing?",
                        "Who won the chess olympiad?",
                        "When does the film festival open?",
                        "What is the price of bitcoin today?",
                    )
                )
            )
    return out
