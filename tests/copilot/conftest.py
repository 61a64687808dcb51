"""What the service tests share: the small corpus ingested on a temporary data dir, a real uvicorn on a
free port, the test API keys, and httpx clients holding an associate's or a manager's key."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from copilot.api.app import create_app
from copilot.ask.factory import build_copilot
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from guardrails.redaction.redactor import Analyzer
from ingestion.embedder import Embedder
from tests.support.server import (
    ASSOCIATE_KEY,
    MANAGER_KEY,
    OTHER_ASSOCIATE_KEY,
    http_client,
    ingest_small_corpus,
    live_server,
)


@pytest.fixture(scope="session")
def factory(embedder: Embedder, analyzer: Analyzer) -> Callable[[Settings], Copilot]:
    return lambda s: build_copilot(s, embedder=embedder, analyzer=analyzer)


@pytest.fixture(scope="session")
def indexed(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    return ingest_small_corpus(tmp_path_factory.mktemp("api"), embedder)


@pytest.fixture(scope="session")
def base_url(indexed: Settings, factory: Callable[[Settings], Copilot]) -> Iterator[str]:
    with live_server(create_app(indexed, copilot_factory=factory)) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    """An associate's client (Claire Martin, Place Vendome)."""
    with http_client(base_url, ASSOCIATE_KEY) as c:
        yield c


@pytest.fixture
def other_associate(base_url: str) -> Iterator[httpx.Client]:
    with http_client(base_url, OTHER_ASSOCIATE_KEY) as c:
        yield c


@pytest.fixture
def manager(base_url: str) -> Iterator[httpx.Client]:
    with http_client(base_url, MANAGER_KEY) as c:
        yield c


@pytest.fixture
def anonymous(base_url: str) -> Iterator[httpx.Client]:
    with http_client(base_url) as c:
        yield c
