"""Ingest on a bad day: a file over the size limit is skipped and said so, progress is plain lines when
nobody watches a terminal, and a full disk is reported in words while the index stays consistent."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli import app as cli
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from ingestion.vector_store import VectorStore
from tests.support.corpus import write_certificate, write_policy, write_small_corpus
from tests.support.disk import small_tmpfs

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_a_file_over_the_size_limit_is_skipped_with_a_clear_reason(tmp_path: Path, embedder: Embedder) -> None:
    corpus = write_small_corpus(tmp_path / "corpus")
    huge = "\n".join(f"Line {n} of a manual pasted many times over." for n in range(40_000))  # ~1.8 MB
    write_policy(corpus / "policies", "pasted_twice.md", "---\ndoc_type: policy\ntitle: Pasted\n---\n# Pasted\n" + huge)
    settings = Settings(data_dir=tmp_path / "data", max_ingest_file_mb=1)
    report = make_ingestor(settings, embedder=lambda: embedder).ingest([corpus])
    [skipped] = report.invalid
    assert skipped.source.endswith("pasted_twice.md")
    assert "over the 1 MB limit per file (COPILOT_MAX_INGEST_FILE_MB): skipped" in str(skipped)
    assert len(report.added) == 4  # the rest went in


def test_progress_is_plain_lines_when_not_on_a_terminal(tmp_path: Path) -> None:
    corpus = write_small_corpus(tmp_path / "corpus")
    done = runner.invoke(cli, ["ingest", str(corpus), "--data-dir", str(tmp_path / "data")])
    assert done.exit_code == 0, done.output
    assert "files 0/4, chunks 0/0: 4 files to read" in done.output
    assert "reading " in done.output and "\x1b[" not in done.output  # no bar, no escape codes


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with small_tmpfs(tmp_path / "disk", "400k") as mount:
        yield mount


def _index(data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    with closing(sqlite3.connect(data_dir / "index.sqlite")) as db:
        lexical = dict(db.execute("SELECT id, content_hash FROM chunks").fetchall())
    return lexical, VectorStore(data_dir / "chroma", "house_documents").all_ids_and_hashes()


@pytest.mark.embedded_only("the vectors must live on the full disk: embedded Chroma in DATA_DIR")
def test_a_full_disk_during_ingest_is_reported_in_words_and_a_rerun_completes_the_index(
    tmp_path: Path, small_disk: Path
) -> None:
    corpus = write_small_corpus(tmp_path / "corpus")
    for n in range(60):  # more index than the disk holds
        write_certificate(corpus / "certificates", f"{5000000000 + n}", carat=round(0.3 + n / 1000, 2))
    data = small_disk / "data"
    full = runner.invoke(cli, ["ingest", str(corpus), "--data-dir", str(data)])
    assert full.exit_code == 2, full.output
    message = " ".join(full.output.split())
    assert f"the disk holding DATA_DIR ({data}) is full (" in message and "MB free)" in message
    assert "Traceback" not in full.output

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    # Run again as a user does, in a new process: Chroma keeps a client per path for the process's life.
    again = subprocess.run(
        [sys.executable, "-m", "copilot.cli", "ingest", str(corpus), "--data-dir", str(data)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert again.returncode == 0, again.stderr
    clean = runner.invoke(cli, ["ingest", str(corpus), "--data-dir", str(tmp_path / "clean")])
    assert clean.exit_code == 0
    assert _index(data) == _index(tmp_path / "clean")
    assert runner.invoke(cli, ["doctor", "--data-dir", str(data)]).exit_code == 0
