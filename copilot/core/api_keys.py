"""Who may call the HTTP API: each API key names an associate or a manager (and their boutique).

Keys come from `COPILOT_API_KEYS`; the two development keys below are refused in production.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["associate", "manager"]


class ApiKey(BaseModel):
    """What a key stands for: `{"role": "associate", "name": "Claire Martin", "boutique": "Place Vendome"}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role = Field(description="associate: asks and sees their own drafts; manager: also decides approvals.")
    name: str = Field(
        min_length=1, max_length=200, description="Signs client drafts (associate) and decisions (manager)."
    )
    boutique: str = Field(min_length=1, max_length=100, description="The boutique a draft is signed from.")


DEV_API_KEYS: dict[str, ApiKey] = {
    "dev-associate-key": ApiKey(role="associate", name="Dev Associate", boutique="Place Vendome"),
    "dev-manager-key": ApiKey(role="manager", name="Dev Manager", boutique="Place Vendome"),
}
"""Known to anyone who reads this file: fine on a laptop, refused when environment is production."""


def api_key_problems(keys: dict[str, ApiKey], environment: str) -> list[str]:
    """What is wrong with `keys` for `environment`, each saying how to fix it; empty when usable."""
    problems = [
        f"API key {_masked(key)} is blank or contains whitespace: keys travel in an HTTP header, "
        "use letters, digits, - or _"
        for key in keys
        if not key or any(ch.isspace() for ch in key)
    ]
    if environment != "production":
        return problems
    if not keys:
        problems.append(
            "COPILOT_ENVIRONMENT is production but COPILOT_API_KEYS holds no key: set it to JSON such as "
            '{"<secret>": {"role": "manager", "name": "...", "boutique": "..."}}'
        )
    dev_keys = sorted(set(keys) & set(DEV_API_KEYS))
    if dev_keys:
        problems.append(
            "COPILOT_ENVIRONMENT is production but COPILOT_API_KEYS still holds the development key(s) "
            f"{', '.join(dev_keys)}, which anyone can read in the source: set COPILOT_API_KEYS to your own secret keys"
        )
    return problems


def _masked(key: str) -> str:
    # A malformed key is still a secret: show only enough to find it in the configuration.
    return repr(key[:3] + "...") if len(key) > 6 else "(too short to show)"
