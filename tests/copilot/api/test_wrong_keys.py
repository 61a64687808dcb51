"""Guessing an API key by trying many: after too many wrong keys from one address, that address is
refused (429 with Retry-After) for a while, whatever key it sends; then it may try again."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from copilot.api.app import create_app
from copilot.api.attempts import FailedAttempts, TooManyAttempts
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from copilot.core.shared_state import SqliteState
from tests.support.server import ASSOCIATE_KEY, http_client, live_server


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_th_wrong_key_in_the_window_locks_the_address_out_until_the_lockout_ends() -> None:
    clock = Clock()
    attempts = FailedAttempts(limit=3, window_seconds=60, lockout_seconds=120, clock=clock)
    for _ in range(2):
        attempts.failed("10.0.0.7")
    attempts.check("10.0.0.7")  # two wrong keys: still allowed
    attempts.failed("10.0.0.7")
    with pytest.raises(TooManyAttempts) as refused:
        attempts.check("10.0.0.7")
    assert refused.value.retry_after == 120 and "try again in 2 minutes" in str(refused.value)
    attempts.check("10.0.0.8")  # another tablet is not affected
    clock.now += 121
    attempts.check("10.0.0.7")


def test_wrong_keys_spread_wider_than_the_window_never_lock_out() -> None:
    clock = Clock()
    attempts = FailedAttempts(limit=3, window_seconds=60, lockout_seconds=120, clock=clock)
    for _ in range(10):
        attempts.failed("10.0.0.7")
        clock.now += 31  # two per minute at most
        attempts.check("10.0.0.7")


def test_memory_stays_bounded_under_a_spray_of_addresses() -> None:
    attempts = FailedAttempts(limit=3, max_clients=100)
    for n in range(5000):
        attempts.failed(f"10.{n // 250}.{n % 250}.1")
    assert attempts.tracked() <= 100


@pytest.fixture
def strict_url(indexed: Settings, factory: Callable[[Settings], Copilot]):  # type: ignore[no-untyped-def]
    settings = indexed.model_copy(update={"wrong_key_limit": 3, "wrong_key_lockout_seconds": 90})
    with live_server(create_app(settings, copilot_factory=factory)) as url:
        yield url


def test_the_api_answers_429_with_retry_after_even_to_the_right_key_once_locked_out(strict_url: str) -> None:
    with httpx.Client(base_url=strict_url, timeout=30) as guesser:
        for guess in ("aaaa-1111", "aaaa-1112", "aaaa-1113"):
            assert guesser.post("/v1/ask", json={"question": "x"}, headers={"X-API-Key": guess}).status_code == 401
        refused = guesser.post("/v1/ask", json={"question": "Can rings be resized?"}, headers={"X-API-Key": ASSOCIATE_KEY})
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 90
    assert "too many wrong API keys" in refused.json()["detail"]


def test_the_tablet_sign_in_page_says_to_wait_once_locked_out(strict_url: str) -> None:
    with httpx.Client(base_url=strict_url, timeout=30, headers={"Origin": strict_url}) as tablet:
        for guess in ("bbbb-1", "bbbb-2", "bbbb-3"):
            assert tablet.post("/signin", data={"key": guess}).status_code == 401
        refused = tablet.post("/signin", data={"key": ASSOCIATE_KEY})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "try again in 2 minutes" in refused.text


def test_the_right_key_from_a_tablet_that_made_a_few_typos_still_works(strict_url: str) -> None:
    with http_client(strict_url, ASSOCIATE_KEY) as client, httpx.Client(base_url=strict_url, timeout=30) as typo:
        for guess in ("cccc-1", "cccc-2"):
            typo.get("/v1/approvals", headers={"X-API-Key": guess})
        assert client.post("/v1/ask", json={"question": "Can rings be resized?"}).status_code == 200


def test_the_same_wrong_key_sent_again_is_one_mistake_but_new_keys_are_each_a_guess() -> None:
    attempts = FailedAttempts(limit=3, window_seconds=60, lockout_seconds=120, clock=Clock())
    for _ in range(10):  # a tablet retrying a stale key does not lock out the boutique's address
        attempts.failed("10.0.0.7", "digest-of-stale-key")
    attempts.check("10.0.0.7")
    attempts.failed("10.0.0.7", "guess-2")
    attempts.failed("10.0.0.7", "guess-3")
    with pytest.raises(TooManyAttempts):
        attempts.check("10.0.0.7")


def test_wrong_keys_sent_to_two_workers_add_up_and_both_refuse(tmp_path: Path) -> None:
    path = tmp_path / "shared_state.sqlite"
    first, second = (FailedAttempts(limit=3, state=SqliteState(path), clock=time.time) for _ in range(2))
    first.failed("10.0.0.7", "guess-1")
    second.failed("10.0.0.7", "guess-2")
    first.check("10.0.0.7")
    second.failed("10.0.0.7", "guess-3")
    for worker in (first, second):
        with pytest.raises(TooManyAttempts):
            worker.check("10.0.0.7")
