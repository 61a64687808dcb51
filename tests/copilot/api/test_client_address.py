"""Who is the client: X-Forwarded-For is believed only from a configured proxy, so a client cannot
rotate it to escape the wrong-key lockout (nor name another client's address)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from copilot.cli import proxy_options
from copilot.core.settings import Settings
from tests.support.backends import backend_env
from tests.support.server import API_KEYS, ASSOCIATE_KEY, REPO, wait_until


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(indexed: Settings, tmp_path: Path) -> Iterator[str]:
    """`copilot serve` itself, in a subprocess, as an operator starts it: 3 wrong keys lock an address out."""
    port = _free_port()
    env = {
        **os.environ,
        "COPILOT_DATA_DIR": str(indexed.data_dir),
        "COPILOT_API_KEYS": json.dumps({k: v.model_dump() for k, v in API_KEYS.items()}),
        "COPILOT_WRONG_KEY_LIMIT": "3",
        "HF_HUB_OFFLINE": "1",
        **backend_env(indexed),
    }
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from copilot.cli import app; app()", "serve", "--port", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url), "copilot serve did not start", timeout=120)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.slow
def test_a_rotated_x_forwarded_for_does_not_escape_the_lockout_of_copilot_serve(served: str) -> None:
    with httpx.Client(base_url=served, timeout=30) as guesser:
        for n in range(3):
            spoofed = {"X-API-Key": f"guess-{n}", "X-Forwarded-For": f"203.0.113.{n + 1}"}
            assert guesser.post("/v1/ask", json={"question": "x"}, headers=spoofed).status_code == 401
        again = guesser.post(
            "/v1/ask", json={"question": "x"}, headers={"X-API-Key": ASSOCIATE_KEY, "X-Forwarded-For": "198.51.100.9"}
        )
    assert again.status_code == 429, "a locked-out address got in again by naming another in X-Forwarded-For"


def test_proxy_headers_are_off_unless_proxies_are_listed() -> None:
    assert proxy_options(Settings()) == {"proxy_headers": False}
    listed = Settings(trusted_proxies=["10.0.0.5", "10.1.0.0/16"])
    assert proxy_options(listed) == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.5,10.1.0.0/16"}
