"""When the extractive composer quotes a second manual sentence: only for a question that asks two
things or about two things, and only if the second sentence covers question words the first leaves
out. Scored against the IDF of a real index of the small corpus."""

from __future__ import annotations

import pytest

from copilot.ask.composer import ExtractiveComposer
from copilot.ask.intents import ANSWER_KINDS
from copilot.ask.wording import stems
from copilot.core.settings import Settings
from copilot.core.types import Passage
from ingestion.index_db import IndexDB

POLICY = Passage("policy:p#001", "policy:p", "policy", "Client Service Policy", "p.md", "Resizing", "", {}, 1.0, 0.7)
CELESTE = (1.10, "Rings from the Celeste collection can be resized up to two sizes, complimentary within 60 days of purchase.", POLICY)
ETERNITY = (1.08, "Eternity bands cannot be resized.", POLICY)


@pytest.fixture(scope="module")
def composer(indexed: Settings) -> ExtractiveComposer:
    return ExtractiveComposer(IndexDB(indexed.index_db))


def adds(composer: ExtractiveComposer, question: str) -> bool:
    wanted = [kind.looks_like for kind in ANSWER_KINDS if kind.asked_by.search(question)]
    return composer._adds_to(question, stems(question), wanted, [CELESTE], ETERNITY)


@pytest.mark.parametrize(
    "question",
    [
        "What is the resizing rule for Celeste rings or eternity bands?",  # about two things
        "What is the resizing rule for Celeste rings? What about eternity bands?",  # two asks
    ],
)
def test_a_question_about_two_things_takes_the_sentence_about_the_second(composer: ExtractiveComposer, question: str) -> None:
    assert adds(composer, question)


def test_a_question_about_one_thing_takes_no_second_sentence_for_other_words(composer: ExtractiveComposer) -> None:
    # the same words, about one thing: the first sentence answers it, the second only adds noise
    assert not adds(composer, "What is the resizing rule for eternity bands from the Celeste collection?")
