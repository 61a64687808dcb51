"""The real app served by uvicorn on a free localhost port, the test API keys, and HTTP helpers."""

from __future__ import annotations

import logging
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from copilot.core.api_keys import ApiKey
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.corpus import write_small_corpus

REPO = Path(__file__).resolve().parents[2]
TONE_GUIDE = REPO / "data" / "sample" / "policies" / "brand_tone_guide.md"
ASSOCIATE_KEY = "test-associate-claire-9f2c"
OTHER_ASSOCIATE_KEY = "test-associate-hugo-41ab"
MANAGER_KEY = "test-manager-sophie-7d03"
# The development keys every fresh install has: the tablet tests sign in as a new user would.
DEV_ASSOCIATE_KEY = "dev-associate-key"
DEV_MANAGER_KEY = "dev-manager-key"
API_KEYS = {
    ASSOCIATE_KEY: ApiKey(role="associate", name="Claire Martin", boutique="Place Vendome"),
    OTHER_ASSOCIATE_KEY: ApiKey(role="associate", name="Hugo Bernard", boutique="Fifth Avenue"),
    MANAGER_KEY: ApiKey(role="manager", name="Sophie Renard", boutique="Place Vendome"),
}


def ingest_small_corpus(root: Path, embedder: Embedder) -> Settings:
    """3 pieces, 2 certificates, the resizing/returns policy and the Brand Tone Guide (client drafts
    need it), ingested under root/data; settings carry the test API keys."""
    corpus = write_small_corpus(root / "corpus")
    shutil.copy(TONE_GUIDE, corpus / "policies" / TONE_GUIDE.name)
    # The key tests send many wrong keys to this shared server on purpose; the lockout has its own server
    # (test_wrong_keys.py), so here it must never trip.
    settings = Settings(data_dir=root / "data", api_keys=API_KEYS, wrong_key_limit=1_000_000)
    report = make_ingestor(settings, embedder=lambda: embedder).ingest([corpus])
    assert report.invalid == []
    return settings


@contextmanager
def live_server(app: FastAPI, ready: bool = True, log_file: Path | None = None) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on a port the OS picks; yield its base URL. With `log_file`,
    everything the server logs (uvicorn's access log included) is also written there."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    # uvicorn (re)configures its loggers when the Config is built, so the capture starts after it.
    config = uvicorn.Config(app, log_level="info" if log_file else "warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    with _logs_to(log_file) if log_file else nullcontext():
        thread.start()
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        try:
            wait_until(lambda: server.started, "uvicorn did not start")
            if ready:
                wait_until(lambda: httpx.get(f"{url}/readyz").status_code == 200, "the copilot did not become ready")
            yield url
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()


@contextmanager
def _logs_to(path: Path) -> Iterator[None]:
    """The root logger at INFO and the project's own loggers at DEBUG, plus uvicorn's (which do not
    propagate), into `path`: more than `copilot serve` writes, so a leak in any of it is caught."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(threadName)s %(message)s"))
    levels = {"": logging.INFO, "copilot": logging.DEBUG, "guardrails": logging.DEBUG, "ingestion": logging.DEBUG}
    saved = {name: logging.getLogger(name).level for name in levels}
    attached = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access")]
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    for logger in attached:
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger in attached:
            logger.removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
        handler.close()


def wait_until(condition: Callable[[], bool], message: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.02)


def http_client(base_url: str, key: str | None = None) -> httpx.Client:
    """A client for `base_url` that sends `key` as a bearer token (none if None)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=base_url, headers=headers, timeout=30)
