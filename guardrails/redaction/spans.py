"""Where PII was found: a typed span that never carries the value, and the rule that settles overlaps.

Offsets always refer to the original text; the value is read from it only when it is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """One finding: entity type, [start, end) in the original text, and the detector's confidence.

    Deliberately holds no copy of the value, so a repr, a log line or a metric can never leak it.
    """

    start: int
    end: int
    entity_type: str
    score: float

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or negative: need 0 <= start < end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def resolve_overlaps(spans: Iterable[Span], precedence: Sequence[str]) -> list[Span]:
    """Non-overlapping spans that together cover everything any detector found.

    Same type: overlapping spans merge into their union ("Carmen Ruiz" + "Ruiz García").
    Different types: the type earlier in `precedence` keeps the overlap, and the other span keeps
    only what is left of it. Checksum-validated types come first, spaCy's PERSON last: its spans
    are the noisiest ("Mastercard 3578 5372 7690 9287" as a person, "Baker" inside the address
    "221B Baker Street"), and cutting them back rather than dropping them never un-redacts text.
    """
    rank = {entity_type: i for i, entity_type in enumerate(precedence)}
    merged = _merge_same_type(spans)
    kept: list[Span] = []
    for span in sorted(merged, key=lambda s: (rank.get(s.entity_type, len(rank)), -len(s), -s.score, s.start)):
        kept.extend(_subtract(span, kept))
    return sorted(kept)


def _merge_same_type(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.entity_type, s.start)):
        last = merged[-1] if merged else None
        if last is not None and last.entity_type == span.entity_type and span.start < last.end:
            merged[-1] = Span(last.start, max(last.end, span.end), last.entity_type, max(last.score, span.score))
        else:
            merged.append(span)
    return merged


def _subtract(span: Span, taken: Sequence[Span]) -> list[Span]:
    """The parts of `span` not covered by any span in `taken`."""
    pieces = [(span.start, span.end)]
    for other in taken:
        pieces = [
            part
            for start, end in pieces
            for part in ((start, min(end, other.start)), (max(start, other.end), end))
            if part[0] < part[1]
        ]
    return [Span(start, end, span.entity_type, span.score) for start, end in pieces]
