"""Progress of long jobs: a rich bar on a terminal (files done, chunks embedded, time left), plain
log lines anywhere else."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn


class RichProgress:
    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=console,
        )
        self._files: TaskID | None = None
        self._chunks: TaskID | None = None

    def __enter__(self) -> "RichProgress":
        self._bar.start()
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self._bar.stop()

    def start(self, files: int) -> None:
        self._files = self._bar.add_task("files ", total=files, current="")
        self._chunks = self._bar.add_task("chunks", total=0, current="")

    def file_started(self, source: str, chunks: int) -> None:
        assert self._chunks is not None and self._files is not None
        self._bar.update(self._files, current=source)
        total = self._bar.tasks[self._chunks].total or 0
        self._bar.update(self._chunks, total=total + chunks)

    def chunks_done(self, n: int) -> None:
        assert self._chunks is not None
        self._bar.advance(self._chunks, n)

    def file_done(self) -> None:
        assert self._files is not None
        self._bar.advance(self._files)


class LineProgress:
    """One plain line per file started and, within a long file, at most one every `every` seconds:
    readable in a CI log or a pipe, where a live bar is noise or nothing at all."""

    def __init__(self, console: Console, every: float = 5.0) -> None:
        self._console = console
        self._every = every
        self._files = self._files_done = self._chunks = self._chunks_done = 0
        self._last = 0.0

    def __enter__(self) -> "LineProgress":
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self._say()

    def start(self, files: int) -> None:
        self._files = files
        self._say(f"{files} files to read")

    def file_started(self, source: str, chunks: int) -> None:
        self._chunks += chunks
        self._say(f"reading {source} ({chunks} chunks)")

    def chunks_done(self, n: int) -> None:
        self._chunks_done += n
        if time.monotonic() - self._last >= self._every:
            self._say()

    def file_done(self) -> None:
        self._files_done += 1

    def _say(self, what: str = "") -> None:
        self._last = time.monotonic()
        line = f"files {self._files_done}/{self._files}, chunks {self._chunks_done}/{self._chunks}"
        self._console.print(f"{line}: {what}" if what else line, markup=False, highlight=False, soft_wrap=True)
