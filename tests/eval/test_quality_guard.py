"""A regression guard on answer quality, never on timings: a fixed subset of the golden set (every 4th
question answered by the house manuals, and every 4th unanswerable one) is asked of a copilot over the
sample corpus's manuals; answer accuracy, citation precision and refusal recall must not fall below the
levels last accepted in eval/golden/quality_floor.json. Raise the floor when a change is kept."""

from __future__ import annotations

import json
import shutil

import pytest

from copilot.ask.factory import build_copilot
from copilot.core.settings import Settings
from eval.metrics import GoldenQuestion, outcome_scores
from eval.run_eval import load_golden, run_questions
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.server import REPO

GOLDEN = REPO / "eval" / "golden" / "questions.jsonl"
FLOOR = REPO / "eval" / "golden" / "quality_floor.json"
MANUALS = ("policy", "aftercare", "tone_guide")


def subset(questions: list[GoldenQuestion]) -> list[GoldenQuestion]:
    on_manuals = [q for q in questions if q.answerable and q.expected_doc_ids and not q.history
                  and all(d.split(":")[0] in MANUALS for d in q.expected_doc_ids)]
    unanswerable = [q for q in questions if not q.answerable and not q.history]
    return on_manuals[::4] + unanswerable[::4]


@pytest.fixture(scope="module")
def copilot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("guard")
    shutil.copytree(REPO / "data" / "sample" / "policies", root / "corpus" / "policies")
    shutil.copytree(REPO / "data" / "sample" / "lexicon", root / "corpus" / "lexicon")
    settings = Settings(data_dir=root / "data")
    make_ingestor(settings, embedder=lambda: embedder).ingest([root / "corpus"])
    return build_copilot(settings, embedder=embedder)


def test_answer_quality_on_a_fixed_subset_stays_at_or_above_the_accepted_floor(copilot) -> None:  # type: ignore[no-untyped-def]
    questions = subset(load_golden(GOLDEN))
    assert len(questions) >= 40
    scores = outcome_scores(run_questions(copilot, questions).scores)
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    measured = {key: round(scores[key] or 0.0, 3) for key in floor}
    assert all(measured[key] >= floor[key] for key in floor), f"below the accepted floor {floor}: {measured}"
