"""Checks a client message against the tone rules and says what to change, one finding per problem.

Findings advise the manager who approves the draft; they never block or rewrite it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from guardrails.tone.rules import ToneRules

_EMOJI_CHAR = (
    "\U0001F000-\U0001FAFF"  # pictographs, emoticons, transport, flags, supplemental symbols
    "\u2600-\u27BF"  # miscellaneous symbols and dingbats (sun, heart, check marks)
    "\u2300-\u23FF\u2B00-\u2BFF\u3030\u303D\u3297\u3299"
)
_EMOJI = re.compile(f"[{_EMOJI_CHAR}][{_EMOJI_CHAR}\uFE0F\u200D]*")
_EMOTICON = re.compile(r"(?<![\w:])(?:[:;]-?[()DPp]|<3)(?!\w)")
_EXCLAIMED = re.compile(r"[^.!?\n]*!+")
_SUBJECT = re.compile(r"^subject\s*:", re.IGNORECASE)
_SPEC = re.compile(r"^[A-Z][\w ]{1,30}:\s+\S")  # "Metal: 18k Yellow Gold", not "Subject:"
_MARKER = re.compile(r"\[\d{1,2}\]")
_SLOT = re.compile(r"\[[A-Za-z][^\]\n]*\]")
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_PRICE = re.compile(rf"(?:[$€£¥]\s?{_AMOUNT}|\b(?:USD|EUR|GBP|JPY)\s?{_AMOUNT}|\bprices?\b|\bpayment\b|\bfinancing\b)", re.IGNORECASE)
_EXCERPT_CHARS = 60


class ToneRule(StrEnum):
    AVOIDED_TERM = "avoided_term"
    EMOJI = "emoji"
    EXCLAMATION_MARKS = "exclamation_marks"
    WORD_LIMIT = "word_limit"
    MISSING_GREETING = "missing_greeting"
    FORBIDDEN_GREETING = "forbidden_greeting"
    MISSING_SIGN_OFF = "missing_sign_off"
    FORBIDDEN_SIGN_OFF = "forbidden_sign_off"
    PRICE_IN_FOLLOW_UP = "price_in_follow_up"  # a price where the guide forbids one (the drafter knows the occasion)
    SPEC_LINE = "spec_line"  # a record line ("Metal: ...") instead of a sentence
    CITATION_MARKER = "citation_marker"  # "[2]": citations sit beside the note, never in the client's text
    UNFILLED_SLOT = "unfilled_slot"  # "[Opening hours]" still to be written by the associate
    TOO_LONG = "too_long"  # more words than the guide allows for the channel
    CONSENT = "consent"  # a reminder: the client's consent must be recorded


@dataclass(frozen=True)
class ToneFinding:
    rule: ToneRule
    excerpt: str  # the offending text as written
    suggestion: str  # what the guide asks for instead

    def to_dict(self) -> dict[str, str]:
        """JSON-ready, as the approval queue stores it."""
        return {"rule": self.rule.value, "excerpt": self.excerpt, "suggestion": self.suggestion}


class ToneChecker:
    def __init__(self, rules: ToneRules) -> None:
        self._rules = rules
        self._avoided = [(_phrase(a.term), a.replacement) for a in rules.avoided]
        # A preferred term may contain an avoided word ("certificate of authenticity"); it is not a finding.
        self._preferred = [_phrase(p.term) for p in rules.preferred]
        self._bad_news = _any_of(rules.no_exclamation_in)
        self._limits = [(_phrase(limit.word), limit) for limit in rules.word_limits]

    def check(
        self, text: str, *, client_note: bool = True, channel: str = "", price_rule: str | None = None,
        slots: bool = False,
    ) -> list[ToneFinding]:
        """Every finding in `text`. A client note (the default) must also open and close as the guide says;
        pass client_note=False for text without them, such as an answer forwarded to a client. `channel`
        ("email", "handwritten card") applies the guide's length for it; `price_rule` is the guide's line
        forbidding a price in this kind of note (a first follow-up), which any price then breaks. `slots`:
        name every [Slot] still to fill (a draft; the guide's own examples are all slots)."""
        findings = [*self._avoided_terms(text), *self._emoji(text), *self._exclamations(text), *self._word_limits(text)]
        findings += [*self._spec_lines(text), *self._markers(text)]
        if slots:
            findings += self._slots(text)
        if price_rule:
            findings += self._prices(text, price_rule)
        if channel:
            findings += self._length(text, channel)
        if client_note:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            findings += [*self._greeting(lines), *self._sign_off(lines)]
        return findings

    def _spec_lines(self, text: str) -> Iterator[ToneFinding]:
        for line in (ln.strip() for ln in text.splitlines()):
            if _SPEC.match(line) and not _SUBJECT.match(line):
                yield ToneFinding(
                    ToneRule.SPEC_LINE, line[:_EXCERPT_CHARS],
                    "write this fact as a sentence: a client note reads like a letter, never like a spec sheet",
                )

    def _markers(self, text: str) -> Iterator[ToneFinding]:
        for match in _MARKER.finditer(text):
            yield ToneFinding(
                ToneRule.CITATION_MARKER, match.group(), "remove the citation marker: sources stay beside the note"
            )

    def _slots(self, text: str) -> Iterator[ToneFinding]:
        for slot in dict.fromkeys(m.group() for m in _SLOT.finditer(text)):
            yield ToneFinding(ToneRule.UNFILLED_SLOT, slot, f"write {slot} (or remove the sentence) before sending")

    def _prices(self, text: str, rule: str) -> Iterator[ToneFinding]:
        body = "\n".join(line for line in text.splitlines() if not _SUBJECT.match(line.strip()))
        match = _PRICE.search(body)
        if match:
            said = re.sub(r"^\d+\.\s*", "", rule.strip())
            yield ToneFinding(ToneRule.PRICE_IN_FOLLOW_UP, match.group(), f'remove it: the tone guide says "{said}"')

    def _length(self, text: str, channel: str) -> Iterator[ToneFinding]:
        kind = channel.lower().replace("-", "")
        limit = next((n for name, n in self._rules.length_limits if name in kind), None)
        if limit is None:
            return
        words = len(" ".join(line for line in text.splitlines() if not _SUBJECT.match(line.strip())).split())
        if words > limit:
            yield ToneFinding(
                ToneRule.TOO_LONG, f"{words} words", f"shorten it: a {channel} should not exceed {limit} words"
            )

    def _avoided_terms(self, text: str) -> Iterator[ToneFinding]:
        shielded = [m.span() for pattern in self._preferred for m in pattern.finditer(text)]
        matches = sorted(
            (
                (m.start(), m.end(), replacement)
                for pattern, replacement in self._avoided
                for m in pattern.finditer(text)
            ),
            key=lambda match: (match[0], match[0] - match[1]),  # leftmost, then longest ("jewelry store" over "store")
        )
        taken: list[tuple[int, int]] = []
        for start, end, replacement in matches:
            inside_preferred = any(s <= start and end <= e for s, e in shielded)
            if inside_preferred or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            written = text[start:end]
            yield ToneFinding(ToneRule.AVOIDED_TERM, written, f'write "{replacement}" instead of "{written}"')

    def _emoji(self, text: str) -> Iterator[ToneFinding]:
        if not self._rules.no_emoji:
            return
        for match in sorted([*_EMOJI.finditer(text), *_EMOTICON.finditer(text)], key=lambda m: m.start()):
            yield ToneFinding(ToneRule.EMOJI, match.group(), "remove it: client messages never contain emoji")

    def _exclamations(self, text: str) -> Iterator[ToneFinding]:
        count = text.count("!")
        excerpt = " … ".join(_tail(m.group().strip()) for m in _EXCLAIMED.finditer(text))
        if count and self._bad_news and self._bad_news.search(text):
            kinds = _listing(self._rules.no_exclamation_in)
            yield ToneFinding(
                ToneRule.EXCLAMATION_MARKS, excerpt, f"remove every exclamation mark: messages of {kinds} contain none"
            )
        elif self._rules.max_exclamation_marks is not None and count > self._rules.max_exclamation_marks:
            allowed = self._rules.max_exclamation_marks
            yield ToneFinding(
                ToneRule.EXCLAMATION_MARKS,
                excerpt,
                f"keep at most {allowed} exclamation mark{'' if allowed == 1 else 's'} "
                f"in a client message ({count} here)",
            )

    def _word_limits(self, text: str) -> Iterator[ToneFinding]:
        for pattern, limit in self._limits:
            found = pattern.findall(text)
            if len(found) > limit.max_count:
                yield ToneFinding(
                    ToneRule.WORD_LIMIT,
                    found[0],
                    f'use "{limit.word}" at most {_times(limit.max_count)} in a message ({len(found)} here)',
                )

    def _greeting(self, lines: list[str]) -> Iterator[ToneFinding]:
        first = next((line for line in lines if not _SUBJECT.match(line)), "")
        example = f'open with the house greeting and a comma, e.g. "{self._rules.greeting_examples[0]}"'
        for forbidden in self._rules.forbidden_greetings:
            match = re.match(rf"{re.escape(forbidden)}(?!\w)", first, re.IGNORECASE)
            if match:
                yield ToneFinding(ToneRule.FORBIDDEN_GREETING, match.group(), example)
                return
        opens_well = any(re.match(rf"{re.escape(opening)}(?!\w)", first) for opening in self._rules.greetings)
        if not (opens_well and first.endswith(",")):
            yield ToneFinding(ToneRule.MISSING_GREETING, first[:_EXCERPT_CHARS], example)

    def _sign_off(self, lines: list[str]) -> Iterator[ToneFinding]:
        formulas = {_normal(formula) for formula in self._rules.sign_offs}
        closing = lines[-4:]  # sign-off, associate, (manager,) boutique line
        forbidden = next(
            (line for line in closing for f in self._rules.forbidden_sign_offs if _is_closing(line, f)), None
        )
        suggestion = f'close with "{self._rules.standard_sign_off}", then your full name and the boutique line'
        if forbidden is not None:
            yield ToneFinding(ToneRule.FORBIDDEN_SIGN_OFF, forbidden[:_EXCERPT_CHARS], suggestion)
        elif not any(_normal(line) in formulas for line in lines):
            yield ToneFinding(ToneRule.MISSING_SIGN_OFF, lines[-1][:_EXCERPT_CHARS] if lines else "", suggestion)


def _phrase(term: str) -> re.Pattern[str]:
    """Whole words, any case, any spacing between them."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _any_of(kinds: tuple[str, ...]) -> re.Pattern[str] | None:
    """Matches a mention of any kind of message: "apology" also finds "apologies", "delay" finds "delayed"."""
    if not kinds:
        return None
    stems = [
        r"\s+".join(map(re.escape, kind.split())) if " " in kind else re.escape(_stem(kind)) + r"\w*"
        for kind in kinds
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(stems)})", re.IGNORECASE)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word[-1] in "yes" else word


def _normal(line: str) -> str:
    return " ".join(line.split()).casefold()


def _is_closing(line: str, forbidden: str) -> bool:
    """A forbidden "Best" matches the lines "Best," and "Best regards,", not "Best wishes for the wedding."."""
    line, forbidden = _normal(line), _normal(forbidden).rstrip("!,.")
    return line.rstrip("!,.") == forbidden or (line.startswith(forbidden + " ") and line.endswith(","))


def _tail(sentence: str) -> str:
    return sentence if len(sentence) <= _EXCERPT_CHARS else "…" + sentence[-_EXCERPT_CHARS:].lstrip()


def _listing(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
