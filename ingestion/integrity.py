"""Is the index whole? SQLite's own check of index.sqlite, then the manifest against Chroma, file by
file: what the service checks before it says ready, and what `copilot doctor` prints."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

from copilot.core.errors import DataProblem, ServerUnreachable
from copilot.core.sqlite_files import sqlite_problem
from ingestion.vector_store import ChromaLocation, open_chroma


def rebuild_fix(data_dir: Path) -> str:
    return f"run `copilot ingest --rebuild --data-dir {data_dir} PATH...` with the folders you ingest (e.g. data/sample)"


def damaged_index(index_db: Path, chroma: ChromaLocation, collection: str) -> DataProblem | None:
    """The cheap checks an ingest makes first: a garbled index.sqlite, or a chroma/ folder gone (an
    empty or missing collection on a Chroma server) while the manifest lists chunks, would make an
    incremental run call every file unchanged and leave the index as broken as it found it. A server
    that does not answer is said so, with its URL."""
    if not index_db.exists():
        return None
    fix = rebuild_fix(index_db.parent)
    if damaged := sqlite_problem(index_db, fix):
        return damaged
    with closing(sqlite3.connect(f"file:{index_db}?mode=ro", uri=True)) as db:
        try:
            chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        except sqlite3.DatabaseError:
            return None  # no tables yet: the ingest creates them
    if not chunks:
        return None
    if isinstance(chroma, Path):
        if not chroma.is_dir():
            return DataProblem(chroma, "the vector store folder is missing while index.sqlite lists chunks", fix)
        return None
    vectors = _chroma_counts(chroma, collection, fix)
    if isinstance(vectors, DataProblem):
        return vectors
    if not vectors:
        return DataProblem(chroma, f"the collection {collection!r} on the Chroma server is empty while index.sqlite lists chunks", fix)
    return None


def remove_index(index_db: Path, chroma: ChromaLocation, collection: str) -> None:
    """Delete the index, which the source documents rebuild; the approvals and feedback stay. On a
    Chroma server, only this house's collection goes."""
    if not isinstance(chroma, Path):
        client = open_chroma(chroma)
        if collection in {c.name for c in client.list_collections()}:
            client.delete_collection(collection)
    for path in (index_db, index_db.with_name(index_db.name + "-wal"), index_db.with_name(index_db.name + "-shm")):
        path.unlink(missing_ok=True)
    if isinstance(chroma, Path) and chroma.is_dir():
        shutil.rmtree(chroma)


def check_index(index_db: Path, chroma: ChromaLocation, collection: str) -> list[DataProblem]:
    """Problems of the index (SQLite manifest + Chroma), each naming its file and the fix; [] when whole."""
    data_dir = index_db.parent
    fix = rebuild_fix(data_dir)
    if not index_db.exists():
        return [DataProblem(index_db, "there is no index", f"run `copilot ingest --data-dir {data_dir} data/sample`")]
    damaged = sqlite_problem(index_db, fix)
    if damaged:
        return [damaged]
    with closing(sqlite3.connect(f"file:{index_db}?mode=ro", uri=True)) as db:
        try:
            manifest = Counter(dict(db.execute("SELECT file_key, count(*) FROM chunks GROUP BY file_key").fetchall()))
            sources = dict(db.execute("SELECT file_key, source FROM files WHERE state='done'").fetchall())
        except sqlite3.DatabaseError as exc:
            return [DataProblem(index_db, f"the index's tables are missing ({exc})", fix)]
    if not sources:
        return [DataProblem(index_db, "the index holds no documents", f"run `copilot ingest --data-dir {data_dir} data/sample`")]
    if isinstance(chroma, Path) and not chroma.is_dir():
        return [DataProblem(chroma, "the vector store folder is missing while index.sqlite lists documents", fix)]
    vectors = _chroma_counts(chroma, collection, fix)
    if isinstance(vectors, DataProblem):
        return [vectors]
    if not vectors and not isinstance(chroma, Path):
        return [DataProblem(chroma, f"the collection {collection!r} on the Chroma server is missing or empty while "
                            "index.sqlite lists documents", fix)]
    problems = []
    for file_key, source in sorted(sources.items()):
        if manifest[file_key] != vectors[file_key]:
            problems.append(
                DataProblem(
                    chroma,
                    f"{source} has {manifest[file_key]} chunks in index.sqlite but {vectors[file_key]} vectors in Chroma",
                    fix,
                )
            )
    return problems


def _chroma_counts(chroma: ChromaLocation, collection: str, fix: str) -> Counter[str] | DataProblem:
    """Vectors per file, from Chroma's metadata (through the client, wherever Chroma lives), without
    creating anything that is not there. A missing collection on a server counts as empty."""
    try:
        client = open_chroma(chroma)
        if not isinstance(chroma, Path) and collection not in {c.name for c in client.list_collections()}:
            return Counter()
        got = client.get_collection(collection).get(include=["metadatas"])
    except ServerUnreachable as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - chromadb raises its own and SQLite's errors alike
        return DataProblem(chroma, f"Chroma's collection {collection!r} cannot be read ({type(exc).__name__}: {exc})", fix)
    return Counter(str((m or {}).get("file_key", "")) for m in got["metadatas"])
