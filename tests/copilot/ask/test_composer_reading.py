"""How the extractive composer reads a manual sentence against the question: a sentence that only
negates what is asked, or states the opposite comparison, is not the answer; a definition answers
"what does ... mean?", "without charge" answers "free of charge?", "lifetime" answers "for how
long?", and the rule whose range holds the client's case ("45 days ago") answers it. Each pair of sentences below is from the sample policies, where the first one used to be
quoted. A real index of a small corpus, the real embedding model and the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from copilot.ask.composer import ComposerThresholds, ExtractiveComposer
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from ingestion.index_db import IndexDB
from tests.support.corpus import write_policy

POLICY = """---
doc_type: aftercare
title: Aftercare Guide
version: "2.0"
effective_date: 2026-03-01
audience: Boutique associates
---
# Aftercare Guide

## Emeralds
Emeralds must never be cleaned by ultrasonic or steam, at home or in the boutique.
Clients should wipe an emerald with a soft cloth dampened in room-temperature water and dry it immediately.
Every emerald is checked for dryness of its oil at the complimentary annual inspection.

## Exchanges
A Maison Aurelle piece may be exchanged within 60 calendar days of the purchase date.
Each piece may be exchanged only once.
When the new piece costs more than the exchange value, the client pays the difference.
When the new piece costs less than the exchange value, the balance is issued as a Maison Aurelle Credit Note.

## Pearls
For pearls, the associate explains "last on, first off" and the 2-year restringing interval.
The rule for pearls is "last on, first off": pearls go on after perfume, hairspray and makeup, and come off first.

## Warranty
The warranty does not cover stones lost from a piece that was resized by anyone other than Maison Aurelle.
Every Maison Aurelle piece carries a lifetime warranty against manufacturing defects in materials and workmanship.

## Resizing
Maison Aurelle rings can be resized up to two sizes up or down from their original size.
A ring resized at the client's request becomes final sale.
Resizing by more than two sizes requires an assessment by the Paris Atelier and may require a new shank at the client's expense.

## Refunds
A piece may be returned for a refund within 30 calendar days of the purchase date.
Any refund above $10,000 requires the boutique manager's approval before it is issued.
Between day 31 and day 60 after purchase, a client may exchange a piece or receive a Maison Aurelle Credit Note, but cannot receive a refund.

## At purchase
For engagement rings, the associate offers to book the first complimentary prong check 6 months after purchase.
The associate reminds the client that a ring can be resized once without charge within 60 days of purchase.
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    root: Path = tmp_path_factory.mktemp("reading")
    write_policy(root / "corpus" / "policies", "aftercare_guide.md", POLICY)
    settings = Settings(data_dir=root / "data")
    report = make_ingestor(settings, embedder=lambda: embedder).ingest([root / "corpus"])
    assert report.invalid == []
    return settings


@pytest.fixture(scope="module")
def copilot(settings: Settings, factory: Callable[[Settings], Copilot]) -> Copilot:
    return factory(settings)


@pytest.mark.parametrize(
    ("question", "answer", "not_quoted"),
    [
        ("How should a client clean an emerald ring at home?", "soft cloth dampened", "must never be cleaned"),
        ("In an exchange, what happens when the new piece costs less than the piece returned?", "Credit Note", "costs more"),
        ('What does "last on, first off" mean for pearls?', "pearls go on after perfume", "the associate explains"),
        ("What does the Maison Aurelle warranty cover, and for how long?", "lifetime warranty", "does not cover"),
        ("Is the first resizing of a ring free of charge?", "resized once without charge", "prong check"),
        # the rule whose range holds the client's case, not its neighbour
        ("A client wants her ring made three sizes larger. Is that possible?", "more than two sizes", "final sale"),
        ("A client bought a pendant 45 days ago and wants her money back. Can she get a refund?", "Between day 31 and day 60", "above $10,000"),
    ],
)
def test_the_sentence_that_answers_is_quoted(copilot: Copilot, question: str, answer: str, not_quoted: str) -> None:
    result = copilot.ask(question)
    assert not result.refused, result.refusal_reason
    quotes = " | ".join(c.quote for c in result.citations)
    assert answer in quotes
    assert not_quoted not in quotes


def test_a_yes_no_question_is_still_answered_by_the_rule_that_forbids(copilot: Copilot) -> None:
    # "Can ...?" asks whether it is allowed: the prohibition is the answer, not a sentence to pass over.
    result = copilot.ask("Can a client clean her emerald ring with steam?")
    assert "must never be cleaned by ultrasonic or steam" in " | ".join(c.quote for c in result.citations)


def test_an_elliptical_follow_up_asks_what_the_previous_question_asked(copilot: Copilot) -> None:
    first = copilot.ask("How long does a client have to return a piece for a refund?", conversation_id="c-1")
    assert "within 30 calendar days" in first.citations[0].quote
    follow_up = copilot.ask("And to exchange it?", conversation_id="c-1")
    assert "exchanged within 60 calendar days" in " | ".join(c.quote for c in follow_up.citations)
    assert "only once" not in " | ".join(c.quote for c in follow_up.citations)


def test_a_manual_answer_whose_best_sentence_scores_below_the_floor_is_refused(
    settings: Settings, copilot: Copilot, factory: Callable[[Settings], Copilot]
) -> None:
    question = "How should a client clean an emerald ring at home?"
    retrieval = copilot.retrieval_for(question)
    assert retrieval is not None
    best = max(s.score for s in copilot.composer.compose(question, retrieval))
    index = IndexDB(settings.index_db)
    assert ExtractiveComposer(index, ComposerThresholds(min_score=best - 0.01)).compose(question, retrieval)
    assert ExtractiveComposer(index, ComposerThresholds(min_score=best + 0.01)).compose(question, retrieval) == []
    # and the service says so, instead of quoting the sentence that only brushes the question
    floored = factory(settings.model_copy(update={"min_answer_score": best + 0.01}))
    result = floored.ask(question)
    assert result.refused and result.citations == []
