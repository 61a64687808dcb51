"""The dense half of the index: one Chroma collection of chunk embeddings and their metadata."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from copilot.core.errors import ServerUnreachable
from ingestion.records import Chunk

logger = logging.getLogger(__name__)

# Where the vectors live: a folder (embedded Chroma) or the URL of a Chroma server.
ChromaLocation = Path | str


def unreachable(url: str) -> ServerUnreachable:
    return ServerUnreachable(
        url,
        "the Chroma server (COPILOT_CHROMA_URL) does not answer",
        f"start it (`chroma run --path DIR --port {urlsplit(url).port}` on its host), or unset COPILOT_CHROMA_URL "
        "to use embedded Chroma in DATA_DIR/chroma",
    )


def open_chroma(location: ChromaLocation) -> Any:
    """A Chroma client: embedded in the folder (created if missing), or over HTTP to the server at the URL,
    which must answer now (ServerUnreachable otherwise)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if isinstance(location, Path):
        location.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(location), settings=settings)
    url = urlsplit(location)
    with _reachable(location):
        return chromadb.HttpClient(
            host=url.hostname or "", port=url.port or 8000, ssl=url.scheme == "https", settings=settings
        )


@contextmanager
def _reachable(location: ChromaLocation) -> Iterator[None]:
    """Connection failures to a server, in whatever words chromadb or httpx put them, become one clear error."""
    import httpx

    try:
        yield
    except (httpx.TransportError, ConnectionError) as exc:
        if isinstance(location, Path):
            raise
        raise unreachable(location) from exc
    except ValueError as exc:  # chromadb.HttpClient says "Could not connect to a Chroma server" as a ValueError
        if isinstance(location, Path) or "connect" not in str(exc).lower():
            raise
        raise unreachable(location) from exc


class ServerProbe:
    """Does the Chroma server answer now? One heartbeat per call: what /readyz asks after the service is
    up, so a server lost later takes the service out of rotation with its reason."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._client: Any = None

    def problem(self) -> ServerUnreachable | None:
        try:
            with _reachable(self._url):
                if self._client is None:
                    self._client = open_chroma(self._url)
                else:
                    self._client.heartbeat()
        except ServerUnreachable as exc:
            return exc
        return None


class VectorStore:
    """Chroma, embedded in a folder (the default) or on a Chroma server by URL, for several machines."""

    def __init__(
        self, location: ChromaLocation, collection: str, batch_size: int = 1000, ef_search: int | None = None
    ) -> None:
        """ef_search: how many neighbours HNSW explores per query (Chroma's default is 100). Catalog rows
        embed close together, and at 100 the approximate top 10 missed a truly nearer chunk for 69 of
        the 289 golden questions on the sample corpus; 800 leaves a few, varying between processes; 2000 none."""
        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        if ef_search is not None and ef_search <= 0:
            raise ValueError("ef_search must be positive")
        self._location = location
        self._client = open_chroma(location)
        with _reachable(location):
            self._collection = self._client.get_or_create_collection(collection, metadata={"hnsw:space": "cosine"})
        if ef_search is not None and self._collection.configuration.get("hnsw", {}).get("ef_search") != ef_search:
            self._set_ef_search(ef_search)
        self.batch_size = batch_size

    def _set_ef_search(self, ef_search: int, attempts: int = 6) -> None:
        """A query-time setting Chroma lets an existing collection change (no rebuild). It is a write:
        while another process writes (an ingest, a service starting), Chroma's SQLite answers "database
        is locked", so wait and retry; if it stays locked, answer with the collection's current setting
        rather than fail (it changes how near to exact a search is, not what it can find)."""
        for attempt in range(attempts):
            try:
                with _reachable(self._location):
                    self._collection.modify(configuration={"hnsw": {"ef_search": ef_search}})
                return
            except Exception as exc:  # noqa: BLE001 - chromadb raises InternalError with SQLite's message
                if "locked" not in str(exc):
                    raise
                time.sleep(0.1 * 2**attempt)
        logger.warning("Chroma stayed locked: ef_search left at its current value, not %s", ef_search)

    @property
    def collection(self) -> Any:
        return self._collection

    def count(self) -> int:
        with _reachable(self._location):
            return int(self._collection.count())

    def upsert(self, chunks: Sequence[tuple[Chunk, str]], embeddings: Sequence[Sequence[float]]) -> None:
        """Write (chunk, file_key) pairs with their embeddings; the file key lets a re-run find strays."""
        for start in range(0, len(chunks), self.batch_size):
            batch = chunks[start : start + self.batch_size]
            with _reachable(self._location):
                self._collection.upsert(
                    ids=[c.id for c, _ in batch],
                    documents=[c.text for c, _ in batch],
                    embeddings=[list(e) for e in embeddings[start : start + self.batch_size]],
                    metadatas=[{**c.metadata(), "file_key": key} for c, key in batch],
                )

    def ids_for_files(self, file_keys: Sequence[str]) -> set[str]:
        """Every chunk id written for these files, including ones a crashed run left behind."""
        if not file_keys:
            return set()
        where = {"file_key": file_keys[0]} if len(file_keys) == 1 else {"file_key": {"$in": list(file_keys)}}
        with _reachable(self._location):
            return set(self._collection.get(where=where, include=[])["ids"])

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), self.batch_size):
            with _reachable(self._location):
                self._collection.delete(ids=ids[start : start + self.batch_size])

    def all_ids_and_hashes(self) -> dict[str, str]:
        with _reachable(self._location):
            got = self._collection.get(include=["metadatas"])
        return {i: m.get("content_hash", "") for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def query(
        self, embedding: Sequence[float], k: int, doc_types: Sequence[str] = (), except_doc_types: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """Nearest chunks as (id, cosine similarity), of the given doc types only if any are given, and
        of none of `except_doc_types`."""
        where: dict[str, object] | None = None
        if doc_types:
            where = {"doc_type": {"$in": list(doc_types)}}
        elif except_doc_types:
            where = {"doc_type": {"$nin": list(except_doc_types)}}
        with _reachable(self._location):
            got = self._collection.query(
                query_embeddings=[list(embedding)], n_results=k, where=where, include=["distances"]
            )
        return [(i, 1.0 - d) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """content_hash of the chunks Chroma holds now, for the ids given (missing ids are absent)."""
        found: dict[str, str] = {}
        ids = list(ids)
        for start in range(0, len(ids), self.batch_size):
            with _reachable(self._location):
                got = self._collection.get(ids=ids[start : start + self.batch_size], include=["metadatas"])
            found.update((i, m.get("content_hash", "")) for i, m in zip(got["ids"], got["metadatas"], strict=True))
        return found
