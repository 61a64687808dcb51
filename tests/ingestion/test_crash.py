"""kill -9 at any moment of an ingest, then a re-run: the index equals the one a clean run builds. The
ingests that are killed are `copilot ingest` processes; the clean run and the re-run are the same
ingest in this process (the model already loaded), so only what must be a process pays for one."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from ingestion.index_db import IndexDB
from ingestion.vector_store import VectorStore
from tests.support.corpus import piece, write_certificate, write_pieces

pytestmark = [
    pytest.mark.slow,
    pytest.mark.embedded_only("the kills are timed on embedded Chroma's and index.sqlite's rows, read from their files"),
]


def _corpus(root: Path) -> Path:
    write_pieces(root / "catalog" / "pieces.csv", [piece(f"AUR-RG-{n:04d}", price_usd=str(1000 + n)) for n in range(600)])
    for n in range(150):
        write_certificate(root / "certificates", f"{2200000000 + n}", carat=round(0.3 + n / 100, 2))
    return root


def _start(corpus: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COPILOT_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "copilot.cli", "ingest", str(corpus)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _ingest(corpus: Path, data_dir: Path, embedder: Embedder) -> None:
    report = make_ingestor(Settings(data_dir=data_dir), embedder=lambda: embedder).ingest([corpus])
    assert report.invalid == []


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _kill_when(
    proc: subprocess.Popen[bytes], db: Path, sql: str, threshold: int, delay: float, timeout: float = 240
) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if _count(db, sql) >= threshold:
            time.sleep(delay)
            if proc.poll() is not None:
                break
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.wait()
    return False


def _state(data_dir: Path) -> tuple[dict[str, str], dict[str, str], set[str]]:
    settings = Settings(data_dir=data_dir)
    index = IndexDB(settings.index_db)
    states = {e.state for e in index.files().values()}
    return VectorStore(settings.chroma_dir, settings.collection).all_ids_and_hashes(), index.all_ids_and_hashes(), states


def test_kill_9_at_several_moments_then_rerun_equals_a_clean_run(tmp_path: Path, embedder: Embedder) -> None:
    corpus = _corpus(tmp_path / "corpus")
    clean_dir, crashed_dir = tmp_path / "clean", tmp_path / "crashed"
    _ingest(corpus, clean_dir, embedder)
    clean_chroma, clean_sqlite, _ = _state(clean_dir)
    assert len(clean_chroma) == 750 and clean_chroma == clean_sqlite

    db = crashed_dir / "index.sqlite"
    kills = [
        # while the 600-row catalog is being embedded: partly in Chroma, not yet in SQLite
        (crashed_dir / "chroma" / "chroma.sqlite3", "SELECT COUNT(*) FROM embeddings_queue", 256, 0.0),
        # among the certificates, one file at a time
        (db, "SELECT COUNT(*) FROM files WHERE state='done'", 40, 0.0),
        (db, "SELECT COUNT(*) FROM files WHERE state='done'", 120, 0.05),
    ]
    killed = 0
    for n, (watched, sql, threshold, delay) in enumerate(kills):
        killed += _kill_when(_start(corpus, crashed_dir), watched, sql, threshold, delay)
        if n == 0:
            # Proof the first kill landed mid-write: vectors exist that SQLite does not know yet.
            in_chroma = _count(crashed_dir / "chroma" / "chroma.sqlite3", "SELECT COUNT(*) FROM embeddings_queue")
            assert in_chroma > 0 and _count(db, "SELECT COUNT(*) FROM chunks") == 0
    assert killed >= 2, "the ingest finished before it could be killed: the test proves nothing"
    _ingest(corpus, crashed_dir, embedder)

    chroma, sqlite, states = _state(crashed_dir)
    assert chroma == clean_chroma
    assert sqlite == clean_sqlite
    assert states == {"done"}
