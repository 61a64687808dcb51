"""A real Chroma server for the tests: the `chroma` command of the chromadb package (`chroma run`) on a
free loopback port, its data in a temporary folder, stopped when the tests are done."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def chroma_bin() -> Path | None:
    """The `chroma` command beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / "chroma"
    if beside.exists():
        return beside
    found = shutil.which("chroma")
    return Path(found) if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_chroma(binary: Path, timeout: float = 60) -> Iterator[str]:
    """Start `chroma run`, wait for its heartbeat, yield its URL; stop it and remove its data at the end."""
    root = Path(tempfile.mkdtemp(prefix="copilot-chroma-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = root / "chroma.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"`chroma run` exited with {process.returncode}: {log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"`chroma run` gave no heartbeat in {timeout:.0f} s: {log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
