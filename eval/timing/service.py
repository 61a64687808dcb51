"""A copilot service for the harness: `copilot serve` started as its own process on a free localhost
port over a copy of an ingested data dir (so the run's conversations and approvals stay in the copy),
or a service already running at a URL."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from copilot.core.errors import InputError

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_data_dir(data_dir: Path, into: Path, vectors_on_server: bool = False) -> Path:
    """The index (Chroma and index.sqlite) of `data_dir` copied under `into`; reports and queues are not.
    With the vectors on a Chroma server (COPILOT_CHROMA_URL) there is no chroma/ folder to copy."""
    if not (data_dir / "index.sqlite").is_file() or not (vectors_on_server or (data_dir / "chroma").is_dir()):
        raise InputError(f"no index in {data_dir}: run `copilot ingest data/sample --data-dir {data_dir}` first")
    target = into / "data"
    target.mkdir(parents=True)
    if (data_dir / "chroma").is_dir():
        shutil.copytree(data_dir / "chroma", target / "chroma")
    for name in ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm"):
        if (data_dir / name).exists():
            shutil.copy2(data_dir / name, target / name)
    return target


def wait_ready(base_url: str, process: subprocess.Popen[bytes] | None = None, timeout_s: float = READY_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the service stopped with exit code {process.returncode} before it was ready")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the service at {base_url} was not ready within {timeout_s:.0f} s")


@contextmanager
def started_service(data_dir: Path, log_path: Path | None = None, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve a temporary copy of `data_dir` (with `env` added to its environment); yield the base URL
    once /readyz is 200; stop it after."""
    with tempfile.TemporaryDirectory(prefix="copilot-timing-") as tmp:
        environment = {**os.environ, **(env or {}), "HF_HUB_OFFLINE": "1"}
        served = copy_data_dir(data_dir, Path(tmp), vectors_on_server=bool(environment.get("COPILOT_CHROMA_URL")))
        port = free_port()
        environment["COPILOT_DATA_DIR"] = str(served)
        command = [sys.executable, "-c", "from copilot.cli import app; app()", "serve", "--port", str(port)]
        log = log_path.open("ab") if log_path else subprocess.DEVNULL
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, process)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if log_path:
                log.close()  # type: ignore[union-attr]
