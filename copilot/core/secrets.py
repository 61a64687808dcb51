"""The server's own secret: `settings.session_secret` when configured, else 32 random bytes made once
and kept in DATA_DIR/session_secret (owner-only). It signs the tablet's cookies and is the server's
half of the key that seals conversation vaults in the workers' shared state."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from copilot.core.settings import Settings


def server_secret(settings: Settings) -> bytes:
    configured = settings.session_secret.get_secret_value() if settings.session_secret else ""
    return configured.encode() if configured else kept_secret(settings.data_dir / "session_secret")


def kept_secret(path: Path) -> bytes:
    """The secret kept at `path`, made (32 random bytes, readable by the owner only) the first time.
    Several workers start at once: the first to create the file writes it, the others read that one,
    so every worker signs and seals with the same secret."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(500):
        try:
            secret = path.read_bytes()
        except FileNotFoundError:
            secret = None
        if secret is not None and len(secret) >= 32:
            return secret
        if secret is None:
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue  # another worker made it first: read theirs
            with os.fdopen(descriptor, "wb") as fh:
                fh.write(secrets.token_hex(32).encode())
        elif time.time() - path.stat().st_mtime > 2:
            _replace(path)  # too short to be a secret and not being written: a crash mid-write, a hand edit
        else:
            time.sleep(0.01)  # another worker is writing it
    raise OSError(f"could not read or create the server secret {path}: check the data dir's permissions")


def _replace(path: Path) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as fh:
        fh.write(secrets.token_hex(32).encode())
    temporary.replace(path)
