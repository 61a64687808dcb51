"""`copilot serve --workers 2`: whichever worker answers, a conversation keeps its piece in focus and its
client's name (restored in a draft, and in the held draft read back later), feedback on an answer is
accepted, and the wrong-key lockout holds. Each request goes on a new connection, and the server log
(each line names its process) says which worker answered which trace."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ingestion.embedder import Embedder
from tests.support.server import API_KEYS, ASSOCIATE_KEY, OTHER_ASSOCIATE_KEY, REPO, ingest_small_corpus, wait_until

pytestmark = pytest.mark.slow

WRONG_KEY_LIMIT = 3
CLIENTS = ("Jane Doe", "Henrietta Whitcombe", "Olivia Marchetti", "Thomas Beaumont")
ROUNDS = 3  # each conversation goes through its turns this many times


@dataclass(frozen=True)
class Served:
    url: str
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Served]:
    settings = ingest_small_corpus(tmp_path_factory.mktemp("workers"), embedder)
    port, log = _free_port(), settings.data_dir.parent / "serve.log"
    env = {
        **os.environ,
        "COPILOT_DATA_DIR": str(settings.data_dir),
        "COPILOT_API_KEYS": json.dumps({k: v.model_dump() for k, v in API_KEYS.items()}),
        "COPILOT_WRONG_KEY_LIMIT": str(WRONG_KEY_LIMIT),
        "HF_HUB_OFFLINE": "1",
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from copilot.cli import app; app()", "serve", "--workers", "2", "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            # Both workers say when their copilot is built; only then does every request find one ready.
            try:
                wait_until(lambda: len(_ready_workers(log)) == 2 or proc.poll() is not None, "", timeout=240)
            except AssertionError:
                raise AssertionError(f"the workers were not ready in 240 s:\n{log.read_text()}") from None
            assert proc.poll() is None, log.read_text()
            yield Served(f"http://127.0.0.1:{port}", log)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    assert (settings.data_dir / "shared_state.sqlite").exists()


def _ready_workers(log: Path) -> set[str]:
    return set(re.findall(r"\[(\d+)\] copilot ready", log.read_text(encoding="utf-8", errors="replace")))


def _post(url: str, key: str, path: str, body: dict) -> httpx.Response:
    # A new connection each time, so the kernel hands it to either worker.
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}", "Connection": "close"}, timeout=60) as c:
        return c.post(path, json=body)


def _get(url: str, key: str, path: str) -> httpx.Response:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}", "Connection": "close"}, timeout=60) as c:
        return c.get(path)


def _ask(url: str, question: str, conversation_id: str | None = None, key: str = ASSOCIATE_KEY) -> dict:
    body: dict[str, object] = {"question": question} | ({"conversation_id": conversation_id} if conversation_id else {})
    response = _post(url, key, "/v1/ask", body)
    assert response.status_code == 200, response.text
    return response.json()


def _conversation(url: str, client: str) -> list[str]:
    """One associate's conversation about one client; every turn checked; returns its traces in order."""
    first = _ask(url, f"Draft a follow-up note to Mrs. {client} about the price of AUR-RG-0001")
    assert client in first["display_answer"] and client not in first["answer"], first["answer"]
    conversation, traces = first["conversation_id"], [first["trace_id"]]
    for _ in range(ROUNDS):
        price = _ask(url, "What is the price of AUR-RG-0002?", conversation)
        follow = _ask(url, "Can it be resized?", conversation)
        assert "product:AUR-RG-0002" in {c["doc_id"] for c in follow["citations"]}, "the piece in focus was lost"
        note = _ask(url, "Draft a thank-you note to <PERSON_1> about AUR-RG-0001", conversation)
        assert client in note["display_answer"], "the client's name was not restored"
        held = _get(url, ASSOCIATE_KEY, f"/v1/approvals/{first['approval_id']}")
        assert held.status_code == 200 and client in held.json()["display_text"]
        rated = _post(url, ASSOCIATE_KEY, "/v1/feedback", {"trace_id": price["trace_id"], "rating": "up"})
        assert rated.status_code == 201, rated.text
        traces += [price["trace_id"], follow["trace_id"], note["trace_id"]]
    # Someone else sending the same id reaches nothing of it, on any worker.
    probe = _ask(url, "Draft a thank-you note to <PERSON_1> about AUR-RG-0001", conversation, key=OTHER_ASSOCIATE_KEY)
    assert client not in probe["display_answer"]
    return traces


def test_a_conversation_continues_whichever_worker_answers(served: Served) -> None:
    with ThreadPoolExecutor(len(CLIENTS)) as pool:
        conversations = list(pool.map(lambda client: _conversation(served.url, client), CLIENTS))

    worker_of = {trace: pid for pid, trace in re.findall(r"\[(\d+)\] ask trace_id=(\w+)", served.log.read_text(encoding="utf-8"))}
    answered = [[worker_of[trace] for trace in traces] for traces in conversations]
    assert len({pid for workers in answered for pid in workers}) == 2, "one worker answered everything"
    switches = sum(a != b for workers in answered for a, b in zip(workers, workers[1:], strict=False))
    assert switches >= 3, f"too few turns answered by another worker than the turn before: {answered}"


def test_the_wrong_key_lockout_holds_on_every_worker(served: Served) -> None:
    for n in range(WRONG_KEY_LIMIT):
        assert _post(served.url, f"guess-{n}-{time.time_ns()}", "/v1/ask", {"question": "x"}).status_code == 401
    # Until both workers have refused the right key (the kernel spreads new connections unevenly), at most 80 tries.
    start, refusing, statuses = served.log.stat().st_size, set(), []
    while len(refusing) < 2 and len(statuses) < 80:
        statuses.append(_post(served.url, ASSOCIATE_KEY, "/v1/ask", {"question": "Can rings be resized?"}).status_code)
        with served.log.open(encoding="utf-8") as fh:
            fh.seek(start)
            refusing = set(re.findall(r"\[(\d+)\] .*\"POST /v1/ask HTTP/1.1\" 429", fh.read()))
    assert set(statuses) == {429}, statuses
    assert len(refusing) == 2, f"only one worker was asked in {len(statuses)} tries"
