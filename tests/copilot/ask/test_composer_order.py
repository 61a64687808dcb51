"""Which manual sentence answers first when the kind of answer asked (a duration, an amount) is known."""

from __future__ import annotations

from copilot.ask.composer import typed_first
from copilot.ask.intents import ANSWER_KINDS
from copilot.ask.sentence_features import denies, near_answer
from copilot.ask.wording import stems
from copilot.core.types import Passage

POLICY = Passage("policy:p#003", "policy:p", "policy", "Client Service Policy", "p.md", "3. Exchanges", "", {}, 1.0, 0.7)
UNTIL_WHEN = [kind.looks_like for kind in ANSWER_KINDS if kind.asked_by.search("Until when can a client exchange a piece?")]


def test_a_sentence_holding_the_duration_asked_goes_first_when_it_is_within_the_margin() -> None:
    scored = [
        (1.02, "When the new piece costs more than the exchange value, the client pays the difference.", POLICY),
        (1.01, "A piece may be exchanged within 60 calendar days of the purchase date.", POLICY),
    ]
    assert typed_first(scored, UNTIL_WHEN, margin=0.05, reach=3)[0] == scored[1]


def test_the_order_stands_when_the_typed_sentence_is_far_behind_or_the_top_one_is_typed() -> None:
    far = [
        (1.30, "When the new piece costs more than the exchange value, the client pays the difference.", POLICY),
        (1.01, "A piece may be exchanged within 60 calendar days of the purchase date.", POLICY),
    ]
    assert typed_first(far, UNTIL_WHEN, margin=0.05, reach=3) == far
    typed = [far[1], far[0]]
    assert typed_first(typed, UNTIL_WHEN, margin=0.05, reach=3) == typed


def test_the_words_near_the_duration_say_what_it_is_the_duration_of() -> None:
    how_long = [kind.looks_like for kind in ANSWER_KINDS if kind.asked_by.search("How long does a client have to return a piece for a refund?")]
    window = near_answer("A piece may be returned for a refund within 30 calendar days of the purchase date.", how_long)
    other = near_answer("Once a return is accepted, the refund is issued to the original payment method within 10 business days.", how_long)
    assert {"retur", "refun"} <= window
    assert "retur" not in other and "refun" not in other  # both words are there, but far from "10 business days"
    assert near_answer("A piece may be returned for a refund.", how_long) == set()  # no duration at all


def test_a_sentence_that_only_negates_what_is_asked_denies_it() -> None:
    clean = stems("How should a client clean an emerald ring at home?")
    assert denies("Emeralds must never be cleaned by ultrasonic or steam, at home or in the boutique.", clean)
    assert not denies("Clients should wipe an emerald with a soft cloth and dry it immediately.", clean)
    # the negation governs the next few words only: "clean" comes too late to be denied here
    assert not denies("Clients should never use a pin or other sharp tool to clean under a stone.", stems("How do I clean a stone?"))


def test_a_sentence_that_also_affirms_in_another_clause_does_not_deny() -> None:
    describe = stems("How do I describe an H color diamond to a client?")
    sentence = 'Associates never describe a diamond\'s color as "yellow"; a diamond in the near colorless range has "warmth".'
    assert not denies(sentence, describe)
    assert denies('Associates never describe a diamond\'s color as "yellow" or "dull".', describe)
