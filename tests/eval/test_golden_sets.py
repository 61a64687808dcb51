"""The golden and held-out question files on disk are exactly what their builders produce from the
corpus, and every fact in them still checks out (the builders exit 1 and list what broke)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("builder", ["build_golden.py", "build_heldout.py"])
def test_question_set_is_current_and_verified(builder: str) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "eval" / "golden" / builder), "--check"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
