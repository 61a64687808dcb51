"""Split a chunk into quotable units: the sentences of a manual, the labelled lines of a record.

Ingestion embeds the units of manual chunks ahead of time, and the answer composer quotes units
verbatim; both use this one function so a quote always matches its chunk.
"""

from __future__ import annotations

import re

PROSE_DOC_TYPES = frozenset({"policy", "aftercare", "tone_guide", "repair_note"})

_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")
_SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=["(\[]?[A-Z0-9])')
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
# A period after these does not end a sentence ("Dear Ms. Laurent,", "ext. 2100").
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|St|Mme|Mlle|No|ext|approx|e\.g|i\.e|vs|etc)\.|\b[A-Z]\.)[\"']?$")


def quotable_units(text: str, doc_type: str) -> list[str]:
    """Units in reading order; each is an exact substring of `text`."""
    lines = text.splitlines()
    if doc_type in PROSE_DOC_TYPES:
        lines = lines[1:]  # the heading path, not a statement of the house
    units: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("```") or _TABLE_RULE.match(line) or line.startswith("#"):
            continue
        line = _LIST_MARKER.sub("", line, count=1).strip()
        if doc_type not in PROSE_DOC_TYPES or line.startswith("|"):
            units.append(line)
            continue
        units.extend(s for s in _sentences(line) if len(s) > 2)
    return units


def _sentences(line: str) -> list[str]:
    merged: list[str] = []
    for piece in _SENTENCE_END.split(line):
        if merged and _ABBREVIATION.search(merged[-1]):
            # Rejoin with the exact whitespace of the source so the unit stays a verbatim quote.
            start = line.index(merged[-1]) + len(merged[-1])
            gap = line[start : line.index(piece, start)]
            merged[-1] = merged[-1] + gap + piece
        else:
            merged.append(piece.strip())
    return merged
