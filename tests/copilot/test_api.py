"""The HTTP API over real HTTP: uvicorn on a free localhost port, a real index of a small corpus, the
real model (loaded once for the session), httpx as the client; the fixtures are in conftest.py."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from copilot.api.app import create_app
from copilot.api.schemas import AskResponse
from copilot.ask.pipeline import Copilot
from copilot.errors import InputError
from copilot.settings import Settings
from tests.copilot.conftest import ASSOCIATE_KEY, http_client, live_server, wait_until

RESPONSE_KEYS = {
    "answer", "display_answer", "citations", "refused", "refusal_reason", "requires_approval", "approval_id",
    "approval_status", "tone_findings", "trace_id", "conversation_id", "timings_ms", "related", "results", "search",
}
CITATION_KEYS = {"n", "doc_id", "doc_type", "title", "source", "section", "quote", "score"}


def ask(client: httpx.Client, question: object, **body: object) -> dict:
    response = client.post("/v1/ask", json={"question": question, **body})
    assert response.status_code == 200, response.text
    return response.json()


def doc_text(settings: Settings, doc_id: str) -> str:
    with sqlite3.connect(settings.index_db) as db:
        return "\n".join(row[0] for row in db.execute("SELECT text FROM chunks WHERE doc_id=?", (doc_id,)))


# -- the contract ------------------------------------------------------------------------------


def test_answer_has_every_key_and_each_citation_quotes_its_document(client: httpx.Client, indexed: Settings) -> None:
    body = ask(client, "What is the clarity of AUR-RG-0001?")

    assert set(body) == RESPONSE_KEYS
    AskResponse.model_validate(body)
    assert isinstance(body["answer"], str) and body["answer"]
    assert body["refused"] is False and body["refusal_reason"] is None
    assert isinstance(body["requires_approval"], bool)
    assert body["trace_id"] and body["conversation_id"]
    assert {"retrieve", "compose", "verify", "total"} <= set(body["timings_ms"])
    assert all(isinstance(ms, float | int) and ms >= 0 for ms in body["timings_ms"].values())
    assert body["citations"]
    for n, citation in enumerate(body["citations"], start=1):
        assert set(citation) == CITATION_KEYS
        assert citation["n"] == n and f"[{n}]" in body["answer"]
        assert citation["quote"] and citation["quote"] in doc_text(indexed, citation["doc_id"])


def test_sku_is_looked_up_exactly(client: httpx.Client) -> None:
    body = ask(client, "What is the clarity of AUR-RG-0001?")
    assert body["citations"][0]["doc_id"] == "product:AUR-RG-0001"
    assert body["citations"][0]["doc_type"] == "product"
    assert "VS1" in body["answer"]


def test_report_number_is_looked_up_exactly(client: httpx.Client) -> None:
    body = ask(client, "What clarity does report 3301122334 give?")
    assert not body["refused"]
    assert body["citations"][0]["doc_id"] == "certificate:3301122334"
    assert "VVS2" in body["answer"]


def test_unknown_report_number_is_refused_by_name(client: httpx.Client) -> None:
    body = ask(client, "What is the color grade on report 1234567890?")
    assert body["refused"] is True
    assert "1234567890" in body["refusal_reason"]
    assert body["citations"] == []


def test_question_the_documents_cannot_answer_is_refused(client: httpx.Client) -> None:
    body = ask(client, "Which football team won the 1998 World Cup?")
    assert body["refused"] is True and body["refusal_reason"]
    assert body["citations"] == []


def test_sharing_only_a_boutique_name_with_a_rule_is_no_answer(client: httpx.Client) -> None:
    # The Brand Tone Guide names every boutique ("The boutique names are written as Fifth Avenue, ...").
    body = ask(client, "Is there parking at the Place Vendome boutique?")
    assert body["refused"] is True and body["citations"] == []


def test_a_measure_no_sentence_on_the_topic_states_is_refused(client: httpx.Client) -> None:
    # "Engraved ... pieces are final sale" is on the topic, but states no fee: the fee is not in the documents.
    body = ask(client, "What is the fee for returning an engraved piece?")
    assert body["refused"] is True and body["citations"] == []
    window = ask(client, "How long does a client have to return a piece?")
    assert window["refused"] is False and "30 days" in window["answer"]


@pytest.mark.parametrize(
    "question",
    ["Can rings bought at the boutique in Milan be resized?", "Which rings of the Aurora collection can be resized?"],
)
def test_a_place_or_collection_the_house_never_names_is_refused(client: httpx.Client, question: str) -> None:
    # Both are close to a real policy in wording; only the unknown name ("Milan", "Aurora", which the
    # redactor takes for a person) says the documents are about something else.
    body = ask(client, question)
    assert body["refused"] is True and body["citations"] == []
    resizing = ask(client, "Which rings of the Celeste collection can be resized?")
    assert resizing["refused"] is False and "two sizes" in resizing["answer"]


def test_response_carries_the_server_side_total_as_server_timing(client: httpx.Client) -> None:
    response = client.post("/v1/ask", json={"question": "What is the clarity of AUR-RG-0001?"})
    assert response.headers["Server-Timing"].startswith("total;dur=")
    assert float(response.headers["Server-Timing"].split("dur=")[1].split(";")[0]) > 0


# -- refused input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"question": ""}, "question is empty"),
        ({"question": "   \n\t "}, "question is empty"),
        ({"question": "x" * 2001}, "limit is 2000"),
        ({"question": 42}, "question must be text (a JSON string), not a number"),
        ({"question": None}, "question must be text (a JSON string), not null"),
        ({"question": ["What", "is", "it?"]}, "question must be text (a JSON string), not a list"),
        ({}, "Field required"),
        ({"question": "Resizing?", "filters": {"colour": "G"}}, "Extra inputs are not permitted"),
        ({"question": "Resizing?", "filters": {"doc_type": "Brochure!"}}, "String should match pattern"),
        ({"question": "Resizing?", "conversationId": "abc"}, "Extra inputs are not permitted"),
    ],
    ids=["empty", "whitespace", "over-long", "number", "null", "list", "missing", "filter-key", "doc-type", "body-key"],
)
def test_unusable_input_is_a_422_that_says_what_to_fix(client: httpx.Client, body: dict, message: str) -> None:
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    assert any(message in error["msg"] for error in detail), detail


def test_over_long_question_is_not_echoed_back(client: httpx.Client) -> None:
    response = client.post("/v1/ask", json={"question": "secret " * 400})
    assert response.status_code == 422
    assert "secret" not in response.text
    assert response.json()["detail"][0]["loc"] == ["body", "question"]


# -- probes and metrics ------------------------------------------------------------------------


def test_healthz_and_readyz_answer_200_when_ready(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_readyz_is_503_until_the_copilot_is_built(indexed: Settings, factory: Callable[[Settings], Copilot]) -> None:
    release = threading.Event()

    def slow_factory(settings: Settings) -> Copilot:
        release.wait(30)
        return factory(settings)

    with live_server(create_app(indexed, copilot_factory=slow_factory), ready=False) as url:
        assert httpx.get(f"{url}/healthz").status_code == 200
        not_ready = httpx.get(f"{url}/readyz")
        assert not_ready.status_code == 503 and "loading" in not_ready.json()["detail"]
        assert not_ready.headers["Retry-After"]
        with http_client(url, ASSOCIATE_KEY) as associate:
            assert associate.post("/v1/ask", json={"question": "Resizing?"}).status_code == 503
        release.set()
        wait_until(lambda: httpx.get(f"{url}/readyz").status_code == 200, "never became ready", timeout=10)


def test_readyz_names_the_reason_when_building_failed(indexed: Settings) -> None:
    def failing_factory(settings: Settings) -> Copilot:
        raise InputError(f"no index in {settings.data_dir}: run `copilot ingest data/sample` first")

    with live_server(create_app(indexed, copilot_factory=failing_factory), ready=False) as url:
        wait_until(lambda: "ingest" in httpx.get(f"{url}/readyz").text, "no failure reason")
        response = httpx.get(f"{url}/readyz")
        assert response.status_code == 503
        assert "run `copilot ingest" in response.json()["detail"]


def test_metrics_count_requests_stages_and_refusals(client: httpx.Client, manager: httpx.Client) -> None:
    before = _samples(manager)
    ask(client, "What is the clarity of AUR-RG-0001?")
    ask(client, "What is the color grade on report 1234567890?")
    client.post("/v1/ask", json={"question": ""})
    after = _samples(manager)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert delta("copilot_http_requests_total", route="/v1/ask", method="POST", status="200") == 2
    assert delta("copilot_http_requests_total", route="/v1/ask", method="POST", status="422") == 1
    assert delta("copilot_ask_refusals_total") == 1
    assert delta("copilot_ask_stage_seconds_count", stage="total") == 2
    assert delta("copilot_ask_stage_seconds_count", stage="retrieve") == 2
    assert delta("copilot_ask_stage_seconds_count", stage="compose") == 1  # the refusal stops before composing
    assert delta("copilot_ask_stage_seconds_count", stage="verify") == 1


def _samples(client: httpx.Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_one_log_line_per_ask_without_the_question(client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="copilot.api")
    body = ask(client, "Is AUR-RG-0002 for Mrs Jeanne Dupont resizable?")
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("copilot.api")]
    assert len(lines) == 1 and body["trace_id"] in lines[0] and "refused=" in lines[0]
    assert "Dupont" not in caplog.text and "resizable" not in caplog.text


def test_docs_and_openapi_are_served_without_a_key(anonymous: httpx.Client) -> None:
    assert anonymous.get("/docs").status_code == 200
    schema = anonymous.get("/openapi.json").json()
    assert schema["info"]["title"] == "Maison Aurelle associate copilot"
    assert {"/v1/ask", "/v1/approvals", "/v1/approvals/{approval_id}/approve"} <= set(schema["paths"])
    assert {"HTTPBearer", "APIKeyHeader"} <= set(schema["components"]["securitySchemes"])


# -- conversations, filters, concurrency -------------------------------------------------------


def test_follow_up_refers_to_the_piece_of_the_previous_turn(client: httpx.Client) -> None:
    first = ask(client, "What is the price of AUR-RG-0002?")
    assert first["citations"][0]["doc_id"] == "product:AUR-RG-0002"

    follow_up = ask(client, "Can it be resized?", conversation_id=first["conversation_id"])
    assert follow_up["conversation_id"] == first["conversation_id"]
    assert not follow_up["refused"]
    assert "product:AUR-RG-0002" in {c["doc_id"] for c in follow_up["citations"]}


def test_question_on_a_piece_and_a_rule_cites_both_documents(client: httpx.Client) -> None:
    body = ask(client, "What is the price of AUR-RG-0002, and can an engraved piece be returned?")
    assert not body["refused"]
    cited = {c["doc_id"]: c["quote"] for c in body["citations"]}
    assert "9,100" in cited["product:AUR-RG-0002"]
    assert cited["policy:client_service_policy"] == "Engraved, resized or made-to-order pieces are final sale."


def test_a_broken_line_of_a_template_letter_is_never_quoted(client: httpx.Client) -> None:
    # The Brand Tone Guide's example letters are hard-wrapped: "The round diamond you returned to twice
    # will be kept aside for you until" is one line of one, and it is all this question's words.
    body = ask(client, "How long will a diamond the client returned to twice be kept aside?")
    assert all(not c["quote"].rstrip().endswith("until") for c in body["citations"])
    if "kept aside" in body["answer"]:  # then the whole sentence, on one line
        assert "kept aside for you until [hold end date]." in body["answer"]


def test_doc_type_filter_keeps_only_that_kind(client: httpx.Client) -> None:
    body = ask(client, "Can rings be resized?", filters={"doc_type": "policy"})
    assert not body["refused"]
    assert {c["doc_type"] for c in body["citations"]} == {"policy"}


def test_concurrent_questions_are_all_answered(client: httpx.Client) -> None:
    questions = ["What is the clarity of AUR-RG-0001?", "Can rings be resized?", "What clarity does report 3301122334 give?"] * 2
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        responses = list(pool.map(lambda q: client.post("/v1/ask", json={"question": q}), questions))
    assert [r.status_code for r in responses] == [200] * len(questions)
    assert len({r.json()["trace_id"] for r in responses}) == len(questions)
