"""Hybrid retrieval: exact identifiers first, then dense (Chroma) and lexical (SQLite FTS5 BM25)
results fused by reciprocal rank fusion, with optional filters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from copilot.ask.intents import rules_query
from copilot.core.identifiers import IdentifierFinder, NamedIdentifier
from copilot.core.tracing import NO_TRACE, Search, TraceSink
from copilot.core.types import Filters, Passage, Retrieval
from ingestion.embedder import Embedder
from ingestion.index_db import IndexDB, StoredChunk
from ingestion.records import RECORD_DOC_TYPES
from ingestion.sentences import is_prose
from ingestion.vector_store import VectorStore


class HybridRetriever:
    def __init__(
        self,
        index: IndexDB,
        vectors: VectorStore,
        embedder: Embedder,
        names: IdentifierFinder,
        top_k: int = 8,
        candidates: int = 30,
        rrf_k: int = 60,
        rules_passages: int = 3,
        min_manuals: int = 2,
    ) -> None:
        if top_k <= 0 or candidates < top_k or rrf_k <= 0:
            raise ValueError("need 0 < top_k <= candidates and rrf_k > 0")
        self._index = index
        self._vectors = vectors
        self._embedder = embedder
        self._names = names
        self.top_k = top_k
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.rules_passages = rules_passages
        self.min_manuals = min_manuals
        # BM25 runs in SQLite, which releases the GIL, while torch embeds the question on the other
        # core: the lexical half then costs nothing on top of the embedding (most of the floor).
        self._lexical_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bm25")

    def retrieve(
        self,
        question: str,
        filters: Filters | None = None,
        focus: Sequence[NamedIdentifier] = (),
        trace: TraceSink = NO_TRACE,
    ) -> Retrieval:
        named = self._names.find(question) or list(focus)
        exact_ids, via, missing = self._lookup(named)
        lexical_job = self._lexical_pool.submit(self._index.search_lexical, question, self.candidates)
        query = np.asarray(self._embedder.embed_query(question), dtype=np.float32)
        dense = self._vectors.query(query.tolist(), self.candidates)
        lexical = lexical_job.result()

        fused = self._fuse(dense, lexical)
        similarity = dict(dense)
        # Identifiers the associate named always rank first, in the order named; then the manual
        # passages for a clause about the rules, which the record's own words would otherwise outrank.
        rules = rules_query(question) if exact_ids else ""
        context = self._record_context(exact_ids, via) if rules else ""
        if rules:
            # The rule may depend on what the record is ("how long would a resizing take?" of a
            # platinum ring): its name and metal join the clause, for the search and for the composer.
            rules = f"{rules} ({context})"
        rules_vector, rules_ids = self._rules_search(rules) if rules else (None, [])
        for rank, chunk_id in enumerate(exact_ids + [c for c in rules_ids if c not in exact_ids]):
            fused[chunk_id] = 10.0 - rank
        chunks = self._index.get_chunks(list(fused))
        ranked = sorted((cid for cid in fused if cid in chunks), key=lambda cid: -fused[cid])
        ranked = [cid for cid in ranked if _passes(chunks[cid], filters) or cid in exact_ids]
        if not exact_ids:
            ranked = with_manuals(ranked, {cid: chunks[cid].doc_type for cid in ranked}, self.top_k, self.min_manuals)
        passages = [_passage(chunks[cid], fused[cid], similarity.get(cid, 0.0), via.get(cid, "")) for cid in ranked[: self.top_k]]
        labels = {cid: " · ".join(filter(None, (c.metadata.get("title", ""), c.metadata.get("section", "")))) for cid, c in chunks.items()}
        trace.retrieved(Search(question, dense, lexical, fused, [p.chunk_id for p in passages], via, labels))
        return Retrieval(question, passages, named, missing, query, rules, rules_vector, context, trace=trace)

    def _record_context(self, exact_ids: list[str], via: dict[str, str]) -> str:
        """What the records the question names are, facet by facet: collection, category, the rest of the
        name, metal, centre stone: "Verdure; earrings; Tsavorite Stud; 18k Yellow Gold (750); tsavorite"."""
        parts: list[str] = []
        for chunk in self._index.get_chunks([cid for cid in exact_ids if via.get(cid) == "named"]).values():
            meta = chunk.metadata
            collection, category = meta.get("collection", ""), meta.get("category", "")
            name = meta.get("title", "").split(",")[0]
            generic = {w.lower() for w in collection.split()} | {category.lower(), category.lower().rstrip("s")}
            parts += [collection, category, " ".join(w for w in name.split() if w.lower().rstrip("s") not in generic and w.lower() not in generic)]
            for line in chunk.text.splitlines():
                label, _, value = line.partition(": ")
                if label in ("Metal", "Center stone"):
                    parts.append(value.split(",")[0])
        return "; ".join(p for p in parts if p)

    def _rules_search(self, clause: str) -> tuple[np.ndarray, list[str]]:
        """The clause's embedding and the best manual passages for it (dense and BM25, fused)."""
        vector = np.asarray(self._embedder.embed_query(clause), dtype=np.float32)
        dense = self._vectors.query(vector.tolist(), self.rules_passages, except_doc_types=sorted(RECORD_DOC_TYPES))
        lexical = self._index.search_lexical(clause, self.candidates)
        prose = {c.id for c in self._index.get_chunks([cid for cid, _ in lexical]).values() if is_prose(c.doc_type)}
        fused = self._fuse(dense, [(cid, s) for cid, s in lexical if cid in prose])
        return vector, sorted(fused, key=lambda cid: -fused[cid])[: self.rules_passages]

    def _fuse(self, *rankings: list[tuple[str, float]]) -> dict[str, float]:
        """Reciprocal rank fusion: each ranking adds 1 / (rrf_k + rank) to the chunks it holds."""
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, (chunk_id, _) in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        return fused

    def _lookup(self, named: Sequence[NamedIdentifier]) -> tuple[list[str], dict[str, str], list[NamedIdentifier]]:
        """Chunk ids for the identifiers named (the record itself first, then what it links to, as in
        "the clarity on the certificate of AUR-RG-1181"), how each was reached, and the ones not found."""
        exact: list[str] = []
        via: dict[str, str] = {}
        missing: list[NamedIdentifier] = []
        for ident in named:
            ids = (
                self._index.lookup_name(ident.value) if ident.kind == "name" else self._index.lookup_identifier(ident.value)
            )
            if not ids:
                missing.append(ident)
            owns = "certificate:" if ident.kind == "report_number" else ("product:", "loose:")
            for cid in ids:
                via[cid] = "named" if cid.startswith(owns) or via.get(cid) == "named" else "linked"
            reports = [m.get("report_number", "") for m in (c.metadata for c in self._index.get_chunks(ids).values())]
            for report in filter(None, reports):
                for linked in self._index.lookup_identifier(report):
                    via.setdefault(linked, "linked")
            for cid in sorted(via, key=lambda c: via[c] != "named"):
                if cid not in exact:
                    exact.append(cid)
        return exact, via, missing


def _passes(chunk: StoredChunk, filters: Filters | None) -> bool:
    if filters is None:
        return True
    meta = chunk.metadata
    if filters.doc_type and chunk.doc_type != filters.doc_type:
        return False
    if filters.collection and meta.get("collection", "").lower() != filters.collection.lower():
        return False
    if filters.store:
        # "Availability: Fifth Avenue: 2; ..." is rendered into the text; a store filter keeps pieces in stock there.
        line = next((ln for ln in chunk.text.splitlines() if ln.startswith("Availability: ")), "")
        stock = dict(part.rsplit(": ", 1) for part in line.removeprefix("Availability: ").split("; ") if ": " in part)
        if int(stock.get(filters.store, "0") or 0) <= 0:
            return False
    return True


def _passage(chunk: StoredChunk, score: float, similarity: float, via: str) -> Passage:
    meta = chunk.metadata
    return Passage(
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        doc_type=chunk.doc_type,
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        section=meta.get("section", ""),
        text=chunk.text,
        metadata=meta,
        score=score,
        similarity=similarity,
        exact=bool(via),
        via=via,
    )


def with_manuals(ranked: list[str], doc_types: Mapping[str, str], top_k: int, min_manuals: int) -> list[str]:
    """A question about a house rule ("Is engraving complimentary on a Celeste engagement ring?") can
    match dozens of catalog rows word for word; the manual passages that settle it must still reach the
    composer, so the best `min_manuals` of them take the last places of the top k. `ranked` holds chunk
    ids best first; nothing is dropped, only reordered."""
    top = ranked[:top_k]
    have = sum(is_prose(doc_types[cid]) for cid in top)
    missing = [cid for cid in ranked[top_k:] if is_prose(doc_types[cid])][: max(0, min_manuals - have)]
    if not missing:
        return ranked
    kept = top[: top_k - len(missing)]
    return kept + missing + [cid for cid in ranked if cid not in kept and cid not in missing]
