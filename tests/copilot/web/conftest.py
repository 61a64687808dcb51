"""The tablet under test: the real app (real model, small real index with the Brand Tone Guide, so client
drafts work) served by uvicorn on a free localhost port, once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext

from copilot.api.app import create_app
from copilot.ask.factory import build_copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.browser import chromium
from tests.support.corpus import piece, write_certificate, write_pieces, write_policy
from tests.support.server import TONE_GUIDE, live_server
from tests.support.tablet import LANDSCAPE, NewContext


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    root = tmp_path_factory.mktemp("web")
    corpus = root / "corpus"
    write_pieces(
        corpus / "catalog" / "pieces.csv",
        [
            piece("AUR-RG-0001", certificate_number="2214587390", certificate_lab="Meridian Gemological Laboratory"),
            piece("AUR-RG-0002", center_carat="0.71", center_color="E", price_usd="9100"),
        ],
    )
    write_certificate(corpus / "certificates", "2214587390")
    write_policy(corpus / "policies")
    shutil.copy(TONE_GUIDE, corpus / "policies" / TONE_GUIDE.name)
    settings = Settings(data_dir=root / "data", wrong_key_limit=1_000_000)  # the lockout is tested in tests/copilot
    report = make_ingestor(settings, embedder=lambda: embedder).ingest([corpus])
    assert report.invalid == []
    return settings


@pytest.fixture(scope="session")
def web_url(web_settings: Settings, embedder: Embedder) -> Iterator[str]:
    app = create_app(web_settings, copilot_factory=lambda s: build_copilot(s, embedder=embedder))
    with live_server(app) as url:
        yield url


@pytest.fixture(scope="module")  # closed before another module drives its own Chromium
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def new_context(browser: Browser) -> Iterator[NewContext]:
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] = LANDSCAPE, **options: object) -> BrowserContext:
        # reduced motion: scrolling is instant, so a screenshot never catches the page mid-scroll
        context = browser.new_context(
            viewport=viewport, has_touch=True, device_scale_factor=1, reduced_motion="reduce", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
