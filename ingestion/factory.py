"""Build an `Ingestor` and the `VectorStore` from `Settings`: the one place that wires the index, Chroma and the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from copilot.core.settings import Settings
from ingestion.chunking import MarkdownChunker
from ingestion.embedder import Embedder
from ingestion.index_db import IndexDB
from ingestion.pipeline import Ingestor
from ingestion.vector_store import VectorStore

if TYPE_CHECKING:
    from guardrails.redaction import PiiRedactor


class LazyRedactor:
    """Loads presidio (seconds) only when a document about a client is actually ingested."""

    def __init__(self) -> None:
        self._redactor: PiiRedactor | None = None

    def __call__(self, text: str) -> str:
        if self._redactor is None:
            from guardrails.redaction import build_redactor

            self._redactor = build_redactor()
        return self._redactor.redact(text).text


def vector_store(settings: Settings, ef_search: int | None = None) -> VectorStore:
    """The collection where the settings put it: a Chroma server (COPILOT_CHROMA_URL) or DATA_DIR/chroma.
    `ef_search` is a query-time knob: the service sets it, an ingest leaves it as it is."""
    return VectorStore(settings.chroma_location, settings.collection, settings.upsert_batch_size, ef_search)


def make_ingestor(
    settings: Settings,
    embedder: Callable[[], Embedder] | None = None,
    redact: Callable[[str], str] | None = None,
) -> Ingestor:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Ingestor(
        index=IndexDB(settings.index_db),
        vectors=lambda: vector_store(settings),
        embedder=embedder or (lambda: Embedder(settings.embedding_model_path, settings.embed_batch_size)),
        chunker=MarkdownChunker(settings.chunk_tokens, settings.chunk_overlap_tokens, settings.tiktoken_encoding),
        client_data_doc_types=settings.client_data_doc_types,
        redact=redact or LazyRedactor(),
        max_file_bytes=int(settings.max_ingest_file_mb * 2**20),
    )
