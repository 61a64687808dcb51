"""What the ask pipeline needs of search: one call that answers a question when it is a search, else None."""

from __future__ import annotations

from typing import Protocol

from copilot.core.types import AskResult


class SearchFound(Protocol):
    def fill(self, result: AskResult) -> None: ...


class SearchHook(Protocol):
    def answer_if_search(self, question: str, boutique: str = "") -> SearchFound | None: ...
