"""The dense index's query-time settings reach Chroma, on a new collection and on an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.vector_store import VectorStore


def ef_search(store: VectorStore) -> int:
    return int(store.collection.configuration["hnsw"]["ef_search"])


def test_ef_search_is_applied_to_an_existing_collection_and_kept(tmp_path: Path) -> None:
    assert ef_search(VectorStore(tmp_path, "house_documents")) == 100  # Chroma's default
    assert ef_search(VectorStore(tmp_path, "house_documents", ef_search=800)) == 800
    assert ef_search(VectorStore(tmp_path, "house_documents")) == 800  # persisted, no rebuild needed


def test_ef_search_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ef_search must be positive"):
        VectorStore(tmp_path, "house_documents", ef_search=0)
