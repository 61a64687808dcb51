"""Where the tests keep their data. By default (`COPILOT_TEST_BACKEND` unset or `embedded`) every
Settings uses SQLite files and embedded Chroma in its data dir. With `COPILOT_TEST_BACKEND=servers`
the session starts one PostgreSQL and one Chroma server (per xdist worker) and every Settings built
from the environment uses them, isolated per test and per shared fixture: its own database and its
own Chroma collection, named through COPILOT_DATABASE_URL and COPILOT_COLLECTION."""

from __future__ import annotations

import os
from contextlib import ExitStack
from itertools import count
from pathlib import Path

import psycopg

from copilot.core.settings import Settings
from tests.support.chroma import ChromaServer, chroma_bin, running_chroma
from tests.support.postgres import PostgresServer, postgres_bin, running_postgres

MODE_ENV = "COPILOT_TEST_BACKEND"
MODES = ("embedded", "servers")
# The settings that say where data lives: set per test in server mode, passed on to subprocesses.
BACKEND_VARS = ("COPILOT_DATABASE_URL", "COPILOT_CHROMA_URL", "COPILOT_COLLECTION")


def mode() -> str:
    value = os.environ.get(MODE_ENV, "").strip() or "embedded"
    if value not in MODES:
        raise ValueError(f"{MODE_ENV} is {value!r}: use one of {', '.join(MODES)}")
    return value


def on_servers() -> bool:
    return mode() == "servers"


class Backends:
    """The session's PostgreSQL and Chroma server, started on first use and stopped by `close`."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._postgres: PostgresServer | None = None
        self._chroma: ChromaServer | None = None
        self._names = count(1)
        self._admin: psycopg.Connection[tuple[object, ...]] | None = None

    def postgres(self) -> PostgresServer:
        if self._postgres is None:
            bin_dir = postgres_bin()
            if bin_dir is None:
                raise RuntimeError("PostgreSQL's initdb and pg_ctl were not found (install Debian's `postgresql`)")
            self._postgres = self._stack.enter_context(running_postgres(bin_dir))
        return self._postgres

    def chroma(self) -> ChromaServer:
        if self._chroma is None:
            binary = chroma_bin()
            if binary is None:
                raise RuntimeError("the `chroma` command (chromadb's server) was not found: reinstall chromadb")
            self._chroma = self._stack.enter_context(running_chroma(binary))
        return self._chroma

    def fresh_env(self) -> dict[str, str]:
        """Backend settings no other test or fixture uses: a new schema (a whole database per test
        costs ~0.3 s, a schema a few ms) and a new collection."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        return {
            "COPILOT_DATABASE_URL": self._new_schema(name),
            "COPILOT_CHROMA_URL": self.chroma().url,
            "COPILOT_COLLECTION": name,
        }

    def _new_schema(self, name: str) -> str:
        server = self.postgres()
        if self._admin is None:
            database = server.new_database()
            self._database = database.rsplit("/", 1)[1]
            self._admin = psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname={self._database}",
                                          autocommit=True)
        self._admin.execute(f'CREATE SCHEMA "{name}"')
        # libpq's `options`: every connection of this URL finds (and creates) its tables in that schema.
        return f"{server.url(self._database)}?options=-csearch_path%3D{name}"

    def close(self) -> None:
        if self._admin is not None:
            self._admin.close()
        self._stack.close()


def backend_env(settings: Settings) -> dict[str, str]:
    """The environment that points a subprocess at the same data as `settings` (empty when embedded)."""
    if not on_servers():
        return {}
    env = {"COPILOT_CHROMA_URL": settings.chroma_url or "", "COPILOT_COLLECTION": settings.collection}
    if settings.database_url:
        env["COPILOT_DATABASE_URL"] = settings.database_url
    return env


def dump_database(url: str, folder: Path) -> Path:
    """Every row of every table the URL's schema holds, written as text under `folder` (one file per
    table): what PostgreSQL keeps at rest, to be scanned as the data dir's files are."""
    from sqlalchemy import create_engine, inspect, text

    folder.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).fetchall()
                (folder / f"{table}.txt").write_text("\n".join(map(str, rows)), encoding="utf-8")
    finally:
        engine.dispose()
    return folder
