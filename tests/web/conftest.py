"""The tablet under test: the real app (real model, small real index with the Brand Tone Guide, so client
drafts work) served by uvicorn on a free localhost port, once per session."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from copilot.api.app import create_app
from copilot.ask.factory import build_copilot
from copilot.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.conftest import piece, write_certificate, write_pieces, write_policy
from tests.copilot.conftest import wait_until

REPO = Path(__file__).resolve().parents[2]
TONE_GUIDE = REPO / "data" / "sample" / "policies" / "brand_tone_guide.md"

ASSOCIATE_KEY = "dev-associate-key"
MANAGER_KEY = "dev-manager-key"


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a port the OS picks; yield its base URL once ready."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        wait_until(lambda: server.started, "uvicorn did not start")
        wait_until(lambda: httpx.get(f"{url}/readyz").status_code == 200, "the copilot did not become ready")
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()



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
