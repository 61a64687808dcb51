"""Reads the hand-written PII splits (`dev_split.txt`, `test_split.txt`): one sentence a line, client
details as {KIND.tags:value}, house facts as [kind:value]; returns the plain text with its spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SPLITS = {
    "dev": HERE / "dev_split.txt",
    "dev2": HERE / "dev2_split.txt",
    "dev3": HERE / "dev3_split.txt",
    "test": HERE / "test_split.txt",
}
TUNED_ON = frozenset({"dev", "dev2", "dev3"})  # the splits whose misses may be read; the test split only scores

KINDS = {
    "P": "PERSON",
    "PH": "PHONE_NUMBER",
    "E": "EMAIL_ADDRESS",
    "A": "LOCATION",
    "DOB": "DATE_OF_BIRTH",
    "PP": "PASSPORT",
    "ID": "ID_NUMBER",
    "CC": "CREDIT_CARD",
}
_MARK = re.compile(r"\{(?P<pii>[A-Z]+)(?P<tags>(?:\.[\w-]+)*):(?P<pvalue>[^{}]+)\}|\[(?P<fact>[a-z_]+):(?P<fvalue>[^\[\]]+)\]")


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    kind: str  # a PII entity type (KINDS) or a house-fact kind (grade, piece, boutique ...)
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Sentence:
    text: str
    pii: tuple[Gold, ...]
    facts: tuple[Gold, ...]
    line: int


def person_tags(value: str, written: frozenset[str]) -> frozenset[str]:
    """The name groups a PERSON value belongs to: its origin and 'jewelry' as written, plus its case and length."""
    tags = set(written)
    tags.add("lower case" if value == value.lower() else "capitalised")
    tags.add("single word" if len(value.split()) == 1 else "two words or more")
    return frozenset(tags)


def parse_line(line: str, number: int = 0) -> Sentence:
    text, pii, facts, last = [], [], [], 0
    for m in _MARK.finditer(line):
        text.append(line[last : m.start()])
        start = sum(map(len, text))
        if m["pii"]:
            if m["pii"] not in KINDS:
                raise ValueError(f"line {number}: unknown PII kind {m['pii']!r} (known: {', '.join(KINDS)})")
            value, kind = m["pvalue"], KINDS[m["pii"]]
            written = frozenset(t for t in m["tags"].split(".") if t)
            pii.append(Gold(start, start + len(value), kind, person_tags(value, written) if kind == "PERSON" else written))
        else:
            value = m["fvalue"]
            facts.append(Gold(start, start + len(value), m["fact"]))
        text.append(value)
        last = m.end()
    text.append(line[last:])
    plain = "".join(text)
    if "{" in plain or "[" in plain:
        raise ValueError(f"line {number}: an annotation is not closed or not of the form {{KIND:value}} / [kind:value]")
    return Sentence(plain, tuple(pii), tuple(facts), number)


def load_split(path: Path) -> list[Sentence]:
    sentences = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            sentences.append(parse_line(line.rstrip("\n"), n))
    return sentences
