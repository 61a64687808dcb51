"""Exact identifiers are found however they are typed, and read as the index writes them."""

from __future__ import annotations

import pytest

from copilot.core.identifiers import IdentifierFinder, NamedIdentifier


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("What metal is AUR-RG-1010?", ("sku", "AUR-RG-1010")),
        ("how much is aur-rg-1010", ("sku", "AUR-RG-1010")),
        ("how much is AUR RG 1010", ("sku", "AUR-RG-1010")),
        ("price of aurrg1010?", ("sku", "AUR-RG-1010")),
        ("carat of aur ld 10479", ("stock_number", "AUR-LD-10479")),
        ("the colour on report 7439256391", ("report_number", "7439256391")),
    ],
)
def test_a_code_typed_in_lower_case_or_with_spaces_is_read_as_the_index_writes_it(question: str, found: tuple[str, str]) -> None:
    assert IdentifierFinder([]).find(question) == [NamedIdentifier(*found)]


def test_the_same_code_typed_twice_is_one_identifier_and_near_misses_are_none() -> None:
    finder = IdentifierFinder([])
    assert finder.find("aur-rg-1010 or AUR RG 1010?") == [NamedIdentifier("sku", "AUR-RG-1010")]
    # A loose stone's stock number has five digits; four is no code at all, and a longer run of digits no report.
    assert finder.find("AUR-LD-1234") == []
    assert finder.find("AUR-RG-10101") == []
    assert finder.find("call 74392563911") == []


def test_a_piece_name_is_found_longest_first() -> None:
    finder = IdentifierFinder(["Celeste Solitaire Ring", "Celeste Solitaire Ring, 1.52 ct"])
    assert finder.find("is the celeste solitaire ring, 1.52 ct in stock?") == [NamedIdentifier("name", "Celeste Solitaire Ring, 1.52 ct")]
