"""Every question of the answer-quality sets (eval/associate, eval/golden) through the redactor as the
service builds it (`python -m eval.pii.eval_questions`): a question changes only if it holds a client
detail, and those are listed by id in questions_with_client_details.txt."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guardrails.redaction import PiiRedactor

HERE = Path(__file__).parent
EVAL = HERE.parent
QUESTION_SETS: tuple[Path, ...] = (
    *sorted((EVAL / "associate").glob("*.jsonl")),
    EVAL / "golden" / "questions.jsonl",
    EVAL / "golden" / "heldout.jsonl",
)
CLIENT_DETAIL_IDS = HERE / "questions_with_client_details.txt"


@dataclass(frozen=True)
class Changed:
    question_id: str
    text: str  # the turn as typed (a question or an earlier turn of its history)
    redacted: str


def question_turns(paths: tuple[Path, ...] = QUESTION_SETS) -> Iterator[tuple[str, str]]:
    """(question id, text) for every question and every earlier turn of its conversation."""
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "id" not in row or "question" not in row:
                raise ValueError(f"{path.name} line {n}: a question needs an 'id' and a 'question'")
            for text in (row["question"], *row.get("history", [])):
                yield row["id"], text


def client_detail_ids(path: Path = CLIENT_DETAIL_IDS) -> frozenset[str]:
    """The ids of the questions that hold a real client detail (a name, a phone ...): '#' starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line)


def changed_questions(redactor: PiiRedactor, paths: tuple[Path, ...] = QUESTION_SETS) -> list[Changed]:
    turns = list(question_turns(paths))
    redacted = redactor.redact_many([text for _, text in turns])
    return [Changed(qid, text, r.text) for (qid, text), r in zip(turns, redacted, strict=True) if r.entities]


def main() -> None:
    from eval.pii.measure import service_redactor
    from guardrails.redaction import build_analyzer

    expected = client_detail_ids()
    changed = changed_questions(service_redactor(build_analyzer()))
    turns = sum(1 for _ in question_turns())
    print(f"{turns} questions and earlier turns; {len(changed)} changed by the redactor")
    for c in changed:
        verdict = "client detail" if c.question_id in expected else "NO CLIENT DETAIL"
        print(f"- {c.question_id} [{verdict}]: {c.text!r} -> {c.redacted!r}")
    unchanged = sorted(expected - {c.question_id for c in changed})
    if unchanged:
        print(f"client details left as typed: {', '.join(unchanged)}")


if __name__ == "__main__":
    main()
