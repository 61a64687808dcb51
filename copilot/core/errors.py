"""The project's own exceptions; the API maps them to HTTP status codes in one place."""

import errno
import shutil
from pathlib import Path


class CopilotError(Exception):
    """Base class: the message says what was wrong and what to do."""


class InputError(CopilotError):
    """The user gave something we cannot use (a path that does not exist, an empty question)."""


class NotFoundError(CopilotError):
    """An id the user named does not exist."""


class ConflictError(CopilotError):
    """The request is valid but not in the current state (e.g. approving a rejected draft)."""


class DataProblem(CopilotError):
    """A file under the data dir is missing, unreadable or disagrees with another: names the file and the fix."""

    def __init__(self, file: object, what: str, fix: str) -> None:
        super().__init__(f"{file}: {what}; fix: {fix}")
        self.file = str(file)
        self.what = what
        self.fix = fix


class ServerUnreachable(DataProblem):
    """A server the data lives on (a Chroma server by URL) does not answer: start it, or point elsewhere."""


def disk_full_message(data_dir: Path, then: str) -> str:
    """What a full disk is called everywhere: the disk, how much is left, and what to do."""
    existing = next((p for p in (data_dir, *data_dir.parents) if p.exists()), Path("/"))
    free = shutil.disk_usage(existing).free // 2**20
    return f"the disk holding DATA_DIR ({data_dir}) is full ({free} MB free): {then}"


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC, or a library's words for it (SQLite's "database or disk is full", Chroma's compaction error)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        text = str(seen).lower()
        if "disk is full" in text or "no space left" in text or "disk full" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    return False
