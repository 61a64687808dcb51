"""The server secret: made once, the same for every worker that starts at the same moment."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from copilot.core.secrets import kept_secret, server_secret
from copilot.core.settings import Settings


def test_workers_starting_at_once_all_get_the_one_secret_written(tmp_path: Path) -> None:
    path = tmp_path / "data" / "session_secret"
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda _: kept_secret(path), range(32)))
    assert len(set(got)) == 1 and len(got[0]) >= 32
    assert path.read_bytes() == got[0]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_configured_secret_wins_and_a_truncated_file_is_replaced(tmp_path: Path) -> None:
    configured = "x" * 40
    assert server_secret(Settings(data_dir=tmp_path, session_secret=configured)) == configured.encode()
    path = tmp_path / "session_secret"
    path.write_bytes(b"short")
    os.utime(path, (0, 0))
    assert len(kept_secret(path)) >= 32
