"""The manual lookup of a catalog search question: the catalog as a spreadsheet filter.

The associate opens the sheet of what is asked (pieces, loose diamonds; a grading report is a file of
the certificates folder), sets one filter per column the question constrains (typing or picking its
value: "pendant", "white gold", "3000"; a range such as price from-to is one filter with both bounds
typed; a sort is one click on a column), then reads the rows left, in sheet order, until the expected
records have all been seen: of each row, the cells the copilot's list states of it (name and code,
price to stock; a report's grades), as the copilot's side reads its list. Past the answer's row limit they read as many rows as the copilot lists and
take the count from the sheet's status bar, as the copilot's answer states it: the two sides then
deliver the same thing. An empty expected set is seen as soon as the last filter leaves no row.

Only counts come out (filters, characters typed, documents, rows, words read); `StepTimes` prices a
filter like a search typed (KLM: choose the column, point at its filter, confirm; plus the typing).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eval.timing.catalog_tasks import SearchSpec
from eval.timing.manual import Documents, ManualTrace, Passage, Step

# Spec keys set on the same spreadsheet column: a range or a best-to-worst grade is one filter.
COLUMN_OF = {
    "color_best": "color", "color_worst": "color", "clarity_best": "clarity", "clarity_worst": "clarity",
    "cut_min": "cut", "lab_cut_min": "cut", "carat_min": "carat", "carat_max": "carat",
    "price_min": "price", "price_max": "price",
}
# Choosing the sheet is opening a document, not a filter.
NOT_FILTERS = frozenset({"kind"})
# The cells of a row read to know it, besides its name and code (the row's first line): what the copilot's
# list states of it, price to stock for what is sold, the grades for a report (copilot/search/answer.py).
READ_CELLS = {False: ("Price: ", "Availability: "), True: ("Carat weight: ", "Fluorescence: ")}


def filters(spec: Mapping[str, Any]) -> dict[str, int]:
    """Column -> characters typed into its filter (0 for a value picked with a click: a yes/no, a sort)."""
    out: dict[str, int] = {}
    for key, value in spec.items():
        if key in NOT_FILTERS:
            continue
        column = COLUMN_OF.get(key, key)
        out[column] = out.get(column, 0) + _typed(key, value)
    return out


def _typed(key: str, value: Any) -> int:
    if isinstance(value, bool) or key == "sort":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (list, tuple)):
        return sum(len(str(v)) for v in value)
    return len(str(value))


def row_words(passage: Passage) -> int:
    """Words read of one row: its name and code, and its cells from price to stock (a report: its grades)."""
    lines = passage.text.splitlines()
    first, last = READ_CELLS[passage.doc_id.startswith("certificate:")]
    at = [i for i, line in enumerate(lines) if line.startswith((first, last))]
    read = lines[:1] + (lines[max(1, at[0]) : at[-1] + 1] if at else [])
    return sum(len(line.split()) for line in read)


def record_id(passage: Passage) -> str:
    """The SKU, stock number or report number a record's row stands for (its doc id's tail)."""
    return passage.doc_id.partition(":")[2]


class CatalogFilter:
    """Builds the spreadsheet-filter lookup of a search question on `documents`. `row_limit` is the rows
    the copilot's answer lists (`Settings.search_results`)."""

    def __init__(self, documents: Documents, row_limit: int) -> None:
        if row_limit <= 0:
            raise ValueError("row_limit must be positive")
        self._rows = {record_id(p): p for p in documents.records}
        self._order = {record_id(p): n for n, p in enumerate(documents.records)}
        self._row_limit = row_limit

    def trace(self, search: SearchSpec) -> ManualTrace:
        expected = [e for e in search.expected if e in self._rows]
        wanted = sorted(expected, key=self._order.__getitem__)[: self._row_limit]
        # The sheet is opened, then filtered (with nothing to read, the sheet of the kind asked all the same).
        steps = [Step("document"), *(Step("filter", chars=c) for c in filters(search.spec).values())]
        opened = {self._rows[wanted[0]].document} if wanted else set()
        for ident in wanted:
            row = self._rows[ident]
            if row.document not in opened:  # a grading report is a file of its own
                opened.add(row.document)
                steps.append(Step("document"))
            steps.append(Step("result", words=row_words(row)))
        # A record missing from the index cannot be seen: the lookup then never ends in the sheet.
        found = len(expected) == len(search.expected)
        return ManualTrace(tuple(steps), len(steps) if found else None)
