"""Page furniture of real news pages never reaches the story text: each pattern on an article written here."""

from __future__ import annotations

import pytest

from summarizer.clean import clean_text, is_caption
from summarizer.sentences import split_sentences

STORY = "The council approved the new bus lanes on Tuesday after a long debate."


@pytest.mark.parametrize(
    "head",
    [
        "(CNN) -- ",
        "(CNN)  -- ",
        "(CNN)",
        "PORT ELLIS, Oregon (CNN) -- ",
        "Port Ellis (CNN) -- ",
        "OSLO (Reuters) - ",
        "TULSA, Okla. (AP) ",
        "OSLO, Norway, Feb. 4 (AP) \u2014 ",
        "HALIFAX \u2014 ",
        "HALIFAX, Nova Scotia -- ",
        "By . Mira Castell . PUBLISHED: . 09:12 EST, 4 March 2014 . | . UPDATED: . 10:40 EST, 4 March 2014 . ",
        "By . Staff Reporter . Last updated at 6:02 PM on 21st May 2012 . ",
    ],
)
def test_datelines_outlet_tags_and_bylines_at_the_start_are_removed(head):
    assert clean_text(head + STORY) == STORY


@pytest.mark.parametrize(
    "line",
    [
        "By Tomas Rennick | AP May 3 at 4:10 PM",
        "by Aline Ferro |",
        "Last Updated June 2, 2016 7:15 AM EDT",
        "Posted: Friday, April 8, 2016 9:02 pm | Updated: 9:40 pm, Fri Apr 8, 2016.",
        "Updated 10:12 am, Monday, March 7, 2016",
        "04/11/16 02:30 PM EDT",
        "8:45 p.m.",
        "Story Continued Below",
        "3 of 17",
        "(Photo: Lena Marsh, The Coastal Times)",
        "FILE - In this March 2, 2015 file photo, a ferry leaves the harbour at dawn.",
        "Riders queue for the first of the new express buses outside the Tarsk depot on Monday morning. "
        "Ana Vidal/AP hide caption",
        "toggle caption Ana Vidal/AP",
    ],
)
def test_bylines_timestamps_and_credit_lines_are_dropped(line):
    text = f"{line}\n{STORY}\nRiders will see the first lanes in May."
    assert clean_text(text) == f"{STORY}\nRiders will see the first lanes in May."


def test_a_line_that_starts_like_a_byline_but_is_a_sentence_is_kept():
    text = f"{STORY}\nBy Friday, the first lanes were painted.\nBy the end of May, buses ran faster."
    assert clean_text(text) == text


def test_captions_inside_a_paragraph_are_dropped():
    text = (
        "(CNN) -- A farmer found a rare gold coin in his field on Sunday, officials said. "
        "Tarek Olsen (L) holds the coin next to his dog. "
        "Spotted: The coin lay under a thin layer of soil . "
        "The coin was minted in the 9th century, experts said. "
        "FILE - In this 2019 photo, a field near the village is ploughed. "
        "Watch the coin being cleaned \u00bb . "
        "Reporter Ana Vidal contributed to this report."
    )
    assert clean_text(text) == (
        "A farmer found a rare gold coin in his field on Sunday, officials said. "
        "The coin was minted in the 9th century, experts said."
    )


def test_an_editors_note_and_a_dateline_inside_the_first_paragraph_are_removed():
    text = (
        "Editor's note: Our reporters explain how they cover the courts. "
        "PORT ELLIS, Oregon (CNN) -- A judge in Port Ellis freed three men on Monday."
    )
    assert clean_text(text) == "A judge in Port Ellis freed three men on Monday."


def test_wire_photo_captions_and_cp1252_dashes_are_handled():
    text = (
        "AP Photo Firefighters stand beside the burnt-out hall in the village.\n\n"
        "ARDEN, Ireland \x97 Fire crews worked through the night to save the old hall."
    )
    assert clean_text(text) == "Fire crews worked through the night to save the old hall."


def test_a_caption_without_a_full_stop_is_split_from_the_next_sentence_and_dropped():
    text = (
        "The baker spent a week on the cake. Guests gasped at the cake, pictured above "
        "Judges are expected to name a winner on Friday."
    )
    assert clean_text(text) == "The baker spent a week on the cake. Judges are expected to name a winner on Friday."


def test_photo_markers_inside_a_story_sentence_are_removed_and_the_sentence_kept():
    text = (
        "Nadia Fenn, 31, pictured, won the race in record time. "
        "Her coach, pictured left with his wife, said she trained daily. "
        "Her rival (pictured) finished second."
    )
    assert clean_text(text) == (
        "Nadia Fenn, 31, won the race in record time. Her coach said she trained daily. Her rival finished second."
    )


def test_prompts_are_removed_inline():
    text = (
        "Prices for flats rose again in the spring. Scroll down for video . "
        "Agents expect a calmer summer. Read more: www.example.org/flats"
    )
    assert clean_text(text) == "Prices for flats rose again in the spring. Agents expect a calmer summer."


def test_lines_broken_inside_a_sentence_are_rejoined():
    text = (
        "The medal went to Army Sgt.\nLena Booth, who led the rescue.\nThe ceremony was held in the\nold town hall.\n"
        "League tables after Sunday's games (listed by won,\nlost and points):"
    )
    assert split_sentences(clean_text(text)) == [
        "The medal went to Army Sgt. Lena Booth, who led the rescue.",
        "The ceremony was held in the old town hall.",
        "League tables after Sunday's games (listed by won, lost and points):",
    ]


def test_stray_stops_where_line_breaks_were_are_removed():
    text = "Two doctors who . treated the climber said he was lucky . He is now recovering at home ."
    assert split_sentences(clean_text(text)) == [
        "Two doctors who treated the climber said he was lucky.",
        "He is now recovering at home.",
    ]


def test_is_caption_keeps_story_sentences_with_speech():
    assert is_caption("Pictured: the new bridge at night")
    assert is_caption("This undated photo provided by the museum shows the painting.")
    assert not is_caption('Mayor Ida Kross (R) said: "We will open the bridge in June."')
    assert not is_caption("The mayor said the bridge would open in June.")


def test_a_lawmakers_party_after_the_name_is_not_a_position_in_a_picture():
    assert not is_caption("Trump was joined by Iowa Sen. Charles E. Grassley (R), who has held the seat for decades.")
    assert not is_caption("The bill was backed by Rep. Ann Fielding (D) and two colleagues.")
    assert is_caption("Jane Roe (R) greets supporters in Leeds on Monday.")


def test_military_ranks_do_not_end_a_sentence():
    text = "Army Spc. Dana Wolfe and Pfc. Omar Reyes were honoured on Friday. Both served in the same unit."
    assert split_sentences(text) == [
        "Army Spc. Dana Wolfe and Pfc. Omar Reyes were honoured on Friday.",
        "Both served in the same unit.",
    ]


def test_a_link_box_of_headlines_after_a_name_is_removed_and_the_name_kept():
    text = (
        "Senators returned to the budget fight on Monday.\n"
        "Sen. Ada Brandt Ada Louise Brandt Brandt backs harbour deal Overnight Energy: Senate stalls on grid bill "
        "MORE (D-Ohio), who faces a tough race, said she would vote for the plan."
    )
    assert clean_text(text) == (
        "Senators returned to the budget fight on Monday.\n"
        "Sen. Ada Brandt (D-Ohio), who faces a tough race, said she would vote for the plan."
    )
