"""The vectors on a Chroma server (COPILOT_CHROMA_URL) instead of embedded: ingest into it, answer from
it with a citation, check and rebuild it through the client; a server that does not answer is named,
with the fix, by the service (503, never a 500) and by every command (no traceback)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.cli import app as cli
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import vector_store
from ingestion.index_db import IndexDB
from ingestion.vector_store import open_chroma
from tests.support.chroma import chroma_bin, free_port, running_chroma
from tests.support.server import ASSOCIATE_KEY, http_client, ingest_small_corpus, live_server, wait_until

pytestmark = pytest.mark.slow
runner = CliRunner()
QUESTION = "What is the clarity of AUR-RG-0001?"


def _cli(*args: str) -> tuple[int, str]:
    done = runner.invoke(cli, list(args))
    return done.exit_code, " ".join(done.output.split())


def test_a_corpus_ingested_into_a_chroma_server_is_answered_from_it_with_a_citation_and_rebuilt(
    chroma_server: str, embedder: Embedder, factory: Callable[[Settings], Copilot], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COPILOT_CHROMA_URL", chroma_server)
    settings = ingest_small_corpus(tmp_path, embedder)
    assert settings.chroma_url == chroma_server
    assert not settings.chroma_dir.exists()  # nothing embedded on the side
    chunks = sum(row[2] for row in IndexDB(settings.index_db).counts_by_doc_type())
    assert chunks > 0 and vector_store(settings).count() == chunks

    data = str(settings.data_dir)
    assert _cli("doctor", "--data-dir", data) == (0, f"{data}: index, vectors, approvals and feedback are whole.")
    with live_server(create_app(settings, copilot_factory=factory)) as url, http_client(url, ASSOCIATE_KEY) as c:
        assert httpx.get(f"{url}/readyz").status_code == 200
        answer = c.post("/v1/ask", json={"question": QUESTION}).json()
    assert not answer["refused"] and "VS1" in answer["answer"], answer
    assert answer["citations"] and answer["citations"][0]["doc_id"]

    # The collection gone from the server: said so, with the URL; an incremental ingest refuses; --rebuild repairs.
    open_chroma(chroma_server).delete_collection(settings.collection)
    code, out = _cli("doctor", "--data-dir", data)
    assert code == 1 and chroma_server in out and "missing or empty" in out, out
    corpus = str(tmp_path / "corpus")
    code, out = _cli("ingest", corpus, "--data-dir", data)
    assert code == 2 and chroma_server in out and "copilot ingest --rebuild" in out, out
    code, out = _cli("ingest", "--rebuild", corpus, "--data-dir", data)
    assert code == 0, out
    assert vector_store(settings).count() == chunks
    assert _cli("doctor", "--data-dir", data)[0] == 0


@pytest.fixture
def unreachable(indexed: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A copy of the small corpus's index, with COPILOT_CHROMA_URL naming a port where nothing listens."""
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("COPILOT_CHROMA_URL", url)
    copy = tmp_path / "data"
    shutil.copytree(indexed.data_dir, copy, ignore=shutil.ignore_patterns("approvals.sqlite*", "feedback.sqlite*", "slack.sqlite*"))
    return indexed.model_copy(update={"data_dir": copy, "chroma_url": url})


def test_an_unreachable_chroma_server_keeps_the_service_not_ready_naming_the_url_and_the_fix(
    unreachable: Settings, factory: Callable[[Settings], Copilot]
) -> None:
    url = str(unreachable.chroma_url)
    with live_server(create_app(unreachable, copilot_factory=factory), ready=False) as base:
        wait_until(lambda: "copilot is still loading" not in httpx.get(f"{base}/readyz").text, "never decided")
        ready = httpx.get(f"{base}/readyz")
        with http_client(base, ASSOCIATE_KEY) as c:
            asked = c.post("/v1/ask", json={"question": QUESTION})
    assert ready.status_code == 503 and asked.status_code == 503, (ready.text, asked.text)
    reason = str(ready.json()["detail"])
    assert url in reason and "does not answer" in reason and "chroma run" in reason and "COPILOT_CHROMA_URL" in reason


def test_an_unreachable_chroma_server_is_named_by_every_command_without_a_traceback(unreachable: Settings) -> None:
    url, data = str(unreachable.chroma_url), str(unreachable.data_dir)
    corpus = str(unreachable.data_dir.parent)
    for args, expected in (
        (["doctor"], 1), (["stats"], 2), (["ingest", corpus], 2), (["ingest", "--rebuild", corpus], 2),
        (["ask", QUESTION], 2),
    ):
        code, out = _cli(*args, "--data-dir", data)
        assert code == expected and url in out and "does not answer" in out and "Traceback" not in out, (args, out)
    assert unreachable.index_db.exists()  # a rebuild that cannot reach the server deletes nothing



def test_a_chroma_server_lost_while_serving_makes_readyz_and_ask_503_naming_it_not_a_500(
    embedder: Embedder, factory: Callable[[Settings], Copilot], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    binary = chroma_bin()
    assert binary is not None, "the `chroma` command (chromadb's server) was not found"
    with running_chroma(binary) as server:  # its own server: this test stops it
        chroma = server.url
        monkeypatch.setenv("COPILOT_CHROMA_URL", chroma)
        settings = ingest_small_corpus(tmp_path, embedder)
        with live_server(create_app(settings, copilot_factory=factory)) as url, http_client(url, ASSOCIATE_KEY) as c:
            assert c.post("/v1/ask", json={"question": QUESTION}).status_code == 200
            assert httpx.get(f"{url}/readyz").status_code == 200
            server.stop()
            lost = c.post("/v1/ask", json={"question": QUESTION})
            ready = httpx.get(f"{url}/readyz")
    for response in (lost, ready):
        assert response.status_code == 503, response.text
        assert chroma in response.json()["detail"] and "does not answer" in response.json()["detail"]
