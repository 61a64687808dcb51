"""Client notes drafted offline from verified facts, in the house voice read from the ingested tone
guide (greeting, sign-off, boutique line), through the `client_draft` prompt template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.ask.composer import Statement
from copilot.errors import InputError
from guardrails.tone import ToneChecker, ToneFinding, ToneRules
from prompts import render

_PLACEHOLDER = re.compile(r"<PERSON_\d+>")
# The Brand Tone Guide: "Associates never mention price, payment or financing in a first follow-up
# note." A draft states a price only when the associate asked for it, and never in a follow-up.
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
        statements = [st for st in statements if not _PRICE_LINE.match(st.quote) or _may_state_price(request)]
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
        return Draft(text, self._checker.check(text))

    def _boutique_line(self) -> str:
        try:
            return self._rules.boutique_line(self._boutique)
        except InputError:  # a boutique the guide does not list still signs as the house
            return "Maison Aurelle"


def _may_state_price(request: str) -> bool:
    return bool(_ASKS_PRICE.search(request)) and not _FOLLOW_UP.search(request)
