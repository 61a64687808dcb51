"""The quantities an associate states about a client's case, and the ranges a rule states."""

from __future__ import annotations

import math

import pytest

from copilot.ask.quantities import Quantity, Range, covers, stated_quantities, stated_ranges


@pytest.mark.parametrize(
    ("question", "quantities"),
    [
        ("A client bought a pendant 45 days ago. Can she get a refund?", [Quantity(45, "day")]),
        ("A client wants her ring made three sizes larger.", [Quantity(3, "size")]),
        ("The client asks for a $12,000 refund.", [Quantity(12000, "$")]),
        # weeks and months are counted in days, as the rules count their windows
        ("She bought it seven weeks ago and wants her money back", [Quantity(49, "day")]),
        ("bought a month ago", [Quantity(30, "day")]),
        ("the band is about 1.5mm wide", [Quantity(1.5, "mm")]),
        # a range in the question is not the client's case
        ("How much does a resizing cost after the first 60 days?", []),
        ("Can she return it within 30 days?", []),
        # identifiers and bare numbers carry no unit
        ("What is the clarity of AUR-RG-1181 on report 2214587390?", []),
    ],
)
def test_the_quantities_of_the_clients_case(question: str, quantities: list[Quantity]) -> None:
    assert stated_quantities(question) == quantities


@pytest.mark.parametrize(
    ("sentence", "low", "high", "unit"),
    [
        ("Between day 31 and day 60 after purchase, a client may exchange a piece.", 31, 60, "day"),
        ("A piece may be returned for a refund within 30 calendar days of the purchase date.", 0, 30, "day"),
        ("Restoration takes 30 to 40 business days.", 30, 40, "day"),
        ("Rings can be resized up to two sizes up or down.", 0, 2, "size"),
        ("Credit notes are valid for up to 2 years.", 0, 730, "day"),
    ],
)
def test_a_closed_range(sentence: str, low: float, high: float, unit: str) -> None:
    assert stated_ranges(sentence) == [Range(low, high, unit)]


def test_an_open_range_excludes_its_bound() -> None:
    (above,) = stated_ranges("Resizing by more than two sizes requires an assessment by the Paris Atelier.")
    assert above.unit == "size" and above.high == math.inf
    assert above.holds(Quantity(3, "size")) and not above.holds(Quantity(2, "size"))
    assert stated_ranges("Any refund above $10,000 requires the manager's approval.")[0].holds(Quantity(12000, "$"))


def test_a_rule_covers_the_case_only_in_its_own_unit() -> None:
    case = stated_quantities("A client bought a pendant 45 days ago.")
    assert covers("Between day 31 and day 60 after purchase, a client may exchange a piece.", case)
    # a rule in the same unit that does not hold the case still speaks of it, a little
    assert covers("A piece may be returned for a refund within 30 calendar days.", case) == 0.25
    assert not covers("Rings can be resized up to 50 sizes.", case)
    assert not covers("Between day 31 and day 60 after purchase, a client may exchange a piece.", [])


def test_a_measure_of_the_piece_is_compared_with_the_rules_threshold() -> None:
    band = stated_quantities("the band is about 1.5mm wide")
    assert covers("| Rings with a band narrower than 2 mm (inside band) | 12 |", band) == 1.0
    assert covers("| Rings with a band 2 mm wide or more (inside band) | 20 |", band) == 0.25
    clasp = stated_quantities("engraving on a pearl clasp thats 12mm wide")
    assert covers("| Pearl strand clasps 10 mm or wider | 8 |", clasp) == 1.0
    assert covers("| Pearl strand clasps 9 mm or narrower | 6 |", clasp) == 0.25
