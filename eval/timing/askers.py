"""Who asks each task: an associate key of the asker's boutique, so the service answers as it would
them (a search's "here" stock is the caller's boutique, read from their key: copilot/api/auth.py).

A service the harness starts gets the configured keys plus one minted associate key per boutique that
has none; a service already running is asked with the keys configured here that it shares."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from copilot.core.api_keys import ApiKey


def boutique_keys(
    boutiques: Iterable[str], configured: Mapping[str, ApiKey], default_key: str, mint: bool
) -> tuple[dict[str, str], dict[str, ApiKey]]:
    """Boutique -> the key to ask with, and the keys to add to the service (minted only with `mint`).
    The default key serves its own boutique; a boutique with no associate key and no minting is asked
    with the default key (the report's rows then carry the default key's boutique)."""
    chosen: dict[str, str] = {}
    added: dict[str, ApiKey] = {}
    own = configured.get(default_key)
    for boutique in sorted({b for b in boutiques if b}):
        if own is not None and own.boutique == boutique:
            chosen[boutique] = default_key
            continue
        known = next((k for k, v in configured.items() if v.role == "associate" and v.boutique == boutique), None)
        if known is not None:
            chosen[boutique] = known
        elif mint:
            key = "timing-" + hashlib.sha256(boutique.encode()).hexdigest()[:16]
            added[key] = ApiKey(role="associate", name=f"Timing harness ({boutique})", boutique=boutique)
            chosen[boutique] = key
    return chosen, added


def keys_env(configured: Mapping[str, ApiKey], added: Mapping[str, ApiKey]) -> dict[str, str]:
    """`COPILOT_API_KEYS` for the started service: the configured keys and the minted ones."""
    if not added:
        return {}
    merged = {k: v.model_dump() for k, v in {**configured, **added}.items()}
    return {"COPILOT_API_KEYS": json.dumps(merged)}
