"""The dense index's query-time settings reach Chroma, on a new collection and on an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.vector_store import VectorStore


def ef_search(store: VectorStore) -> int:
    return int(store.collection.configuration["hnsw"]["ef_search"])


@pytest.mark.slow  # a subprocess or a fresh Chroma: seconds
def test_ef_search_is_applied_to_an_existing_collection_and_kept(tmp_path: Path) -> None:
    assert ef_search(VectorStore(tmp_path, "house_documents")) == 100  # Chroma's default
    assert ef_search(VectorStore(tmp_path, "house_documents", ef_search=800)) == 800
    assert ef_search(VectorStore(tmp_path, "house_documents")) == 800  # persisted, no rebuild needed


def test_ef_search_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ef_search must be positive"):
        VectorStore(tmp_path, "house_documents", ef_search=0)


def test_a_locked_database_delays_the_ef_search_setting_and_never_fails_the_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = VectorStore(tmp_path, "house_documents")
    calls: list[dict] = []

    def locked(configuration: dict) -> None:  # what Chroma raises while another process writes
        calls.append(configuration)
        raise RuntimeError("Database error: error returned from database: (code: 5) database is locked")

    monkeypatch.setattr(store.collection, "modify", locked)
    monkeypatch.setattr("ingestion.vector_store.time.sleep", lambda seconds: None)
    store._set_ef_search(2000)  # noqa: SLF001 - the retry is the point
    assert len(calls) == 6 and "stayed locked" in caplog.text
    assert store.query([0.0] * 384, 1) == []  # and the store still answers
