"""What a citation chip shows beyond the quote: the cited document's version and date, read from the
chunk metadata in the ingestion index (read-only, one short-lived connection per lookup)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from copilot.core.errors import NotFoundError


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    doc_type: str
    title: str
    source: str
    version: str  # the manual's front-matter version; "" for catalog rows and grading reports
    effective_date: str
    revision: str  # the content hash of the document's first chunk: changes whenever its text does


class DocumentCatalog:
    def __init__(self, index_db: Path) -> None:
        self._index_db = index_db

    def info(self, doc_id: str) -> DocumentInfo:
        if not self._index_db.exists():
            raise NotFoundError(f"there is no index at {self._index_db}: run `copilot ingest` first")
        # mode=ro: this reader must never create the file or take a write lock beside an ingest.
        with closing(sqlite3.connect(f"file:{self._index_db}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT metadata FROM chunks WHERE doc_id=? ORDER BY id LIMIT 1", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"there is no document {doc_id!r} in the index; use the doc_id of a citation")
        meta: dict[str, str] = json.loads(row[0])
        return DocumentInfo(
            doc_id=doc_id,
            doc_type=meta.get("doc_type", ""),
            title=meta.get("title", ""),
            source=meta.get("source", ""),
            version=meta.get("version", ""),
            effective_date=str(meta.get("effective_date", "")),
            revision=meta.get("content_hash", "")[:8],
        )
