"""`/who` through the router over the seeded store (the real summariser), and `newsbrief who` in the console."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.cli import cmd_query
from bot.messages import Command
from bot.store.tables import BriefRow
from summarizer.models import Actor, Brief
from tests.knowledge.support import make_brief, person
from tests.stored_briefs import store_briefed_article

SEED_TITLE = "Trump says Putin agreed to start immediate negotiations to end the Ukraine war"


async def who(app: App, args: str) -> str:
    reply = await app.dispatch(Command(name="who", args=args))
    assert not reply.error
    return reply.plain_text()


async def test_who_is_witkoff_gives_his_role_what_he_does_and_the_story(seeded_app: App) -> None:
    card = await who(seeded_app, "is Witkoff")
    assert card.startswith("Steve Witkoff")
    assert "Special Envoy to the Middle East" in card
    assert "would lead the US delegation in the talks" in card  # what he is doing, quoted from the story
    assert SEED_TITLE in card


async def test_who_accepts_any_case_a_leading_the_and_a_typo(seeded_app: App) -> None:
    assert "Kremlin spokesperson" in await who(seeded_app, "is peskov")
    assert "Dmitry Peskov" in await who(seeded_app, "the PESKOV?")
    assert await who(seeded_app, "is Witkof") == await who(seeded_app, "is Witkoff")


async def test_an_unknown_name_is_said_plainly_with_suggestions(seeded_app: App) -> None:
    reply = await seeded_app.dispatch(Command(name="who", args="is Smith"))
    assert reply.messages[0].body == "I haven't read about Smith yet."
    assert reply.messages[0].sections and reply.messages[0].sections[0].items


async def test_two_people_with_one_surname_are_listed_with_their_roles(seeded_app: App) -> None:
    async with seeded_app.services.db.session() as s:
        await store_briefed_article(
            s,
            make_brief(
                "Senate passes budget",
                ["Senator John Smith backed the budget."],
                [person("John Smith", "Senator from Ohio")],
                published=date(2025, 3, 1),
            ),
        )
        await store_briefed_article(
            s,
            make_brief(
                "Court blocks merger",
                ["Judge Jane Smith blocked the merger."],
                [person("Jane Smith", "federal judge")],
                published=date(2025, 3, 2),
            ),
        )
    listing = await who(seeded_app, "is Smith")
    assert "John Smith — Senator from Ohio" in listing
    assert "Jane Smith — federal judge" in listing
    assert "Which Smith?" in listing
    assert (await who(seeded_app, "Jane Smith")).startswith("Jane Smith")


async def test_newsbrief_who_prints_the_same_card(seeded_app: App, capsys: pytest.CaptureFixture[str]) -> None:
    settings = seeded_app.settings
    await seeded_app.close()
    assert await cmd_query(settings, "who", "Witkoff") == 0
    out = capsys.readouterr().out
    assert "Steve Witkoff" in out and "Special Envoy to the Middle East" in out


async def store_story(app: App, title: str, sentences: list[str], actors: list[Actor], day: date) -> None:
    async with app.services.db.session() as s:
        await store_briefed_article(s, make_brief(title, sentences, actors, published=day))


async def test_an_abbreviated_rank_is_spelled_out_on_the_card_and_in_a_listing(seeded_app: App) -> None:
    for title, name, role, day in (
        ("Farm bill stalls", "Dana Whitlock", "Vermont Sen.", 1),
        ("Border force rebuilt", "Oskar Whitlock", "Brig. Gen., commander of the border force", 2),
    ):
        await store_story(seeded_app, title, [f"{name} spoke on Monday."], [person(name, role)], date(2025, 4, day))
    assert "Vermont Senator" in await who(seeded_app, "is Dana Whitlock")
    assert "Brigadier General, commander of the border force" in await who(seeded_app, "is Whitlock")


async def test_the_card_adds_the_other_roles_the_story_states_beside_the_one_the_brief_kept(seeded_app: App) -> None:
    story = [
        "Orlan's chief executive, Peter Vale, said profits slipped.",
        "Mr Vale is to become chairman and chief executive of Orlan in April.",
    ]
    # The roles as the summariser states them (`Actor.stated_roles`); the card only reads what was stored.
    vale = Actor("Peter Vale", "PERSON", "chief executive", stated_roles=("chairman and chief executive of Orlan",))
    await store_story(seeded_app, "Orlan shake-up", story, [vale], date(2025, 5, 1))
    card = (await seeded_app.dispatch(Command(name="who", args="is Peter Vale"))).messages[0]
    assert "chief executive" in (card.body or "")
    also = next(s.items for s in card.sections if s.heading == "Also described as")
    assert [line.split(" (")[0] for line in also] == ["chairman and chief executive of Orlan"]


CROWDED_STORY = """Harbour workers in Pellmouth walked out on Monday over pay, closing the port for the first time.
Union leader Tessa Brook said the strike would last a week. Brook said members had voted by a wide margin.
Port director Omar Vance said the port would stay open for ferries. Vance said talks could start on Friday.
Mayor Lina Ford urged both sides to talk. Ford said the town could not afford a long strike.
Councillor Ben Hale backed the mayor. Hale said shops were already losing trade.
Shipping agent Nia Cole said cargo was being sent to other ports. Cole said the losses were heavy.
Ferry captain Joe Marr said passengers had been patient. Marr said crossings were running late.
Economist Ruth Dale said the strike would cost the town dearly. Dale said wages had lagged for years.
Lawyer Sam Ortiz said the union had followed the rules. Ortiz said the ballot was valid.
Police inspector Kay Wren said the pickets were peaceful. Wren said officers would stay nearby.
Fisherman Tom Reid said boats could not land their catch. Reid said he had lost a week's income.
Teacher Amy Lund said pupils' school trips were cancelled. Lund said parents were worried.
Harbour pilot Dev Rao said ships were waiting offshore. Rao said the queue was growing.
Trader Lee Vos said prices in the market had risen. Vos said stock was running low.
The talks were also backed by Rufus Kell, the chairman of the Pellmouth Pilots Guild."""


async def test_someone_the_story_names_once_with_a_role_is_known_to_who_in_the_console(app: App) -> None:
    from bot.items import IngestedItem
    from summarizer import Article

    async def latest_brief(session: AsyncSession) -> Brief:
        data = await session.scalar(select(BriefRow.data).order_by(BriefRow.id.desc()).limit(1))
        return Brief.from_dict(data)

    article = Article(title="Harbour strike closes Pellmouth port", text=CROWDED_STORY, url="https://a.example/strike")
    await app.ingest_item(IngestedItem.build(article, "folder", "test", article.url))
    await app.process_pending()
    async with app.services.db.session() as s:
        brief = await latest_brief(s)
    assert "Rufus Kell" not in {a.name for a in brief.actors}  # not a key actor: twelve others come first
    reply = await app.dispatch(Command(name="who", args="is Rufus Kell", platform="console", user_id="reader"))
    card = reply.messages[0]
    assert card.title and card.title.startswith("Rufus Kell")
    assert "chairman of the Pellmouth Pilots Guild" in reply.plain_text()


async def test_a_full_name_finds_the_actor_the_stories_named_by_surname_only(seeded_app: App) -> None:
    actors = [person("Osei", "head of the national assembly"), person("Ama Boateng", "prosecutor")]
    story = ["A warrant was issued for Osei, the head of the national assembly."]
    await store_story(seeded_app, "Warrant issued", story, actors, date(2025, 6, 1))
    assert "head of the national assembly" in await who(seeded_app, "is Kwame Osei")
    assert "haven't read about" in await who(seeded_app, "is Kofi Boateng")  # another full name is someone else


async def test_a_card_without_a_role_says_what_kind_of_name_it_is_in_plain_english(seeded_app: App) -> None:
    guild = Actor("Pellmouth Pilots Guild", "ORG")
    await store_story(seeded_app, "Guild meets", ["The Pellmouth Pilots Guild met."], [guild], date(2025, 8, 1))
    assert "An organisation in the articles I have read." in await who(seeded_app, "Pellmouth Pilots Guild")
