"""The public contract of a catalog search: structured filters in, the counted, cited list out. `/v1/ask` carries
the same rows (`results`) and summary (`search`) when it routes a question to search."""

from __future__ import annotations

from dataclasses import fields
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from copilot.search.answer import ResultRow, SearchAnswer
from copilot.search.constraints import Constraints
from copilot.search.vocabulary import CLARITY_SCALE, COLOR_SCALE, CUT_SCALE, LAB_CUT_SCALE

_CUTS = tuple(dict.fromkeys((*CUT_SCALE, *LAB_CUT_SCALE)))


class SearchFilters(BaseModel):
    """Every field optional; a list means any of its values (except `stones` and `styles`: all of them). Values are
    the catalog's own ("Platinum" metal family is "platinum"; boutiques as the stock lists name them)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["piece", "loose_diamond", "report"] | None = Field(None, description="What to search; default piece.")
    categories: list[str] | None = Field(None, max_length=10, examples=[["ring"]])
    styles: list[str] | None = Field(None, max_length=10, description="Words of the piece's name: stud, tennis, solitaire.")
    collections: list[str] | None = Field(None, max_length=10, examples=[["Celeste"]])
    metals: list[str] | None = Field(None, max_length=10, examples=[["platinum", "white gold"]])
    karat: str | None = Field(None, max_length=8, examples=["18k"])
    stones: list[str] | None = Field(None, max_length=10, examples=[["sapphire"]])
    shape: str | None = Field(None, max_length=40, examples=["round"])
    # Grades are the labs' own scales, written as the catalog writes them, so the schema lists them.
    color_best: Literal[COLOR_SCALE] | None = Field(None, description="Best colour grade accepted (D is best).")  # type: ignore[valid-type]
    color_worst: Literal[COLOR_SCALE] | None = Field(  # type: ignore[valid-type]
        None, description="Worst colour grade accepted: 'G or better' is color_worst G."
    )
    clarity_best: Literal[CLARITY_SCALE] | None = None  # type: ignore[valid-type]
    clarity_worst: Literal[CLARITY_SCALE] | None = Field(None, examples=["VS2"])  # type: ignore[valid-type]
    cut_min: Literal[_CUTS] | None = Field(None, examples=["Very Good"])  # type: ignore[valid-type]
    carat_min: float | None = Field(None, ge=0, lt=1000)
    carat_max: float | None = Field(None, ge=0, lt=1000)
    price_min: float | None = Field(None, ge=0, description="USD")
    price_max: float | None = Field(None, ge=0, description="USD", examples=[5000])
    size: float | None = Field(None, gt=0, lt=100, description="French ring size, as the catalog writes it.")
    resizable: bool | None = None
    boutique: str | None = Field(None, max_length=100, description="In stock at this boutique; 'here' is the caller's.")
    in_stock: bool | None = Field(None, description="In stock at some boutique.")
    lab: str | None = Field(None, max_length=100)
    fluorescence: str | None = Field(None, max_length=40, examples=["None", "Strong Blue"])
    sort: Literal["relevance", "price_asc", "price_desc", "carat_desc", "carat_asc"] | None = None
    text: str | None = Field(None, max_length=500, description="Words that rank but do not filter.")

    def over(self, parsed: Constraints) -> Constraints:
        """The parsed question's constraints with every field these filters set replaced by theirs."""
        changes: dict[str, object] = {}
        for f in fields(Constraints):
            value = getattr(self, f.name, None)
            if value is not None:
                changes[f.name] = tuple(value) if isinstance(value, list) else value
        return Constraints(**{**parsed.to_dict(), **changes})  # type: ignore[arg-type]

    @classmethod
    def of(cls, c: Constraints) -> SearchFilters:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in c.to_dict().items()}
        return cls.model_validate({k: v for k, v in data.items() if v not in ((), [], "", None)})


class SearchRequest(BaseModel):
    # Text, filters or both: said in the schema too, so a client (or schemathesis) knows `{}` is refused.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [
            {"required": ["text"], "properties": {"text": {"type": "string"}}},
            {"required": ["filters"], "properties": {"filters": {"type": "object"}}},
        ]},
    )

    text: str | None = Field(
        None, max_length=2000, pattern=r"\S",
        description="What the client wants, in words; read into constraints like /v1/ask does.",
        examples=["platinum rings under $5,000 in stock here"],
    )
    filters: SearchFilters | None = Field(None, description="Structured constraints; each set field overrides the text's.")
    limit: int = Field(10, ge=1, le=100, description="Rows returned, best first (the count covers every match).")


class ChipOut(BaseModel):
    key: str = Field(description="The filter to drop to remove this constraint (price drops both ends).")
    label: str = Field(examples=["under USD 5,000"])


class ResultOut(BaseModel):
    n: int = Field(description="The [n] of the citation backing this row.")
    kind: str
    id: str = Field(description="SKU, stock number or report number.")
    doc_id: str
    name: str
    price_usd: float | None
    stock_here: int | None = Field(description="At the caller's boutique; null when the caller has none or for a report.")
    stock_elsewhere: dict[str, int] = Field(description="Other boutiques holding it.")
    report: str = Field(description="The grading report that goes with it, e.g. 'Lumen Diamond Institute report 2919479718'.")
    details: dict[str, str]
    nearest: bool = Field(description="Offered instead: nothing matched every constraint.")

    @classmethod
    def of(cls, row: ResultRow) -> ResultOut:
        return cls.model_validate(row, from_attributes=True)


class NoneMatchOut(BaseModel):
    constraint: str = Field(description="The chip key of the constraint after which nothing was left.")
    label: str
    matched_without: int = Field(description="How many matched every constraint before it.")


class SearchSummaryOut(BaseModel):
    count: int = Field(description="Records matching every constraint.")
    summary: str = Field(examples=["platinum · ring · under USD 5,000"])
    chips: list[ChipOut]
    filters: SearchFilters = Field(description="The constraints understood: send back, minus a chip, to search again.")
    none_match: NoneMatchOut | None

    @classmethod
    def of(cls, found: SearchAnswer) -> SearchSummaryOut:
        o = found.outcome
        none = None
        if not o.count:
            label = next((ch.label for ch in found.chips if ch.key == o.emptied_by), o.emptied_by)
            none = NoneMatchOut(constraint=o.emptied_by, label=label, matched_without=o.left_before)
        return cls(
            count=o.count,
            summary=" · ".join(ch.label for ch in found.chips if ch.key != "sort"),
            chips=[ChipOut(key=ch.key, label=ch.label) for ch in found.chips],
            filters=SearchFilters.of(o.constraints),
            none_match=none,
        )
