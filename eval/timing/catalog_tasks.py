"""The catalog search questions (eval/search/{dev,test}.jsonl) as lookup tasks: what the asker wants
listed, from which boutique, and whether the copilot's answer listed it.

An answer lists the records matching every constraint, best first, up to its row limit
(`Settings.search_results`), and says how many match (`/v1/ask` returns them as `results` and
`search.count`, copilot/search/answer.py). It is right when its count is the expected count and the
rows it shows (not the `nearest` ones offered when nothing matches) are expected records: all of them
when they fit, else as many as the row limit. "None match" is right for an empty expected set.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot.core.errors import InputError
from eval.metrics import GoldenQuestion, QuestionScore, SystemAnswer

CLASS_PREFIX = "catalog_search"


@dataclass(frozen=True)
class SearchSpec:
    """What a search question asks (its constraints, as eval/search/build_questions.py wrote them) and
    the records that answer it, as SKUs, stock numbers or report numbers."""

    spec: Mapping[str, Any]
    expected: tuple[str, ...]
    search_class: str  # plain, stock, numbers, words, grades, stones, none


def is_search_set(path: Path) -> bool:
    """A set of search questions: its lines carry a `spec` and the `expected` records."""
    try:
        with path.open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the question set ({exc})") from exc
    try:
        row = json.loads(first) if first else {}
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line 1 is not JSON ({exc})") from exc
    return isinstance(row, dict) and "spec" in row and "expected" in row


def read_search_set(path: Path) -> list[dict[str, Any]]:
    """The set's questions; a line missing a field is refused with its number."""
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON ({exc})") from exc
        missing = [k for k in ("id", "class", "question", "spec", "expected", "asker_boutique") if k not in row]
        if missing:
            raise InputError(f"{path}:{n}: a search question needs {', '.join(missing)}")
        rows.append(row)
    return rows


def task_class(search_class: str) -> str:
    return f"{CLASS_PREFIX}/{search_class}"


def listed(body: Mapping[str, Any]) -> tuple[int | None, list[str]]:
    """What a `/v1/ask` answer lists: the count it states (None when the question was not answered as a
    search) and the ids of the matching rows it shows, best first."""
    summary = body.get("search")
    if not isinstance(summary, Mapping):
        return None, []
    rows = [str(r["id"]) for r in body.get("results", []) if not r.get("nearest")]
    return int(summary.get("count", 0)), rows


def search_answer_right(expected: Sequence[str], body: Mapping[str, Any]) -> bool:
    count, shown = listed(body)
    if count is None or count != len(expected):
        return False
    wanted = set(expected)
    if not set(shown) <= wanted:
        return False
    # Every expected record when they fit; past the row limit the answer shows fewer than it counts.
    return set(shown) == wanted or (0 < len(shown) < count)


def score_search(question: GoldenQuestion, expected: Sequence[str], answer: SystemAnswer, body: Mapping[str, Any]) -> QuestionScore:
    """The score of a search question's reply. An answer given as a search is never a refusal here, even
    "none match" (the API's `refused`): it is the answer, right or wrong. A question not answered as a
    search is refused when the copilot refused it, else wrong."""
    count, shown = listed(body)
    right = search_answer_right(expected, body)
    refused = count is None and answer.refused
    return QuestionScore(
        question=question, recall_at_5=None, reciprocal_rank=None, ndcg_at_10=None,
        answer_correct=right, correct=right, refused=refused,
        precise_citations=sum(c.doc_id.partition(":")[2] in set(expected) for c in answer.citations) if not refused else 0,
        citations_counted=0 if refused else len(answer.citations),
        missing_facts=() if right else tuple(e for e in expected if e not in shown),
        timings_ms=dict(answer.timings_ms),
    )
