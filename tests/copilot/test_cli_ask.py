"""`copilot ask` run as the command line runs it (in-process through click's runner: what is tested is
the command, not the interpreter's start-up): the API's JSON with --json, a clear message and exit code 2
(no traceback) with no index or no question; and the readable rendering of answers and refusals."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from click.testing import Result
from rich.console import Console
from typer.testing import CliRunner

from copilot.api.schemas import AskResponse, CitationOut
from copilot.cli import app, render_answer
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from tests.support.api import RESPONSE_KEYS
from tests.support.backends import BACKEND_VARS, backend_env
from tests.support.server import ingest_small_corpus


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    return ingest_small_corpus(tmp_path_factory.mktemp("cli"), embedder)


def copilot(*args: str, data_dir: Path | None = None, backend: dict[str, str] | None = None) -> Result:
    """Run the command with no COPILOT_ setting of the caller's environment but where the data lives."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("COPILOT_") and k not in BACKEND_VARS}
    env.update(backend or {})
    if data_dir is not None:
        env["COPILOT_DATA_DIR"] = str(data_dir)
    return CliRunner().invoke(app, list(args), env=env)


def exited_with_a_message(done: Result) -> bool:
    """Exit code 2 through typer.Exit, not an exception escaping the command (a traceback)."""
    return done.exit_code == 2 and isinstance(done.exception, SystemExit)


def test_ask_json_prints_the_api_response(indexed: Settings) -> None:
    done = copilot("ask", "What is the clarity of AUR-RG-0001?", "--json", "--data-dir", str(indexed.data_dir),
                   backend=backend_env(indexed))
    assert done.exit_code == 0, done.stderr

    body = json.loads(done.stdout)
    assert set(body) == RESPONSE_KEYS
    AskResponse.model_validate(body)
    assert body["citations"][0]["doc_id"] == "product:AUR-RG-0001"
    assert "VS1" in body["answer"]


@pytest.mark.parametrize("question", ["", "   "])
def test_ask_without_a_question_exits_2_with_a_message(tmp_path: Path, question: str) -> None:
    done = copilot("ask", question, "--data-dir", str(tmp_path))
    assert exited_with_a_message(done), done.output
    assert "question is empty: type what the client wants to know" in done.stderr
    assert "Traceback" not in done.output


def test_ask_without_an_index_exits_2_and_says_to_ingest(tmp_path: Path) -> None:
    done = copilot("ask", "What is the clarity of AUR-RG-0001?", data_dir=tmp_path / "empty")
    assert exited_with_a_message(done), done.output
    assert f"no index in {tmp_path / 'empty'}: run `copilot ingest" in done.stderr  # COPILOT_DATA_DIR honoured
    assert "Traceback" not in done.output


# -- the rendering (in-process: a model load per subprocess is what makes these tests slow) ----


def _response(**overrides: object) -> AskResponse:
    fields: dict[str, object] = {
        "answer": "Rings from the Celeste collection can be resized up to two sizes. [1]",
        "citations": [
            CitationOut(n=1, doc_id="policy:client_service_policy", doc_type="policy", title="Client Service Policy",
                        source="policies/client_service_policy.md", section="Resizing",
                        quote="Rings from the Celeste collection can be resized up to two sizes.", score=0.91)
        ],
        "refused": False,
        "refusal_reason": None,
        "requires_approval": False,
        "trace_id": "t1",
        "conversation_id": "c1",
        "timings_ms": {"total": 1.0},
    }
    fields.update(overrides)
    fields.setdefault("display_answer", fields["answer"])
    return AskResponse(**fields)


def _rendered(response: AskResponse) -> str:
    out = io.StringIO()
    render_answer(response, Console(file=out, width=200, color_system=None))
    return out.getvalue()


def test_answer_is_rendered_with_numbered_citations_and_their_quotes() -> None:
    text = _rendered(_response())
    assert "Answer" in text and "resized up to two sizes. [1]" in text  # "[1]" survives: no markup parsing
    assert "[1] Client Service Policy | Resizing" in text
    assert "policies/client_service_policy.md (policy:client_service_policy)" in text
    assert '"Rings from the Celeste collection can be resized up to two sizes."' in text


def test_refusal_is_rendered_as_a_refusal_without_citations() -> None:
    reason = "Report 1234567890 is not in the house records."
    text = _rendered(_response(answer=f"{reason} I won't guess.", citations=[], refused=True, refusal_reason=reason))
    assert "Refused" in text and reason in text
    assert "Answer" not in text and "[1]" not in text
