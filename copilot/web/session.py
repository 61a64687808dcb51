"""The store tablet's sign-in session: a signed cookie (HMAC-SHA256, `HttpOnly`, `SameSite=Lax`) that
names the user's id, never their key, and how the JSON API accepts it in place of an API key.

itsdangerous (which starlette's `SessionMiddleware` needs) is not installed, so the cookie is signed
here with `hmac`. The secret is `settings.session_secret` when the settings define one, else one generated
once and kept in the data dir (owner-only), so a restart signs no tablet out. Sign-outs are kept there too,
so a copied cookie stays revoked across a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from copilot.api import auth
from copilot.api.auth import User
from copilot.api.errors import Forbidden
from copilot.core.secrets import server_secret
from copilot.core.settings import Settings

COOKIE = "aurelle_session"
CSRF_HEADER = "X-CSRF-Token"
MAX_AGE_SECONDS = 12 * 3600  # a boutique day
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

STALE_TOKEN = "this page's security token is missing or out of date: reload the page and try again"


@dataclass(frozen=True)
class Session:
    sid: str  # random; what sign-out revokes
    user_id: str  # auth.user_id(key): never the key
    csrf: str  # echoed by the page's JS in X-CSRF-Token on every POST
    issued_at: float


class SessionCookies:
    """Signs and verifies session cookies, and remembers sign-outs until those cookies would expire."""

    def __init__(
        self, secret: bytes, users: Mapping[str, User], secure: bool, max_age: int = MAX_AGE_SECONDS,
        revoked_file: Path | None = None,
    ) -> None:
        if len(secret) < 32:
            raise ValueError("the session secret must be at least 32 bytes")
        if max_age <= 0:
            raise ValueError("max_age must be positive")
        self._secret = secret
        self._users = dict(users)
        self._secure = secure
        self._max_age = max_age
        self._revoked_file = revoked_file
        self._revoked: dict[str, float] = _read_revoked(revoked_file)  # sid -> when its cookie expires anyway
        self._revoked_version = _version(revoked_file)

    @classmethod
    def for_settings(cls, settings: Settings, key_ring: auth.KeyRing) -> SessionCookies:
        secret = server_secret(settings)
        users = {auth.user_id(key): key_ring.user_for(key) for key in settings.api_keys}
        known = {uid: user for uid, user in users.items() if user is not None}
        return cls(secret, known, secure=settings.environment == "production",
                   revoked_file=settings.data_dir / "sessions_revoked.json")

    def start(self, response: Response, user: User) -> Session:
        session = Session(secrets.token_urlsafe(16), user.id, secrets.token_urlsafe(24), time.time())
        fields = {"s": session.sid, "u": session.user_id, "c": session.csrf, "t": session.issued_at}
        payload = _b64(json.dumps(fields).encode())
        response.set_cookie(
            COOKIE,
            f"{payload}.{self._sign(payload)}",
            max_age=self._max_age,
            path="/",
            httponly=True,
            samesite="lax",
            secure=self._secure,
        )
        return session

    def end(self, request: Request, response: Response) -> None:
        session = self.read(request)
        if session is not None:
            now = time.time()
            self._revoked = {sid: until for sid, until in self._revoked_now().items() if until > now}
            self._revoked[session.sid] = session.issued_at + self._max_age
            _write_revoked(self._revoked_file, self._revoked)
            self._revoked_version = _version(self._revoked_file)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=self._secure)

    def read(self, request: Request) -> Session | None:
        """The request's session if its cookie is well signed, unexpired and not signed out; else None."""
        raw = request.cookies.get(COOKIE)
        if not raw or raw.count(".") != 1:
            return None
        payload, signature = raw.split(".")
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
            session = Session(str(data["s"]), str(data["u"]), str(data["c"]), float(data["t"]))
        except (ValueError, KeyError, TypeError):
            return None
        if time.time() - session.issued_at > self._max_age or session.sid in self._revoked_now():
            return None
        return session

    def _revoked_now(self) -> dict[str, float]:
        # Another worker may have signed a tablet out: its sign-outs are in the same file.
        version = _version(self._revoked_file)
        if version != self._revoked_version:
            self._revoked, self._revoked_version = _read_revoked(self._revoked_file), version
        return self._revoked

    def user(self, session: Session) -> User | None:
        """None when the key behind the session was removed from the configuration since sign-in."""
        return self._users.get(session.user_id)

    def holder(self, user_id: str) -> str:
        """"Claire Martin, Place Vendome" for the id of a configured key; the id itself for a removed one."""
        user = self._users.get(user_id)
        return f"{user.name}, {user.boutique}" if user else user_id

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode(), hashlib.sha256).digest())


def _version(path: Path | None) -> tuple[int, int] | None:
    try:
        stat = path.stat() if path else None
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_ino) if stat else None


def _read_revoked(path: Path | None) -> dict[str, float]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        now = time.time()
        return {str(sid): float(until) for sid, until in data.items() if float(until) > now}
    except (FileNotFoundError, ValueError, AttributeError, TypeError):
        return {}


def _write_revoked(path: Path | None, revoked: dict[str, float]) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(revoked), encoding="utf-8")
        temporary.replace(path)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def session_cookies(request: Request) -> SessionCookies:
    return request.app.state.session_cookies


def signed_in(request: Request) -> tuple[Session, User] | None:
    cookies = session_cookies(request)
    session = cookies.read(request)
    user = cookies.user(session) if session else None
    return (session, user) if session and user else None


# The same header schemes as copilot.api.auth, so a key still wins over a cookie.
_bearer = HTTPBearer(auto_error=False)
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


async def user_from_key_or_session(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key_header)],
) -> User:
    """`auth.get_current_user`, extended: with no key in the headers, a signed-in tablet's session cookie
    identifies the user. A POST so authenticated must carry the session's CSRF token, which only pages
    served by this app can read: SameSite=Lax already keeps the cookie off cross-site POSTs, this is the
    second lock."""
    if bearer or api_key:
        return await auth.get_current_user(request, bearer, api_key)
    found = signed_in(request)
    if found is None:
        return await auth.get_current_user(request, None, None)  # its 401, with its message
    session, user = found
    if request.method not in _SAFE_METHODS and not hmac.compare_digest(
        request.headers.get(CSRF_HEADER, ""), session.csrf
    ):
        raise Forbidden(STALE_TOKEN)
    return user
