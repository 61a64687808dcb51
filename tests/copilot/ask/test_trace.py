"""An answer's trace: the recorder turns what the retriever, the composer and the verifier report into
one redacted JSON body; the store keeps one row per trace_id and forgets what is older than a cutoff."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from copilot.ask.composer import Candidate, Composer
from copilot.ask.pipeline import Copilot
from copilot.ask.trace import MAX_SENTENCES, TraceRecorder
from copilot.ask.trace_store import TraceStore, default_url
from copilot.ask.verifier import Verdict
from copilot.core.identifiers import NamedIdentifier
from copilot.core.settings import Settings
from copilot.core.tracing import ScoredSentence, Search
from copilot.core.types import AskResult, Related, Retrieval, Statement

NOON = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
KEPT = Statement("Resizing is free within 60 days.", "Resizing is free within 60 days.", "policy:service#9", 0.91)
INVENTED = Statement("Resizing costs $999.", "Resizing costs $999.", "policy:service#9", 0.5)


def _result(**changes: object) -> AskResult:
    result = AskResult("Resizing is free within 60 days. [1]", [], False, None, False, "t-1", "c-1", {"total": 42.0})
    for name, value in changes.items():
        setattr(result, name, value)
    return result


def _recorded() -> TraceRecorder:
    trace = TraceRecorder(clock=lambda: NOON)
    trace.question("Can <PERSON_1>'s Celeste ring be resized?")
    trace.retrieved(Search(
        "Can <PERSON_1>'s Celeste ring be resized?",
        dense=[("policy:service#9", 0.71), ("product:AUR-RG-0001", 0.40)],
        lexical=[("product:AUR-RG-0001", 7.5), ("faq#2", 3.1)],
        fused={"policy:service#9": 0.0164, "product:AUR-RG-0001": 0.0325, "faq#2": 0.0161},
        kept=["product:AUR-RG-0001", "policy:service#9"],
        exact={},
        labels={"policy:service#9": "Client Service Policy · 9. Resizing"},
    ))
    trace.sentences_scored(
        "Can <PERSON_1>'s Celeste ring be resized?",
        [
            ScoredSentence("Our boutiques open at ten.", "policy:service#1", {"similarity": 0.2, "denies": 0.0}, 0.2),
            ScoredSentence(KEPT.quote, KEPT.chunk_id, {"similarity": 0.7, "denies": 0.0}, 0.91),
        ],
        {"similarity": 1.0, "denies": -0.4},
    )
    trace.verified(Verdict([KEPT], [(INVENTED, "the sentence says more than its quote")]))
    return trace


def test_candidates_carry_their_dense_and_bm25_scores_and_ranks_in_fused_order() -> None:
    body = _recorded().finish(_result(), "key-abc", "ExtractiveComposer")
    candidates = body["searches"][0]["candidates"]
    assert [c["chunk_id"] for c in candidates] == ["product:AUR-RG-0001", "policy:service#9", "faq#2"]
    first, second, third = candidates
    assert (first["dense_rank"], first["bm25_rank"], first["passed_on"]) == (2, 1, 1)
    assert (second["dense_score"], second["bm25_score"], second["label"]) == (0.71, None, "Client Service Policy · 9. Resizing")
    assert third["dense_rank"] is None and third["passed_on"] is None


def test_scored_sentences_keep_their_features_best_first_and_the_quoted_one_is_chosen() -> None:
    body = _recorded().finish(_result(), "key-abc", "ExtractiveComposer")
    assert [s["score"] for s in body["sentences"]] == [0.91, 0.2]
    assert [s["chosen"] for s in body["sentences"]] == [True, False]
    assert body["sentences"][0]["features"] == {"similarity": 0.7, "denies": 0.0}
    assert body["weights"] == {"similarity": 1.0, "denies": -0.4}


def test_only_the_best_sentences_are_kept_per_scoring() -> None:
    trace = TraceRecorder()
    many = [ScoredSentence(f"Sentence {n}.", "faq#1", {"similarity": n / 100}, n / 100) for n in range(50)]
    trace.sentences_scored("q", many, {"similarity": 1.0})
    kept = trace.finish(_result(), "key-abc", "ExtractiveComposer")["sentences"]
    assert len(kept) == MAX_SENTENCES and kept[0]["text"] == "Sentence 49."


def test_dropped_statements_say_why_and_the_answer_reason_counts_them() -> None:
    body = _recorded().finish(_result(), "key-abc", "ExtractiveComposer")
    assert body["dropped"] == [
        {"text": INVENTED.text, "quote": INVENTED.quote, "chunk_id": INVENTED.chunk_id, "why": "the sentence says more than its quote"}
    ]
    assert body["outcome"] == {"kind": "answer", "reason": "1 statement quotes its passage verbatim; the citation check dropped 1."}
    assert body["statements"][0]["text"] == KEPT.text


@pytest.mark.parametrize(
    ("changes", "kind", "reason_holds"),
    [
        ({"refused": True, "refusal_reason": "SKU AUR-RG-9999 is not in the house records."}, "refusal", "AUR-RG-9999"),
        (
            {"refused": True, "refusal_reason": "Not sure.", "related": [Related(1, "d", "policy", "T", "s", "", "q", 0.4, "p")]},
            "closest_passages",
            "closest passages",
        ),
        ({"approval_id": 7}, "answer", "approval (#7)"),
    ],
)
def test_the_outcome_is_answer_closest_passages_or_refusal_with_its_reason(
    changes: dict[str, object], kind: str, reason_holds: str
) -> None:
    outcome = _recorded().finish(_result(**changes), "key-abc", "ExtractiveComposer")["outcome"]
    assert outcome["kind"] == kind and reason_holds in outcome["reason"]


def test_the_composers_reasons_for_stating_nothing_join_the_refusal_reason_once_each() -> None:
    trace = TraceRecorder()
    trace.declined("how long is the wait?", "The best sentence scored 0.12, below the 0.30 an answer needs.")
    trace.declined("and the fee?", "The best sentence scored 0.12, below the 0.30 an answer needs.")
    body = trace.finish(_result(refused=True, refusal_reason="The house documents do not answer this question."), "k", "C")
    assert [d["asked"] for d in body["declined"]] == ["how long is the wait?", "and the fee?"]
    assert body["outcome"] == {
        "kind": "refusal",
        "reason": "The house documents do not answer this question. The best sentence scored 0.12, below the 0.30 an answer needs.",
    }


def test_identifiers_say_which_were_found() -> None:
    trace = TraceRecorder()
    known, unknown = NamedIdentifier("sku", "AUR-RG-0001"), NamedIdentifier("sku", "AUR-RG-9999")
    trace.identifiers([known, unknown], [unknown])
    body = trace.finish(_result(), "key-abc", "ExtractiveComposer")
    assert body["identifiers"] == [
        {"kind": "sku", "value": "AUR-RG-0001", "found": True}, {"kind": "sku", "value": "AUR-RG-9999", "found": False}
    ]


def test_the_body_is_json_and_holds_the_redacted_question_only() -> None:
    body = _recorded().finish(_result(display_answer="Claire Dubois may resize it."), "key-abc", "ExtractiveComposer")
    text = json.dumps(body)
    assert "<PERSON_1>" in text and "Claire Dubois" not in text
    assert body["created_at"] == NOON.isoformat() and body["composer"] == "ExtractiveComposer"


def test_the_store_keeps_one_row_per_trace_lists_the_newest_first_and_purges_before_a_cutoff(tmp_path: Path) -> None:
    store = TraceStore.at_url(default_url(tmp_path))
    for hours in (0, 1, 30 * 24):
        trace = TraceRecorder(clock=lambda h=hours: NOON - timedelta(hours=h))
        trace.question(f"question {hours}")
        store.save(trace.finish(_result(trace_id=f"t-{hours}"), "key-abc", "ExtractiveComposer"))
    assert store.get("t-1")["question"] == "question 1"
    assert store.get("nope") is None
    assert [s.trace_id for s in store.recent(2)] == ["t-0", "t-1"]
    assert store.purge_before(NOON - timedelta(days=1)) == 1
    assert store.get("t-720") is None and store.get("t-0") is not None
    with pytest.raises(ValueError, match="limit"):
        store.recent(0)


class InventiveComposer:
    """The real composer's statements plus one that quotes a passage retrieval never returned."""

    def __init__(self, real: Composer) -> None:
        self._real = real

    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]:
        invented = Statement("Report 9999999999: Clarity grade: FL", "Clarity grade: FL", "certificate:9999999999", 1.0)
        return self._real.compose(question, retrieval) + [invented]

    def closest(self, question: str, retrieval: Retrieval) -> list[Candidate]:
        return self._real.closest(question, retrieval)


def test_a_real_answer_is_traced_from_the_candidates_to_the_sentence_chosen(
    factory: Callable[[Settings], Copilot], indexed: Settings
) -> None:
    copilot = factory(indexed)
    result = copilot.ask("How long does a client have to return a piece?")
    assert not result.refused
    body = copilot.traces.get(result.trace_id)
    candidates = body["searches"][0]["candidates"]
    assert any(c["dense_score"] is not None for c in candidates) and any(c["bm25_score"] is not None for c in candidates)
    assert [c["fused_rank"] for c in candidates] == list(range(1, len(candidates) + 1))
    chosen = [s for s in body["sentences"] if s["chosen"]]
    assert chosen and all(s["text"] in result.answer.replace("\n", " ") or s["text"] in [c.quote for c in result.citations] for s in chosen)
    assert set(chosen[0]["features"]) == set(body["weights"]) and "similarity" in body["weights"]
    assert body["outcome"]["kind"] == "answer" and body["timings_ms"]["total"] > 0


def test_a_statement_the_verifier_drops_is_in_the_trace_with_why(factory: Callable[[Settings], Copilot], indexed: Settings) -> None:
    copilot = factory(indexed)
    copilot._composer = InventiveComposer(copilot._composer)  # noqa: SLF001 - swapping the composer is the point
    result = copilot.ask("What is the clarity of AUR-RG-0001?")
    body = copilot.traces.get(result.trace_id)
    assert [(d["chunk_id"], d["why"]) for d in body["dropped"]] == [
        ("certificate:9999999999", "cites certificate:9999999999, which retrieval did not return")
    ]
    assert body["identifiers"] == [{"kind": "sku", "value": "AUR-RG-0001", "found": True}]
    assert body["composer"] == "InventiveComposer"


def test_an_unknown_sku_is_traced_as_a_refusal(factory: Callable[[Settings], Copilot], indexed: Settings) -> None:
    copilot = factory(indexed)
    result = copilot.ask("What is the clarity of AUR-RG-9999?")
    body = copilot.traces.get(result.trace_id)
    assert body["outcome"]["kind"] == "refusal" and "AUR-RG-9999" in body["outcome"]["reason"]
    assert body["identifiers"] == [{"kind": "sku", "value": "AUR-RG-9999", "found": False}]
