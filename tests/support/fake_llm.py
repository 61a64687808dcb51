"""A local stand-in for a hosted chat model: a real HTTP server speaking the OpenAI chat-completions
protocol (POST /v1/chat/completions) and Ollama's (POST /api/chat). What it replies is up to the test
(`reply`: the request's messages -> the assistant's text); it can also fail or stall like a real
endpoint. Every request body is kept, so a test can check what left the machine."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Messages = list[dict[str, str]]


class FakeChatModel:
    def __init__(self) -> None:
        self.reply: Callable[[Messages], str] = lambda messages: "The house documents do not answer this question."
        self.status = 200
        self.delay_seconds = 0.0
        self.requests: list[dict] = []
        self.paths: list[str] = []


@contextmanager
def fake_chat_server() -> Iterator[tuple[str, FakeChatModel]]:
    """Yield (base URL, the model's controls)."""
    model = FakeChatModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            model.requests.append(body)
            model.paths.append(self.path)
            time.sleep(model.delay_seconds)
            if model.status != 200:
                self._send(model.status, {"error": {"message": "the model is overloaded", "type": "server_error"}})
                return
            text = model.reply(body.get("messages", []))
            if self.path.endswith("/chat/completions"):
                self._send(200, {
                    "id": "chatcmpl-local", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", ""),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })
            elif self.path == "/api/chat":
                done = {"model": body.get("model", ""), "created_at": "2026-11-26T00:00:00Z", "done": True,
                        "done_reason": "stop", "message": {"role": "assistant", "content": "" if body.get("stream") else text}}
                if body.get("stream", True):  # Ollama streams newline-delimited JSON by default
                    chunk = {**done, "done": False, "message": {"role": "assistant", "content": text}}
                    self._send_lines([chunk, done])
                else:
                    self._send(200, done)
            else:
                self._send(404, {"error": f"no route {self.path}"})

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send_lines(self, payloads: list[dict]) -> None:
            data = b"".join(json.dumps(p).encode() + b"\n" for p in payloads)
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # keep the test output quiet
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that timed out and hung up (the "stall" case) is expected, not an error

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", model
    finally:
        server.shutdown()
        server.server_close()


def passage_number(messages: Messages, containing: str) -> int:
    """The number the system prompt gave the passage holding `containing` (as a model would read it)."""
    system = next(m["content"] for m in messages if m["role"] == "system")
    number = 0
    for line in system.splitlines():
        if line.startswith("[") and "]" in line and line[1 : line.index("]")].isdigit():
            number = int(line[1 : line.index("]")])
        elif containing in line and number:
            return number
    raise AssertionError(f"no passage holds {containing!r}")
