"""Quantities an associate states ("bought 45 days ago", "three sizes larger", "a $12,000 refund") and
the ranges a rule states ("between day 31 and day 60", "more than two sizes", "above $10,000"), so the
rule that applies to the client's case can be told from its neighbours: the small model reads "within
30 days" and "between day 31 and day 60" as the same sentence."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_WORD_NUMBERS = {
    w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_NUM = r"(\$?\d[\d,]*(?:\.\d+)?|" + "|".join(_WORD_NUMBERS) + r")"
# Units are compared by their first letters: day/days, size/sizes, week/weeks.
_UNIT = r"(business days?|calendar days?|days?|weeks?|months?|years?|sizes?|carats?|mm|cm|characters?|letters?)"

# "45 days", "three sizes", "$12,000"
_AMOUNT = re.compile(rf"(?<![\w$.,]){_NUM}\s*(?:{_UNIT}\b)?", re.I)
_RANGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\bbetween (?:day |size )?{_NUM} and (?:day |size )?{_NUM}\s*{_UNIT}?", re.I), "between"),
    (re.compile(rf"\b{_NUM} to {_NUM}\s*{_UNIT}", re.I), "between"),
    (re.compile(rf"\b(?:within|up to|no more than|at most|not more than)\s+{_NUM}\s*{_UNIT}?", re.I), "at most"),
    (re.compile(rf"\b(?:more than|above|over|beyond|after|exceeding|wider than|thicker than|longer than|larger than)\s+"
                rf"(?:the (?:first )?)?{_NUM}\s*{_UNIT}?", re.I), "above"),
    (re.compile(rf"\b(?:less than|under|below|fewer than|narrower than|thinner than|shorter than|smaller than)\s+{_NUM}\s*{_UNIT}?", re.I),
     "below"),
    (re.compile(rf"\b{_NUM}\s*{_UNIT} (?:wide |thick |long |high )?or (?:more|over|above|longer|wider|larger|thicker|higher)\b", re.I),
     "at least"),
    (re.compile(rf"\b{_NUM}\s*{_UNIT} (?:wide |thick |long |high )?or (?:less|fewer|under|below|shorter|narrower|smaller|thinner)\b", re.I),
     "at most"),
]
_FIRST_N = re.compile(rf"\b(?:first|last|next|the)\s+{_NUM}\s*{_UNIT}", re.I)
# "day 31" counts days like "31 days"
_DAY_N = re.compile(r"\bday (\d+)\b", re.I)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "day", "size", "$", ... or "" when none is said


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str

    def holds(self, q: Quantity) -> bool:
        return q.unit == self.unit and self.low <= q.value <= self.high


def _value(text: str) -> tuple[float, str]:
    text = text.lower()
    if text in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[text]), ""
    money = text.startswith("$")
    return float(text.lstrip("$").replace(",", "")), "$" if money else ""


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    last = raw.lower().split()[-1]
    return last.rstrip("s")


# A client counts in weeks or months ("seven weeks ago"), a rule in days ("between day 31 and day 60"):
# both are compared in days. A month is taken as 30 days, the way the rules count their windows.
_DAYS_IN = {"week": 7.0, "month": 30.0, "year": 365.0}


def _in_days(value: float, unit: str) -> tuple[float, str]:
    return (value * _DAYS_IN[unit], "day") if unit in _DAYS_IN else (value, unit)


# "a month ago", "an hour": one of the unit.
_ONE_UNIT = re.compile(r"\ban? (?=(?:day|week|month|year)s?\b)", re.I)


def stated_quantities(question: str) -> list[Quantity]:
    """The amounts with a unit (or a dollar sign) the question states: "45 days", "three sizes", "$12,000"."""
    # "after the first 60 days" states a range, not the client's case.
    for pattern, _ in _RANGES:
        question = pattern.sub(" ", question)
    question = _ONE_UNIT.sub("1 ", _FIRST_N.sub(" ", question))
    out: list[Quantity] = []
    for match in _AMOUNT.finditer(question):
        value, money = _value(match.group(1))
        unit = "$" if money else _unit(match.group(2))
        if unit:
            out.append(Quantity(*_in_days(value, unit)))
    return out


def stated_ranges(sentence: str) -> list[Range]:
    """The ranges a rule states: "between day 31 and day 60" -> 31..60 days, "more than two sizes" -> >2 sizes."""
    out: list[Range] = []
    for pattern, kind in _RANGES:
        for match in pattern.finditer(sentence):
            *numbers, unit_word = match.groups()
            values = [_value(n) for n in numbers if n]
            unit = "$" if any(money for _, money in values) else _unit(unit_word)
            if not unit and _DAY_N.search(match.group(0)):
                unit = "day"
            if not unit:
                continue
            low, unit = _in_days(values[0][0], unit)
            if kind == "between":
                out.append(Range(low, _in_days(values[1][0], _unit(unit_word))[0], unit))
            elif kind == "at most":
                out.append(Range(0.0, low, unit))
            elif kind == "at least":
                out.append(Range(low, math.inf, unit))
            elif kind == "above":
                out.append(Range(math.nextafter(low, math.inf), math.inf, unit))
            else:
                out.append(Range(0.0, math.nextafter(low, -math.inf), unit))
    return out


def covers(sentence: str, quantities: list[Quantity]) -> float:
    """1 when the sentence states a range that holds one of the quantities: the rule for the client's
    case; 0.25 when it states one in the same unit that does not ("up to 90 days in advance" for a
    booking four months ahead: the rule that says no); else 0."""
    if not quantities:
        return 0.0
    ranges = stated_ranges(sentence)
    if any(r.holds(q) for r in ranges for q in quantities):
        return 1.0
    return 0.25 if any(r.unit == q.unit for r in ranges for q in quantities) else 0.0
