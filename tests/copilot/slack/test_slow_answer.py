"""A slow answer (here: a chat model taking 4 s, served by a local stand-in) is still acknowledged
inside Slack's 3 seconds; the answer follows on the response_url when it is ready."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from tests.copilot.slack.conftest import SlackSender, blocks_text, slack_settings
from tests.support.fake_llm import fake_chat_server
from tests.support.fake_slack import fake_slack
from tests.support.server import ingest_small_corpus, live_server

pytestmark = pytest.mark.slow

MODEL_SECONDS = 4.0


def test_a_slow_answer_is_acknowledged_at_once_and_delivered_when_ready(
    tmp_path: Path, embedder: Embedder, factory: Callable[[Settings], Copilot]
) -> None:
    with fake_chat_server() as (chat_url, model), fake_slack() as slack:
        model.delay_seconds = MODEL_SECONDS
        model.reply = lambda messages: "Rings from the Celeste collection can be resized up to two sizes. [1]"
        settings = slack_settings(ingest_small_corpus(tmp_path, embedder), slack).model_copy(update={
            "llm_provider": "openai", "llm_base_url": f"{chat_url}/v1", "llm_model": "local-model",
            "llm_timeout_seconds": 20.0,
        })
        with live_server(create_app(settings, copilot_factory=factory)) as url:
            sender = SlackSender(url, slack)
            started = time.monotonic()
            response, response_url = sender.command("Can a Celeste ring be resized?")
            acknowledged = time.monotonic() - started
            assert response.status_code == 200
            assert acknowledged < 3
            assert not [c for c in slack.calls if c.method == "response_url"]  # the model was still thinking
            answer = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no answer").payload
            assert time.monotonic() - started >= MODEL_SECONDS
            assert model.requests, "the chat model was never asked"
            assert answer["response_type"] == "ephemeral" and "resized up to two sizes" in blocks_text(answer)
