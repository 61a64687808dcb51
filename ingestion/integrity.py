"""Is the index whole? SQLite's own check of index.sqlite, then the manifest against Chroma, file by
file: what the service checks before it says ready, and what `copilot doctor` prints."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

from copilot.core.errors import DataProblem
from copilot.core.sqlite_files import sqlite_problem


def rebuild_fix(data_dir: Path) -> str:
    return f"run `copilot ingest --rebuild --data-dir {data_dir} PATH...` with the folders you ingest (e.g. data/sample)"


def damaged_index(index_db: Path, chroma_dir: Path) -> DataProblem | None:
    """The cheap checks an ingest makes first (no Chroma opened): a garbled index.sqlite, or a chroma/
    folder gone while the manifest lists chunks, would make an incremental run call every file
    unchanged and leave the index as broken as it found it."""
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
    if chunks and not chroma_dir.is_dir():
        return DataProblem(chroma_dir, "the vector store folder is missing while index.sqlite lists chunks", fix)
    return None


def remove_index(index_db: Path, chroma_dir: Path) -> None:
    """Delete the index, which the source documents rebuild; the approvals and feedback stay."""
    for path in (index_db, index_db.with_name(index_db.name + "-wal"), index_db.with_name(index_db.name + "-shm")):
        path.unlink(missing_ok=True)
    if chroma_dir.is_dir():
        shutil.rmtree(chroma_dir)


def check_index(index_db: Path, chroma_dir: Path, collection: str) -> list[DataProblem]:
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
    if not chroma_dir.is_dir():
        return [DataProblem(chroma_dir, "the vector store folder is missing while index.sqlite lists documents", fix)]
    vectors = _chroma_counts(chroma_dir, collection)
    if isinstance(vectors, DataProblem):
        return [vectors]
    problems = []
    for file_key, source in sorted(sources.items()):
        if manifest[file_key] != vectors[file_key]:
            problems.append(
                DataProblem(
                    chroma_dir,
                    f"{source} has {manifest[file_key]} chunks in index.sqlite but {vectors[file_key]} vectors in Chroma",
                    fix,
                )
            )
    return problems


def _chroma_counts(chroma_dir: Path, collection: str) -> Counter[str] | DataProblem:
    """Vectors per file, from Chroma's metadata, without creating anything that is not there."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    try:
        client = chromadb.PersistentClient(path=str(chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))
        got = client.get_collection(collection).get(include=["metadatas"])
    except Exception as exc:  # noqa: BLE001 - chromadb raises its own and SQLite's errors alike
        return DataProblem(chroma_dir, f"Chroma's collection {collection!r} cannot be read ({type(exc).__name__}: {exc})",
                           rebuild_fix(chroma_dir.parent))
    return Counter(str((m or {}).get("file_key", "")) for m in got["metadatas"])
