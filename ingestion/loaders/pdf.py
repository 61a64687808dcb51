"""PDF files: a house manual exported to PDF, whose text opens with the manual's YAML front matter, or
else a lab's grading report. The text is read once and handed to the loader of its kind."""

from __future__ import annotations

from pathlib import Path

from ingestion.loaders import Loaded, pdf_text
from ingestion.loaders.certificate import parse_certificate_text
from ingestion.loaders.markdown_doc import MarkdownDocument, has_front_matter, parse_manual
from ingestion.records import CertificateRecord, InvalidRecord


def load_pdf(path: Path, source: str) -> Loaded[MarkdownDocument] | Loaded[CertificateRecord]:
    text = pdf_text(path, source)
    if isinstance(text, InvalidRecord):
        return Loaded(invalid=[text])
    # A PDF's text may open with blank lines the Markdown file did not have.
    if has_front_matter(text.lstrip()):
        return parse_manual(text.lstrip(), source)
    return parse_certificate_text(text, source)
