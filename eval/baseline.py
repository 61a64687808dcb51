"""The naive RAG baseline the copilot is measured against: LangChain's Chroma over the same
collection, top-5 similarity search, the top chunk returned verbatim as the answer. It never refuses."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from copilot.core.errors import InputError
from copilot.core.settings import Settings
from copilot.core.types import AskResult, Citation, Filters, Passage
from ingestion.embedder import Embedder
from ingestion.vector_store import open_chroma


class EmbedderEmbeddings(Embeddings):
    """Our `Embedder` behind LangChain's `Embeddings` interface, so the baseline shares the loaded model."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed_query(text)


class NaiveBaseline:
    """Answers like `Copilot.ask` so both run through the same evaluation loop; keeps no conversation."""

    def __init__(self, settings: Settings, embedder: Embedder, k: int = 5) -> None:
        from langchain_chroma import Chroma

        if k <= 0:
            raise ValueError("k must be positive")
        if isinstance(settings.chroma_location, Path) and not settings.chroma_dir.exists():
            raise InputError(f"no Chroma index in {settings.chroma_dir}: run `copilot ingest data/sample` first")
        # The client of ingestion.vector_store: Chroma refuses two clients of one path with different settings.
        client = open_chroma(settings.chroma_location)
        self._store = Chroma(
            client=client,
            collection_name=settings.collection,
            embedding_function=EmbedderEmbeddings(embedder),
            create_collection_if_not_exists=False,
        )
        self.k = k

    def ask(self, question: str, conversation_id: str | None = None, filters: Filters | None = None) -> AskResult:
        started = time.perf_counter()
        docs = self._store.similarity_search(question, k=self.k)
        retrieved = time.perf_counter()
        passages = [_passage(doc) for doc in docs]
        result = AskResult(
            answer=passages[0].text if passages else "",
            citations=[_citation(passages[0])] if passages else [],
            refused=False,
            refusal_reason=None,
            requires_approval=False,
            trace_id=uuid.uuid4().hex,
            conversation_id=conversation_id or uuid.uuid4().hex,
            passages=passages,
        )
        result.timings_ms = {"retrieve": _ms(retrieved - started), "total": _ms(time.perf_counter() - started)}
        return result


def _passage(doc: Document) -> Passage:
    meta = {k: str(v) for k, v in doc.metadata.items()}
    return Passage(
        chunk_id=doc.id or "",
        doc_id=meta.get("doc_id", ""),
        doc_type=meta.get("doc_type", ""),
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        section=meta.get("section", ""),
        text=doc.page_content,
        metadata=meta,
        score=0.0,
        similarity=0.0,  # similarity_search does not return it
    )


def _citation(p: Passage) -> Citation:
    return Citation(1, p.doc_id, p.doc_type, p.title, p.source, p.section, quote=p.text, score=0.0)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
