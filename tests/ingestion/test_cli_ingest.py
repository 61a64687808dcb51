"""`copilot ingest` as a user runs it: a folder with a malformed CSV row, a bad JSON and a lab PDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.corpus import piece, write_certificate, write_pieces
from tests.support.documents import LAB_PDF_LINES, lab_pdf


@pytest.mark.slow  # a subprocess or a fresh Chroma: seconds
def test_ingest_says_exactly_what_it_skipped_and_why(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    write_pieces(folder / "pieces.csv", [piece("AUR-RG-0001"), piece("AUR-RG-0002", center_carat="1,5O")])
    (folder / "broken.json").write_text('{"report_number": "2214587391",\n "lab": }', encoding="utf-8")
    write_certificate(folder, "2214587390")
    lab_pdf(folder / "report.pdf", LAB_PDF_LINES)

    env = {**os.environ, "COPILOT_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "copilot.cli", "ingest", str(folder)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert 'pieces.csv line 3: center_carat: "1,5O"' in out
    assert "broken.json line 2: is not valid JSON" in out
    assert "Skipped 2 invalid record(s)" in out

    stats = subprocess.run(
        [sys.executable, "-m", "copilot.cli", "stats"], env=env, capture_output=True, text=True, timeout=60
    )
    # The good row, the JSON report and the PDF report went in.
    assert "product" in stats.stdout and "certificate" in stats.stdout
    lines = {line.split("│")[1].strip(): line for line in stats.stdout.splitlines() if line.count("│") >= 3}
    assert lines["product"].split("│")[2].strip() == "1"
    assert lines["certificate"].split("│")[2].strip() == "2"
