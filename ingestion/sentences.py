"""Split a chunk into quotable units: the sentences of a manual, the labelled lines of a record.

Ingestion embeds the units of manual chunks ahead of time, and the answer composer quotes units
verbatim; both use this one function so a quote always matches its chunk.
"""

from __future__ import annotations

import re

from ingestion.records import DOC_KIND_PATTERN, RECORD_DOC_TYPES

# Bumped whenever what is embedded for a unit changes: manuals indexed under an older version are
# re-embedded by the next `copilot ingest`.
UNITS_VERSION = "3"

_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")
_SENTENCE_END = re.compile(r'(?<=[.!?])\s+(?=["(\[]?[A-Z0-9])')
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
# A period after these does not end a sentence ("Dear Ms. Laurent,", "ext. 2100").
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Mx|Dr|St|Mme|Mlle|No|ext|approx|e\.g|i\.e|vs|etc)\.|\b[A-Z]\.)[\"']?$")


def is_prose(doc_type: str) -> bool:
    """A manual (read as sentences), not a catalog or lab record (read as labelled lines): every kind
    but a record's, as long as it is a lower-case identifier as a manual's front matter must give it."""
    return doc_type not in RECORD_DOC_TYPES and re.fullmatch(DOC_KIND_PATTERN, doc_type) is not None


def quotable_units(text: str, doc_type: str) -> list[str]:
    """Units in reading order; each is an exact substring of `text`."""
    lines = text.splitlines()
    if is_prose(doc_type):
        lines = lines[1:]  # the heading path, not a statement of the house
    units: list[str] = []
    for raw in _logical_lines(lines):
        line = raw.strip()
        if not line or line.startswith("```") or _TABLE_RULE.match(line) or line.startswith("#"):
            continue
        line = _LIST_MARKER.sub("", line, count=1).strip()
        if not is_prose(doc_type) or line.startswith("|"):
            units.append(line)
            continue
        units.extend(s for s in _sentences(line) if len(s) > 2)
    return units


def _logical_lines(lines: list[str]) -> list[str]:
    """The lines as written, except in a fenced block (a template letter), where a line hard-wrapped
    mid-sentence ("It was a" / "pleasure to present ...") is joined with the next one. The newline is
    kept, so a sentence spanning lines is still a verbatim quote of the chunk."""
    out: list[str] = []
    fenced = False
    for raw in lines:
        if raw.strip().startswith("```"):
            fenced = not fenced
            out.append(raw)
            continue
        previous = out[-1].rstrip() if out else ""
        # A line that stops on a word, or is followed by one in lower case, runs on into the next
        # ("[Associate name]" above the boutique's name is joined too, which is harmless).
        runs_on = previous and not previous.lstrip().startswith("```") and (
            not previous.endswith(_LINE_ENDS) or raw.strip()[:1].islower()
        )
        if fenced and raw.strip() and runs_on:
            out[-1] += "\n" + raw
        else:
            out.append(raw)
    return out


_LINE_ENDS = tuple(".!?,;:")


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


def units_to_embed(text: str, doc_type: str) -> list[tuple[str, str]]:
    """(unit, text embedded for it). A sentence is embedded as it is. A table row alone ("| 7 | N 1/2 |
    54 | 14 |") or a short list line ('"cheap" -> "accessible"') says little to the model, so it is
    embedded with its section heading and, for a row, the table's column names: "Ring size
    equivalents: US: 7; UK: N 1/2; French: 54; Japanese: 14". The quote stays the unit itself."""
    lines = text.splitlines()
    heading = lines[0].lstrip("# ").strip() if lines and is_prose(doc_type) else ""
    header: list[str] = []
    out: list[tuple[str, str]] = []
    units = iter(quotable_units(text, doc_type))
    pending = next(units, None)
    for i, raw in enumerate(lines):
        line = raw.strip()
        if line.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1].strip()):
            header = _cells(line)
        while pending is not None and pending.splitlines()[0].strip() in raw:
            if pending.startswith("|"):
                cells = _cells(pending)
                if header and cells != header and len(cells) == len(header):
                    body = "; ".join(f"{h}: {c}" for h, c in zip(header, cells, strict=True))
                else:
                    body = pending
                out.append((pending, f"{heading}: {body}" if heading else body))
            elif len(pending.split()) <= 8 and "->" in pending:
                out.append((pending, f"{heading}: {pending}" if heading else pending))
            else:
                out.append((pending, pending))
            pending = next(units, None)
    while pending is not None:  # not found line by line: embedded as it is
        out.append((pending, pending))
        pending = next(units, None)
    return out


def labelled_rows(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each table row of `text` (as quoted) -> its (column name, cell) pairs."""
    lines = text.splitlines()
    header: list[str] = []
    rows: dict[str, list[tuple[str, str]]] = {}
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line.startswith("|") or _TABLE_RULE.match(line):
            continue
        if i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1].strip()):
            header = _cells(line)
            continue
        cells = _cells(line)
        if header and len(cells) == len(header):
            rows[line] = list(zip(header, cells, strict=True))
    return rows


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]
