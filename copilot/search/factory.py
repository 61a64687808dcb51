"""Build the search once per process from the index the copilot already opened (its embedder and Chroma)."""

from __future__ import annotations

from collections.abc import Callable

from copilot.ask.understanding import SpellingCorrector
from copilot.search.engine import CatalogIndex, CatalogSearch
from copilot.search.service import SearchService
from ingestion.embedder import Embedder
from ingestion.index_db import IndexDB
from ingestion.vector_store import VectorStore


def build_search(
    index: IndexDB, vectors: VectorStore | None, embedder: Embedder | None, spelling: Callable[[str], str] | None = None,
    limit: int = 10,
) -> SearchService:
    """`spelling` defaults to a corrector learnt from the catalog's words ("platnum" -> "platinum")."""
    catalog = CatalogIndex(index, vectors)
    if spelling is None:
        spelling = SpellingCorrector.from_texts(
            index.texts_of_doc_type("product") + index.texts_of_doc_type("loose_diamond")
        ).correct
    return SearchService(catalog, CatalogSearch(catalog, index, embedder, limit=limit), spelling)
