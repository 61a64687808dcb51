"""What must never be redacted: house identifiers (SKUs, report and stock numbers, prices, carats,
dates), house contacts (email domains, phone numbers, extensions) and house vocabulary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from guardrails.redaction.spans import Span

# A bare amount: digits with thousands/decimal separators (incl. the no-break spaces French uses),
# never a plain space, so "$500 4111 1111 1111 1111" does not swallow the card number.
_AMOUNT = r"\d(?:[\d,.\u00a0\u202f]*\d)?"
_CURRENCY = r"(?:USD|EUR|GBP|JPY|CHF|US\$|[$€£¥])"

HOUSE_IDENTIFIER_PATTERNS: tuple[str, ...] = (
    r"\bAUR-[A-Z]{2}-\d{4,5}\b",  # piece SKUs (AUR-RG-1181) and loose stock numbers (AUR-LD-10059)
    # Lab report numbers: 10 digits, never starting with 0. A US phone typed as one unbroken
    # 10-digit run looks the same; the identifier wins (see README.md in this package).
    r"(?<![\d+])[1-9]\d{9}(?!\d)",
    r"\bR-\d{4}-\d{5}\b",  # repair receipts
    rf"{_CURRENCY}\s?{_AMOUNT}",  # USD 23,920 / $23,920
    rf"\b{_AMOUNT}\s?(?:USD|EUR|GBP|JPY|CHF|dollars|euros)\b",  # 23,920 USD
    r"\b\d+(?:[.,]\d+)?\s?(?:ctw|cts?|carats?)\b",  # 1.52 ct, 0.42 ctw
    r"\b\d+(?:\.\d+)?(?:\s?[-x×]\s?\d+(?:\.\d+)?)*\s?(?:mm|cm)\b",  # 7.43 - 7.38 x 4.58 mm
    r"\b\d+(?:\.\d+)?\s?%",  # depth 61.9%
    r"\b\d{4}[-/]\d{2}[-/]\d{2}\b",  # ISO dates: report dates, policy effective dates
    r"\bext\.?\s?\d{2,5}\b",  # internal extensions reach only the house switchboard
)

HOUSE_TERMS: tuple[str, ...] = (
    "Maison Aurelle",
    "Fifth Avenue", "Rodeo Drive", "Place Vendome", "Place Vendôme", "Bond Street", "Ginza",
    "Celeste", "Riviera", "Orangerie", "Sillage", "Perle de Lune", "Verdure", "Atelier Heritage",
    "Meridian Gemological Laboratory", "Lumen Diamond Institute",
    "Client Care Desk", "Gemology Desk", "Security Desk", "Atelier Liaison Office", "Appraisal Office",
    "Paris Atelier", "Aurelle Script", "Vendome Roman", "Atelier Block",
    "Client Service Policy", "Aftercare Guide", "Brand Tone Guide", "Credit Note", "Atelier",
    # the diamond trade's certification scheme, asked of every diamond ("does it have a Kimberley Process certificate?")
    "Kimberley Process",
    # the boutiques' cities, pearl types and grading words, which read like names to a name-shaped rule
    "New York", "Beverly Hills", "Paris", "London", "Tokyo",
    "South Sea", "Akoya", "Tahitian", "Round Brilliant", "Rose Gold", "White Gold", "Yellow Gold",
    "Excellent", "Very Good", "Good", "Fair", "Faint", "Medium Blue", "Strong Blue",
    # payment networks, named next to a card number ("paid with Diners Club 3058-...")
    "American Express", "Diners Club", "Mastercard", "Visa", "Discover", "UnionPay", "JCB",
)


@dataclass(frozen=True)
class AllowList:
    """The house's own contact points and words, which look like PII to a generic detector.

    email_domains: any address at these domains (or their subdomains) is a house address.
    phone_numbers: house lines, in any formatting; compared digit by digit.
    terms: house vocabulary (stores, collections, labs, desks); matched case-insensitively.
    identifier_patterns: regexes for house identifiers; any finding touching a match is dropped.
    Extensions ("ext. 2100") are covered by a pattern: an extension alone reaches only the house.
    """

    email_domains: tuple[str, ...] = ("maison-aurelle.com",)
    phone_numbers: tuple[str, ...] = ()
    terms: tuple[str, ...] = HOUSE_TERMS
    identifier_patterns: tuple[str, ...] = HOUSE_IDENTIFIER_PATTERNS

    def __post_init__(self) -> None:
        for domain in self.email_domains:
            if "@" in domain or "." not in domain:
                raise ValueError(f'email domain "{domain}" must look like "maison-aurelle.com" (no "@")')
        for number in self.phone_numbers:
            if len(_digits(number)) < 6:
                raise ValueError(f'house phone number "{number}" has fewer than 6 digits: give the full number')
        for pattern in self.identifier_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"identifier pattern {pattern!r} is not a valid regex: {exc}") from exc


class AllowListFilter:
    """Applies an `AllowList` to findings: decides which spans are house text and must stay.

    Identifiers are hard: a finding that touches one is dropped, because a changed SKU or report
    number breaks retrieval and citations. Vocabulary is soft: a finding is dropped only when it
    lies inside a term ("Celeste", "Fifth Avenue"), so "350 Fifth Avenue, Apt 5" and
    "Mrs. Celeste Moreau" are still redacted.
    """

    def __init__(self, allow_list: AllowList) -> None:
        identifiers = list(allow_list.identifier_patterns)
        if allow_list.email_domains:
            domains = "|".join(re.escape(d) for d in allow_list.email_domains)
            identifiers.append(rf"[\w.+-]+@(?:[\w-]+\.)*(?:{domains})\b")
        self._identifiers = re.compile("|".join(f"(?:{p})" for p in identifiers), re.IGNORECASE)
        self._terms = (
            re.compile(
                # Longest first: the alternation takes the first term that matches at a position, and
                # "Perle de Lune Akoya Strand Necklace" must win over the collection "Perle de Lune".
                r"\b(?:"
                + "|".join(r"\s+".join(map(re.escape, t.split())) for t in sorted(allow_list.terms, key=len, reverse=True))
                + r")\b",
                re.IGNORECASE,
            )
            if allow_list.terms
            else None
        )
        self._house_phones = frozenset(_digits(n) for n in allow_list.phone_numbers)

    def keep(
        self,
        text: str,
        spans: Sequence[Span],
        cued: frozenset[tuple[int, int]] = frozenset(),
        bound: frozenset[tuple[int, int]] = frozenset(),
    ) -> list[Span]:
        """The spans that are not house text.

        `cued` holds the (start, end) of names the text itself marks as a person ("Mrs. Celeste"):
        a term vetoes those only when the cue belongs to the term ("Client Care Desk").
        `bound` holds findings their own cue names ("dob 1985-06-22", "cell 3105557821"): an
        identifier pattern (ISO date, 10-digit report number) does not veto them.
        """
        identifiers = [m.span() for m in self._identifiers.finditer(text)]
        terms = [m.span() for m in self._terms.finditer(text)] if self._terms else []
        kept = []
        for span in spans:
            if (span.start, span.end) not in bound and any(span.overlaps(a, b) for a, b in identifiers):
                continue
            if span.entity_type == "PHONE_NUMBER" and self._is_house_phone(text[span.start : span.end]):
                continue
            if any(self._term_vetoes(span, a, b, (span.start, span.end) in cued) for a, b in terms):
                continue
            kept.append(span)
        return kept

    def masked(self, text: str) -> str:
        """`text` with every house identifier and term blanked out (same length): what is left is the
        only place PII could be found."""
        chars = list(text)
        matches = list(self._identifiers.finditer(text)) + (list(self._terms.finditer(text)) if self._terms else [])
        for m in matches:
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
        return "".join(chars)

    @staticmethod
    def _term_vetoes(span: Span, term_start: int, term_end: int, is_cued: bool) -> bool:
        inside = term_start <= span.start and span.end <= term_end
        return inside and (not is_cued or term_start < span.start)

    def _is_house_phone(self, value: str) -> bool:
        digits = _digits(value)
        # "+33 1 42 68 53 00" and "01 42 68 53 00" are the same line: the country code and the
        # trunk 0 differ, so compare the trailing (subscriber) digits, never fewer than 8.
        for house in self._house_phones:
            n = min(len(digits), len(house), 9)
            if n >= 8 and digits[-n:] == house[-n:]:
                return True
        return False


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())
