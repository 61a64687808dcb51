"""Corruption is never silent: a damaged index keeps the service not ready with a 503 naming the file
and the fix, `copilot doctor` says the same, `copilot ingest --rebuild` repairs it; a damaged approval
queue stops `copilot serve`; `copilot backup` copies what cannot be rebuilt."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.cli import app as cli
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.vector_store import VectorStore
from tests.support.backends import on_servers
from tests.support.server import ASSOCIATE_KEY, http_client, ingest_small_corpus, live_server, wait_until

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture
def data(indexed: Settings, tmp_path: Path, embedder: Embedder) -> Settings:
    """A copy of the small corpus's index, to damage; its queue and feedback start empty (the shared
    server's tests fill the original's). On servers a copy of the files would share the original's
    collection, so the corpus is indexed afresh into this test's own."""
    # The damage is done to a copy no process holds open: an open connection would write its
    # write-ahead log back over an emptied index.sqlite.
    source = ingest_small_corpus(tmp_path / "fresh", embedder) if on_servers() else indexed
    copy = tmp_path / "data"
    shutil.copytree(source.data_dir, copy, ignore=shutil.ignore_patterns("approvals.sqlite*", "feedback.sqlite*", "slack.sqlite*"))
    return source.model_copy(update={"data_dir": copy})


def _not_ready_reason(settings: Settings, factory: Callable[[Settings], Copilot]) -> str:
    with live_server(create_app(settings, copilot_factory=factory), ready=False) as url:
        wait_until(lambda: "copilot is still loading" not in httpx.get(f"{url}/readyz").text, "never decided")
        ready = httpx.get(f"{url}/readyz")
        with http_client(url, ASSOCIATE_KEY) as c:
            asked = c.post("/v1/ask", json={"question": "What is the clarity of AUR-RG-0001?"})
    assert ready.status_code == 503 and asked.status_code == 503, (ready.text, asked.text)
    return str(ready.json()["detail"])


def _doctor(settings: Settings) -> tuple[int, str]:
    done = runner.invoke(cli, ["doctor", "--data-dir", str(settings.data_dir)])
    return done.exit_code, done.output


def test_an_empty_index_is_not_ready_and_says_which_file_and_how_to_fix_it(
    data: Settings, factory: Callable[[Settings], Copilot]
) -> None:
    data.index_db.write_bytes(b"")
    reason = _not_ready_reason(data, factory)
    assert str(data.index_db) in reason and "empty" in reason and "copilot ingest --rebuild" in reason
    code, out = _doctor(data)
    assert code == 1 and str(data.index_db) in out


def test_a_garbled_index_is_not_ready_and_ingest_and_stats_say_so_without_a_traceback(
    data: Settings, factory: Callable[[Settings], Copilot], tmp_path: Path
) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(data.index_db) + suffix).unlink(missing_ok=True)
    raw = bytearray(data.index_db.read_bytes())
    raw[:100] = b"\xde\xad\xbe\xef" * 25  # the header: SQLite no longer knows the file
    data.index_db.write_bytes(bytes(raw))
    reason = _not_ready_reason(data, factory)
    assert str(data.index_db) in reason and "not a readable SQLite database" in reason
    for command in (["stats"], ["ingest", str(tmp_path)]):
        done = runner.invoke(cli, [*command, "--data-dir", str(data.data_dir)])
        assert done.exit_code == 2 and "Traceback" not in done.output, done.output
        assert "copilot ingest --rebuild" in done.output


@pytest.mark.embedded_only("deletes the chroma/ folder of the data dir")
def test_a_deleted_vector_store_is_not_ready_refused_by_ingest_and_repaired_by_rebuild(
    data: Settings, indexed: Settings, factory: Callable[[Settings], Copilot]
) -> None:
    corpus = indexed.data_dir.parent / "corpus"
    shutil.rmtree(data.chroma_dir)
    reason = _not_ready_reason(data, factory)
    assert str(data.chroma_dir) in reason and "missing" in reason

    refused = runner.invoke(cli, ["ingest", str(corpus), "--data-dir", str(data.data_dir)])
    assert refused.exit_code == 2 and "copilot ingest --rebuild" in refused.output
    rebuilt = runner.invoke(cli, ["ingest", "--rebuild", str(corpus), "--data-dir", str(data.data_dir)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert _doctor(data) == (0, f"{data.data_dir}: index, vectors, approvals and feedback are whole.\n")
    with live_server(create_app(data, copilot_factory=factory)) as url, http_client(url, ASSOCIATE_KEY) as c:
        answer = c.post("/v1/ask", json={"question": "What is the clarity of AUR-RG-0001?"}).json()
    assert not answer["refused"] and "VS1" in answer["answer"]


def test_vectors_missing_for_one_file_are_named(data: Settings, factory: Callable[[Settings], Copilot]) -> None:
    VectorStore(data.chroma_location, data.collection).collection.delete(ids=["product:AUR-RG-0002"])
    code, out = _doctor(data)
    assert code == 1 and "pieces.csv has 3 chunks in index.sqlite but 2 vectors in Chroma" in " ".join(out.split())


def _hold_one_approval(settings: Settings) -> None:
    from guardrails.approvals import ApprovalQueue, create_approvals_engine, default_url

    queue = ApprovalQueue(create_approvals_engine(default_url(settings.data_dir)), redact=str)
    queue.create(kind="client_draft", created_by="key-1", trace_id="t1", question="q", draft="Dear <PERSON_1>,")
    queue.create(kind="client_draft", created_by="key-1", trace_id="t2", question="q", draft="Dear <PERSON_2>,")


def _serve_refuses(settings: Settings) -> str:
    done = runner.invoke(cli, ["serve", "--port", "1", "--data-dir", str(settings.data_dir)])
    assert done.exit_code == 2, done.output
    return " ".join(done.output.split())


@pytest.mark.embedded_only("empties and truncates the approvals.sqlite file")
def test_an_emptied_or_truncated_approval_queue_stops_the_service_instead_of_starting_a_new_one(data: Settings) -> None:
    _hold_one_approval(data)
    queue_file = data.data_dir / "approvals.sqlite"
    with closing(sqlite3.connect(queue_file)) as db, db:
        db.execute("DELETE FROM approvals")  # ids 1 and 2 would be handed out again
    message = _serve_refuses(data)
    assert str(queue_file) in message and "2 approvals (ids 1 to 2) are in the audit log but gone" in message
    assert "copilot backup" in message

    for suffix in ("-wal", "-shm"):
        Path(str(queue_file) + suffix).unlink(missing_ok=True)
    queue_file.write_bytes(b"")
    assert "the file is empty (0 bytes)" in _serve_refuses(data)


@pytest.mark.embedded_only("copies and restores the approvals.sqlite and feedback.sqlite files")
def test_backup_copies_the_queue_and_feedback_consistently_and_a_restore_is_whole(data: Settings, tmp_path: Path) -> None:
    _hold_one_approval(data)
    from guardrails.feedback import FeedbackStore, default_url

    FeedbackStore.at_url(default_url(data.data_dir), redact=str).record(trace_id="t1", user_id="key-1", kind="rating", value="up")
    done = runner.invoke(cli, ["backup", str(tmp_path / "backup"), "--data-dir", str(data.data_dir)])
    assert done.exit_code == 0, done.output
    assert {p.name for p in (tmp_path / "backup").iterdir()} == {"approvals.sqlite", "feedback.sqlite"}

    queue_file = data.data_dir / "approvals.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(str(queue_file) + suffix).unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup" / "approvals.sqlite", queue_file)  # the restore, as docs/hardening.md says
    assert _doctor(data)[0] == 0
    with closing(sqlite3.connect(queue_file)) as db:
        assert [r[0] for r in db.execute("SELECT id FROM approvals ORDER BY id")] == [1, 2]


@pytest.mark.embedded_only("deletes the approvals.sqlite file (the PostgreSQL case: tests/guardrails/test_approvals_integrity.py)")
def test_an_approval_queue_deleted_outright_stops_the_service(data: Settings) -> None:
    from guardrails.approvals import ApprovalQueue, QueueMarker, create_approvals_engine

    queue = ApprovalQueue(create_approvals_engine(data.approvals_db_url), redact=str,
                          marker=QueueMarker(data.approvals_marker, data.approvals_db_url))
    for n in range(2):
        queue.create(kind="client_draft", created_by="key-1", trace_id=f"t{n}", question="q", draft="Dear <PERSON_1>,")
    queue_file = data.data_dir / "approvals.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{queue_file}{suffix}").unlink(missing_ok=True)
    message = _serve_refuses(data)
    assert str(queue_file) in message and "is gone, but it had given ids up to 2" in message
    assert _doctor(data)[0] == 1
