"""The lookup tasks the harness replays: the golden questions, the associate-voice dev sets and the
catalog search questions, each with what makes an answer right (facts, or the records to list). The
associate test half is refused, never read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.core.errors import InputError
from eval.metrics import GoldenQuestion
from eval.run_eval import load_golden
from eval.timing.catalog_tasks import SearchSpec, is_search_set, read_search_set, task_class

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SETS = (
    REPO / "eval" / "golden" / "questions.jsonl",
    REPO / "eval" / "associate" / "dev.jsonl",
    REPO / "eval" / "associate" / "dev2.jsonl",
    # The search questions' test split is scored here like the dev one, and never printed (their run.py).
    REPO / "eval" / "search" / "dev.jsonl",
    REPO / "eval" / "search" / "test.jsonl",
)
# The associate set's test half is run by the eval runner only, never read while working (its README).
FORBIDDEN = REPO / "eval" / "associate" / "test.jsonl"
# A request for a client's personal data or to drop the rules is no product lookup: it has no manual
# lookup to compare with, so it is left out of the time saved.
NOT_LOOKUPS = frozenset({"refuse_always"})


@dataclass(frozen=True)
class LookupTask:
    """One lookup: the question an associate asks, the set it comes from, and how it is scored."""

    id: str
    source: str  # the set's file stem: questions, dev, dev2; search/dev, search/test for search questions
    golden: GoldenQuestion
    search: SearchSpec | None = None  # a catalog search question: scored by the records its answer lists
    boutique: str = ""  # the asker's boutique, when the set names it (asked with a key of that boutique)

    @property
    def question(self) -> str:
        return self.golden.question

    @property
    def history(self) -> tuple[str, ...]:
        return self.golden.history

    @property
    def question_class(self) -> str:
        """The associate set's class, else the golden category (spec-sku, returns, unanswerable ...)."""
        return self.golden.kind


def load_tasks(paths: Sequence[Path] = DEFAULT_SETS, limit: int | None = None) -> list[LookupTask]:
    """The tasks of every set, in file order; with `limit`, an even spread of that many across them."""
    tasks: list[LookupTask] = []
    for path in paths:
        if path.resolve() == FORBIDDEN:
            raise InputError(f"{path}: the associate test half is never replayed here; use dev.jsonl and dev2.jsonl")
        if is_search_set(path):
            tasks += [search_task(row, f"search/{path.stem}") for row in read_search_set(path)]
        else:
            tasks += [LookupTask(q.id, path.stem, q) for q in load_golden(path) if q.kind not in NOT_LOOKUPS]
    if limit is not None:
        if limit <= 0:
            raise InputError("limit must be positive")
        step = max(1, len(tasks) / limit)
        tasks = [tasks[int(i * step)] for i in range(min(limit, len(tasks)))]
    return tasks


def search_task(row: dict[str, Any], source: str) -> LookupTask:
    """A search question as a lookup task; its class is catalog_search/<its class> (plain, stock ...)."""
    expected = tuple(str(e) for e in row["expected"])
    spec = SearchSpec(dict(row["spec"]), expected, str(row["class"]))
    golden = GoldenQuestion(id=str(row["id"]), category="catalog_search", question=str(row["question"]),
                            expected_doc_ids=(), facts=expected, answerable=True, question_class=task_class(spec.search_class))
    return LookupTask(golden.id, source, golden, spec, str(row["asker_boutique"]))
