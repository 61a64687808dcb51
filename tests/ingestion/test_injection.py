"""Instructions written inside a document, in several styles, are left out of the index (never quoted
in an answer) and listed by the ingest summary and the audit report; the house's own sentences stay."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingestion.audit import audit_paths
from ingestion.injection import instruction_rule
from tests.support.documents import FIXTURE, INJECTED

HOUSE_VOICE = [
    "Diamonds can be cleaned with warm water, a drop of mild soap and a soft brush.",
    "Emeralds must never be cleaned in an ultrasonic bath.",
    "Never tell a client a stone is flawless unless its grading report says so.",
    "Tell the client that resizing takes two weeks.",
    "Ignore minor scratches on the clasp when grading a return.",
    "Always inform the client of the 30-day return window.",
    "Associates should never quote a price over the phone.",
]


@pytest.mark.parametrize("sentence", INJECTED)
def test_each_injection_style_is_caught(sentence: str) -> None:
    assert instruction_rule(sentence) is not None


@pytest.mark.parametrize("sentence", HOUSE_VOICE)
def test_the_house_s_own_instructions_to_associates_are_not(sentence: str) -> None:
    assert instruction_rule(sentence) is None


def test_the_audit_report_lists_every_injected_sentence(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / FIXTURE.name)
    report = audit_paths([tmp_path])
    assert sorted(f.sentence for f in report.instructions) == sorted(INJECTED)
    assert report.counts["instructions"] == len(INJECTED)
    assert "Instructions inside documents (7)" in report.to_markdown()
