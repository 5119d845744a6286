"""Realistic generated news articles for benchmarks: varied people, organisations, places and dates."""

from __future__ import annotations

import random
from datetime import date, timedelta

FIRST = [
    "Anna",
    "Mark",
    "Sofia",
    "Kwame",
    "Lena",
    "Rahul",
    "Maria",
    "Tomasz",
    "Aisha",
    "Jonas",
    "Elena",
    "David",
    "Chen",
    "Fatima",
    "Oliver",
    "Ines",
    "Yusuf",
    "Clara",
    "Mateo",
    "Hana",
]
LAST = [
    "Keller",
    "Okafor",
    "Nowak",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Rossi",
    "Mensah",
    "Petrov",
    "Silva",
    "Brandt",
    "Kowalczyk",
    "Duarte",
    "Nakamura",
    "Osei",
    "Varga",
    "Ibrahim",
    "Fischer",
    "Laine",
]
ORGS = [
    "the European Commission",
    "Nordbank",
    "the Ministry of Finance",
    "Helix Semiconductors",
    "the Supreme Court",
    "the Port Authority",
    "Greenline Energy",
    "the World Health Organization",
    "Atlas Airlines",
    "the city council",
]
ROLES = [
    "finance minister",
    "chief executive",
    "spokesperson",
    "central bank governor",
    "mayor",
    "chief economist",
    "union leader",
    "health commissioner",
    "chief justice",
    "trade representative",
]
PLACES = ["Brussels", "Lisbon", "Warsaw", "Nairobi", "Osaka", "Rotterdam", "Lyon", "Accra", "Helsinki", "Porto"]
TOPICS = [
    ("a new trade agreement", "talks"),
    ("interest rates", "a rate decision"),
    ("a port strike", "negotiations"),
    ("chip export controls", "a vote"),
    ("a merger", "a shareholder vote"),
    ("a vaccine programme", "a review"),
    ("a budget deficit", "a parliamentary vote"),
    ("airline safety", "a hearing"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def article(rng: random.Random, n: int, words: int = 600) -> dict[str, str]:
    """One article of about `words` words, as the JSON ingest shape."""
    a, b, c = person(rng), person(rng), person(rng)
    org, org2 = rng.sample(ORGS, 2)
    role_a, role_b = rng.sample(ROLES, 2)
    place = rng.choice(PLACES)
    topic, event = rng.choice(TOPICS)
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
    title = f"{org.removeprefix('the ').capitalize()} faces pressure over {topic} in {place}"
    paras = [
        f"{role_a.capitalize()} {a} said on {rng.choice(WEEKDAYS)} that {org} would push ahead with plans on {topic}, "
        f"despite objections from {org2} and several member states.",
        f'Speaking in {place}, {a} told reporters: "We have listened carefully, and we are ready to move forward."',
        f"{b}, the {role_b} of {org2}, warned that the plan could cost thousands of jobs and said her team would "
        f"study the proposal in detail before {event}.",
        f"{event.capitalize()} is scheduled for {rng.choice(WEEKDAYS)} next week, and officials expect a final "
        f"decision by the end of the month.",
        f"Analysts at {rng.choice(ORGS)} said the outcome remained uncertain. {c}, an independent economist, said "
        f"markets had already priced in a compromise.",
    ]
    filler = (
        f"The debate over {topic} has dominated politics in {place} for months, with protests outside the offices "
        f"of {org} and long negotiations between officials. Supporters argue the measures are overdue, while "
        f"critics say they were drafted in a hurry and without proper consultation. "
    )
    text = "\n\n".join(paras)
    while len(text.split()) < words:
        text += "\n\n" + filler
    return {
        "title": f"{title} ({n})",
        "text": text,
        "url": f"https://news.example/{n}",
        "source": "Bench Wire",
        "published": day.isoformat(),
    }
