"""Build the `Copilot` from `Settings`: loads the model and opens the index once per process."""

from __future__ import annotations

from copilot.ask.composer import ExtractiveComposer
from copilot.ask.conversation import ConversationStore
from copilot.ask.identifiers import IdentifierFinder
from copilot.ask.pipeline import Copilot
from copilot.ask.retriever import HybridRetriever
from copilot.errors import InputError
from copilot.settings import Settings
from ingestion.embedder import Embedder
from ingestion.index_db import IndexDB
from ingestion.vector_store import VectorStore


def build_copilot(settings: Settings, embedder: Embedder | None = None) -> Copilot:
    if not settings.index_db.exists():
        raise InputError(f"no index in {settings.data_dir}: run `copilot ingest data/sample` first")
    index = IndexDB(settings.index_db)
    embedder = embedder or Embedder(settings.embedding_model_path, settings.embed_batch_size)
    retriever = HybridRetriever(
        index=index,
        vectors=VectorStore(settings.chroma_dir, settings.collection, settings.upsert_batch_size),
        embedder=embedder,
        names=IdentifierFinder(index.piece_names()),
        top_k=settings.top_k,
        candidates=max(settings.retrieval_candidates, settings.top_k),
    )
    return Copilot(
        retriever=retriever,
        composer=ExtractiveComposer(index, min_similarity=settings.min_similarity),
        conversations=ConversationStore(settings.conversation_ttl_seconds),
        max_question_chars=settings.max_question_chars,
        refusal_contact=settings.refusal_contact,
    )
