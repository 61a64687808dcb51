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


class ChromaServer:
    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self._process = process

    def stop(self) -> None:
        """Stop the server (again: a no-op), as a crash or a maintenance would."""
        if self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@contextmanager
def running_chroma(binary: Path, timeout: float = 60) -> Iterator[ChromaServer]:
    """Start `chroma run`, wait for its heartbeat, yield it; stop it and remove its data at the end."""
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
        yield ChromaServer(url, process)
    finally:
        ChromaServer(url, process).stop()
        shutil.rmtree(root, ignore_errors=True)
