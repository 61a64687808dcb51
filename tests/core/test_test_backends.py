"""The suite's storage switch (COPILOT_TEST_BACKEND): by default a test's Settings keep everything in its
data dir; with `servers`, they name the session's PostgreSQL and Chroma server, and a test's database
schema and collection are its own: what a shared fixture wrote there, the test does not see."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.core.settings import Settings
from guardrails.approvals import ApprovalQueue, create_approvals_engine
from ingestion.vector_store import VectorStore
from tests.support.backends import backend_env, on_servers


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A module-wide fixture's Settings, with one approval and one vector written where they point."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("shared") / "data")
    settings.data_dir.mkdir(parents=True)
    queue = ApprovalQueue(create_approvals_engine(settings.approvals_db_url), redact=str)
    queue.create(kind="client_draft", created_by="claire", trace_id="t-1", question="Q", draft="D")
    store = VectorStore(settings.chroma_location, settings.collection).collection
    store.upsert(ids=["x"], embeddings=[[0.1, 0.2, 0.3]], documents=["shared"])
    return settings


@pytest.mark.slow  # opens Chroma twice: seconds
def test_a_tests_settings_point_where_the_mode_says_and_see_nothing_of_a_shared_fixture(
    shared: Settings, tmp_path: Path
) -> None:
    mine = Settings(data_dir=tmp_path / "data")
    mine.data_dir.mkdir(parents=True)
    if on_servers():
        assert mine.database_url and mine.database_url.startswith("postgresql+psycopg://")
        assert mine.chroma_url and mine.chroma_url.startswith("http://127.0.0.1:")
        assert (mine.database_url, mine.collection) != (shared.database_url, shared.collection)
        assert backend_env(mine) == {"COPILOT_DATABASE_URL": mine.database_url, "COPILOT_CHROMA_URL": mine.chroma_url,
                                     "COPILOT_COLLECTION": mine.collection}
    else:
        assert mine.database_url is None and mine.chroma_url is None
        assert backend_env(mine) == {}
    assert len(ApprovalQueue(create_approvals_engine(shared.approvals_db_url), redact=str).list()) == 1
    assert ApprovalQueue(create_approvals_engine(mine.approvals_db_url), redact=str).list() == []
    assert VectorStore(shared.chroma_location, shared.collection).count() == 1
    assert VectorStore(mine.chroma_location, mine.collection).count() == 0
