"""Vaults shared by workers: what one worker redacted, another restores; numbering stays one sequence
whichever worker finds a value; on disk only ciphertext; another owner's secret opens nothing."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from copilot.core.shared_state import SqliteState
from guardrails.redaction import SharedVaultStore

SERVER_SECRET = secrets.token_bytes(32)
CLAIRE = b"claire's own secret"


def _workers(tmp_path: Path, ttl: float = 3600, clock=None) -> tuple[SharedVaultStore, SharedVaultStore]:  # type: ignore[no-untyped-def]
    path = tmp_path / "shared_state.sqlite"
    states = [SqliteState(path, clock=clock) if clock else SqliteState(path) for _ in range(2)]
    return SharedVaultStore(states[0], SERVER_SECRET, ttl), SharedVaultStore(states[1], SERVER_SECRET, ttl)


def test_what_one_worker_redacted_the_other_restores_and_numbers_after(tmp_path: Path) -> None:
    a, b = _workers(tmp_path)
    on_a = a.vault_for("conv", CLAIRE)
    assert on_a.placeholder_for("PERSON", "Jane Doe") == "<PERSON_1>"
    on_b = b.vault_for("conv", CLAIRE)
    assert on_b.restore("Dear <PERSON_1>,") == "Dear Jane Doe,"
    assert on_b.placeholder_for("PERSON", "John Smith") == "<PERSON_2>"
    # Worker A's vault was loaded before B's value: it still gets B's number, never a second <PERSON_2>.
    assert on_a.placeholder_for("PERSON", "john  smith") == "<PERSON_2>"
    assert on_a.placeholder_for("PERSON", "Ann Lee") == "<PERSON_3>"
    assert b.get("conv", CLAIRE).restore("<PERSON_3>") == "Ann Lee"  # type: ignore[union-attr]


def test_values_found_at_once_on_both_workers_get_distinct_placeholders(tmp_path: Path) -> None:
    a, b = _workers(tmp_path)
    names = [f"Client Number{n}" for n in range(40)]

    def redact(n: int) -> str:
        return (a, b)[n % 2].vault_for("conv", CLAIRE).placeholder_for("PERSON", names[n])

    with ThreadPoolExecutor(6) as pool:
        given = list(pool.map(redact, range(len(names))))
    assert len(set(given)) == len(names)
    vault = a.get("conv", CLAIRE)
    assert vault is not None and [vault.restore(p) for p in given] == names


def test_the_file_holds_no_value_in_clear(tmp_path: Path) -> None:
    a, _ = _workers(tmp_path)
    vault = a.vault_for("conv", CLAIRE)
    for value in ("Henrietta Whitcombe", "+33 6 12 34 56 78", "henrietta@example.org"):
        vault.placeholder_for("PERSON", value)
    for path in tmp_path.iterdir():
        data = path.read_bytes()
        assert b"Whitcombe" not in data and b"12 34 56" not in data and b"example.org" not in data, path


def test_another_owner_or_another_server_secret_opens_nothing(tmp_path: Path) -> None:
    a, _ = _workers(tmp_path)
    a.vault_for("conv", CLAIRE).placeholder_for("PERSON", "Jane Doe")
    assert a.get("conv", b"hugo's secret") is None
    assert a.vault_for("conv", b"hugo's secret").restore("<PERSON_1>") == "<PERSON_1>"
    restarted = SharedVaultStore(SqliteState(tmp_path / "shared_state.sqlite"), secrets.token_bytes(32), 3600)
    assert restarted.get("conv", CLAIRE) is None


def test_a_vault_expires_with_its_ttl_after_its_last_use(tmp_path: Path) -> None:
    now = [1_000.0]
    a, b = _workers(tmp_path, ttl=60, clock=lambda: now[0])
    a.vault_for("conv", CLAIRE).placeholder_for("PERSON", "Jane Doe")
    now[0] += 50
    assert b.get("conv", CLAIRE) is not None  # a use: lives 60 s more
    now[0] += 50
    assert a.get("conv", CLAIRE) is not None
    now[0] += 61
    assert b.get("conv", CLAIRE) is None


def test_a_short_server_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        SharedVaultStore(SqliteState(tmp_path / "s.sqlite"), b"short", 60)
