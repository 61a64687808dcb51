"""Which manual sentence answers first when the kind of answer asked (a duration, an amount) is known."""

from __future__ import annotations

from copilot.ask.composer import _typed_first
from copilot.ask.intents import ANSWER_TYPES
from copilot.ask.types import Passage

POLICY = Passage("policy:p#003", "policy:p", "policy", "Client Service Policy", "p.md", "3. Exchanges", "", {}, 1.0, 0.7)
UNTIL_WHEN = [pattern for asks, pattern in ANSWER_TYPES if asks.search("Until when can a client exchange a piece?")]


def test_a_sentence_holding_the_duration_asked_goes_first_when_it_is_within_the_margin() -> None:
    scored = [
        (1.02, "When the new piece costs more than the exchange value, the client pays the difference.", POLICY),
        (1.01, "A piece may be exchanged within 60 calendar days of the purchase date.", POLICY),
    ]
    assert _typed_first(scored, UNTIL_WHEN, margin=0.05)[0] == scored[1]


def test_the_order_stands_when_the_typed_sentence_is_far_behind_or_the_top_one_is_typed() -> None:
    far = [
        (1.30, "When the new piece costs more than the exchange value, the client pays the difference.", POLICY),
        (1.01, "A piece may be exchanged within 60 calendar days of the purchase date.", POLICY),
    ]
    assert _typed_first(far, UNTIL_WHEN, margin=0.05) == far
    typed = [far[1], far[0]]
    assert _typed_first(typed, UNTIL_WHEN, margin=0.05) == typed
