"""Find the files to ingest under the paths the user gave, and load each with the loader for its kind."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from copilot.core.errors import InputError
from ingestion.chunking import MarkdownChunker, certificate_chunk, loose_diamond_chunk, product_chunk, provenance_chunk
from ingestion.loaders.catalog_csv import load_catalog_csv
from ingestion.loaders.markdown_doc import MarkdownDocument, load_markdown
from ingestion.loaders.pdf import load_pdf
from ingestion.loaders.records_json import load_records_json
from ingestion.loaders.synonyms_yaml import SYNONYMS_SUFFIXES, load_synonyms
from ingestion.records import CertificateRecord, Chunk, InvalidRecord, ProductRecord

SUPPORTED = {".yaml": "synonyms", ".yml": "synonyms", ".csv": "catalog", ".json": "certificate or provenance record", ".pdf": "certificate or document", ".md": "document", ".markdown": "document"}
# Files that may hold a manual, whose chunks also depend on how manuals are chunked.
MANUAL_SUFFIXES = frozenset({".md", ".markdown", ".pdf"})


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    source: str  # as shown to users and in citations

    @property
    def file_key(self) -> str:
        return self.path.as_posix()

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


@dataclass
class ParsedFile:
    chunks: list[Chunk] = field(default_factory=list)
    synonyms: list[str] | None = None  # the rules of a synonyms file; None for any other file
    invalid: list[InvalidRecord] = field(default_factory=list)
    records: list[object] = field(default_factory=list)  # the validated records, for the audit


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[SourceFile]]:
    """(resolved roots, files under them), sorted so every run walks them in the same order."""
    roots: list[Path] = []
    found: dict[Path, SourceFile] = {}
    for given in paths:
        if not given.exists():
            raise InputError(f"{given}: no such file or folder")
        root = given.resolve()
        roots.append(root)
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in candidates:
            if any(part.startswith(".") for part in p.relative_to(root if root.is_dir() else root.parent).parts):
                continue
            found[p] = SourceFile(p, _display(p, root))
    return roots, sorted(found.values(), key=lambda f: f.file_key)


def is_under(file_key: str, roots: Sequence[Path]) -> bool:
    return any(file_key == r.as_posix() or file_key.startswith(r.as_posix() + "/") for r in roots)


def parse(file: SourceFile, chunker: MarkdownChunker) -> ParsedFile:
    """Load, validate and chunk one file; bad records become `invalid`, never exceptions."""
    suffix = file.path.suffix.lower()
    parsed = ParsedFile()
    if suffix == ".csv":
        loaded = load_catalog_csv(file.path, file.source)
        for _, rec in loaded.records:
            parsed.chunks.append(
                product_chunk(rec, file.source) if isinstance(rec, ProductRecord) else loose_diamond_chunk(rec, file.source)
            )
    elif suffix == ".json":
        loaded = load_records_json(file.path, file.source)
        parsed.chunks.extend(
            certificate_chunk(rec, file.source) if isinstance(rec, CertificateRecord) else provenance_chunk(rec, file.source)
            for _, rec in loaded.records
        )
    elif suffix in MANUAL_SUFFIXES:
        # A PDF is a manual or a lab's grading report, as its text says (ingestion/loaders/pdf.py).
        loaded = load_pdf(file.path, file.source) if suffix == ".pdf" else load_markdown(file.path, file.source)
        for _, rec in loaded.records:
            if isinstance(rec, MarkdownDocument):
                parsed.chunks.extend(chunker.chunks(rec, f"{rec.front.doc_type}:{file.path.stem}", file.source))
            else:
                parsed.chunks.append(certificate_chunk(rec, file.source))
    elif suffix in SYNONYMS_SUFFIXES:
        loaded = load_synonyms(file.path, file.source)
        parsed.synonyms = [rule for _, rule in loaded.records]
    else:
        kinds = ", ".join(sorted(SUPPORTED))
        parsed.invalid.append(InvalidRecord(file.source, "file", "", f"unsupported file type (ingestible: {kinds})"))
        return parsed
    parsed.invalid.extend(loaded.invalid)
    parsed.records.extend(rec for _, rec in loaded.records)
    return parsed


def _display(path: Path, root: Path) -> str:
    """The path citations show: from the working directory when the file is under it
    ("data/sample/policies/client_service_policy.md"), else from the folder the user named
    ("corpus/policies/client_service_policy.md"), never a run of "../.."."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.relative_to(root.parent).as_posix()

