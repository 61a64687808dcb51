"""The lookup an associate does without the copilot, modelled in the open on the same documents.

A code or exact piece name in the question (or earlier in the conversation) is typed into the
catalog's spreadsheet filter, or the certificates folder's search; the matching rows and files are
opened in order. Then the question's own words, most specific (longest) first, are typed one at a
time into the manuals' PDF find, and the hits are opened in page order, the manual with the most
hits first; a piece's row that names its grading report leads to that report. A hit is read
sentence by sentence (the ones holding the word, and the answer's), a row down to the answer's
line; the lookup stops when every expected fact has been read, and gives up past the step budget. Only counts come out of here (searches,
characters typed, documents and results opened, words read); `StepTimes` turns them into seconds.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from copilot.core.errors import InputError
from copilot.core.identifiers import REPORT_NUMBER, SKU, STOCK_NUMBER
from eval.metrics import holds
from eval.timing.steps import StepTimes

RECORD_TYPES = frozenset({"product", "loose_diamond", "certificate"})
# What the model stops generating at; the budget of StepTimes stops far earlier. Kept finite so an
# unanswerable question's trace stays small.
HARD_MAX_SEARCHES = 12
HARD_MAX_RESULTS = 200
# Words nobody types into a find box: function words, and the chatter of a question about a client.
STOPWORDS = frozenset(
    """a about after again against all also am an and any are as at be because been before being
    between both but by can cannot could did do does doing done for from get got had has have having
    he her here hers herself him his how i if in into is it its itself just know let lol me mine more
    most my need no nor not now of off ok on once one only or other our ours out over own please r
    really same she should so some still such than that the their theirs them then there these they
    this those through to too u under until up us very want wants was we were what whats when where
    which while who whom why will with would yes yet you your yours client clients customer
    customers asked asks asking tell told say said thing things way much many okay""".split()
)
_WORD = re.compile(r"[a-z][a-z'-]+")
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Passage:
    """What one result shows: a paragraph of a manual, or a record's row or certificate."""

    doc_id: str
    document: str  # what is opened to see it: a manual, the spreadsheet, a certificate file
    text: str
    is_record: bool


@dataclass(frozen=True)
class Step:
    kind: Literal["search", "filter", "document", "result"]
    chars: int = 0  # typed (a search, or a filter's value)
    words: int = 0  # read (a result)


@dataclass(frozen=True)
class ManualTrace:
    """The steps of one manual lookup in order; `found_after` steps put every fact in hand (None: never)."""

    steps: tuple[Step, ...]
    found_after: int | None

    def within(self, times: StepTimes) -> tuple[list[Step], bool]:
        """The steps taken under the budget of `times`, and whether the answer was found by then."""
        taken: list[Step] = []
        searches = results = 0
        for n, step in enumerate(self.steps, start=1):
            searches += step.kind == "search"
            results += step.kind == "result"
            if searches > times.max_searches or results > times.max_results:
                return taken, False
            taken.append(step)
            if self.found_after == n:
                return taken, True
        return taken, False

    def seconds(self, times: StepTimes) -> float:
        taken, found = self.within(times)
        total = sum(_step_seconds(s, times) for s in taken)
        return total if found else total + times.not_found_s

    def counts(self, times: StepTimes) -> dict[str, int | bool]:
        taken, found = self.within(times)
        return {
            "searches": sum(s.kind == "search" for s in taken),
            "filters": sum(s.kind == "filter" for s in taken),
            "chars_typed": sum(s.chars for s in taken),
            "documents": sum(s.kind == "document" for s in taken),
            "results": sum(s.kind == "result" for s in taken),
            "words": sum(s.words for s in taken),
            "found": found,
        }


def _step_seconds(step: Step, times: StepTimes) -> float:
    if step.kind in ("search", "filter"):  # a spreadsheet filter is set like a search is typed
        return times.search_s + times.typing_chars_s(step.chars)
    if step.kind == "document":
        return times.document_opened_s
    return times.result_opened_s + times.reading_s(step.words)


class Documents:
    """The ingested documents as an associate sees them without the copilot."""

    def __init__(self, manuals: dict[str, list[Passage]], records: list[Passage], piece_names: dict[str, str]) -> None:
        self.manuals = manuals  # doc id -> paragraphs in page order
        self.records = records
        self.piece_names = piece_names  # lower-cased exact name -> doc id

    @classmethod
    def from_index(cls, data_dir: Path) -> Documents:
        """Read from the index (`index.sqlite`, opened read-only) the copilot answers from."""
        db = data_dir / "index.sqlite"
        if not db.is_file():
            raise InputError(f"no index in {data_dir}: run `copilot ingest data/sample --data-dir {data_dir}` first")
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            # A manual's chunk ids are numbered in page order (policy:x#000, #001 ...).
            rows = con.execute("SELECT doc_id, doc_type, text, metadata FROM chunks ORDER BY id").fetchall()
        finally:
            con.close()
        manuals: dict[str, list[Passage]] = {}
        records: list[Passage] = []
        names: dict[str, str] = {}
        for doc_id, doc_type, text, metadata in rows:
            meta = json.loads(metadata)
            if doc_type in RECORD_TYPES:
                # Rows of one CSV are one spreadsheet; each certificate is its own file.
                records.append(Passage(doc_id, meta.get("source", doc_id), text, True))
                if doc_type == "product" and meta.get("title"):
                    names[meta["title"].lower()] = doc_id
                continue
            seen = manuals.setdefault(doc_id, [])
            known = {p.text for p in seen}
            body = text.partition("\n")[2]  # the heading path the chunker put first is not on the page
            for block in (b.strip() for b in body.split("\n\n")):
                if block and block not in known:  # chunk overlap repeats a paragraph; the page has it once
                    seen.append(Passage(doc_id, doc_id, block, False))
                    known.add(block)
        return cls(manuals, records, names)


def identifiers(texts: Sequence[str], piece_names: dict[str, str]) -> list[str]:
    """Codes and exact piece names, as an associate would type them into a filter."""
    found: list[str] = []
    for text in texts:
        for pattern in (STOCK_NUMBER, SKU, REPORT_NUMBER):
            found += [m.group().upper() for m in pattern.finditer(text)]
        lowered = text.lower()
        for name in sorted(piece_names, key=len, reverse=True):
            if len(name) >= 8 and name in lowered:
                found.append(name)
                lowered = lowered.replace(name, " ")
    return list(dict.fromkeys(found))


def stem(word: str) -> str:
    """What an associate types to catch a word's forms in a find ("engraved" -> "engrav")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def keywords(question: str) -> list[str]:
    """The question's content words as typed into a find, longest (most specific) first."""
    cleaned = question.lower()
    for pattern in (STOCK_NUMBER, SKU, REPORT_NUMBER):
        cleaned = pattern.sub(" ", cleaned)
    words = [w.strip("'-") for w in _WORD.findall(cleaned)]
    longest: dict[str, int] = {}
    for w in words:
        if len(w) >= 3 and w not in STOPWORDS:
            longest[stem(w)] = max(longest.get(stem(w), 0), len(w))
    return sorted(longest, key=lambda s: longest[s], reverse=True)  # by the word as asked, ties in question order


class ManualLookup:
    """Builds the trace of the manual lookup of one question on `documents`."""

    def __init__(self, documents: Documents) -> None:
        self._docs = documents

    def trace(self, question: str, facts: Sequence[str], history: Sequence[str] = ()) -> ManualTrace:
        steps: list[Step] = []
        opened: set[str] = set()
        seen: set[int] = set()
        missing = list(facts)
        found_after: int | None = None

        def read(passage: Passage, word: str | None = None) -> None:
            nonlocal found_after
            if id(passage) in seen:  # a result already read is passed over, not read again
                return
            seen.add(id(passage))
            if passage.document not in opened:
                opened.add(passage.document)
                steps.append(Step("document"))
            steps.append(Step("result", words=words_read(passage, missing, word)))
            missing[:] = [f for f in missing if not holds(passage.text, f)]
            if facts and not missing and found_after is None:
                found_after = len(steps)
            elif passage.is_record:  # a piece's row names its report: that is looked up next
                pending.extend(m.group() for m in REPORT_NUMBER.finditer(passage.text) if m.group() not in searched)

        def searches_left() -> bool:
            return found_after is None and sum(s.kind == "search" for s in steps) < HARD_MAX_SEARCHES

        pending = identifiers([*history, question], self._docs.piece_names)
        searched: set[str] = set()
        while pending and searches_left():
            ident = pending.pop(0)
            if ident in searched:
                continue
            searched.add(ident)
            steps.append(Step("search", chars=len(ident)))
            for passage in self._matching_records(ident):
                read(passage)
                if found_after is not None:
                    break
        for word in keywords(question):
            if not searches_left():
                break
            steps.append(Step("search", chars=len(word)))
            for passage in self._manual_hits(word)[:HARD_MAX_RESULTS]:
                read(passage, word)
                if found_after is not None:
                    break
        return ManualTrace(tuple(steps), found_after)

    def _matching_records(self, ident: str) -> list[Passage]:
        lowered = ident.lower()
        hits = [p for p in self._docs.records if lowered in p.text.lower()]
        # The spreadsheets' rows come before the certificate files: the filter is typed there first.
        return sorted(hits, key=lambda p: p.doc_id.startswith("certificate:"))

    def _manual_hits(self, word: str) -> list[Passage]:
        per_manual = [[p for p in paras if word in p.text.lower()] for paras in self._docs.manuals.values()]
        per_manual.sort(key=len, reverse=True)  # the manual with the most hits is opened first
        return [p for hits in per_manual for p in hits]


def words_read(passage: Passage, missing: Sequence[str], word: str | None = None) -> int:
    """Words read of one result. A record's row or certificate is scanned line by line down to the
    line holding a fact still missing, else to its end. A find hit in a manual is read sentence by
    sentence: the sentences holding the searched word, and the one holding the answer if it is there."""
    if passage.is_record or word is None:
        lines = passage.text.splitlines()
        for n, line in enumerate(lines, start=1):
            if any(holds(line, f) for f in missing):
                return sum(len(row.split()) for row in lines[:n])
        return len(passage.text.split())
    units = [u for line in passage.text.splitlines() for u in _SENTENCE_END.split(line) if u.strip()]
    read = [u for u in units if word in u.lower() or any(holds(u, f) for f in missing)]
    return sum(len(u.split()) for u in read or units[:1])
