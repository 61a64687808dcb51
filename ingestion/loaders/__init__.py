"""One loader per kind of source file: parse it and validate every record, never raising on bad data.

Each loader returns the valid records with where they came from, and an `InvalidRecord` for each
record (or the whole file) that was skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ingestion.records import InvalidRecord

R = TypeVar("R")


@dataclass
class Loaded(Generic[R]):
    records: list[tuple[str, R]] = field(default_factory=list)  # (location, record)
    invalid: list[InvalidRecord] = field(default_factory=list)


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, object], source: str, location: str) -> M | list[InvalidRecord]:
    """The record, or one `InvalidRecord` per failing field (with the offending value quoted)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]) or ""
            value = data.get(name, None) if name else None
            shown = f' "{value}"' if value not in (None, "") else ""
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "is required but missing"
            elif err["type"] == "extra_forbidden":
                message = "is not a known column/field"
            problems.append(InvalidRecord(source, location, name, f"{shown.strip()} {message}".strip()))
        return problems


def pdf_text(path: Path, source: str) -> str | InvalidRecord:
    """The text of every page as pypdf lays it out (one line per printed line), or why it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    except (PdfReadError, OSError, ValueError) as exc:
        return InvalidRecord(source, "file", "", f"is not a readable PDF ({exc})")
