"""Citation verification holds for any composer: a statement whose quote is not verbatim in a
retrieved passage is dropped, and an answer left with nothing supported becomes a refusal."""

from __future__ import annotations

from collections.abc import Callable

from copilot.ask.composer import Candidate, Composer
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from copilot.core.types import Retrieval, Statement


class InventiveComposer:
    """Stands in for an LLM composer that makes things up: it adds a carat weight no document states
    and cites a chunk retrieval never returned, next to (or instead of) the real composer's output."""

    def __init__(self, real: Composer, keep_real: bool) -> None:
        self._real = real
        self._keep_real = keep_real

    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]:
        real = self._real.compose(question, retrieval) if self._keep_real else []
        invented = [
            Statement("AUR-RG-0001: Center stone: diamond, 2.50 ct", "Center stone: diamond, 2.50 ct", "product:AUR-RG-0001", 1.0),
            Statement("Report 9999999999: Clarity grade: FL", "Clarity grade: FL", "certificate:9999999999", 1.0),
        ]
        return real + invented

    def closest(self, question: str, retrieval: Retrieval) -> list[Candidate]:
        return self._real.closest(question, retrieval)


def _copilot(factory: Callable[[Settings], Copilot], indexed: Settings, keep_real: bool) -> Copilot:
    copilot = factory(indexed)
    copilot._composer = InventiveComposer(copilot._composer, keep_real)  # noqa: SLF001 - swapping the composer is the point
    return copilot


def test_an_unsupported_sentence_is_dropped_and_the_supported_one_kept(
    factory: Callable[[Settings], Copilot], indexed: Settings
) -> None:
    result = _copilot(factory, indexed, keep_real=True).ask("What is the clarity of AUR-RG-0001?")
    assert not result.refused
    assert "clarity VS1" in result.answer
    assert "2.50 ct" not in result.answer and "FL" not in result.answer
    assert [c.doc_id for c in result.citations] == ["product:AUR-RG-0001"]
    assert all(c.quote in "\n".join(p.text for p in result.passages) for c in result.citations)


def test_an_answer_with_nothing_supported_is_a_refusal(factory: Callable[[Settings], Copilot], indexed: Settings) -> None:
    result = _copilot(factory, indexed, keep_real=False).ask("What is the clarity of AUR-RG-0001?")
    assert result.refused and result.citations == []
    assert "2.50 ct" not in result.answer


PASSAGE_TEXT = (
    "Client Service Policy > 9. Resizing\n"
    "Every Maison Aurelle ring receives one complimentary resizing within 60 days of purchase.\n"
    "After 60 days, resizing costs $120 for an 18k gold ring and $180 for a platinum ring."
)


def _verify(text: str, quote: str) -> list[str]:
    from copilot.ask.verifier import verify
    from copilot.core.types import Passage

    passage = Passage("policy:p:0", "policy:p", "policy", "Client Service Policy", "p.md", "9. Resizing", PASSAGE_TEXT, {}, 1.0, 1.0)
    return [st.text for st in verify([Statement(text, quote, "policy:p:0", 1.0)], [passage]).kept]


def test_a_sentence_in_other_words_is_kept_only_when_its_quote_says_it() -> None:
    quote = "After 60 days, resizing costs $120 for an 18k gold ring and $180 for a platinum ring."
    kept = "After 60 days, resizing a platinum ring costs $180."
    assert _verify(kept, quote) == [kept]
    assert _verify("After 60 days, resizing a platinum ring costs $150.", quote) == []  # a number the quote lacks
    assert _verify("Platinum rings are resized by the Paris Atelier in London.", quote) == []  # words it lacks
    # A quote hard-wrapped in its source is shown on one line: still the quote.
    wrapped = "Every Maison Aurelle ring receives one complimentary resizing within 60 days of purchase."
    assert _verify(wrapped, wrapped) == [wrapped]
