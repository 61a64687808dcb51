"""Shared fixtures: the real embedding model (loaded once per session) and a small corpus; tests that
load the model, presidio or a browser are marked slow here, so `pytest -m "not slow"` is a fast loop."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from copilot.core.settings import Settings
from guardrails.redaction import PiiRedactor, build_analyzer
from guardrails.redaction.redactor import Analyzer
from ingestion.embedder import Embedder
from tests.support.backends import BACKEND_VARS, Backends, on_servers
from tests.support.chroma import chroma_bin, running_chroma
from tests.support.corpus import write_small_corpus
from tests.support.postgres import REQUIRED_ENV, PostgresServer, postgres_bin, running_postgres

# Fixtures that load something heavy: a test using any of them, directly or through another fixture, is slow.
HEAVY_FIXTURES = frozenset({"embedder", "analyzer", "redactor", "page", "browser", "postgres", "chroma_server"})


# The modules holding the longest tests (`pytest --durations=30`), longest first. With `-n 2` the suite is
# dealt out a file at a time (`--dist loadfile` in pyproject.toml: a module's fixtures are built once),
# so these go out first and the short files fill in behind them, and no worker ends alone on a long one.
LONGEST_FIRST = (
    "tests/ingestion/test_crash.py",
    "tests/copilot/api/test_workers.py",
    "tests/copilot/api/test_pii_at_rest.py",
    "tests/eval/test_timing_search_replay.py",
    "tests/guardrails/test_redaction.py",
    "tests/copilot/api/test_schemathesis.py",
    "tests/guardrails/test_house_facts_sweep.py",
    "tests/copilot/web/test_notes.py",
    "tests/ingestion/test_ingest_limits.py",
    "tests/eval/test_timing_harness.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        embedded = item.get_closest_marker("embedded_only")
        if embedded and on_servers():
            item.add_marker(pytest.mark.skip(reason=f"embedded storage only: {embedded.args[0]}"))
    # Whole files move, in a stable sort: the order of the tests inside a file is kept.
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}

    def order(item: pytest.Item) -> tuple[int, int]:
        where = item.path.relative_to(item.config.rootpath).as_posix()
        if where in rank:
            return (0, rank[where])
        return (1 if item.path in slow_files else 2, 0)

    items.sort(key=order)


_backends = Backends()


def pytest_sessionfinish() -> None:
    _backends.close()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[object], request: pytest.FixtureRequest) -> Iterator[object]:
    """In server mode a module- or session-wide fixture builds its Settings against a database and a
    collection of its own (a test's own ones are set by `backend_per_test`)."""
    if not on_servers() or fixturedef.scope == "function":
        return (yield)
    saved = {name: os.environ.get(name) for name in BACKEND_VARS}
    os.environ.update(_backends.fresh_env())
    try:
        return (yield)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(autouse=True)
def backend_per_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """In server mode every test gets its own PostgreSQL database and Chroma collection."""
    if on_servers():
        for name, value in _backends.fresh_env().items():
            monkeypatch.setenv(name, value)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """presidio and spaCy load once per session (per xdist worker), as the embedding model does."""
    return build_analyzer()


@pytest.fixture(scope="session")
def redactor(analyzer: Analyzer) -> PiiRedactor:
    return PiiRedactor(analyzer)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


MakeIngestor = Callable[..., object]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session (a fresh database per test: `database_url`)."""
    if on_servers():  # the server every test already uses
        yield _backends.postgres()
        return
    bin_dir = postgres_bin()
    if bin_dir is None:
        reason = "PostgreSQL's initdb and pg_ctl were not found (install Debian's `postgresql`)"
        if os.environ.get(REQUIRED_ENV):
            pytest.fail(f"{reason}; {REQUIRED_ENV} is set, so the PostgreSQL tests must run")
        pytest.skip(reason)
    with running_postgres(bin_dir) as server:
        yield server


@pytest.fixture(scope="session")
def chroma_server() -> Iterator[str]:
    """One Chroma server (`chroma run`, from the chromadb package) for the session: its URL. The
    package is a dependency, so a missing `chroma` command fails the tests rather than skipping them."""
    if on_servers():
        yield _backends.chroma().url
        return
    binary = chroma_bin()
    if binary is None:
        pytest.fail("the `chroma` command (chromadb's server) was not found beside Python nor on PATH: reinstall chromadb")
    with running_chroma(binary) as server:
        yield server.url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where approvals, audit and feedback live: a SQLite file in a temporary data dir, or a new
    database on the session's PostgreSQL. Tests taking it run against both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'approvals.sqlite'}"
    return request.getfixturevalue("postgres").new_database()
