"""The ingestion pipeline: discover -> load + validate -> chunk -> embed -> upsert, incrementally.

Crash safety: a file is marked `pending` in the SQLite manifest before anything of it is written,
and marked `done` (with its hash) in the same transaction that swaps its lexical entries. A run
killed at any moment leaves `pending` files, which the next run simply redoes; chunk ids are
deterministic and writes are upserts, so redoing converges on the index a clean run would build.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from ingestion.chunking import MarkdownChunker
from ingestion.embedder import Embedder
from ingestion.index_db import FileEntry, IndexDB
from ingestion.injection import VERSION as INSTRUCTIONS_VERSION
from ingestion.injection import FlaggedSentence, without_instructions
from ingestion.records import Chunk, InvalidRecord
from ingestion.sentences import UNITS_VERSION, is_prose, units_to_embed
from ingestion.sources import MANUAL_SUFFIXES, ParsedFile, SourceFile, discover, is_under, parse
from ingestion.vector_store import VectorStore

DEFAULT_MAX_FILE_BYTES = 10 * 2**20
EMBED_BATCH = 256  # chunks embedded and upserted together: bounds memory and paces the progress bar
MAX_GROUP_FILES = 500


@dataclass
class _Work:
    file: SourceFile
    sha: str
    chunks: list[Chunk]


class Progress(Protocol):
    """What the pipeline reports while it works (the CLI draws it with rich)."""

    def start(self, files: int) -> None: ...
    def file_started(self, source: str, chunks: int) -> None: ...
    def chunks_done(self, n: int) -> None: ...
    def file_done(self) -> None: ...


class _Silent:
    def start(self, files: int) -> None: ...
    def file_started(self, source: str, chunks: int) -> None: ...
    def chunks_done(self, n: int) -> None: ...
    def file_done(self) -> None: ...


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    invalid: list[InvalidRecord] = field(default_factory=list)
    flagged: list[FlaggedSentence] = field(default_factory=list)  # instruction-like sentences left out
    chunks_written: int = 0
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0
    parsed: dict[str, ParsedFile] = field(default_factory=dict)

    @property
    def chunks_per_second(self) -> float:
        return self.chunks_embedded / self.seconds if self.seconds else 0.0


class Ingestor:
    """Owns one index (SQLite + Chroma). The model and Chroma are opened lazily, so a re-run over
    unchanged files neither loads the model nor opens Chroma."""

    def __init__(
        self,
        index: IndexDB,
        vectors: Callable[[], VectorStore],
        embedder: Callable[[], Embedder],
        chunker: MarkdownChunker,
        client_data_doc_types: Collection[str],
        redact: Callable[[str], str] | None = None,
        max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    ) -> None:
        """`client_data_doc_types`: the kinds of manual written about clients (a repair note names its
        client), whose chunks go through `redact` before they are embedded or stored. A file larger than
        `max_file_bytes` is skipped (and reported), its earlier version, if any, left as it was."""
        if max_file_bytes <= 0:
            raise ValueError("max_file_bytes must be positive")
        self._max_file_bytes = max_file_bytes
        self._index = index
        self._vectors_factory = vectors
        self._embedder_factory = embedder
        self._vectors: VectorStore | None = None
        self._embedder: Embedder | None = None
        self._chunker = chunker
        self._client_data_doc_types = frozenset(client_data_doc_types)
        self._redaction_key = "redact:" + ",".join(sorted(self._client_data_doc_types))
        self._redact = redact

    @property
    def vectors(self) -> VectorStore:
        if self._vectors is None:
            self._vectors = self._vectors_factory()
        return self._vectors

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
        return self._embedder

    def ingest(self, paths: Sequence[Path], progress: Progress | None = None) -> IngestReport:
        progress = progress or _Silent()
        started = time.perf_counter()
        report = IngestReport()
        roots, files = discover(paths)
        known = self._index.files()
        present = {f.file_key for f in files}

        for entry in sorted(known.values(), key=lambda e: e.file_key):
            if is_under(entry.file_key, roots) and entry.file_key not in present:
                report.chunks_deleted += self._remove(entry.file_key)
                report.removed.append(entry.source)
                del known[entry.file_key]

        progress.start(len(files))
        claimed: dict[str, str] = {}  # chunk id -> source that defined it first in this run
        group: list[_Work] = []
        for file in files:
            # Manuals also carry how they are chunked, how their sentences are embedded and which kinds
            # are redacted, so a change there redoes them on the next run instead of leaving stale (or
            # unredacted) text behind. A PDF may be a manual: a certificate's is redone too, which costs a
            # parse but no embedding since its text is unchanged.
            manual = file.path.suffix.lower() in MANUAL_SUFFIXES
            size = file.path.stat().st_size
            if size > self._max_file_bytes:
                report.invalid.append(InvalidRecord(file.source, "file", "", _too_big(size, self._max_file_bytes)))
                progress.file_done()
                continue
            sha = file.sha256() + (
                f":{self._chunker.version}:units{UNITS_VERSION}:{self._redaction_key}:instructions{INSTRUCTIONS_VERSION}"
                if manual
                else ""
            )
            entry = known.get(file.file_key)
            if entry and entry.state == "done" and entry.sha256 == sha:
                report.unchanged.append(file.source)
                progress.file_done()
                continue
            parsed = parse(file, self._chunker)
            report.parsed[file.source] = parsed
            if parsed.synonyms is not None:  # rules for reading questions: nothing to chunk or embed
                self._index.replace_synonyms(file.file_key, file.source, sha, parsed.synonyms)
                report.invalid.extend(parsed.invalid)
                (report.updated if entry else report.added).append(file.source)
                progress.file_done()
                continue
            chunks = self._drop_duplicates(file, parsed, claimed, known)
            chunks = self._without_instructions(chunks, report)
            report.invalid.extend(parsed.invalid)
            (report.updated if entry else report.added).append(file.source)
            progress.file_started(file.source, len(chunks))
            group.append(_Work(file, sha, chunks))
            # Small files are written in groups: one embedding batch, one Chroma call, one transaction.
            if sum(len(w.chunks) for w in group) >= EMBED_BATCH or len(group) >= MAX_GROUP_FILES:
                self._write_group(group, report, progress)
                group = []
        if group:
            self._write_group(group, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _drop_duplicates(
        self, file: SourceFile, parsed: ParsedFile, claimed: dict[str, str], known: dict[str, FileEntry]
    ) -> list[Chunk]:
        """A SKU or report number defined in two files would make one silently overwrite the other."""
        owners = self._index.owners(c.id for c in parsed.chunks)
        kept: list[Chunk] = []
        for chunk in parsed.chunks:
            first = claimed.get(chunk.id)
            owner = owners.get(chunk.id)
            if first is None and owner and owner != file.file_key and owner in known:
                first = known[owner].source
            if first is not None and first != file.source:
                parsed.invalid.append(
                    InvalidRecord(file.source, chunk.title, "", f"{chunk.doc_id} is already defined in {first}; skipped")
                )
                continue
            claimed[chunk.id] = file.source
            kept.append(chunk)
        return kept

    @staticmethod
    def _without_instructions(chunks: list[Chunk], report: IngestReport) -> list[Chunk]:
        """Manual sentences that give orders to a reader or a model are never indexed, so never quoted."""
        kept = []
        for chunk in chunks:
            clean, flagged = without_instructions(chunk)
            report.flagged.extend(flagged)
            kept.append(clean)
        return kept

    def _write_group(self, group: list[_Work], report: IngestReport, progress: Progress) -> None:
        keys = [w.file.file_key for w in group]
        self._index.mark_pending([(w.file.file_key, w.file.source) for w in group])
        if self._redact:
            for w in group:
                w.chunks = [
                    _with_text(c, self._redact(c.text)) if c.doc_type in self._client_data_doc_types else c for c in w.chunks
                ]
        chunks = [(c, w.file.file_key) for w in group for c in w.chunks]
        stale = self.vectors.ids_for_files(keys) | self._index.chunk_ids_for_files(keys)
        current = self.vectors.hashes([c.id for c, _ in chunks])
        # Only chunks whose text changed are embedded again: one edited catalog row costs one embedding.
        todo = [(c, key) for c, key in chunks if current.get(c.id) != c.content_hash]
        progress.chunks_done(len(chunks) - len(todo))
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start : start + EMBED_BATCH]
            self.vectors.upsert(batch, self.embedder.embed([c.text for c, _ in batch]))
            progress.chunks_done(len(batch))
        gone = sorted(stale - {c.id for c, _ in chunks})
        self.vectors.delete(gone)
        sentences = self._embed_sentences([c for c, _ in chunks])
        self._index.replace_files([(w.file.file_key, w.file.source, w.sha, w.chunks) for w in group], sentences)
        report.chunks_written += len(chunks)
        report.chunks_embedded += len(todo)
        report.chunks_deleted += len(gone)
        for _ in group:
            progress.file_done()

    def _embed_sentences(self, chunks: list[Chunk]) -> dict[str, tuple[str, list[tuple[str, bytes]]]]:
        """Sentence vectors for manual chunks that lack current ones (checked against SQLite, not
        Chroma, since a crash can leave Chroma ahead of SQLite)."""
        prose = [c for c in chunks if is_prose(c.doc_type)]
        have = self._index.sentence_hashes([c.id for c in prose])
        todo = [(c, units_to_embed(c.text, c.doc_type)) for c in prose if have.get(c.id) != _units_hash(c)]
        texts = [embedded for _, units in todo for _, embedded in units]
        vectors = iter(np.asarray(self.embedder.embed(texts), dtype=np.float32)) if texts else iter(())
        return {c.id: (_units_hash(c), [(u, next(vectors).tobytes()) for u, _ in units]) for c, units in todo}

    def _remove(self, file_key: str) -> int:
        ids = self._index.chunk_ids_for_files([file_key]) | self.vectors.ids_for_files([file_key])
        self.vectors.delete(sorted(ids))
        self._index.forget_file(file_key)
        return len(ids)


def _too_big(size: int, limit: int) -> str:
    return (
        f"is {size / 2**20:.1f} MB, over the {limit / 2**20:g} MB limit per file (COPILOT_MAX_INGEST_FILE_MB): "
        "skipped; split it, or raise the limit"
    )


def _with_text(chunk: Chunk, text: str) -> Chunk:
    return replace(chunk, text=text)


def _units_hash(chunk: Chunk) -> str:
    """What the stored sentence vectors of a manual chunk were computed from: its text and the way
    units are embedded (ingestion/sentences.py UNITS_VERSION)."""
    return f"{chunk.content_hash}:{UNITS_VERSION}"
