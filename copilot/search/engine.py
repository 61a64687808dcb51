"""The search itself: constraints -> the records that meet them all -> ranked (free text by the hybrid of dense
and BM25 scores, as the retriever fuses them; else in stock here first, then anywhere, then by price) -> the
best ten, or, when none match, the constraint that emptied the set and the nearest records without it."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from copilot.search.catalog import Catalog, Record
from copilot.search.constraints import HERE, Constraints
from copilot.search.matching import first_emptying, matches
from copilot.search.vocabulary import CLARITY_SCALE, COLOR_SCALE, Vocabulary
from ingestion.embedder import Embedder
from ingestion.index_db import IndexDB
from ingestion.vector_store import VectorStore

RELOAD_CHECK_SECONDS = 2.0  # how often the index is asked whether an ingest changed it
FILTER_KEY_TO_CHIP = {
    "color_best": "color", "color_worst": "color", "clarity_best": "clarity", "clarity_worst": "clarity",
    "carat_min": "carat", "carat_max": "carat", "price_min": "price", "price_max": "price",
}


@dataclass
class SearchOutcome:
    constraints: Constraints  # with "here" resolved to the asker's boutique
    count: int
    hits: list[Record]  # the best `limit`, best first
    matched: list[str] = field(default_factory=list)  # every matching record's id, in rank order
    emptied_by: str = ""  # the chip key of the constraint after which nothing was left
    left_before: int = 0  # how many matched the constraints before that one
    nearest: list[Record] = field(default_factory=list)
    boutique: str = ""  # the asker's


class CatalogIndex:
    """The catalog and its vocabulary, read from the index at start and again after an ingest changes it."""

    def __init__(self, index: IndexDB, vectors: VectorStore | None) -> None:
        self._index = index
        self._vectors = vectors
        self._lock = threading.Lock()
        self._checked = 0.0
        self._marker: int | None = None
        self._rules: list[str] = []
        # SQLite's data_version changes when another connection commits (an ingest): an O(1) check, even on 54k reports.
        self._watch = sqlite3.connect(f"file:{index.path}?mode=ro", uri=True, check_same_thread=False)
        self.catalog: Catalog
        self.vocabulary: Vocabulary
        self.vectors: dict[str, np.ndarray] = {}
        self._load()

    def _index_marker(self) -> int:
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def _load(self) -> None:
        self._marker = self._index_marker()
        previous = getattr(self, "catalog", None)
        catalog = Catalog.from_index(self._index)
        rules = self._index.synonym_rules()
        if previous is not None and (previous.generation, self._rules) == (catalog.generation, rules):
            return  # the write was to a manual: keep the vocabulary and vectors
        self._rules = rules
        self.vocabulary = Vocabulary.build(catalog, rules)
        self.catalog = catalog
        self.vectors = self._record_vectors(catalog)
        self._checked = time.monotonic()

    def _record_vectors(self, catalog: Catalog) -> dict[str, np.ndarray]:
        """Embeddings of pieces and loose stones (the reports, up to 54k, are ranked by BM25 alone)."""
        if self._vectors is None:
            return {}
        ids = [r.chunk_id for r in (*catalog.pieces, *catalog.loose)]
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), 1000):
            got = self._vectors.collection.get(ids=ids[start : start + 1000], include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"], strict=True):
                v = np.asarray(vec, dtype=np.float32)
                out[cid] = v / (np.linalg.norm(v) or 1.0)
        return out

    def refresh(self) -> None:
        if time.monotonic() - self._checked < RELOAD_CHECK_SECONDS:
            return
        with self._lock:
            self._checked = time.monotonic()
            if self._index_marker() != self._marker:
                self._load()


class CatalogSearch:
    def __init__(
        self,
        catalog: CatalogIndex,
        index: IndexDB,
        embedder: Embedder | None,
        limit: int = 10,
        nearest: int = 3,
        rrf_k: int = 60,
        lexical_candidates: int = 300,
    ) -> None:
        if limit <= 0 or nearest < 0 or rrf_k <= 0:
            raise ValueError("need limit > 0, nearest >= 0 and rrf_k > 0")
        self.catalog = catalog
        self._index = index
        self._embedder = embedder
        self.limit = limit
        self.nearest = nearest
        self.rrf_k = rrf_k
        self.lexical_candidates = lexical_candidates

    def search(self, c: Constraints, boutique: str = "", limit: int | None = None) -> SearchOutcome:
        self.catalog.refresh()
        if c.boutique == HERE:
            c = replace(c, boutique=boutique or None, in_stock=c.in_stock or not boutique)
        records = self.catalog.catalog.of_kind(c.kind)
        found = matches(records, c)
        ranked = self._rank(found, c, boutique)
        outcome = SearchOutcome(c, len(ranked), ranked[: limit or self.limit], [r.ident for r in ranked], boutique=boutique)
        if not found and not c.is_empty():
            key, before = first_emptying(records, c)
            outcome.emptied_by = FILTER_KEY_TO_CHIP.get(key, key)
            outcome.left_before = len(before)
            outcome.nearest = _nearest(before, key, c, self._rank(before, replace(c, sort="relevance"), boutique))[: min(self.nearest, limit or self.limit)]
        return outcome

    def _rank(self, records: Sequence[Record], c: Constraints, boutique: str) -> list[Record]:
        def default(r: Record) -> tuple[float, ...]:
            return (-(r.stock.get(boutique, 0) > 0), -(r.in_stock > 0), r.price if r.price is not None else float("inf"))

        relevance = self._relevance(records, c.text) if c.text else {}
        order = sorted(records, key=lambda r: (-relevance.get(r.chunk_id, 0.0), *default(r), r.ident))
        by: dict[str, Callable[[Record], float]] = {
            "price_asc": lambda r: r.price if r.price is not None else float("inf"),
            "price_desc": lambda r: -(r.price or 0),
            "carat_desc": lambda r: -(r.carat or 0),
            "carat_asc": lambda r: r.carat if r.carat is not None else float("inf"),
        }
        if c.sort in by:
            order = sorted(order, key=by[c.sort])  # stable: relevance breaks ties
        return order

    def _relevance(self, records: Sequence[Record], text: str) -> dict[str, float]:
        """Reciprocal rank fusion of the dense and BM25 rankings of the records, as the hybrid retriever fuses them."""
        if not records:
            return {}
        fused: dict[str, float] = {}
        ids = {r.chunk_id for r in records}
        lexical = [cid for cid, _ in self._index.search_lexical(text, self.lexical_candidates) if cid in ids]
        rankings = [lexical]
        vectors = self.catalog.vectors
        with_vectors = [r.chunk_id for r in records if r.chunk_id in vectors]
        if self._embedder is not None and with_vectors:
            query = np.asarray(self._embedder.embed_query(text), dtype=np.float32)
            matrix = np.stack([vectors[cid] for cid in with_vectors])
            scores = matrix @ (query / (np.linalg.norm(query) or 1.0))
            rankings.append([with_vectors[i] for i in np.argsort(-scores)])
        for ranking in rankings:
            for rank, cid in enumerate(ranking):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        return fused


def _nearest(before: Sequence[Record], key: str, c: Constraints, ranked: list[Record]) -> list[Record]:
    """What the associate can offer instead, closest first on the constraint that emptied the set."""
    close: dict[str, Callable[[Record], float]] = {
        "price_max": lambda r: r.price if r.price is not None else float("inf"),
        "price_min": lambda r: -(r.price or 0),
        "carat_min": lambda r: -(r.carat or 0),
        "carat_max": lambda r: r.carat if r.carat is not None else float("inf"),
        "color_worst": lambda r: COLOR_SCALE.index(r.color) if r.color in COLOR_SCALE else 99,
        "color_best": lambda r: -COLOR_SCALE.index(r.color) if r.color in COLOR_SCALE else 99,
        "clarity_worst": lambda r: CLARITY_SCALE.index(r.clarity) if r.clarity in CLARITY_SCALE else 99,
        "clarity_best": lambda r: -CLARITY_SCALE.index(r.clarity) if r.clarity in CLARITY_SCALE else 99,
        "boutique": lambda r: -r.in_stock,
        "size": lambda r: abs(float(r.size) - (c.size or 0)) if r.size.replace(".", "").isdigit() else 99,
    }
    return sorted(ranked, key=close[key]) if key in close else ranked


