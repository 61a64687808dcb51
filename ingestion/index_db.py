"""The SQLite side of the index: the ingestion manifest, the chunk texts with a BM25 (FTS5) index,
and the exact-identifier map. One file, transactional, so it never disagrees with itself."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.core.words import STOP_WORDS
from ingestion.records import Chunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    file_key   TEXT PRIMARY KEY,  -- absolute path
    source     TEXT NOT NULL,     -- path as shown in citations
    sha256     TEXT NOT NULL,     -- '' while a write is in progress
    state      TEXT NOT NULL CHECK (state IN ('pending', 'done')),
    doc_type   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    file_key     TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    doc_type     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    text         TEXT NOT NULL,
    metadata     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_file ON chunks(file_key);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='rowid', tokenize='porter unicode61 tokenchars ''-'''
);
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TABLE IF NOT EXISTS identifiers (
    value    TEXT NOT NULL,       -- upper-cased SKU, report number, stock number
    kind     TEXT NOT NULL,
    chunk_id TEXT NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    PRIMARY KEY (value, chunk_id)
);
CREATE INDEX IF NOT EXISTS identifiers_chunk ON identifiers(chunk_id);
-- Embeddings of the quotable sentences of manual chunks, so answering needs no embedding but the
-- question's. Keyed by the chunk's content hash: they stay valid exactly as long as the chunk does.
CREATE TABLE IF NOT EXISTS sentence_vectors (
    chunk_id     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    idx          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    vector       BLOB NOT NULL,  -- float32, unit length
    PRIMARY KEY (chunk_id, idx)
);
-- The house's synonyms files: one rule a row ("fix, mend => repair"), read by the question reader.
-- Not chunks: they are never searched or cited.
CREATE TABLE IF NOT EXISTS synonyms (
    file_key TEXT NOT NULL,
    idx      INTEGER NOT NULL,
    rule     TEXT NOT NULL,
    PRIMARY KEY (file_key, idx)
);
"""

COMMON_TERM_SHARE = 0.3  # lexical search ignores terms found in more than this share of chunks
_IDENTIFIER_FIELDS = {"sku": "sku", "report_number": "report_number", "stock_number": "stock_number"}


@dataclass(frozen=True)
class StoredChunk:
    id: str
    doc_id: str
    doc_type: str
    text: str
    metadata: dict[str, str]


@dataclass(frozen=True)
class FileEntry:
    file_key: str
    source: str
    sha256: str
    state: str


class IndexDB:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._df_cache: dict[tuple[str, int], int] = {}

    def close(self) -> None:
        self._db.close()

    # -- manifest -------------------------------------------------------------------------------
    def files(self) -> dict[str, FileEntry]:
        rows = self._db.execute("SELECT file_key, source, sha256, state FROM files")
        return {r[0]: FileEntry(*r) for r in rows}

    def mark_pending(self, files: Sequence[tuple[str, str]]) -> None:
        """(file_key, source) recorded before any write for them, so a crash leaves a trace to repair."""
        with self._transaction():
            self._db.executemany(
                "INSERT INTO files(file_key, source, sha256, state) VALUES (?, ?, '', 'pending') "
                "ON CONFLICT(file_key) DO UPDATE SET state='pending', sha256=''",
                files,
            )

    def _rows_in(self, sql: str, values: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """The rows of `sql`, whose one `IN ({marks})` is filled with `values` in batches: SQLite bounds
        the parameters of one statement (999 in older builds)."""
        for start in range(0, len(values), _IN_BATCH):
            part = list(values[start : start + _IN_BATCH])
            yield from self._db.execute(sql.format(marks=",".join("?" * len(part))), part)

    def chunk_ids_for_files(self, file_keys: Sequence[str]) -> set[str]:
        return {row[0] for row in self._rows_in("SELECT id FROM chunks WHERE file_key IN ({marks})", file_keys)}

    def chunk_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(self._rows_in("SELECT id, content_hash FROM chunks WHERE id IN ({marks})", list(ids)))

    def owners(self, ids: Iterable[str]) -> dict[str, str]:
        """chunk id -> file_key of the file that holds it."""
        return dict(self._rows_in("SELECT id, file_key FROM chunks WHERE id IN ({marks})", list(ids)))

    def sentence_hashes(self, chunk_ids: Sequence[str]) -> dict[str, str]:
        """chunk id -> content hash its stored sentence vectors were computed for."""
        return dict(self._rows_in("SELECT DISTINCT chunk_id, content_hash FROM sentence_vectors WHERE chunk_id IN ({marks})", chunk_ids))

    def all_sentences(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT text FROM sentence_vectors")]

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[tuple[str, bytes]]]:
        """chunk id -> [(sentence, float32 vector bytes)] in reading order."""
        found: dict[str, list[tuple[str, bytes]]] = {}
        sql = "SELECT chunk_id, text, vector FROM sentence_vectors WHERE chunk_id IN ({marks}) ORDER BY chunk_id, idx"
        for cid, text, vec in self._rows_in(sql, chunk_ids):
            found.setdefault(cid, []).append((text, vec))
        return found

    def replace_files(
        self,
        files: Sequence[tuple[str, str, str, Sequence[Chunk]]],
        sentences: dict[str, tuple[str, list[tuple[str, bytes]]]] | None = None,
    ) -> None:
        """(file_key, source, sha256, chunks): swap each file's chunks, lexical entries and identifiers
        and mark it done, all in one transaction. `sentences`: chunk id -> (content hash, [(text,
        vector)]) for chunks whose sentence vectors are new."""
        with self._transaction():
            for chunk_id, (content_hash, rows) in (sentences or {}).items():
                self._db.execute("DELETE FROM sentence_vectors WHERE chunk_id=?", (chunk_id,))
                self._db.executemany(
                    "INSERT INTO sentence_vectors(chunk_id, content_hash, idx, text, vector) VALUES (?, ?, ?, ?, ?)",
                    [(chunk_id, content_hash, i, text, vec) for i, (text, vec) in enumerate(rows)],
                )
            for file_key, source, sha256, chunks in files:
                self._drop_stale_sentences(file_key, chunks)
                self._db.execute("DELETE FROM chunks WHERE file_key=?", (file_key,))
                for c in chunks:
                    meta = c.metadata()
                    self._db.execute(
                        "INSERT INTO chunks(id, file_key, doc_id, doc_type, content_hash, text, metadata) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (c.id, file_key, c.doc_id, c.doc_type, c.content_hash, c.text, json.dumps(meta)),
                    )
                    self._db.executemany(
                        "INSERT OR IGNORE INTO identifiers(value, kind, chunk_id) VALUES (?, ?, ?)",
                        [(meta[f].upper(), kind, c.id) for f, kind in _IDENTIFIER_FIELDS.items() if meta.get(f)],
                    )
                self._db.execute(
                    "INSERT INTO files(file_key, source, sha256, state, doc_type) VALUES (?, ?, ?, 'done', ?) "
                    "ON CONFLICT(file_key) DO UPDATE SET source=excluded.source, sha256=excluded.sha256, "
                    "state='done', doc_type=excluded.doc_type",
                    (file_key, source, sha256, chunks[0].doc_type if chunks else ""),
                )

    def _drop_stale_sentences(self, file_key: str, chunks: Sequence[Chunk]) -> None:
        """Sentence vectors of the file's chunks that no longer exist. A chunk whose text (or whose way
        of embedding units) changed had its vectors replaced by the caller in the same transaction."""
        keep = {c.id for c in chunks}
        for (chunk_id,) in list(
            self._db.execute(
                "SELECT DISTINCT s.chunk_id FROM sentence_vectors s JOIN chunks c ON c.id = s.chunk_id WHERE c.file_key=?",
                (file_key,),
            )
        ):
            if chunk_id not in keep:
                self._db.execute("DELETE FROM sentence_vectors WHERE chunk_id=?", (chunk_id,))

    def replace_synonyms(self, file_key: str, source: str, sha256: str, rules: Sequence[str]) -> None:
        """Swap a synonyms file's rules and mark it done, in one transaction."""
        with self._transaction():
            self._db.execute("DELETE FROM synonyms WHERE file_key=?", (file_key,))
            self._db.executemany(
                "INSERT INTO synonyms(file_key, idx, rule) VALUES (?, ?, ?)", [(file_key, i, r) for i, r in enumerate(rules)]
            )
            self._db.execute(
                "INSERT INTO files(file_key, source, sha256, state, doc_type) VALUES (?, ?, ?, 'done', 'synonyms') "
                "ON CONFLICT(file_key) DO UPDATE SET source=excluded.source, sha256=excluded.sha256, state='done', "
                "doc_type='synonyms'",
                (file_key, source, sha256),
            )

    def synonym_rules(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT rule FROM synonyms ORDER BY file_key, idx")]

    def forget_file(self, file_key: str) -> None:
        with self._transaction():
            self._db.execute("DELETE FROM synonyms WHERE file_key=?", (file_key,))
            self._db.execute(
                "DELETE FROM sentence_vectors WHERE chunk_id IN (SELECT id FROM chunks WHERE file_key=?)", (file_key,)
            )
            self._db.execute("DELETE FROM chunks WHERE file_key=?", (file_key,))
            self._db.execute("DELETE FROM files WHERE file_key=?", (file_key,))

    # -- reads for retrieval and stats -----------------------------------------------------------
    def get_chunks(self, ids: Sequence[str]) -> dict[str, StoredChunk]:
        found: dict[str, StoredChunk] = {}
        for start in range(0, len(ids), 500):
            part = list(ids[start : start + 500])
            marks = ",".join("?" * len(part))
            for row in self._db.execute(
                f"SELECT id, doc_id, doc_type, text, metadata FROM chunks WHERE id IN ({marks})", part
            ):
                found[row[0]] = StoredChunk(row[0], row[1], row[2], row[3], json.loads(row[4]))
        return found

    def chunks_of_doc_type(self, doc_type: str, limit: int = -1) -> list[StoredChunk]:
        rows = self._db.execute(
            "SELECT id, doc_id, doc_type, text, metadata FROM chunks WHERE doc_type=? ORDER BY id LIMIT ?", (doc_type, limit)
        )
        return [StoredChunk(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def texts_of_doc_type(self, doc_type: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT text FROM chunks WHERE doc_type=? ORDER BY id", (doc_type,))]

    def piece_names(self) -> list[str]:
        rows = self._db.execute("SELECT json_extract(metadata, '$.name') FROM chunks WHERE doc_type='product'")
        return [r[0] for r in rows if r[0]]

    def collections(self) -> list[str]:
        return self._distinct_product_field("collection")

    def boutiques(self) -> list[str]:
        """The boutiques the catalog's stock is counted in ("Availability: Fifth Avenue: 1; Ginza: 0")."""
        names: set[str] = set()
        for (text,) in self._db.execute("SELECT text FROM chunks WHERE doc_type IN ('product', 'loose_diamond')"):
            line = next((ln for ln in text.splitlines() if ln.startswith("Availability: ")), "")
            names.update(part.rsplit(": ", 1)[0].strip() for part in line.removeprefix("Availability: ").split("; ") if ": " in part)
        return sorted(names)

    def center_stones(self) -> list[str]:
        """The stones the catalog's pieces are set with, by their "Center stone: ruby, 2.01 ct" line."""
        stones: set[str] = set()
        for (text,) in self._db.execute("SELECT text FROM chunks WHERE doc_type='product'"):
            line = next((ln for ln in text.splitlines() if ln.startswith("Center stone: ")), "")
            if stone := line.removeprefix("Center stone: ").split(",")[0].strip().lower():
                stones.add(stone)
        return sorted(stones)

    def categories(self) -> list[str]:
        return self._distinct_product_field("category")

    def _distinct_product_field(self, name: str) -> list[str]:
        rows = self._db.execute(
            f"SELECT DISTINCT json_extract(metadata, '$.{name}') FROM chunks WHERE doc_type='product' ORDER BY 1"
        )
        return [r[0] for r in rows if r[0]]

    def lookup_name(self, name: str) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM chunks WHERE doc_type='product' AND lower(json_extract(metadata, '$.name'))=lower(?)", (name,)
        )
        return [r[0] for r in rows]

    def lookup_identifier(self, value: str) -> list[str]:
        rows = self._db.execute("SELECT chunk_id FROM identifiers WHERE value=? ORDER BY chunk_id", (value.upper(),))
        return [r[0] for r in rows]

    def search_lexical(self, query: str, k: int) -> list[tuple[str, float]]:
        """BM25 over chunk texts: (chunk id, score), best first; score is positive, higher is better."""
        terms = _fts_terms(query)
        # A term in a large share of chunks ("diamond" among 54k grading reports) ranks nothing and
        # makes BM25 score every chunk: such terms are left to the dense half of retrieval.
        total = self._chunk_count()
        terms = [t for t in terms if self._doc_frequency(t, total) <= COMMON_TERM_SHARE * total]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = self._db.execute(
            "SELECT c.id, -bm25(chunks_fts) AS score FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid "
            "WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?",
            (match, k),
        )
        return [(r[0], float(r[1])) for r in rows]

    def all_ids_and_hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, content_hash FROM chunks"))

    def _chunk_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def _doc_frequency(self, term: str, chunk_count: int) -> int:
        """Chunks holding the term; cached per index generation (the chunk count stands in for it)."""
        key = (term, chunk_count)
        if key not in self._df_cache:
            if len(self._df_cache) > 50_000:
                self._df_cache.clear()
            row = self._db.execute("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (f'"{term}"',)).fetchone()
            self._df_cache[key] = int(row[0])
        return self._df_cache[key]

    def counts_by_doc_type(self) -> list[tuple[str, int, int]]:
        """(doc_type, documents, chunks) for `copilot stats`."""
        rows = self._db.execute(
            "SELECT doc_type, COUNT(DISTINCT doc_id), COUNT(*) FROM chunks GROUP BY doc_type ORDER BY doc_type"
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    def _transaction(self) -> "_Tx":
        return _Tx(self._db)


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


_IN_BATCH = 500
_WORD = re.compile(r"[\w][\w.\-]*[\w]|\w", re.UNICODE)


def _fts_terms(query: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(query)]
    return [w.replace('"', "") for w in words if w not in STOP_WORDS]
