"""The redactor leaves every answer-quality question as typed unless it holds a client detail: a
placeholder in "Which pieces are in the Aurora collection?" would change what the copilot retrieves."""

from __future__ import annotations

import pytest

from eval.pii.eval_questions import QUESTION_SETS, changed_questions, client_detail_ids, question_turns
from eval.pii.measure import service_redactor
from guardrails.redaction.redactor import Analyzer

pytestmark = pytest.mark.slow


def test_only_questions_with_a_client_detail_change(analyzer: Analyzer) -> None:
    assert len(QUESTION_SETS) >= 5 and sum(1 for _ in question_turns()) > 600
    changed = changed_questions(service_redactor(analyzer))
    expected = client_detail_ids()
    unexpected = [f"{c.question_id}: {c.text!r} -> {c.redacted!r}" for c in changed if c.question_id not in expected]
    assert unexpected == [], f"{len(unexpected)} questions without a client detail gained a placeholder"
    assert {c.question_id for c in changed} == expected, "a client detail of these questions is left as typed"
