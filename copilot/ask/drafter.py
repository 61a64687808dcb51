"""Client notes drafted offline from verified facts, in the house voice read from the ingested tone
guide (greeting, sign-off, boutique line), through the `client_draft` prompt template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.core.errors import InputError
from copilot.core.types import Statement
from guardrails.tone import ToneChecker, ToneFinding, ToneRule, ToneRules
from prompts import render

_PLACEHOLDER = re.compile(r"<PERSON_\d+>")
# The Brand Tone Guide: "Associates never mention price, payment or financing in a first follow-up
# note." A draft states a price only when the associate asked for it, and flags it in a follow-up.
_PRICE_LINE = re.compile(r"^(?:Price|Base price|Retail price):", re.I)
_ASKS_PRICE = re.compile(r"\bprice\b|\bcost\b|\bhow much\b|\bpriced\b", re.I)
_FOLLOW_UP = re.compile(r"\bfollow[- ]?up\b|\bthank(?:s| you)\b", re.I)


@dataclass(frozen=True)
class Draft:
    text: str
    findings: list[ToneFinding]


class ClientDraftWriter:
    def __init__(self, rules: ToneRules, associate_name: str, boutique: str) -> None:
        if not associate_name.strip():
            raise ValueError("associate_name is needed to sign a client note")
        self._rules = rules
        self._checker = ToneChecker(rules)
        self._associate_name = associate_name
        self._boutique = boutique

    def write(self, request: str, statements: list[Statement]) -> Draft:
        """`request` is already redacted: the client is addressed by their placeholder (e.g. <PERSON_1>),
        which only the associate's own screen turns back into a name."""
        client = _PLACEHOLDER.search(request)
        text = render(
            "client_draft",
            greeting=self._rules.greeting_for(client.group() if client else "[Client name]"),
            purpose="Thank you for your interest in Maison Aurelle; here are the details you asked about.",
            facts=[{"text": st.quote, "n": n} for n, st in enumerate(statements, start=1)],
            closing="It would be a pleasure to welcome you at the boutique whenever it suits you.",
            sign_off=self._rules.standard_sign_off,
            associate_name=self._associate_name,
            boutique_line=self._boutique_line(),
        )
        findings = self._checker.check(text)
        if _FOLLOW_UP.search(request) and any(_PRICE_LINE.match(st.quote) for st in statements):
            findings.append(ToneFinding(
                ToneRule.PRICE_IN_FOLLOW_UP,
                next(st.quote for st in statements if _PRICE_LINE.match(st.quote)),
                "A first follow-up note never mentions price, payment or financing: keep the price for a "
                "later message unless the client asked for it.",
            ))
        return Draft(text, findings)

    def _boutique_line(self) -> str:
        try:
            return self._rules.boutique_line(self._boutique)
        except InputError:  # a boutique the guide does not list still signs as the house
            return "Maison Aurelle"


def facts_for_draft(request: str, statements: list[Statement]) -> list[Statement]:
    """The verified statements a client note may carry: a price line only when the associate asked
    for the price (a note "about the resizing" of a piece does not quote what it costs)."""
    return [st for st in statements if not _PRICE_LINE.match(st.quote) or _ASKS_PRICE.search(request)]
