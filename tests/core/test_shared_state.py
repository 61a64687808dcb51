"""The state the workers share: values expire, updates are atomic across connections, memory is bounded."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from copilot.core.settings import Settings
from copilot.core.shared_state import MemoryState, SqliteState, open_shared_state


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_value_lives_its_ttl_and_a_read_can_extend_it(tmp_path: Path) -> None:
    clock = Clock()
    for state in (MemoryState(clock), SqliteState(tmp_path / "state.sqlite", clock=clock)):
        state.put("turn", "a", b"1", ttl=10)
        clock.now += 9
        assert state.get("turn", "a", refresh_ttl=10) == b"1"
        clock.now += 9
        assert state.get("turn", "a") == b"1"  # refreshed 9 s ago
        clock.now += 2
        assert state.get("turn", "a") is None
        assert state.count("turn") == 0


def test_updates_from_many_threads_and_two_openers_of_one_file_are_never_lost(tmp_path: Path) -> None:
    first, second = SqliteState(tmp_path / "state.sqlite"), SqliteState(tmp_path / "state.sqlite")

    def increment(n: int) -> None:
        state = (first, second)[n % 2]
        state.update("counter", "c", lambda v: str(int(v or b"0") + 1).encode(), ttl=60)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(increment, range(400)))
    assert first.get("counter", "c") == b"400"


def test_an_update_returning_none_deletes(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "state.sqlite")
    state.put("k", "a", b"x", ttl=60)
    assert state.update("k", "a", lambda _: None, ttl=60) is None
    assert state.get("k", "a") is None


def test_memory_keeps_at_most_max_entries_per_kind() -> None:
    state = MemoryState(max_entries=100)
    for n in range(5000):
        state.put("wrong_keys", str(n), b"x", ttl=600)
    assert state.count("wrong_keys") == 100
    assert state.get("wrong_keys", "4999") == b"x"


def test_the_shared_state_is_a_file_in_the_data_dir_only_when_asked(tmp_path: Path) -> None:
    assert open_shared_state(Settings(data_dir=tmp_path)) is None
    shared = open_shared_state(Settings(data_dir=tmp_path, shared_state=True))
    assert shared is not None and shared.path == tmp_path / "shared_state.sqlite"
