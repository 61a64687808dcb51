"""How manuals are cut into chunks: a table split across chunks keeps its column names in each."""

from __future__ import annotations

from pathlib import Path

from ingestion.chunking import MarkdownChunker
from ingestion.loaders.markdown_doc import load_markdown
from ingestion.sentences import labelled_rows, quotable_units
from tests.support.documents import MANUAL


def _chunks(tmp_path: Path, tokens: int) -> list[str]:
    path = tmp_path / "client_service_policy.md"
    path.write_text(MANUAL, encoding="utf-8")
    document = load_markdown(path, "policies/client_service_policy.md").records[0][1]
    return [c.text for c in MarkdownChunker(tokens, 10).chunks(document, "policy:client_service_policy", "x")]


def test_a_table_split_across_chunks_repeats_its_header_in_each(tmp_path: Path) -> None:
    chunks = _chunks(tmp_path, 120)
    with_rows = [c for c in chunks if "| Service number" in c]
    assert len(with_rows) >= 3  # the table really is split
    for chunk in with_rows:
        rows = labelled_rows(chunk)
        assert rows and all(pairs[1][0] == "Turnaround (business days)" for pairs in rows.values())
    # every row is still quotable, and the rule line never is
    units = {u for c in chunks for u in quotable_units(c, "policy")}
    assert all(f"| Service number {n} | {n + 4} | Note {n} |" in units for n in range(1, 41))
    assert not any(set(u) <= set("|-: ") for u in units)


def test_a_table_that_fits_one_chunk_is_left_as_written(tmp_path: Path) -> None:
    (chunk,) = [c for c in _chunks(tmp_path, 2000) if "| Service |" in c]
    assert chunk.count("| Service | Turnaround (business days) | Notes |") == 1
