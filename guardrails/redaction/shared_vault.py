"""Conversation vaults shared by the service's workers, encrypted at rest.

Each vault is one entry of the shared state (`copilot.core.shared_state`), sealed with AES-GCM under a
key derived (HKDF-SHA256) from the server's secret and the owner's secret, which only their session
holds (derived from their API key, or their Slack user); the conversation's key is the associated data,
so an entry cannot be moved to another conversation. The file thus holds no client detail in clear, and
even with the server's secret a vault opens only for the session that filled it.
"""

from __future__ import annotations

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from copilot.core.shared_state import StateStore
from guardrails.redaction.vault import Entry, Vault

_KIND = "vault"
_NONCE_BYTES = 12


class SharedVaultStore:
    """Vaults by conversation key, each forgotten `ttl_seconds` after its last use; same contract as
    `VaultStore`, plus the owner's secret on every call."""

    def __init__(self, state: StateStore, server_secret: bytes, ttl_seconds: float) -> None:
        if ttl_seconds <= 0:
            raise ValueError(f"ttl_seconds must be positive (got {ttl_seconds}); e.g. 3600 for one hour")
        if len(server_secret) < 32:
            raise ValueError("the server secret must be at least 32 bytes")
        self._state = state
        self._secret = server_secret
        self._ttl = ttl_seconds

    def vault_for(self, conversation_id: str, owner_secret: bytes = b"") -> Vault:
        """The conversation's vault (new values numbered and stored atomically, whichever worker finds
        them), or a new empty one if it never existed, expired, or was filled by another owner."""
        if not conversation_id:
            raise ValueError("conversation_id is empty: pass the id of the conversation being redacted")
        seal = _Seal(self._key(conversation_id, owner_secret), conversation_id)
        stored = self._state.get(_KIND, conversation_id, refresh_ttl=self._ttl)

        def allocate(entity_type: str, value: str) -> list[Entry]:
            entries: list[Entry] = []

            def add(current: bytes | None) -> bytes:
                # Numbered against what every worker stored so far; one this key cannot open (sealed under
                # a former server secret) is replaced.
                merged = Vault(seal.open(current) or [])
                merged.placeholder_for(entity_type, value)
                entries[:] = merged.entries()
                return seal.close(entries)

            self._state.update(_KIND, conversation_id, add, self._ttl)
            return entries

        return Vault(seal.open(stored) or [], allocate=allocate)

    def get(self, conversation_id: str, owner_secret: bytes = b"") -> Vault | None:
        """The live vault, or None once it has expired or if it is not this owner's (placeholders show)."""
        stored = self._state.get(_KIND, conversation_id, refresh_ttl=self._ttl)
        if stored is None:
            return None
        entries = _Seal(self._key(conversation_id, owner_secret), conversation_id).open(stored)
        return None if entries is None else Vault(entries)

    def _key(self, conversation_id: str, owner_secret: bytes) -> bytes:
        info = b"copilot vault v1\x00" + owner_secret + b"\x00" + conversation_id.encode()
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(self._secret)

    def __repr__(self) -> str:
        return f"SharedVaultStore(ttl={self._ttl:g}s)"


class _Seal:
    def __init__(self, key: bytes, conversation_id: str) -> None:
        self._aead = AESGCM(key)
        self._aad = conversation_id.encode()

    def close(self, entries: list[Entry]) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, json.dumps(entries).encode(), self._aad)

    def open(self, sealed: bytes | None) -> list[Entry] | None:
        """The entries ([] for no vault), or None for one this key cannot open: another owner's secret,
        or sealed under a former server secret."""
        if sealed is None:
            return []
        try:
            plain = self._aead.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], self._aad)
        except InvalidTag:
            return None
        return [(str(kind), str(value), str(placeholder)) for kind, value, placeholder in json.loads(plain)]
