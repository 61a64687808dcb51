"""GET /v1/traces/{trace_id} and the "Mark wrong" correction: managers only, 404 for an unknown trace,
and what is stored holds the client's name only as a placeholder, byte for byte."""

from __future__ import annotations

from pathlib import Path

import httpx

from copilot.core.settings import Settings
from guardrails.feedback import FeedbackStore, default_url

CLIENT = "Eleanor Whitfield"
QUESTION = f"My client {CLIENT} asks: how long does she have to return a piece?"


def _files_holding(data_dir: Path, needle: bytes) -> list[str]:
    return [str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_manager_reads_the_trace_of_an_associates_answer(client: httpx.Client, manager: httpx.Client) -> None:
    asked = client.post("/v1/ask", json={"question": "How long does a client have to return a piece?"}).json()
    trace = manager.get(f"/v1/traces/{asked['trace_id']}")
    assert trace.status_code == 200, trace.text
    body = trace.json()
    assert body["question"] == "How long does a client have to return a piece?"
    assert body["outcome"]["kind"] == "answer" and body["answer"] == asked["answer"]
    candidates = body["searches"][0]["candidates"]
    assert candidates and all({"dense_score", "bm25_score", "fused_rank"} <= set(c) for c in candidates)
    assert any(s["chosen"] for s in body["sentences"]) and body["statements"]
    assert body["approvals"] == [] and body["composer"] == "ExtractiveComposer"
    assert trace.headers["cache-control"] == "no-store"
    recent = manager.get("/v1/traces", params={"limit": 200}).json()
    assert asked["trace_id"] in [t["trace_id"] for t in recent]


def test_an_associate_is_refused_the_traces_and_an_unknown_trace_is_a_404(
    client: httpx.Client, manager: httpx.Client, anonymous: httpx.Client
) -> None:
    trace_id = client.post("/v1/ask", json={"question": "Can rings be resized?"}).json()["trace_id"]
    assert client.get(f"/v1/traces/{trace_id}").status_code == 403
    assert client.get("/v1/traces").status_code == 403
    assert anonymous.get(f"/v1/traces/{trace_id}").status_code == 401
    missing = manager.get("/v1/traces/0123456789abcdef0123456789abcdef")
    assert missing.status_code == 404 and "retention period" in missing.json()["detail"]
    assert manager.get("/v1/traces/not%20an%20id").status_code == 422


def test_a_drafts_trace_shows_its_approval_history(client: httpx.Client, manager: httpx.Client) -> None:
    asked = client.post("/v1/ask", json={"question": "Can rings be resized?", "for_client": True}).json()
    assert asked["approval_id"] is not None
    assert manager.post(f"/v1/approvals/{asked['approval_id']}/reject", json={"reason": "Cite the fee too."}).status_code == 200
    history = manager.get(f"/v1/traces/{asked['trace_id']}").json()["approvals"]
    assert [(h["approval_id"], h["status"]) for h in history] == [(asked["approval_id"], "rejected")]
    actions = [s["action"] for s in history[0]["steps"]]
    assert "created" in actions and actions[-1] == "rejected"


def test_no_clear_client_name_is_stored_in_a_trace(client: httpx.Client, manager: httpx.Client, indexed: Settings) -> None:
    asked = client.post("/v1/ask", json={"question": QUESTION}).json()
    assert CLIENT in asked["display_answer"] or CLIENT not in asked["answer"]
    body = manager.get(f"/v1/traces/{asked['trace_id']}").json()
    assert "<PERSON_1>" in body["question"] and CLIENT not in str(body)
    assert _files_holding(indexed.data_dir, b"Whitfield") == []


def test_mark_wrong_stores_the_managers_correction_redacted_with_the_trace(
    client: httpx.Client, manager: httpx.Client, indexed: Settings
) -> None:
    trace_id = client.post("/v1/ask", json={"question": "Can rings be resized?"}).json()["trace_id"]
    correction = f"Tell {CLIENT} that resizing is free within 60 days (policy section 9)."
    saved = manager.post(f"/v1/traces/{trace_id}/correction", json={"correction": correction})
    assert saved.status_code == 201, saved.text
    assert saved.json()["value"] == "down" and "within 60 days" in saved.json()["comment"]
    stored = FeedbackStore.at_url(default_url(indexed.data_dir), redact=lambda text: text).for_trace(trace_id)
    assert [(f.kind.value, f.value) for f in stored] == [("rating", "down")]
    assert CLIENT not in (stored[0].comment or "") and "within 60 days" in (stored[0].comment or "")
    assert _files_holding(indexed.data_dir, b"Whitfield") == []


def test_mark_wrong_is_for_managers_on_a_known_trace_with_a_correction(client: httpx.Client, manager: httpx.Client) -> None:
    trace_id = client.post("/v1/ask", json={"question": "Can rings be resized?"}).json()["trace_id"]
    assert client.post(f"/v1/traces/{trace_id}/correction", json={"correction": "Wrong fee."}).status_code == 403
    assert manager.post("/v1/traces/0123456789abcdef/correction", json={"correction": "Wrong fee."}).status_code == 404
    blank = manager.post(f"/v1/traces/{trace_id}/correction", json={"correction": "   "})
    assert blank.status_code == 422 and "correction is empty" in blank.text
