"""A local stand-in for Slack's cloud: a real HTTP server answering the Web API methods the bot calls
(POST /api/<method>, JSON or form bodies, Slack's {"ok": true, ...} replies) and the `response_url`s
Slack hands out (POST /response/<id>, "ok"). Every call is recorded, so a test asserts the real payloads;
and `sign` signs a request exactly as Slack does."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER_ID = "U0COPILOT"
TEAM_ID = "T0MAISON"


def sign(signing_secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Call:
    method: str  # "chat.postMessage" ... or "response_url"
    path: str
    payload: dict[str, Any]
    reply: dict[str, Any] = field(default_factory=dict)  # what the stand-in answered (the ts it gave a message)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self.url = ""
        self.socket_url = ""  # what apps.connections.open hands out (Socket Mode)

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def next_ts(self) -> str:
        return f"1767225600.{next(self._ts):06d}"

    def of(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and c.method != "auth.test"]

    def slack_calls(self) -> list[Call]:
        """Everything the bot sent, auth.test (bolt's own start-up check) aside."""
        with self._lock:
            return [c for c in self.calls if c.method != "auth.test"]

    def wait_for(self, what: Callable[[Call], bool], message: str, timeout: float = 60) -> Call:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = [c for c in self.calls if what(c)]
            if found:
                return found[0]
            time.sleep(0.02)
        raise AssertionError(f"{message}; Slack received: {[c.method for c in self.calls]}")

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            payload = _parse(raw, self.headers.get("Content-Type", ""))
            if self.path.startswith("/response/"):
                slack.record(Call("response_url", self.path, payload))
                self._send(200, "ok", "text/plain")
                return
            method = self.path.removeprefix("/api/")
            reply = _reply(slack, method, payload)
            slack.record(Call(method, self.path, payload, reply))
            self._send(200, json.dumps(reply), "application/json")

        def _send(self, status: int, body: str, content_type: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    slack.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield slack
    finally:
        server.shutdown()
        server.server_close()


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    form = {k: v[0] for k, v in parse_qs(raw).items()}
    for key in ("blocks", "view"):  # the SDK sends these as JSON strings in a form body
        if isinstance(form.get(key), str):
            form[key] = json.loads(form[key])
    return form


def _reply(slack: FakeSlack, method: str, payload: dict[str, Any]) -> dict[str, Any]:
    if method == "auth.test":
        return {"ok": True, "url": "https://maison.slack.com/", "team": "Maison Aurelle", "user": "copilot",
                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": "B0COPILOT"}
    if method == "chat.postMessage":
        return {"ok": True, "channel": payload.get("channel"), "ts": slack.next_ts(), "message": {"text": payload.get("text")}}
    if method == "chat.update":
        return {"ok": True, "channel": payload.get("channel"), "ts": payload.get("ts")}
    if method == "chat.postEphemeral":
        return {"ok": True, "message_ts": slack.next_ts()}
    if method == "apps.connections.open":
        return {"ok": True, "url": slack.socket_url}
    if method == "views.open":
        return {"ok": True, "view": {**payload.get("view", {}), "id": "V0MODAL"}}
    return {"ok": False, "error": "unknown_method"}
