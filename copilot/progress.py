"""A rich progress bar for long jobs: files done, chunks embedded, and the time left."""

from __future__ import annotations

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
