"""Shared fixtures: the real embedding model (loaded once per session) and a small corpus; tests that
load the model, presidio or a browser are marked slow here, so `pytest -m "not slow"` is a fast loop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from tests.support.corpus import write_small_corpus

# Fixtures that load something heavy: a test using any of them, directly or through another fixture, is slow.
HEAVY_FIXTURES = frozenset({"embedder", "analyzer", "redactor", "page", "browser"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


MakeIngestor = Callable[..., object]
