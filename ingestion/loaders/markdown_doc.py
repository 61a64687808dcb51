"""House manuals: YAML front matter (doc_type, title, version, ...) then a Markdown body, written as a
.md file or exported to PDF. The body is reflowed (ingestion/reflow.py) so no sentence is cut by a wrap."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ingestion.loaders import Loaded, validate
from ingestion.records import InvalidRecord, PolicyFrontMatter
from ingestion.reflow import reflow

_NO_DOC_TYPE = (
    'has no doc_type: add a line naming the kind of manual, such as "doc_type: service_policy" '
    "(lower case: letters, digits and _)"
)


@dataclass(frozen=True)
class MarkdownDocument:
    front: PolicyFrontMatter
    body: str


def load_markdown(path: Path, source: str) -> Loaded[MarkdownDocument]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        loaded: Loaded[MarkdownDocument] = Loaded()
        loaded.invalid.append(InvalidRecord(source, "file", "", f"is not UTF-8 text ({exc.reason})"))
        return loaded
    return parse_manual(text, source)


def has_front_matter(text: str) -> bool:
    return text.startswith("---")


def parse_manual(text: str, source: str) -> Loaded[MarkdownDocument]:
    """A manual from its text (a .md file's, or a PDF's): the front matter validated, the body reflowed."""
    loaded: Loaded[MarkdownDocument] = Loaded()
    if not has_front_matter(text):
        loaded.invalid.append(
            InvalidRecord(source, "line 1", "", "has no YAML front matter (doc_type and title; version, effective_date and audience when known)")
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
        loaded.invalid.extend(
            InvalidRecord(source, "front matter", "", _NO_DOC_TYPE) if p.field == "doc_type" and "doc_type" not in meta else p
            for p in result
        )
        return loaded
    body = reflow(body.removeprefix("\n").lstrip("-").strip())
    if not body:
        loaded.invalid.append(InvalidRecord(source, "body", "", "is empty"))
        return loaded
    loaded.records.append(("document", MarkdownDocument(result, body)))
    return loaded
