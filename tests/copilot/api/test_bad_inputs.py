"""Inputs that used to be 500s or echoed the request: each is now a 4xx that says what to send, never
repeats what was sent, and responses carrying client details are not cached."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from tests.support.disk import small_tmpfs
from tests.support.server import ASSOCIATE_KEY, MANAGER_KEY, http_client, live_server

pytestmark = pytest.mark.slow
DRAFT = "Draft a follow-up note to Mrs. Jane Doe about the price of AUR-RG-0001"


def _raw(client: httpx.Client, path: str, body: str) -> httpx.Response:
    return client.post(path, content=body.encode("utf-8", "surrogatepass"), headers={"content-type": "application/json"})


@pytest.mark.parametrize("approval_id", ["9223372036854775808", "2147483648", "0", "-1", "99999999999999999999999"])
def test_an_approval_id_out_of_range_is_a_422(manager: httpx.Client, approval_id: str) -> None:
    for response in (
        manager.get(f"/v1/approvals/{approval_id}"),
        manager.post(f"/v1/approvals/{approval_id}/approve", json={}),
        manager.get(f"/v1/approvals/{approval_id}/audit"),
    ):
        assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    "body",
    [
        '{"question": "Can rings be resized? \\ud800"}',
        '{"question": "\\udfff"}',
        '{"question": "Can rings be resized?", "filters": {"collection": "Cel\\ud83deste"}}',
    ],
)
def test_a_lone_surrogate_in_a_question_is_a_422(client: httpx.Client, body: str) -> None:
    response = _raw(client, "/v1/ask", body)
    assert response.status_code == 422, response.text
    assert "surrogate" in response.text or "unicode" in response.text


def test_a_lone_surrogate_in_a_comment_or_an_edit_is_a_422(client: httpx.Client, manager: httpx.Client) -> None:
    answer = client.post("/v1/ask", json={"question": DRAFT}).json()
    comment = _raw(client, "/v1/feedback", json.dumps({"trace_id": answer["trace_id"], "rating": "up"})[:-1] + ', "comment": "ok \\ud800"}')
    assert comment.status_code == 422 and comment.json()["detail"][0]["loc"] == ["body", "comment"]
    edit = _raw(manager, f"/v1/approvals/{answer['approval_id']}/edit", '{"text": "Dear \\ud800"}')
    assert edit.status_code == 422 and edit.json()["detail"][0]["loc"] == ["body", "text"]
    reject = _raw(manager, f"/v1/approvals/{answer['approval_id']}/reject", '{"reason": "no \\udc00"}')
    assert reject.status_code == 422 and reject.json()["detail"][0]["loc"] == ["body", "reason"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999999"])
def test_nan_and_infinite_numbers_are_a_422(client: httpx.Client, manager: httpx.Client, number: str) -> None:
    assert _raw(client, "/v1/ask", f'{{"question": {number}}}').status_code == 422
    assert _raw(client, "/v1/ask", f'{{"question": "Can rings be resized?", "for_client": {number}}}').status_code == 422
    assert _raw(client, "/v1/feedback", f'{{"trace_id": "abc", "rating": {number}}}').status_code == 422
    assert _raw(manager, "/v1/approvals/1/reject", f'{{"reason": {number}}}').status_code == 422


def test_a_422_never_echoes_what_was_sent(client: httpx.Client) -> None:
    response = client.post("/v1/ask", json={"question": "x", "client_name": "Jane Doe +44 20 7946 0958"})
    assert response.status_code == 422
    assert "Jane Doe" not in response.text and "7946" not in response.text
    assert response.json()["detail"][0]["loc"] == ["body", "client_name"]
    feedback = client.post("/v1/feedback", json={"trace_id": "abc", "rating": "Mrs. Jane Doe"})
    assert feedback.status_code == 422 and "Jane Doe" not in feedback.text


def test_answers_drafts_and_feedback_are_not_cached(client: httpx.Client, manager: httpx.Client) -> None:
    answer = client.post("/v1/ask", json={"question": DRAFT})
    assert answer.headers["cache-control"] == "no-store"
    approval_id = answer.json()["approval_id"]
    assert client.get(f"/v1/approvals/{approval_id}").headers["cache-control"] == "no-store"
    assert manager.get("/v1/approvals").headers["cache-control"] == "no-store"
    feedback = client.post("/v1/feedback", json={"trace_id": answer.json()["trace_id"], "rating": "up"})
    assert feedback.status_code == 201 and feedback.headers["cache-control"] == "no-store"


def test_feedback_on_an_unknown_or_someone_elses_answer_is_a_404(client: httpx.Client, other_associate: httpx.Client) -> None:
    unknown = client.post("/v1/feedback", json={"trace_id": "0123456789abcdef", "rating": "up"})
    assert unknown.status_code == 404 and "trace_id" in unknown.json()["detail"]
    trace_id = client.post("/v1/ask", json={"question": "Can rings be resized?"}).json()["trace_id"]
    assert other_associate.post("/v1/feedback", json={"trace_id": trace_id, "rating": "down"}).status_code == 404
    assert client.post("/v1/feedback", json={"trace_id": trace_id, "rating": "down"}).status_code == 201


def test_rating_null_is_refused_as_the_schema_says(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["FeedbackRequest"]["properties"]["rating"]
    assert {"type": "null"} not in schema.get("anyOf", []) and schema.get("type") == "string"
    trace_id = client.post("/v1/ask", json={"question": "Can rings be resized?"}).json()["trace_id"]
    assert client.post("/v1/feedback", json={"trace_id": trace_id, "kind": "answered_client", "rating": None}).status_code == 422


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB tmpfs: real ENOSPC, as a full disk gives."""
    with small_tmpfs(tmp_path / "disk", "64m") as mount:
        yield mount


def _fill(disk: Path) -> None:
    with (disk / "filler").open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


def test_a_full_disk_while_drafting_is_a_507_that_says_so_and_nothing_is_half_written(
    indexed: Settings, factory: Callable[[Settings], Copilot], small_disk: Path
) -> None:
    data = small_disk / "data"
    shutil.copytree(indexed.data_dir, data, ignore=shutil.ignore_patterns("approvals.sqlite*", "feedback.sqlite*"))
    settings = indexed.model_copy(update={"data_dir": data})
    with live_server(create_app(settings, copilot_factory=factory)) as url, http_client(url, ASSOCIATE_KEY) as c:
        assert c.post("/v1/ask", json={"question": DRAFT}).json()["approval_id"] == 1
        _fill(small_disk)
        full = c.post("/v1/ask", json={"question": DRAFT})
        assert full.status_code == 507, full.text
        assert "the disk holding DATA_DIR" in full.json()["detail"] and "MB free" in full.json()["detail"]
        (small_disk / "filler").unlink()
        again = c.post("/v1/ask", json={"question": DRAFT})
        assert again.status_code == 200 and again.json()["approval_id"] == 2
        with http_client(url, MANAGER_KEY) as m:
            assert [a["id"] for a in m.get("/v1/approvals").json()] == [1, 2]
