"""No client detail reaches the disk: 1,000 questions carrying synthetic PII (names also in lower case,
dates of birth, passports, city + postcode) go through /v1/ask (plain questions, client drafts, answers to forward), a manager decides drafts with reasons and edits that
quote clients too, then every file under the data dir is searched for every value, byte for byte."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from tests.support.backends import dump_database
from tests.support.server import (
    ASSOCIATE_KEY,
    MANAGER_KEY,
    OTHER_ASSOCIATE_KEY,
    http_client,
    ingest_small_corpus,
    live_server,
)
from tests.support.synthetic_pii import (
    CITY_POSTCODES,
    EDITS,
    REASONS,
    PiiFactory,
    PiiValue,
    SyntheticText,
    fill,
    questions,
)

QUESTIONS = 1000
DECISIONS = 150  # a third each approved, rejected and edited, all with client details in the reason or text
THREADS = 4


@dataclass(frozen=True)
class Leak:
    file: str
    value: PiiValue
    needle: bytes  # the form found: as written, JSON-escaped, digits only, or the surname alone
    context: bytes  # the bytes around the hit, to show what wrote it


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, factory: Callable[[Settings], Copilot]
) -> Iterator[tuple[str, Settings]]:
    """Its own data dir, so the scan covers the ingested corpus and what this test wrote, nothing else;
    conversations and vaults in the shared state, as several workers keep them."""
    settings = ingest_small_corpus(tmp_path_factory.mktemp("pii"), embedder).model_copy(update={"shared_state": True})
    with live_server(create_app(settings, copilot_factory=factory), log_file=settings.data_dir / "server.log") as url:
        yield url, settings


@pytest.mark.slow
def test_no_client_detail_from_questions_or_decisions_is_written_to_disk(server: tuple[str, Settings]) -> None:
    url, settings = server
    asked = questions(QUESTIONS)
    factory = PiiFactory(random.Random(2100))
    reasons = [fill(factory.rng.choice(REASONS), factory) for _ in range(DECISIONS)]
    edits = [fill(factory.rng.choice(EDITS), factory) for _ in range(DECISIONS)]
    values = {v for text in (*asked, *reasons, *edits) for v in text.values}
    assert {"DATE_OF_BIRTH", "PASSPORT"} <= {v.kind for v in values}
    assert any(v.kind == "PERSON" and v.text == v.text.lower() for v in values)
    assert any(v.text in CITY_POSTCODES for v in values)
    # Before: none of the values is in the corpus, so a hit afterwards can only come from a request.
    assert scan(settings.data_dir, values) == []

    answers = ask_all(url, asked)
    held = [answer["approval_id"] for answer in answers if answer["requires_approval"]]
    # A refusal is never forwarded, so it is not held; every other draft or answer to forward is.
    to_hold = [(q, a) for q, a in zip(asked, answers, strict=True) if (q.draft or q.for_client) and not a["refused"]]
    assert all(a["requires_approval"] and a["approval_status"] == "pending" for _, a in to_hold)
    assert sum(q.draft for q in asked) >= 0.35 * QUESTIONS and len(held) >= DECISIONS

    decisions = decide_all(url, held[:DECISIONS], reasons, edits)
    assert [d.status_code for d in decisions] == [200] * DECISIONS
    assert {d.json()["status"] for d in decisions} == {"approved", "rejected", "edited"}

    scanned = {p.name for p in files_under(settings.data_dir)}
    assert {"index.sqlite", "server.log", "shared_state.sqlite", "shared_state.sqlite-wal"} <= scanned
    assert (settings.data_dir / "server.log").stat().st_size > 0
    leaks = scan(settings.data_dir, values)
    if settings.database_url:  # the queue, its audit and the feedback are PostgreSQL's rows: scanned too
        dumped = dump_database(settings.database_url, settings.data_dir.parent / "database")
        assert {"approvals.txt", "audit_log.txt"} <= {p.name for p in files_under(dumped)}
        leaks += scan(dumped, values)
    else:
        assert {"chroma.sqlite3", "approvals.sqlite", "approvals.sqlite-wal"} <= scanned
    assert leaks == [], describe(leaks, len(values))


def ask_all(url: str, asked: list[SyntheticText]) -> list[dict]:
    """Every question, from two associates, `THREADS` at a time."""
    with http_client(url, ASSOCIATE_KEY) as claire, http_client(url, OTHER_ASSOCIATE_KEY) as hugo:

        def ask(numbered: tuple[int, SyntheticText]) -> dict:
            i, text = numbered
            body = {"question": text.text, "for_client": text.for_client}
            response = (claire, hugo)[i % 2].post("/v1/ask", json=body)
            assert response.status_code == 200, response.text
            return response.json()

        with ThreadPoolExecutor(THREADS) as pool:
            return list(pool.map(ask, enumerate(asked)))


def decide_all(
    url: str, approval_ids: list[int], reasons: list[SyntheticText], edits: list[SyntheticText]
) -> list[httpx.Response]:
    with http_client(url, MANAGER_KEY) as manager:

        def decide(i: int) -> httpx.Response:
            action = ("approve", "reject", "edit")[i % 3]
            body = {"reason": reasons[i].text} | ({"text": edits[i].text} if action == "edit" else {})
            return manager.post(f"/v1/approvals/{approval_ids[i]}/{action}", json=body)

        with ThreadPoolExecutor(THREADS) as pool:
            decided = list(pool.map(decide, range(len(approval_ids))))
        # Reading writes nothing, but the audit and list routes are part of what a manager does.
        assert manager.get("/v1/approvals", params={"status": "pending"}).status_code == 200
        assert all(manager.get(f"/v1/approvals/{i}/audit").status_code == 200 for i in approval_ids[:10])
        return decided


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def scan(root: Path, values: Iterable[PiiValue]) -> list[Leak]:
    """Every occurrence of any form of any value in any file under `root`."""
    by_needle = {needle: value for value in values for needle in value.needles()}
    any_needle = _any_of(by_needle)
    leaks = []
    for path in files_under(root):
        data = path.read_bytes()
        if not any_needle.search(data):
            continue
        for needle, value in by_needle.items():
            for hit in re.finditer(re.escape(needle), data):
                context = data[max(0, hit.start() - 60) : hit.end() + 60]
                leaks.append(Leak(str(path.relative_to(root)), value, needle, context))
    return leaks


def _any_of(needles: Iterable[bytes]) -> re.Pattern[bytes]:
    """One regex for thousands of literals, written as a trie ("Ha(?:rriet|yashida)"): re tries the
    alternatives of a flat "a|b|c" one by one at every position, a trie follows one path. It only
    says whether a file holds any of them; the exact search then runs on that file alone."""
    trie: dict = {}
    for needle in needles:
        node = trie
        for byte in needle:
            node = node.setdefault(byte, {})
        node[None] = {}

    def pattern(node: dict) -> bytes:
        branches = [re.escape(bytes([b])) + pattern(child) for b, child in node.items() if b is not None]
        if not branches:
            return b""
        body = branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"
        return b"(?:" + body + b")?" if None in node else body

    return re.compile(pattern(trie))


def describe(leaks: list[Leak], values_checked: int) -> str:
    found = sorted({leak.needle for leak in leaks})
    lines = [f"{len(found)} forms of {values_checked} values found on disk ({len(leaks)} hits): {found}"]
    first_hits = {leak.needle + leak.file.encode(): leak for leak in leaks}.values()
    lines += [f"  {leak.file}: {leak.value.kind} {leak.needle!r} in ...{leak.context!r}..." for leak in first_hits]
    return "\n".join(lines)
