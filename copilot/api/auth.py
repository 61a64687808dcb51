"""Who is calling: the API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`) resolved to a user
and their role, as the dependencies routes declare: `CurrentUserDep` (any key), `ManagerDep` (managers)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from copilot.api.attempts import FailedAttempts
from copilot.api.errors import Forbidden, NotAuthenticated
from copilot.ask.pipeline import Asker
from copilot.core.api_keys import ApiKey, Role

NO_KEY = "no API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>` (your manager issues keys)"
UNKNOWN_KEY = "unknown API key: check it for typos, or ask your manager for a new one"
MANAGER_REQUIRED = "only a manager can do this, and this key is an associate's: ask your boutique manager"

# For the OpenAPI description of the routes that declare these dependencies.
UNAUTHORIZED: dict[int | str, dict[str, str]] = {
    401: {"description": "No API key, or one the service does not know."},
    429: {"description": "Too many wrong keys from this address: wait Retry-After seconds."},
}
MANAGERS_ONLY: dict[int | str, dict[str, str]] = {
    **UNAUTHORIZED,
    403: {"description": "The key is an associate's; this route needs a manager's."},
}


@dataclass(frozen=True)
class User:
    id: str  # derived from the key, never the key itself: it is stored on approvals and written in logs
    name: str
    boutique: str
    role: Role
    # Derived from the key (or the Slack user id), never stored: seals this user's conversation vaults
    # in the shared state (guardrails/redaction/shared_vault.py).
    secret: bytes = field(default=b"", repr=False, compare=False)

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"

    def as_asker(self) -> Asker:
        return Asker(id=self.id, name=self.name, boutique=self.boutique, secret=self.secret)


class KeyRing:
    """The configured keys, held by their sha256: a lookup then takes the same time whatever the guess,
    and the keys themselves are not kept in the app's state. Wrong keys are counted per client address
    (`attempts`), so guessing one by trying many is cut short."""

    def __init__(self, keys: Mapping[str, ApiKey], attempts: FailedAttempts | None = None) -> None:
        self._users = {
            _digest(key): User(id=user_id(key), name=holder.name, boutique=holder.boutique, role=holder.role,
                               secret=owner_secret(key))
            for key, holder in keys.items()
        }
        self._attempts = attempts or FailedAttempts()

    def user_for(self, key: str) -> User | None:
        return self._users.get(_digest(key))

    def sign_in(self, key: str, client: str) -> User | None:
        """The key's holder, or None for a wrong key (counted against `client`); raises TooManyAttempts
        while `client` is locked out, whatever the key."""
        self._attempts.check(client)
        digest = _digest(key)
        user = self._users.get(digest)
        if user is None:
            self._attempts.failed(client, digest)
        return user


def client_address(request: Request) -> str:
    """The TCP peer, or what a trusted proxy said it is: uvicorn rewrites `request.client` from
    X-Forwarded-For only for the addresses in `Settings.trusted_proxies` (see `copilot serve`)."""
    return request.client.host if request.client else "unknown"


def user_id(key: str) -> str:
    """A stable id for the holder of `key` that does not reveal it: `key-` and 12 hex digits of its sha256."""
    return "key-" + _digest(key)[:12]


def owner_secret(credential: str) -> bytes:
    """What only the holder of `credential` (an API key, a Slack user id) can give: the owner's half of the
    key that seals their conversation vaults. One-way, so the shared state never holds the credential."""
    return hashlib.sha256(b"copilot owner secret\x00" + credential.encode()).digest()


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# auto_error=False: a missing header is our 401 with our message, not FastAPI's 403.
_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <API key>`")
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: <API key>`")


async def get_current_user(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key_header)],
) -> User:
    key = bearer.credentials if bearer else api_key
    if not key:
        raise NotAuthenticated(NO_KEY)
    user = request.app.state.key_ring.sign_in(key, client_address(request))
    if user is None:
        raise NotAuthenticated(UNKNOWN_KEY)
    return user


CurrentUserDep = Annotated[User, Depends(get_current_user)]


async def require_manager(user: CurrentUserDep) -> User:
    if not user.is_manager:
        raise Forbidden(MANAGER_REQUIRED)
    return user


ManagerDep = Annotated[User, Depends(require_manager)]
