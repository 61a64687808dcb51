"""House manuals written in Markdown with YAML front matter (policy, aftercare, tone guide)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ingestion.loaders import Loaded, validate
from ingestion.records import InvalidRecord, PolicyFrontMatter


@dataclass(frozen=True)
class MarkdownDocument:
    front: PolicyFrontMatter
    body: str


def load_markdown(path: Path, source: str) -> Loaded[MarkdownDocument]:
    loaded: Loaded[MarkdownDocument] = Loaded()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        loaded.invalid.append(InvalidRecord(source, "file", "", f"is not UTF-8 text ({exc.reason})"))
        return loaded
    if not text.startswith("---"):
        loaded.invalid.append(
            InvalidRecord(source, "line 1", "", "has no YAML front matter (doc_type, title, version, effective_date, audience)")
        )
        return loaded
    _, _, rest = text.partition("---")
    header, sep, body = rest.partition("\n---")
    if not sep:
        loaded.invalid.append(InvalidRecord(source, "front matter", "", "is not closed by a '---' line"))
        return loaded
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        loaded.invalid.append(InvalidRecord(source, "front matter", "", f"is not valid YAML: {exc}"))
        return loaded
    if not isinstance(meta, dict):
        loaded.invalid.append(InvalidRecord(source, "front matter", "", "must be a mapping of key: value"))
        return loaded
    meta = {k: str(v) if k == "version" else v for k, v in meta.items()}
    result = validate(PolicyFrontMatter, meta, source, "front matter")
    if isinstance(result, list):
        loaded.invalid.extend(result)
        return loaded
    body = body.removeprefix("\n").lstrip("-").strip()
    if not body:
        loaded.invalid.append(InvalidRecord(source, "body", "", "is empty"))
        return loaded
    loaded.records.append(("document", MarkdownDocument(result, body)))
    return loaded
