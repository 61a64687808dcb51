"""The crude stemmer the composer and the verifier compare words with: inflections of one word meet,
different words do not."""

from __future__ import annotations

import pytest

from copilot.ask.wording import numbers, squash, stem, stems


@pytest.mark.parametrize(
    ("a", "b"),
    [("ring", "rings"), ("view", "viewings"), ("resize", "resizing"), ("resized", "resizing"), ("cost", "costs"),
     ("piece", "pieces"), ("size", "sizes"), ("box", "boxes"), ("watch", "watches"), ("engrave", "engraved")],
)
def test_inflections_of_a_word_share_its_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("note", "not"), ("glass", "glaze"), ("status", "stat"), ("this", "thin")])
def test_different_words_keep_different_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_stems_leave_out_the_words_every_question_has() -> None:
    assert stems("How long does the client have to return the rings?") == {"long", "clien", "retur", "ring"}


def test_a_lone_letter_is_no_word_but_a_lone_digit_is() -> None:
    assert stems("what's the client's size 7?") == {"clien", "size", "7"}


def test_numbers_and_whitespace() -> None:
    assert numbers("USD 10,000 for 0.10 ct, size N 1/2") == {"10,000", "0.10", "1/2"}
    assert squash("kept aside\n   until [date].") == "kept aside until [date]."


def test_a_consonant_doubled_before_an_ending_is_one_stem() -> None:
    from copilot.ask.wording import stem

    assert stem("logged") == stem("log") and stem("swapping") == stem("swap") and stem("shipped") == stem("ship")
    assert stem("pressed") == stem("press") and stem("called") == stem("call")
