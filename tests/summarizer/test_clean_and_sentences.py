"""Cleaning drops page furniture; sentence splitting survives abbreviations, quotes and bullets."""

from __future__ import annotations

from summarizer.clean import clean_text
from summarizer.sentences import split_sentences


def test_boilerplate_lines_are_dropped_and_quotes_normalised():
    raw = (
        "By Jane Doe, Business reporter\nAdvertisement\nScroll down for video\n"
        "The bank said on Tuesday it would cut 500 jobs.\nImage caption: Staff leave the headquarters\n"
        "Read more: Banking news\nShare this article\n\u201cIt\u2019s a sad day,\u201d a manager said.\n"
        "Copyright 2024 Reuters. All rights reserved."
    )
    assert clean_text(raw) == 'The bank said on Tuesday it would cut 500 jobs.\n"It\'s a sad day," a manager said.'


def test_wire_dateline_is_removed():
    assert clean_text("WASHINGTON (Reuters) - The Senate passed the bill.") == "The Senate passed the bill."
    assert clean_text("FREIBURG, Germany, Feb 17 (Meridian Wire) - Trams stood still.") == "Trams stood still."
    assert clean_text("LONDON, March 3 (AP) \u2014 Prices rose.") == "Prices rose."


def test_sentences_survive_abbreviations_and_initials():
    text = "Dr. Smith met Sen. Jones in the U.S. capital on Jan. 5. They talked. John F. Kennedy was cited."
    assert split_sentences(text) == [
        "Dr. Smith met Sen. Jones in the U.S. capital on Jan. 5.",
        "They talked.",
        "John F. Kennedy was cited.",
    ]


def test_a_sentence_ending_on_a_thing_named_by_a_letter_is_split():
    text = "Italy qualified from Group B. Luca Rossi scored twice. The club moved to Plan B. Fans were told on Friday."
    assert split_sentences(text) == [
        "Italy qualified from Group B.",
        "Luca Rossi scored twice.",
        "The club moved to Plan B.",
        "Fans were told on Friday.",
    ]


def test_a_sentence_ending_with_an_abbreviation_before_a_new_sentence_is_split():
    assert split_sentences("Shares fell in the U.S. The company said it would respond.") == [
        "Shares fell in the U.S.",
        "The company said it would respond.",
    ]


def test_quotes_stay_with_their_sentence_and_bullets_are_sentences():
    text = '"We will win," he said. "It is time."\n- Prices rose 5%\n- Wages fell'
    assert split_sentences(clean_text(text)) == [
        '"We will win," he said.',
        '"It is time."',
        "Prices rose 5%",
        "Wages fell",
    ]
