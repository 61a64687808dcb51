"""Manuals of a house's own kinds, hard-wrapped at 80 and 100 columns (tests/fixtures/house_manuals),
ingested alone without edits: answered with whole sentences quoted, never a quote cut at a line break."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.documents import MANUALS


@pytest.fixture(scope="module")
def copilot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, factory: Callable[[Settings], Copilot]) -> Copilot:
    root = tmp_path_factory.mktemp("house_manuals")
    corpus = root / "corpus"
    shutil.copytree(MANUALS, corpus)
    settings = Settings(data_dir=root / "data")
    report = make_ingestor(settings, embedder=lambda: embedder).ingest([corpus])
    assert report.invalid == []
    return factory(settings)


@pytest.mark.parametrize(
    ("question", "fact", "doc_type"),
    [
        ("how long does retipping a platinum prong take and what does it cost?", "USD 180 per prong", "service_policy"),
        ("when does a ring have to go to the Paris Atelier to be sized?", "1.8 mm thick", "service_policy"),
        ("a client's pearl strand is 70 cm long, how is it restrung?", "two sessions", "service_policy"),
        ("what can a client do at home to clean her pearls?", "never soak them", "faq"),
    ],
)
def test_a_wrapped_sentence_is_answered_and_quoted_whole(copilot: Copilot, question: str, fact: str, doc_type: str) -> None:
    result = copilot.ask(question)
    assert not result.refused, result.answer
    quotes = [c.quote for c in result.citations]
    assert any(fact in q for q in quotes), quotes
    assert any(c.doc_type == doc_type for c in result.citations)
    for quote in quotes:
        assert "\n" not in quote and quote.rstrip()[-1] in ".!?:|", quote  # a whole sentence, never cut mid-clause
