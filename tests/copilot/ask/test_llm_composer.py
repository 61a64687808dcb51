"""The optional LLM composer, against a local server speaking the OpenAI and Ollama protocols: its
sentences are cited with the verbatim line they restate, held to the verifier, never see a client's
name, and an endpoint that fails or stalls leaves the associate with the extractive answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from copilot.api.app import create_app
from copilot.ask.llm_composer import LLMComposer, statements_from
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from copilot.core.types import Passage
from tests.support.fake_llm import FakeChatModel, Messages, fake_chat_server, passage_number
from tests.support.server import ASSOCIATE_KEY, MANAGER_KEY, http_client, live_server

RETURN_RULE = "Unworn pieces may be returned within 30 days of purchase with their certificate and original packaging."


@pytest.fixture
def endpoint() -> Iterator[tuple[str, FakeChatModel]]:
    with fake_chat_server() as served:
        yield served


def _copilot(factory: Callable[[Settings], Copilot], indexed: Settings, url: str, **llm: object) -> Copilot:
    settings = indexed.model_copy(
        update={"llm_provider": "openai", "llm_base_url": f"{url}/v1", "llm_model": "house-model", **llm}
    )
    return factory(settings)


def _returns_answer(messages: Messages) -> str:
    n = passage_number(messages, "returned within 30 days")
    # One sentence the passage supports, in the model's own words; one it invents (a discount no document gives).
    return f"A client can return an unworn piece within 30 days of purchase. [{n}] Engraved pieces get a 10% discount. [{n}]"


def test_each_sentence_is_cited_with_the_line_it_restates_and_an_invented_one_is_dropped(
    factory: Callable[[Settings], Copilot], indexed: Settings, endpoint: tuple[str, FakeChatModel]
) -> None:
    url, model = endpoint
    model.reply = _returns_answer
    result = _copilot(factory, indexed, url).ask("How long does a client have to return a piece?")
    assert not result.refused
    assert result.answer == "A client can return an unworn piece within 30 days of purchase. [1]"
    assert [(c.doc_id, c.quote) for c in result.citations] == [("policy:client_service_policy", RETURN_RULE)]
    assert "10%" not in result.answer
    assert model.paths == ["/v1/chat/completions"]
    assert model.requests[0]["model"] == "house-model" and model.requests[0]["temperature"] == 0


def test_the_model_never_sees_the_clients_name(
    factory: Callable[[Settings], Copilot], indexed: Settings, endpoint: tuple[str, FakeChatModel]
) -> None:
    url, model = endpoint
    model.reply = _returns_answer
    _copilot(factory, indexed, url).ask("My client Beatrice Hargreaves wants to know how long she has to return a piece.")
    sent = str(model.requests[0]["messages"])
    assert "Beatrice" not in sent and "Hargreaves" not in sent
    assert "<PERSON_1>" in sent


def test_when_the_model_says_the_documents_do_not_answer_the_copilot_refuses(
    factory: Callable[[Settings], Copilot], indexed: Settings, endpoint: tuple[str, FakeChatModel]
) -> None:
    url, model = endpoint  # the fake's default reply is the "unknown" sentence the prompt asks for
    result = _copilot(factory, indexed, url).ask("Can rings be resized?")
    assert result.refused and result.citations == []


def test_the_service_counts_fallbacks_in_its_metrics(
    factory: Callable[[Settings], Copilot], indexed: Settings, endpoint: tuple[str, FakeChatModel]
) -> None:
    url, model = endpoint
    model.status = 503
    settings = indexed.model_copy(update={"llm_provider": "openai", "llm_base_url": f"{url}/v1", "llm_model": "m"})
    with live_server(create_app(settings, copilot_factory=factory)) as base, http_client(base, ASSOCIATE_KEY) as client:
        body = client.post("/v1/ask", json={"question": "Can an engraved piece be returned?"}).json()
        assert body["citations"][0]["quote"] == "Engraved, resized or made-to-order pieces are final sale."
        with http_client(base, MANAGER_KEY) as manager:
            metrics = manager.get("/metrics").text
    assert "copilot_llm_fallbacks_total 1.0" in metrics


@pytest.mark.parametrize("failure", ["error", "stall"])
def test_a_failing_or_stalled_endpoint_falls_back_to_the_extractive_answer(
    factory: Callable[[Settings], Copilot], indexed: Settings, endpoint: tuple[str, FakeChatModel], failure: str
) -> None:
    url, model = endpoint
    model.reply = _returns_answer
    if failure == "error":
        model.status = 500
    else:
        model.delay_seconds = 3.0
    copilot = _copilot(factory, indexed, url, llm_timeout_seconds=1.0)
    result = copilot.ask("Can an engraved piece be returned?")
    assert not result.refused
    assert [c.quote for c in result.citations] == ["Engraved, resized or made-to-order pieces are final sale."]
    assert isinstance(copilot.composer, LLMComposer) and copilot.composer.fallbacks == 1
    assert len(model.requests) == 1  # no retry: the associate is not made to wait twice


def test_the_ollama_protocol_is_spoken_too(
    factory: Callable[[Settings], Copilot], indexed: Settings, endpoint: tuple[str, FakeChatModel]
) -> None:
    url, model = endpoint
    model.reply = _returns_answer
    settings = indexed.model_copy(update={"llm_provider": "ollama", "llm_base_url": url, "llm_model": "llama3.2"})
    result = factory(settings).ask("How long does a client have to return a piece?")
    assert [c.quote for c in result.citations] == [RETURN_RULE]
    assert model.paths == ["/api/chat"] and model.requests[0]["model"] == "llama3.2"


PASSAGES = [
    Passage("product:AUR-RG-0001:0", "product:AUR-RG-0001", "product", "Celeste Solitaire Ring 0001", "pieces.csv", "",
            "Celeste Solitaire Ring 0001 (AUR-RG-0001)\nCarat weight: 1.01\nClarity grade: VS1\nPrice: USD 18,400", {}, 1.0, 0.9),
]


def test_a_sentence_without_a_citation_or_citing_a_passage_never_given_is_dropped() -> None:
    reply = "The centre diamond weighs 1.01 carats. [1] It is graded VS1. [4] It is a lovely ring."
    statements = statements_from(reply, PASSAGES)
    assert [(s.text, s.quote) for s in statements] == [("The centre diamond weighs 1.01 carats.", "Carat weight: 1.01")]


def test_a_sentence_joining_two_lines_quotes_both_and_a_wrong_number_quotes_nothing() -> None:
    statements = statements_from("It weighs 1.01 carats with clarity grade VS1. [1] It costs USD 18,500. [1]", PASSAGES)
    assert [(s.text, s.quote) for s in statements] == [
        ("It weighs 1.01 carats with clarity grade VS1.", "Carat weight: 1.01\nClarity grade: VS1")
    ]
