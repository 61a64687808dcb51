"""Placeholders back to real values, per conversation, for a limited time: in this process's memory
here, or encrypted in the workers' shared state (shared_vault.py).

The vault is what lets the associate's own screen show "Mrs. Whitcombe" while everything
downstream (retrieval, logs, a model) only ever sees "<PERSON_1>".
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from typing import NoReturn

_PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*)_(\d+)>")
# Values that differ only in formatting are one value: "+1 212 555 0143" and "+1 (212) 555-0143".
_DIGIT_KEYED = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE"})

Entry = tuple[str, str, str]  # entity type, value, placeholder
Allocator = Callable[[str, str], list[Entry]]  # (entity type, value) -> every entry once it is numbered


class Vault:
    """Maps each distinct value to a stable placeholder (`<PERSON_1>`, `<PHONE_NUMBER_2>` ...) and back.

    Never persisted as it is: pickling and copying are refused, and the repr shows only a count (a shared
    vault stores its `entries()` encrypted).
    """

    def __init__(self, entries: Iterable[Entry] = (), allocate: Allocator | None = None) -> None:
        """`entries` to start from; `allocate`, when given, numbers each new value instead of this vault
        (a shared vault does it atomically across workers) and returns every entry it then holds."""
        self._placeholders: dict[tuple[str, str], str] = {}
        self._values: dict[str, str] = {}
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()  # one conversation can be served by several request threads
        self._allocate = allocate
        self._load(entries)

    def placeholder_for(self, entity_type: str, value: str) -> str:
        """The placeholder for this value; the same value always gets the same one in this vault."""
        key = (entity_type, _normalise(entity_type, value))
        with self._lock:
            placeholder = self._placeholders.get(key)
            if placeholder is not None:
                return placeholder
            if self._allocate is None:
                self._add(entity_type, value, f"<{entity_type}_{self._counts[entity_type] + 1}>")
                return self._placeholders[key]
        entries = self._allocate(entity_type, value)
        with self._lock:
            self._load(entries)
            return self._placeholders[key]

    def entries(self) -> list[Entry]:
        """(entity type, value, placeholder) of every value: what a shared vault encrypts and stores."""
        with self._lock:
            return [(key[0], self._values[p], p) for key, p in self._placeholders.items()]

    def _load(self, entries: Iterable[Entry]) -> None:
        for entity_type, value, placeholder in entries:
            if (entity_type, _normalise(entity_type, value)) not in self._placeholders:
                self._add(entity_type, value, placeholder)

    def _add(self, entity_type: str, value: str, placeholder: str) -> None:
        self._placeholders[(entity_type, _normalise(entity_type, value))] = placeholder
        self._values[placeholder] = value
        self._counts[entity_type] = max(self._counts[entity_type], _number(placeholder))

    def restore(self, text: str, only: Collection[str] | None = None) -> str:
        """Put the real values back (with `only`, just for those placeholders). For the associate's own
        screen only, never for a model or a log."""
        with self._lock:
            values = dict(self._values)
        if only is not None:
            values = {p: v for p, v in values.items() if p in only}
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(0), m.group(0)), text)

    def clear(self) -> None:
        """Forget every value (on expiry), so a stale reference to the vault holds nothing."""
        with self._lock:
            self._placeholders.clear()
            self._values.clear()
            self._counts.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Vault({len(self)} values)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Vault holds client PII and is never persisted or copied; keep it in memory")


def _number(placeholder: str) -> int:
    found = _PLACEHOLDER.fullmatch(placeholder)
    return int(found.group(2)) if found else 0


def placeholders(text: str) -> set[str]:
    """The placeholders a text holds: "Dear <PERSON_1>," -> {"<PERSON_1>"}."""
    return {m.group(0) for m in _PLACEHOLDER.finditer(text)}


class VaultStore:
    """Vaults by conversation id, each forgotten `ttl_seconds` after its last use. Memory only."""

    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if ttl_seconds <= 0:
            raise ValueError(f"ttl_seconds must be positive (got {ttl_seconds}); e.g. 3600 for one hour")
        self._ttl = ttl_seconds
        self._clock = clock
        self._vaults: dict[str, tuple[Vault, float]] = {}
        self._lock = threading.Lock()

    def vault_for(self, conversation_id: str, owner_secret: bytes = b"") -> Vault:
        """The conversation's live vault, or a new empty one if it never existed or has expired.
        (`owner_secret` is for the shared store's encryption: in memory, the conversation's key already
        names its owner.)"""
        if not conversation_id:
            raise ValueError("conversation_id is empty: pass the id of the conversation being redacted")
        with self._lock:
            self._purge_expired_locked()
            vault = self._vaults[conversation_id][0] if conversation_id in self._vaults else Vault()
            self._vaults[conversation_id] = (vault, self._clock())
            return vault

    def get(self, conversation_id: str, owner_secret: bytes = b"") -> Vault | None:
        """The live vault, or None once it has expired (the screen then shows placeholders)."""
        with self._lock:
            self._purge_expired_locked()
            entry = self._vaults.get(conversation_id)
            if entry is None:
                return None
            self._vaults[conversation_id] = (entry[0], self._clock())
            return entry[0]

    def drop(self, conversation_id: str) -> None:
        """Forget a conversation now (the associate closed it)."""
        with self._lock:
            entry = self._vaults.pop(conversation_id, None)
        if entry is not None:
            entry[0].clear()

    def purge_expired(self) -> int:
        """Forget every expired vault; returns how many. Also done on every access."""
        with self._lock:
            return self._purge_expired_locked()

    def __len__(self) -> int:
        with self._lock:
            self._purge_expired_locked()
            return len(self._vaults)

    def __repr__(self) -> str:
        return f"VaultStore({len(self._vaults)} conversations, ttl={self._ttl:g}s)"

    def _purge_expired_locked(self) -> int:
        now = self._clock()
        expired = [cid for cid, (_, used) in self._vaults.items() if now - used >= self._ttl]
        for cid in expired:
            self._vaults.pop(cid)[0].clear()
        return len(expired)


def _normalise(entity_type: str, value: str) -> str:
    if entity_type in _DIGIT_KEYED:
        return "".join(ch for ch in value.upper() if ch.isalnum() or ch == "+")
    return " ".join(value.casefold().split())
