"""A search outcome as the associate reads it: how many match, the constraints understood, the best rows each
cited to its record (SKU, name, price, stock here and elsewhere, its report), or why none match and what is
nearest."""

from __future__ import annotations

from dataclasses import dataclass, field

from copilot.core.types import AskResult, Citation
from copilot.search.catalog import Record
from copilot.search.constraints import KIND_LABELS, Chip, chips, money, summary
from copilot.search.engine import SearchOutcome

_SINGULAR = {"piece": "piece", "loose_diamond": "loose diamond", "report": "grading report"}


@dataclass(frozen=True)
class ResultRow:
    """One record found, with what the counter needs and the citation [n] that backs it."""

    n: int
    kind: str
    id: str
    doc_id: str
    name: str
    price_usd: float | None
    stock_here: int | None
    stock_elsewhere: dict[str, int]
    report: str  # "Lumen Diamond Institute report 2919479718", or ""
    details: dict[str, str]
    nearest: bool = False  # offered instead, when nothing matches


@dataclass
class SearchAnswer:
    outcome: SearchOutcome
    chips: list[Chip]
    answer: str
    citations: list[Citation]
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.outcome.count

    @property
    def none_match(self) -> bool:
        return self.outcome.count == 0

    def fill(self, result: AskResult) -> None:
        """The ask pipeline's result shape: the list as the answer, each row cited. Nothing matching is a refusal
        (the copilot names no piece it was not asked for): the reason says which constraint emptied the set, and the
        nearest records are in `search.rows`, flagged `nearest`."""
        result.search = self
        if self.none_match:
            result.refused = True
            result.refusal_reason = self.answer.split("\n")[0].removesuffix(" Nearest:")
            result.answer = self.answer
            result.citations = []
        else:
            result.answer = self.answer
            result.citations = list(self.citations)


def _details(r: Record) -> dict[str, str]:
    pairs = {
        "collection": r.collection, "category": r.category, "metal": r.metal, "shape": r.shape,
        "carat": f"{r.carat:g}" if r.carat is not None else "", "color": r.color, "clarity": r.clarity,
        "cut": r.cut or r.lab_cut, "fluorescence": r.fluorescence, "size": r.size, "resizable": r.resizable,
    }
    return {k: v for k, v in pairs.items() if v}


def _report(r: Record) -> str:
    return f"{r.lab} report {r.report_number}" if r.report_number else ""


def _quote(r: Record) -> str:
    """The record's own lines that the row states, as one verbatim run of lines: price and stock for what is
    sold, the grades for a report."""
    first, last = ("Price: ", "Availability: ") if r.kind != "report" else ("Carat weight: ", "Fluorescence: ")
    at = [i for i, ln in enumerate(r.lines) if ln.startswith((first, last))]
    return "\n".join(r.lines[at[0] : at[-1] + 1]) if at else r.lines[0]


def _row(n: int, r: Record, boutique: str, nearest: bool) -> ResultRow:
    here = r.stock.get(boutique) if boutique and r.kind != "report" else None
    elsewhere = {b: k for b, k in r.stock.items() if b != boutique and k > 0}
    return ResultRow(n, r.kind, r.ident, r.doc_id, r.title, r.price, here, elsewhere, _report(r), _details(r), nearest)


def _line(row: ResultRow, boutique: str, cited: bool) -> str:
    parts = [row.id, row.name]
    if row.kind == "report":
        parts += [f"{k} {row.details[k]}" for k in ("fluorescence",) if k in row.details]
    else:
        if row.report and row.kind == "loose_diamond":
            parts.append(row.report)
        parts.append(money(row.price_usd) if row.price_usd is not None else "price on request")
        if boutique:
            parts.append(f"here ({boutique}): {row.stock_here or 0}")
        elsewhere = ", ".join(f"{b} {k}" for b, k in row.stock_elsewhere.items())
        parts.append(f"elsewhere: {elsewhere or 'none'}" if boutique else f"in stock: {elsewhere or 'none'}")
    return f"{' · '.join(parts)} [{row.n}]" if cited else " · ".join(parts)


def _citation(n: int, r: Record) -> Citation:
    return Citation(n, r.doc_id, {"piece": "product", "loose_diamond": "loose_diamond", "report": "certificate"}[r.kind],
                    r.title, r.source, "", _quote(r), 1.0)


def compose(outcome: SearchOutcome) -> SearchAnswer:
    c = outcome.constraints
    shown = summary(c) or KIND_LABELS[c.kind]
    boutique = outcome.boutique
    kind = _SINGULAR[c.kind]
    listed = outcome.hits if outcome.count else outcome.nearest
    rows = [_row(n, r, boutique, nearest=not outcome.count) for n, r in enumerate(listed, start=1)]
    citations = [_citation(n, r) for n, r in enumerate(outcome.hits, start=1)]
    if outcome.count:
        noun = kind if outcome.count == 1 else f"{kind}s" if not kind.endswith("s") else kind
        head = f"{outcome.count} {noun} match{'es' if outcome.count == 1 else ''}: {shown}."
        if outcome.count > len(rows):
            head += f" The {len(rows)} best:"
        sort = next((ch.label for ch in chips(c) if ch.key == "sort"), "")
        if sort:
            head = head.rstrip(":.") + f" ({sort}):"
    else:
        emptied = next((ch.label for ch in chips(c) if ch.key == outcome.emptied_by), outcome.emptied_by)
        without = c.without(outcome.emptied_by) if outcome.emptied_by else c
        before = " · ".join(ch.label for ch in chips(without) if ch.key != "sort") or KIND_LABELS[c.kind]
        head = f"No {kind} matches {shown}."
        if outcome.emptied_by and outcome.left_before:
            plural = kind if outcome.left_before == 1 else f"{kind}s"
            verb = "matches" if outcome.left_before == 1 else "match"
            head += f" {outcome.left_before} {plural} {verb} {before}, but none is {emptied}."
            if rows:
                head += " Nearest:"
        elif outcome.emptied_by:
            head += f" None is {emptied}."
    lines = [head, *(_line(row, boutique, cited=bool(outcome.count)) for row in rows)]
    return SearchAnswer(outcome, chips(c), "\n".join(lines), citations, rows)
