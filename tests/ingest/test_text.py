"""text helpers: HTML fragments and Markdown to text, in linear time on hostile input."""

from __future__ import annotations

import pytest

from bot.ingest.text import decode_text, html_to_text, markdown_title_and_text


def test_html_to_text_blocks_entities_and_hidden_elements() -> None:
    fragment = (
        "<p>One &amp; <b>two</b></p><!-- hidden --><ul><li>first</li><li>second</li></ul>"
        "<script type='text/javascript'>alert('x')</script><STYLE>p{}</STYLE>Three<br/>Four"
    )
    assert html_to_text(fragment) == "One & two\n\n- first\n- second\nThree\nFour"


def test_html_to_text_unclosed_script_drops_the_rest() -> None:
    assert html_to_text("Visible <script>var secret = 1;") == "Visible"


def test_decode_text_refuses_cp1252_but_accepts_bom() -> None:
    assert decode_text(b"\xef\xbb\xbfhello") == "hello"
    with pytest.raises(ValueError, match="not UTF-8"):
        decode_text("café".encode("cp1252"))


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>" * 200_000,
        "<!--" * 200_000,
        "<" * 500_000,
        "<title" * 100_000,
    ],
)
@pytest.mark.timeout(60)
def test_html_to_text_is_linear_on_hostile_input(hostile: str) -> None:
    # Backtracking on 500k characters would run for hours; the timeout catches it without a flaky stopwatch.
    html_to_text(hostile)


@pytest.mark.parametrize(
    "hostile",
    [
        "# " + " " * 500_000 + "x",
        "[" * 500_000,
        "![" * 250_000,
        "**a " * 100_000,
        "*a " * 100_000,
        "_a " * 100_000,
        "<http:" * 100_000,
        "- " * 200_000 + "x",
        "|" + " " * 500_000 + "x",
        "-" * 500_000 + "x",
    ],
)
@pytest.mark.timeout(60)
def test_markdown_is_linear_on_hostile_input(hostile: str) -> None:
    # As above: a quadratic pattern on these inputs would not finish within the timeout.
    title, text = markdown_title_and_text("Title\n\n" + hostile)
    assert title and text is not None
